"""Big threads are paged by top-level comments; no request reads the whole thread."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event

from salon.db import comments as comment_queries
from salon.db import threads as thread_queries
from salon.db.engine import now
from tests.conftest import PAGE, post


def seed(services, site, tops: int, replies_each: int) -> list[int]:
    """Insert a big thread directly (the API path is tested elsewhere); returns top-level ids."""
    start = now() - timedelta(days=1)
    ids = []
    with services.db.write() as conn:
        thread = thread_queries.get_or_create(conn, site.id, PAGE, "Big")
        for i in range(tops):
            at = start + timedelta(seconds=i)
            top = comment_queries.insert(
                conn,
                thread_id=thread.id,
                author_name=f"a{i}",
                body="b",
                html="<p>b</p>",
                status="published",
                created_at=at,
                score=(i * 7) % 13,
            )
            ids.append(top)
            for j in range(replies_each):
                comment_queries.insert(
                    conn,
                    thread_id=thread.id,
                    parent_id=top,
                    root_id=top,
                    depth=1,
                    author_name=f"r{j}",
                    body="r",
                    html="<p>r</p>",
                    status="published",
                    created_at=at + timedelta(milliseconds=j + 1),
                )
        thread_queries.refresh_count(conn, thread.id)
    services.events.publish({"type": "comment.created", "url": PAGE})
    return ids


@pytest.mark.parametrize("sort", ["oldest", "newest", "top"])
def test_pages_cover_every_top_level_comment_once(client, services, site, sort):
    ids = seed(services, site, tops=130, replies_each=1)
    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        params = {"url": PAGE, "sort": sort, "limit": 50}
        if cursor:
            params["cursor"] = cursor
        data = client.get("/api/comments", params=params).json()
        pages += 1
        assert all(len(c["replies"]) == 1 for c in data["comments"])
        seen.extend(c["id"] for c in data["comments"])
        cursor = data["next_cursor"]
        if not cursor:
            break
    assert pages == 3
    assert sorted(seen) == sorted(ids) and len(seen) == len(set(seen))
    assert data["thread"]["count"] == 260
    if sort == "oldest":
        assert seen == ids
    elif sort == "newest":
        assert seen == ids[::-1]


def test_big_thread_request_reads_only_its_page(client, services, site):
    seed(services, site, tops=1000, replies_each=1)
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(services.db.engine, "before_cursor_execute", record)
    try:
        data = client.get("/api/comments", params={"url": PAGE, "limit": 20}).json()
    finally:
        event.remove(services.db.engine, "before_cursor_execute", record)
    assert len(data["comments"]) == 20 and data["thread"]["count"] == 2000
    comment_reads = [s for s in statements if "FROM comments" in s]
    assert comment_reads, "the page was not read from the database"
    for sql in comment_reads:
        assert "LIMIT" in sql or "root_id IN" in sql or "pinned IS 1" in sql or "pinned IS true" in sql, sql


def test_cached_page_is_dropped_when_thread_changes(client, site):
    post(client, "one")
    assert client.get("/api/comments", params={"url": PAGE}).json()["thread"]["count"] == 1
    post(client, "two")
    data = client.get("/api/comments", params={"url": PAGE}).json()
    assert data["thread"]["count"] == 2 and len(data["comments"]) == 2


def test_fast_path_and_handler_answer_alike(client, services, site):
    post(client, "cached")
    params = {"url": PAGE, "sort": "newest", "limit": 10}
    first = client.get("/api/comments", params=params)  # built by the handler
    assert services.cache.get((PAGE, "newest", 10, None)) is not None
    second = client.get("/api/comments", params=params)  # answered from the cache, before the framework
    assert first.content == second.content
    assert first.headers["etag"] == second.headers["etag"]
    assert first.headers["content-type"] == second.headers["content-type"] == "application/json"
    for response in (first, second):
        assert response.headers["cache-control"] == "no-cache"


def test_etag_gives_304_until_the_thread_changes(client, site):
    post(client, "one")
    etag = client.get("/api/comments", params={"url": PAGE}).headers["etag"]
    again = client.get("/api/comments", params={"url": PAGE}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    post(client, "two")
    changed = client.get("/api/comments", params={"url": PAGE}, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert len(changed.json()["comments"]) == 2


def test_author_sees_own_pending_comment_only_with_token(client, services, site):
    from salon.actions.sites import update_settings

    update_settings(services, site.id, {"premoderation": "all"}, actor="test")
    mine = post(client, "wait for me").json()
    assert mine["status"] == "pending"
    public = client.get("/api/comments", params={"url": PAGE}).json()
    assert public["comments"] == [] and public["thread"]["count"] == 0
    own = client.get("/api/comments", params={"url": PAGE}, headers={"X-Salon-Author": mine["author_token"]})
    [node] = own.json()["comments"]
    assert node["id"] == mine["id"] and node["status"] == "pending" and node["own"] is True
    forged = client.get("/api/comments", params={"url": PAGE}, headers={"X-Salon-Author": "WzEsMV0.forged"})
    assert forged.json()["comments"] == []
