"""The hot read queries name their index on SQLite: whatever the planner's statistics say, the
thread page's replies come through ix_comments_root and the reported queue from the open reports,
never from a walk of the status index over every published comment."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Connection, event

from salon.db import comments as comment_queries
from salon.db import queue as queue_queries
from salon.db import search as text_index
from salon.db.engine import Database
from salon.db.queue import QueueFilter
from tests.conftest import post

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

#: Statistics that make the status index look like the best way in (and the others useless):
#: what led SQLite astray without statistics, made worse.
MISLEADING = [
    ("comments", "ix_comments_status_created", "1000000 2 2"),
    ("comments", "ix_comments_root", "1000000 500000"),
    ("comments", "ix_comments_thread_status", "1000000 500000 250000 250000"),
    ("comments", "ix_comments_thread_root", "1000000 500000 250000 250000 250000"),
    ("reports", "ix_reports_open", "1000000 1000000 1000000"),
    ("comments", "ix_comments_author", "1000000 500000 500000"),
]


@contextmanager
def plans(conn: Connection) -> Iterator[list[str]]:
    """The query plan of every statement run on ``conn`` inside the block, one string each."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(conn, "before_cursor_execute", record)
    found: list[str] = []
    try:
        yield found
    finally:
        event.remove(conn, "before_cursor_execute", record)
    for statement, parameters in seen:
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
        found.append(" | ".join(str(r[3]) for r in rows))


def mislead(conn: Connection) -> None:
    conn.exec_driver_sql("ANALYZE")
    conn.exec_driver_sql("DELETE FROM sqlite_stat1")
    for table, index, stat in MISLEADING:
        conn.exec_driver_sql(
            "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)", (table, index, stat)
        )
    conn.exec_driver_sql("ANALYZE sqlite_schema")  # the connection reloads the statistics


def plans_of(services: Any, run: Callable[[Connection], Any]) -> list[str]:
    with services.db.write() as conn:
        mislead(conn)
        with plans(conn) as found:
            run(conn)
    return found


@pytest.fixture
def thread_with_replies(client: Any, services: Any, site: Any) -> list[int]:
    first = post(client, body="top").json()["id"]
    post(client, body="reply", parent_id=first)
    second = post(client, body="another top").json()["id"]
    return [first, second]


def test_thread_subtrees_use_the_root_index(services, thread_with_replies):
    found = plans_of(services, lambda conn: comment_queries.subtrees(conn, thread_with_replies))
    assert len(found) == 1
    assert "USING INDEX ix_comments_root (root_id=?)" in found[0], found
    assert "ix_comments_status_created" not in found[0]


def test_reported_queue_starts_from_the_open_reports(services, site, thread_with_replies):
    reported = QueueFilter("reported", frozenset({site.id}))

    def run(conn: Connection) -> None:
        queue_queries.count(conn, reported)
        queue_queries.page(conn, reported)
        queue_queries.page(conn, QueueFilter("reported", None, text="top"))

    found = [plan for plan in plans_of(services, run) if "comments" in plan]
    assert len(found) >= 3
    for plan in found:
        assert "ix_reports_open" in plan, plan
        assert "comments USING INTEGER PRIMARY KEY (rowid=?)" in plan, plan
        assert "ix_comments_status_created" not in plan and "SCAN comments" not in plan, plan


def test_a_queue_pages_author_histories_walk_each_authors_index(services, site, client):
    authors = []
    for name in ("Ava", "Bo"):
        first = post(client, body=f"{name} one", name=name).json()
        post(client, body=f"{name} two", name=name, headers={"X-Salon-Author": first["author_token"]})
        with services.db.read() as conn:
            authors.append(comment_queries.get(conn, int(first["id"])).author_id)
    found = plans_of(services, lambda conn: queue_queries.authors_recent(conn, authors, limit=6))
    assert len(found) == 1
    plan = found[0]
    assert "INDEX ix_comments_author (author_id=?)" in plan, plan  # `limit` entries per author
    assert "comments USING INTEGER PRIMARY KEY (rowid=?)" in plan, plan  # then each comment by id
    assert "SCAN" not in plan and "ix_comments_status_created" not in plan, plan


def test_opening_a_database_gathers_planner_statistics(client, services, site, db_url):
    assert post(client, body="one").status_code == 201
    with services.db.write() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS sqlite_stat1")
    opened = Database(db_url)  # as the next `salon serve` opens it
    try:
        with opened.read() as conn:
            stats = (
                conn.exec_driver_sql("SELECT idx FROM sqlite_stat1 WHERE tbl = 'comments'").scalars().all()
            )
        assert "ix_comments_root" in stats and "ix_comments_status_created" in stats
    finally:
        opened.dispose()


def test_a_search_widens_its_window_until_the_page_is_full(client, services, site, monkeypatch):
    monkeypatch.setattr(queue_queries, "WINDOWS", (2, 4, 8))
    monkeypatch.setattr(text_index, "MIN_CHARS", 100)  # a search the text index cannot serve
    bodies = ["needle one", "hay", "needle two", "hay", "hay", "needle three", "hay", "hay", "hay", "hay"]
    for body in bodies:  # oldest first: "needle one" is the 10th newest, outside the widest window
        assert post(client, body=body).status_code == 201
    search = QueueFilter("published", None, text="needle")
    with services.db.read() as conn:
        rows, _ = queue_queries.page(conn, search, limit=5)
        first, after = queue_queries.page(conn, search, limit=1)
        second, _ = queue_queries.page(conn, search, limit=1, before=after)
    assert [r.body for r in rows] == ["needle three", "needle two"]
    assert [r.body for r in first + second] == ["needle three", "needle two"]
