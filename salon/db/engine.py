"""The database handle: engine set-up, short transactions, and schema upgrades."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect

from salon.settings import normalize_database_url

MIGRATIONS = Path(__file__).parent / "migrations"


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
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
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


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.pop("salon_immediate", False) else "BEGIN")
