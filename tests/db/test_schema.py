"""The Alembic revisions build exactly the schema tables.py describes, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from salon.db import search
from salon.db.engine import Database
from salon.db.tables import metadata


def _described_by_tables(name: str | None, type_: str, _parents: dict[str, str | None]) -> bool:
    """Everything but the text index's objects, which tables.py cannot describe (an FTS5 virtual
    table and its shadow tables, operator-class GIN indexes) and migration 0010 makes:
    test_text_search_index.py checks those on both databases."""
    return name not in search.OBJECTS


def test_migrations_match_tables(db_url):
    db = Database(db_url)
    try:
        with db.engine.connect() as conn:
            opts = {"compare_type": True, "include_name": _described_by_tables}
            diff = compare_metadata(MigrationContext.configure(conn, opts=opts), metadata)
        assert diff == [], f"tables.py and the migrations disagree: {diff}"
        assert not db.needs_upgrade()
    finally:
        db.dispose()


def test_one_head():
    db = Database("sqlite:///unused.db")
    heads = ScriptDirectory.from_config(db.alembic_config()).get_heads()
    assert len(heads) == 1, f"migrations have several heads {heads}: merge them"


def test_upgrade_is_idempotent(tmp_path):
    db = Database(str(tmp_path / "x.db"))
    try:
        db.upgrade()
        db.upgrade()
        assert not db.needs_upgrade()
        assert db.has_table("comments")
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    finally:
        db.dispose()
