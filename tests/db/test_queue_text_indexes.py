"""Migration 0011 on PostgreSQL: a partial trigram index over body and author name for each of the
held and rejected queues (``search.PG_QUEUE_INDEXES``), made and dropped by the migration, used
by the dashboard's look-up of a text in its queue (in a generic plan too: the statuses are
literals), and left out without breaking anything where ``pg_trgm`` is not installed.

Each test has a database of its own: they migrate down and up, and one drops the extension."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Connection, event, text

from salon.db import imports as bulk
from salon.db import queue as queue_queries
from salon.db import search
from salon.db import tables as t
from salon.db.engine import Database
from salon.db.queue import QueueFilter
from tests.conftest import PG_SKIP_REASON, create_scratch_database, drop_scratch_database

WORD = "zeppelin"


def test_each_queue_index_is_for_its_queue_s_statuses():
    """The look-up names a queue's statuses as ``queue.QUEUES`` has them; the index's predicate
    must be the same list for the planner to see that the status condition adds nothing."""
    assert set(search.PG_QUEUE_INDEXES.values()) == {queue_queries.QUEUES[q] for q in ("held", "rejected")}


@pytest.fixture
def pg_db(worker_id: str) -> Iterator[Database]:
    """A scratch PostgreSQL database migrated to the newest revision, dropped afterwards."""
    if PG_SKIP_REASON:
        pytest.skip(PG_SKIP_REASON)
    name = f"salon_test_0011_{worker_id}_{os.getpid()}"
    db = Database(create_scratch_database(name))
    try:
        db.upgrade()
        yield db
    finally:
        db.dispose()
        drop_scratch_database(name)


def _migrate(db: Database, target: str, down: bool = False) -> None:
    cfg = db.alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, target)
    search.forget(db.engine)


def _indexes(db: Database) -> dict[str, str]:
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'comments'"))
        return {str(name): str(definition) for name, definition in rows}


def _seed(db: Database, total: int = 3000, every: int = 7) -> dict[str, set[int]]:
    """``total`` comments, 90 % published, the rest pending, rejected, spam or deleted; WORD in a
    seventh of them. Returns the ids with WORD by status."""
    at = datetime(2024, 1, 1, tzinfo=UTC)
    statuses = ["published"] * 18 + ["pending", "rejected", "spam", "deleted"]
    with db.engine.begin() as conn:
        site = conn.execute(
            t.sites.insert().values(name="s", origins=[], settings={}, created_at=at).returning(t.sites.c.id)
        ).scalar_one()
        thread = conn.execute(
            t.threads.insert()
            .values(site_id=site, url="https://x/1", created_at=at)
            .returning(t.threads.c.id)
        ).scalar_one()
        rows = [
            {
                "thread_id": thread,
                "author_name": f"Reader {n % 50}",
                "body": f"comment number {n}" + (f" about a {WORD}" if n % every == 3 else ""),
                "html": "",
                "status": statuses[n % len(statuses)],
                "created_at": at + timedelta(seconds=n),
            }
            for n in range(total)
        ]
        ids = conn.execute(t.comments.insert().returning(t.comments.c.id), rows).scalars().all()
        conn.exec_driver_sql("ANALYZE comments")
    with_word: dict[str, set[int]] = {}
    for cid, row in zip(ids, rows, strict=True):
        if WORD in row["body"]:
            with_word.setdefault(row["status"], set()).add(int(cid))
    return with_word


def _look_up_sql(conn: Connection, statuses: tuple[str, ...]) -> tuple[str, dict[str, Any], list[int]]:
    """The statement ``search.candidates`` sends for WORD in ``statuses``, its parameters, and
    what it answered."""
    sent: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        sent.append((statement, parameters))

    event.listen(conn, "before_cursor_execute", capture)
    try:
        found = search.candidates(conn, statuses, WORD)
    finally:
        event.remove(conn, "before_cursor_execute", capture)
    assert found is not None and found.ids is not None
    statement, parameters = next((s, p) for s, p in sent if "ILIKE" in s)
    return statement, dict(parameters), found.ids


def _literal(value: Any) -> str:
    return str(int(value)) if isinstance(value, int) else "'" + str(value).replace("'", "''") + "'"


def _plan(conn: Connection, statement: str, parameters: dict[str, Any], generic: bool = False) -> str:
    """EXPLAIN of the statement (with enable_seqscan off: the table is small), as a custom plan
    for these parameters or, ``generic``, as the plan PostgreSQL caches for any parameters."""
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    if not generic:
        lines = conn.exec_driver_sql("EXPLAIN " + statement, parameters).scalars()
        return "\n".join(lines)
    names = list(dict.fromkeys(re.findall(r"%\((\w+)\)s", statement)))
    numbered = statement
    for n, name in enumerate(names, 1):
        numbered = numbered.replace(f"%({name})s", f"${n}")
    conn.exec_driver_sql("SET LOCAL plan_cache_mode = force_generic_plan")
    types = ["bigint" if isinstance(parameters[name], int) else "text" for name in names]
    conn.exec_driver_sql(f"PREPARE look_up ({', '.join(types)}) AS {numbered}")
    try:
        # As literals: EXPLAIN EXECUTE takes no bound parameters.
        values = ", ".join(_literal(parameters[name]) for name in names)
        explain = f"EXPLAIN EXECUTE look_up({values})".replace("%", "%%")  # no parameters: % as itself
        return "\n".join(conn.exec_driver_sql(explain).scalars())
    finally:
        conn.exec_driver_sql("DEALLOCATE look_up")


@pytest.mark.postgres
def test_the_migration_makes_the_indexes_and_its_downgrade_drops_them(pg_db):
    made = _indexes(pg_db)
    for name, statuses in search.PG_QUEUE_INDEXES.items():
        definition = made[name]
        assert "gin (body gin_trgm_ops, author_name gin_trgm_ops)" in definition
        quoted = set(re.findall(r"'(\w+)'", definition.split("WHERE", 1)[1]))
        assert quoted == set(statuses), definition

    _migrate(pg_db, "0010", down=True)
    left = _indexes(pg_db)
    assert not set(search.PG_QUEUE_INDEXES) & set(left)
    assert set(search.PG_INDEXES) <= set(left)  # 0010's indexes stay
    with pg_db.engine.connect() as conn:
        assert search.available(conn)

    _migrate(pg_db, "head")
    assert set(search.PG_QUEUE_INDEXES) <= set(_indexes(pg_db))


@pytest.mark.postgres
@pytest.mark.parametrize("queue", ["held", "rejected"])
def test_the_held_and_rejected_look_up_reads_the_queue_s_index(pg_db, queue):
    with_word = _seed(pg_db)
    statuses = queue_queries.QUEUES[queue]
    own = next(name for name, of in search.PG_QUEUE_INDEXES.items() if of == statuses)
    expected = set().union(*(with_word.get(s, set()) for s in statuses))
    with pg_db.engine.connect() as conn, conn.begin() as trans:
        statement, parameters, ids = _look_up_sql(conn, statuses)
        assert set(ids) == expected
        # A queue of a hundred comments is cheaper read through a status index than through a
        # trigram index; at a million comments (30,000 in the queue, 300 with the word) it is not.
        # The btree indexes on status are dropped for these plans (and rolled back): what is left
        # are 0010's trigram indexes of every status and 0011's partial ones, and the planner
        # must be able to take the queue's own.
        by_status = [
            name
            for name, definition in _indexes(pg_db).items()
            if "btree" in definition and "status" in definition
        ]
        assert "ix_comments_status_created" in by_status
        for name in by_status:
            conn.exec_driver_sql(f"DROP INDEX {name}")
        custom = _plan(conn, statement, parameters)
        generic = _plan(conn, statement, parameters, generic=True)
        trans.rollback()
    assert set(by_status) <= set(_indexes(pg_db))
    for plan in (custom, generic):
        assert own in plan, plan
        assert not set(re.findall(r"Index Scan on (\w+)", plan)) - {own}, plan  # nor any other
    # And the page the dashboard shows: every comment of the queue with the word, newest first.
    with pg_db.engine.connect() as conn:
        rows, _ = queue_queries.page(conn, QueueFilter(queue, None, text=WORD), limit=1000)
    assert {int(r.id) for r in rows} == expected


@pytest.mark.postgres
def test_the_published_look_up_cannot_use_them(pg_db):
    _seed(pg_db)
    with pg_db.engine.begin() as conn:
        statement, parameters, _ = _look_up_sql(conn, ("published",))
        plan = _plan(conn, statement, parameters)
    assert not any(name in plan for name in search.PG_QUEUE_INDEXES), plan


@pytest.mark.postgres
def test_the_look_up_refuses_statuses_it_does_not_know(pg_db):
    with pg_db.engine.connect() as conn, pytest.raises(ValueError, match="not comment statuses"):
        search.candidates(conn, ("published'); DROP TABLE comments; --",), WORD)


@pytest.mark.postgres
def test_without_pg_trgm_the_migrations_leave_the_search_windowed(pg_db, monkeypatch, caplog):
    """As on a server without the extension (0010 cannot create it): both migrations go through,
    no trigram index is made, and the dashboard's search still answers, from its windows."""
    _migrate(pg_db, "0009", down=True)
    with pg_db.engine.begin() as conn:
        conn.exec_driver_sql("DROP EXTENSION IF EXISTS pg_trgm")

    def unavailable(conn: Connection) -> bool:
        search.log.warning("pg_trgm is not available (as on a server without it)")
        return False

    monkeypatch.setattr(search, "_pg_extension", unavailable)
    with caplog.at_level(logging.WARNING, logger="salon.db.search"):
        _migrate(pg_db, "head")
    assert "no trigram index for the held and rejected queues" in caplog.text
    made = _indexes(pg_db)
    assert not {*search.PG_INDEXES, *search.PG_QUEUE_INDEXES} & set(made)
    with_word = _seed(pg_db, total=200)
    with pg_db.engine.connect() as conn:
        assert not search.available(conn)
        rows, _ = queue_queries.page(conn, QueueFilter("rejected", None, text=WORD), limit=100)
    assert {int(r.id) for r in rows} == with_word["rejected"] | with_word["spam"]
    _migrate(pg_db, "0010", down=True)  # and the downgrade has nothing to drop
    _migrate(pg_db, "head")


