"""Migration 0010's text index (FTS5 trigrams on SQLite, pg_trgm on PostgreSQL) and the category
filter's partial indexes: the dashboard finds what the windowed search found, kept in step with
posts, edits, deletion, erasure and bulk imports, and after a migration of a database that had
comments already."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Connection

from salon.actions.subjects import erase_subject
from salon.db import comments as comment_queries
from salon.db import imports as bulk
from salon.db import queue as queue_queries
from salon.db import search
from salon.db import tables as t
from salon.db.engine import Database
from salon.db.queue import QueueFilter
from tests.conftest import post


@pytest.fixture(autouse=True)
def small_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows of one and two comments: past the first, a search goes to the index (as on a
    large site), and what lies beyond the windows is found only through it."""
    monkeypatch.setattr(queue_queries, "WINDOWS", (1, 2))
    monkeypatch.setattr(queue_queries, "FIRST_WINDOW", 1)


def found(services: Any, text: str, queue: str = "published", **extra: Any) -> list[int]:
    """Ids on the first page of a queue searched for ``text``, newest first."""
    with services.db.read() as conn:
        rows, _ = queue_queries.page(
            conn, QueueFilter(queue, **{"site_ids": None, **extra}, text=text), limit=25
        )
    return [int(r.id) for r in rows]


def indexed(services: Any, text: str, statuses: tuple[str, ...] = ("published",)) -> list[int] | None:
    """What the index itself gives for ``text`` (not the page, which rechecks every row)."""
    with services.db.read() as conn:
        assert search.available(conn)
        return ids_of(conn, search.candidates(conn, statuses, text))


def ids_of(conn: Connection, found: search.Found | None) -> list[int] | None:
    """The candidates' ids, whichever form the index gave them in."""
    if found is None:
        return None
    if found.ids is not None:
        return found.ids
    return [int(i) for i in conn.execute(found.subquery).scalars()]


