"""The database handle: engine set-up, short transactions, and schema upgrades."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.exc import DBAPIError

from salon.settings import normalize_database_url

MIGRATIONS = Path(__file__).parent / "migrations"

#: SQLite: ``PRAGMA optimize`` again after this many write transactions (its statistics follow
#: the data as a site grows; each run only analyses what changed enough, in milliseconds).
OPTIMIZE_EVERY = 1000


def now() -> datetime:
    """The current time, timezone-aware UTC: the only clock the package writes."""
    return datetime.now(UTC)


class Database:
    """One database, SQLite or PostgreSQL.

    SQLite is set up as it should be for a web app: WAL (readers never block the writer), a busy
    timeout, foreign keys on, synchronous=FULL so that an acknowledged comment survives a crash,
    and one writer at a time inside the process so writers queue here instead of failing.
    """

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = normalize_database_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        kwargs: dict[str, Any] = {"echo": echo}
        if self.is_sqlite:
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
            if ":memory:" in self.url or self.url in ("sqlite://", "sqlite:///"):
                raise ValueError("an in-memory SQLite database cannot be shared; give a file path")
        else:
            kwargs.update(pool_size=10, max_overflow=20, pool_pre_ping=True)
        self.engine: Engine = create_engine(self.url, **kwargs)
        self._write_lock = threading.Lock()
        self._writes = 0
        if self.is_sqlite:
            self.engine.dialect.statement_compiler = _HintingSQLiteCompiler
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "first_connect", _sqlite_optimize_on_open)
            # Let SQLAlchemy, not pysqlite, manage transactions (BEGIN IMMEDIATE for writes).
            event.listen(self.engine, "begin", _sqlite_begin)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reads; nothing it does is committed."""
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A short write transaction: committed when the block ends, rolled back on error."""
        if self.is_sqlite:
            with self._write_lock, self.engine.connect() as conn:
                # BEGIN IMMEDIATE takes the write lock up front, so a writer in another process
                # makes us wait (busy timeout) instead of failing when a read turns into a write.
                conn.info["salon_immediate"] = True
                with conn.begin():
                    yield conn
                self._writes += 1
                if self._writes % OPTIMIZE_EVERY == 0:
                    optimize(conn)
        else:
            with self.engine.begin() as conn:
                yield conn

    def dispose(self) -> None:
        self.engine.dispose()

    # -- schema -----------------------------------------------------------------------------

    def alembic_config(self) -> Any:
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        cfg.attributes["connection"] = None
        return cfg

    def upgrade(self, secret: str | None = None) -> None:
        """Create or upgrade the schema to the newest revision (safe to call every start).

        ``secret`` is the install's secret when the settings give one (revisions that key stored
        values with it read it from here; without it they use the one kept in the database).
        """
        from alembic import command

        cfg = self.alembic_config()
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            cfg.attributes["secret_key"] = secret or None
            command.upgrade(cfg, "head")

    def needs_upgrade(self) -> bool:
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        heads = set(ScriptDirectory.from_config(self.alembic_config()).get_heads())
        with self.engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
        return current != heads

    def has_table(self, name: str) -> bool:
        return inspect(self.engine).has_table(name)


class _HintingSQLiteCompiler(SQLiteCompiler):
    """SQLite's compiler, with table hints (``select.with_hint(table, "INDEXED BY ix", "sqlite")``)
    written after the table name: queries that must not depend on the planner name their index."""

    def get_from_hint_text(self, table: Any, text: str | None) -> str | None:
        return text


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    # ANALYZE (and PRAGMA optimize) read a sample of each index, not all of it.
    cur.execute("PRAGMA analysis_limit=1000")
    cur.close()


def _sqlite_optimize_on_open(dbapi_conn: Any, _record: Any) -> None:
    """The first connection of a process: statistics for the planner, when they are missing or
    stale (``0x10002``: analyse every table that needs it, not only those queried so far)."""
    _sqlite_pragmas(dbapi_conn, _record)  # first_connect may run before connect's listener
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=1000")  # a busy writer elsewhere: skip rather than wait
    try:
        tables = {r[0] for r in cur.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        analysed = (
            "sqlite_stat1" in tables
            and cur.execute("SELECT 1 FROM sqlite_stat1 WHERE tbl = 'comments'").fetchone()
        )
        if "comments" in tables and not analysed:
            # SQLite < 3.46 ignores 0x10000 and waits for queries before it analyses anything.
            cur.execute("ANALYZE")
        cur.execute("PRAGMA optimize=0x10002")
    except Exception:  # a read-only file or a locked database: the planner does without
        pass
    finally:
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()


def optimize(conn: Connection) -> None:
    """SQLite: refresh planner statistics where the data changed enough (a no-op elsewhere)."""
    if conn.dialect.name != "sqlite":
        return
    with contextlib.suppress(DBAPIError):  # busy: the next round will do it
        conn.exec_driver_sql("PRAGMA optimize")


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.pop("salon_immediate", False) else "BEGIN")