@pytest.mark.postgres
def test_a_bulk_load_drops_the_queue_indexes_and_builds_them_again(pg_db):
    """The import's bulk path stops keeping the trigram indexes up row by row, these too, and
    builds them once at the end."""
    with pg_db.engine.begin() as conn:
        bulk.drop_bulk_indexes(conn)
    assert not set(search.PG_QUEUE_INDEXES) & set(_indexes(pg_db))
    with_word = _seed(pg_db, total=200)
    with pg_db.engine.begin() as conn:
        bulk.ensure_indexes(conn)
    assert set(search.PG_QUEUE_INDEXES) <= set(_indexes(pg_db))
    with pg_db.engine.connect() as conn:
        found = search.candidates(conn, ("rejected", "spam"), WORD)
    assert found is not None and set(found.ids or []) == with_word["rejected"] | with_word["spam"]


@pytest.mark.postgres
def test_a_page_searched_for_a_text_alone_is_sorted_from_the_look_up(pg_db, monkeypatch):
    """The look-up gives each candidate's time and status: a page filtered by the text alone is
    not read again by id for them (2-8 ms at a million comments), and is the page a filter that
    needs that read (a site) gives, page after page."""
    monkeypatch.setattr(queue_queries, "WINDOWS", (1, 2))
    monkeypatch.setattr(queue_queries, "FIRST_WINDOW", 1)
    _seed(pg_db)
    with pg_db.engine.connect() as conn:
        site = int(conn.execute(text("SELECT id FROM sites")).scalar_one())
    sent: list[str] = []
    event.listen(pg_db.engine, "before_cursor_execute", lambda *a: sent.append(a[2]))

    def pages(f: QueueFilter) -> list[list[int]]:
        out: list[list[int]] = []
        before = None
        with pg_db.engine.connect() as conn:
            while True:
                rows, before = queue_queries.page(conn, f, limit=10, before=before)
                out.append([int(r.id) for r in rows])
                if before is None:
                    return out

    def rereads() -> int:
        return sum(s.lstrip().startswith("SELECT comments.id, comments.created_at") for s in sent)

    alone = pages(QueueFilter("rejected", None, text=WORD))
    assert rereads() == 0
    assert pages(QueueFilter("rejected", frozenset({site}), text=WORD)) == alone
    assert rereads() > 0  # what the test looks for is what the site's pages send
    assert len(alone) > 2 and all(alone)