def integrity(conn: Connection) -> None:
    """SQLite: the FTS5 index matches the comments table row for row (raises if not)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"INSERT INTO {search.FTS} ({search.FTS}) VALUES ('integrity-check')")


def test_search_finds_substrings_through_the_index(client, services, site):
    night = post(client, body="The Night Train to Vienna", name="Ann").json()["id"]
    other = post(client, body="a boat on the lake", name="Bernadette").json()["id"]
    assert indexed(services, "ight tra") == [night]
    assert found(services, "ight tra") == [night]
    assert found(services, "NIGHT TRAIN") == [night]  # case as the ILIKE search had it
    assert found(services, "bernadet") == [other]  # author names too
    assert found(services, "100%") == []
    assert found(services, "train", queue="held") == []  # the queue's statuses only
    with services.db.read() as conn:
        integrity(conn)


def test_texts_too_short_for_trigrams_still_search(client, services, site):
    ab = post(client, body="xy ab zz").json()["id"]
    post(client, body="nothing here").json()
    assert found(services, "ab") == [ab]
    assert found(services, "b z") == [ab]
    assert set(found(services, "z")) == {ab}
    assert set(found(services, "h")) == {ab + 1}


def test_an_edited_comment_is_found_by_its_new_text_only(client, services, site):
    created = post(client, body="first version about zeppelins").json()
    auth = {"Authorization": f"Bearer {created['edit_token']}"}
    edited = client.patch(f"/api/comments/{created['id']}", json={"body": "now about airships"}, headers=auth)
    assert edited.status_code == 200, edited.text
    assert found(services, "airship") == [created["id"]]
    assert found(services, "zeppelin") == []
    assert indexed(services, "zeppelin") == []
    with services.db.read() as conn:
        integrity(conn)


def test_deleted_and_erased_comments_leave_the_index(client, services, site):
    gone = post(client, body="delete me: heliotrope", name="Dora").json()
    keep = post(client, body="a reply keeps me as a placeholder: heliotrope", name="Erin").json()
    post(client, body="reply to Erin", parent_id=keep["id"])
    erased = post(client, body="erase me: heliotrope", name="Fritz").json()
    assert len(indexed(services, "heliotrope") or []) == 3
    auth = {"Authorization": f"Bearer {gone['edit_token']}"}
    assert client.delete(f"/api/comments/{gone['id']}", headers=auth).status_code == 204
    auth = {"Authorization": f"Bearer {keep['edit_token']}"}
    assert client.delete(f"/api/comments/{keep['id']}", headers=auth).status_code == 204
    with services.db.read() as conn:
        author = comment_queries.get(conn, erased["id"]).author_id
    erase_subject(services, site, author_id=author)
    assert indexed(services, "heliotrope", ("published", "deleted")) == []
    assert found(services, "heliotrope") == []
    assert indexed(services, "fritz", ("published", "deleted")) == []
    assert indexed(services, "erin", ("deleted",)) == []  # the placeholder lost its name
    with services.db.read() as conn:
        integrity(conn)


def test_a_status_change_moves_the_comment_between_queues(client, services, site):
    cid = post(client, body="moved along: marmalade").json()["id"]
    with services.db.write() as conn:
        comment_queries.set_fields(conn, cid, status="rejected")
    assert indexed(services, "marmalade") == []
    assert indexed(services, "marmalade", ("rejected", "spam")) == [cid]
    assert found(services, "marmalade", queue="rejected") == [cid]


def test_the_index_finds_what_lies_beyond_the_windows(client, services, site):
    oldest = post(client, body="the oldest mentions a wombat").json()["id"]
    for n in range(4):
        post(client, body=f"newer comment {n}")
    assert found(services, "wombat") == [oldest]
    assert found(services, "WOMBAT", site_ids=frozenset({site.id})) == [oldest]
    assert found(services, "wombat", site_ids=frozenset({site.id + 1})) == []
    assert found(services, "wombat", queue="rejected") == []


def test_a_text_common_in_the_queue_reads_the_windows(client, services, site, monkeypatch):
    ids = [post(client, body=f"common word {n}").json()["id"] for n in range(4)]
    monkeypatch.setitem(search.CAP, services.db.engine.dialect.name, 3)
    monkeypatch.setattr(queue_queries, "WINDOWS", (1, 2, 8))
    assert indexed(services, "common") is None
    assert found(services, "common") == ids[::-1]
    with services.db.read() as conn:
        first, after = queue_queries.page(conn, QueueFilter("published", None, text="common"), limit=2)
        second, _ = queue_queries.page(
            conn, QueueFilter("published", None, text="common"), limit=2, before=after
        )
    assert [r.id for r in first + second] == ids[::-1]


@pytest.mark.parametrize(
    ("keyed", "walk"),
    [(100, 20_000), (0, 20_000), (0, 1)],
    ids=["candidates by id", "walk of the queue's index", "a walk too short, then by id"],
)
def test_pages_of_an_indexed_search_follow_the_cursor(client, services, site, monkeypatch, keyed, walk):
    monkeypatch.setattr(search, "KEYED", keyed)
    monkeypatch.setattr(queue_queries, "WALK", walk)
    ids = [post(client, body=f"quince number {n}").json()["id"] for n in range(5)]
    post(client, body="no fruit here")
    search_for = QueueFilter("published", None, text="quince")
    with services.db.read() as conn:
        first, after = queue_queries.page(conn, search_for, limit=3)
        assert after is not None
        second, last = queue_queries.page(conn, search_for, limit=3, before=after)
    assert [r.id for r in first] == ids[:1:-1] and [r.id for r in second] == ids[1::-1] and last is None


def _migrate(db: Database, target: str, down: bool = False) -> None:
    cfg = db.alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, target)


def test_migration_indexes_the_comments_already_there(db_url):
    db = Database(db_url)
    try:
        _migrate(db, "0009", down=True)
        with db.engine.connect() as conn:
            assert not search.available(conn)
        at = datetime(2024, 1, 1, tzinfo=UTC)
        with db.engine.begin() as conn:
            site = conn.execute(
                t.sites.insert()
                .values(name="s", origins=[], settings={}, created_at=at)
                .returning(t.sites.c.id)
            ).scalar_one()
            thread = conn.execute(
                t.threads.insert()
                .values(site_id=site, url="https://x/1", created_at=at)
                .returning(t.threads.c.id)
            ).scalar_one()
            base = {"thread_id": thread, "html": "", "created_at": at}
            conn.execute(
                t.comments.insert(),
                [
                    {
                        **base,
                        "author_name": "Old Timer",
                        "body": "written before 0010",
                        "status": "published",
                        "moderation": None,
                    },
                    {
                        **base,
                        "author_name": "Bo",
                        "body": "a rejected lampshade",
                        "status": "rejected",
                        "moderation": {"scores": {"insult": 0.8}},
                    },
                ],
            )
        _migrate(db, "head")
        search.forget(db.engine)
        with db.engine.connect() as conn:
            assert search.available(conn)
            assert ids_of(conn, search.candidates(conn, ("published",), "before 00")) is not None
            assert len(ids_of(conn, search.candidates(conn, ("published",), "old tim")) or []) == 1
            assert len(ids_of(conn, search.candidates(conn, ("rejected", "spam"), "lampshade")) or []) == 1
            integrity(conn)
            rows, _ = queue_queries.page(
                conn, QueueFilter("rejected", None, category="insult", min_score=0.5)
            )
            assert [r.body for r in rows] == ["a rejected lampshade"]
        with db.engine.begin() as conn:  # and it is kept up from then on
            conn.execute(
                t.comments.insert().values(**base, author_name="New", body="after 0010", status="published")
            )
        with db.engine.connect() as conn:
            assert len(ids_of(conn, search.candidates(conn, ("published",), "after 001")) or []) == 1
    finally:
        db.dispose()


def test_a_bulk_load_rebuilds_the_index_once(services, site):
    at = datetime(2024, 1, 1, tzinfo=UTC)
    with services.db.write() as conn:
        thread = conn.execute(
            t.threads.insert()
            .values(site_id=site.id, url="https://x/1", created_at=at)
            .returning(t.threads.c.id)
        ).scalar_one()
        bulk.drop_bulk_indexes(conn)
        rows = [
            {
                "thread_id": thread,
                "author_name": "Imp",
                "body": f"imported pomegranate {n}",
                "html": "",
                "status": "published",
                "created_at": at,
            }
            for n in range(20)
        ]
        bulk.insert_bulk(conn, t.comments, rows)
        bulk.ensure_indexes(conn)
        integrity(conn)
    assert len(indexed(services, "pomegranate") or []) == 20
    with services.db.write() as conn:
        conn.execute(t.comments.delete().where(t.comments.c.body == "imported pomegranate 3"))
        integrity(conn)
    assert len(indexed(services, "pomegranate") or []) == 19


def test_the_category_filter_reads_its_partial_index(client, services, site):
    ids = [post(client, body=f"scored {n}").json()["id"] for n in range(4)]
    scores = [0.9, 0.2, 0.6, 0.4]
    with services.db.write() as conn:
        for cid, score in zip(ids, scores, strict=True):
            row = comment_queries.get(conn, cid)
            comment_queries.set_fields(
                conn, cid, moderation={**(row.moderation or {}), "scores": {"insult": score}}
            )

    def shown(min_score: float, **extra: Any) -> list[int]:
        with services.db.read() as conn:
            rows, _ = queue_queries.page(
                conn, QueueFilter("published", None, category="insult", min_score=min_score, **extra)
            )
        return [int(r.id) for r in rows]

    assert shown(0.5) == [ids[2], ids[0]]
    assert shown(0.95) == []
    assert shown(0.35) == [ids[3], ids[2], ids[0]]
    assert shown(0.1) == ids[:1:-1]  # below the indexes' floor: the windows (of 1, then 2)
    assert shown(0.5, text="scored 2") == [ids[2]]
    # On SQLite the query names the partial index (INDEXED BY): had its WHERE not repeated the
    # index's predicate, SQLite would have refused it ("no query solution") instead of answering.


def test_flag_categories_are_the_models():
    from salon.moderation.classifiers.base import CATEGORIES

    assert set(t.FLAG_CATEGORIES) == set(CATEGORIES)


def test_without_the_index_the_search_reads_the_windows(client, services, site, caplog):
    heron = post(client, body="a lonely heron").json()["id"]
    with services.db.write() as conn:
        search.uninstall(conn)
    search.forget(services.db.engine)
    try:
        with caplog.at_level("INFO", logger="salon.db.search"):
            assert found(services, "heron") == [heron]
        assert "no text index on this database" in caplog.text
        with services.db.read() as conn:
            assert not search.available(conn)
    finally:
        with services.db.write() as conn:
            assert search.install(conn)
        search.forget(services.db.engine)
    assert indexed(services, "heron") == [heron]
