"""GET /api/events: Server-Sent Events for a thread, driven in process through the ASGI app."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from salon.actions.comments import NewComment, create_comment
from salon.actions.sites import update_settings
from salon.api.events import announces, sse
from tests.conftest import PAGE, SITE_ORIGIN


def new(body: str, url: str = PAGE, name: str = "Ann", address: str = "192.0.2.9") -> NewComment:
    return NewComment(url=url, body=body, author_name=name, client_address=address)


async def stream(
    app: Any, url: str, act: Callable[[], None], expect: bytes, timeout: float = 5.0
) -> tuple[int, dict, bytes]:
    """Open the stream, run ``act`` once it is connected, read until ``expect`` arrives; then hang up."""
    hang_up = asyncio.Event()
    connected = asyncio.Event()
    done = asyncio.Event()
    start: dict[str, Any] = {}
    body = bytearray()

    async def receive() -> dict[str, Any]:
        await hang_up.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))
            if b": connected" in body:
                connected.set()
            if expect in body:
                done.set()

    query = urlencode({"url": url}).encode()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/api/events",
        "raw_path": b"/api/events",
        "root_path": "",
        "query_string": query,
        "headers": [(b"host", b"testserver"), (b"origin", SITE_ORIGIN.encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    task = asyncio.create_task(app(scope, receive, send))
    try:
        await asyncio.wait_for(connected.wait(), timeout)
        await asyncio.to_thread(act)
        await asyncio.wait_for(done.wait(), timeout)
    finally:
        hang_up.set()
        await asyncio.wait_for(task, timeout)
    headers = {k.decode(): v.decode() for k, v in start.get("headers", [])}
    return start["status"], headers, bytes(body)


def events_in(body: bytes) -> list[dict[str, Any]]:
    out = []
    for block in body.decode().split("\n\n"):
        lines = dict(
            line.split(": ", 1) for line in block.splitlines() if ": " in line and not line.startswith(":")
        )
        if lines.get("event") == "comment":
            out.append(json.loads(lines["data"]))
    return out


def test_a_published_comment_is_announced(app, services, site):
    posted: list[int] = []

    def act() -> None:
        posted.append(create_comment(services, new("Live!")).comment.id)

    status, headers, body = asyncio.run(stream(app, PAGE, act, b"event: comment"))
    assert status == 200
    assert headers["content-type"].startswith("text/event-stream")
    assert headers["cache-control"] == "no-cache"
    assert headers["access-control-allow-origin"] == SITE_ORIGIN  # EventSource from the blog's origin
    assert body.startswith(b"retry: ")
    assert events_in(body) == [{"id": posted[0], "parent_id": None}]


def test_only_what_every_reader_may_see_is_announced(app, services, site):
    update_settings(services, site.id, {"premoderation": "all"}, "test")
    ids: dict[str, int] = {}

    def act() -> None:
        ids["held"] = create_comment(services, new("held for a moderator")).comment.id
        ids["other page"] = create_comment(services, new("elsewhere", url=f"{SITE_ORIGIN}/other")).comment.id
        update_settings(services, site.id, {"premoderation": "off"}, "test")
        ids["published"] = create_comment(
            services, new("published", name="Bo", address="192.0.2.10")
        ).comment.id

    _, _, body = asyncio.run(stream(app, f"{PAGE}?utm_source=x", act, b'"parent_id"'))
    assert [e["id"] for e in events_in(body)] == [ids["published"]]


def test_predicate_and_message_format():
    wanted = announces(1, PAGE)
    base = {
        "type": "comment.created",
        "site_id": 1,
        "url": PAGE,
        "comment_id": 3,
        "status": "published",
        "shadow": False,
    }
    assert wanted(base)
    assert not wanted({**base, "shadow": True})
    assert not wanted({**base, "status": "pending"})
    assert not wanted({**base, "site_id": 2})
    assert not wanted({**base, "type": "comment.voted"})
    assert wanted({**base, "type": "comment.published"})
    approved = {
        "type": "comment.moderated",
        "site_id": 1,
        "url": PAGE,
        "comment_id": 9,
        "status": "published",
    }
    assert wanted(approved)
    assert not wanted({**approved, "status": "rejected"})
    assert not wanted({k: v for k, v in approved.items() if k not in ("comment_id", "status")})  # sanctions
    assert (
        sse({"comment_id": 7, "parent_id": 3}) == 'event: comment\nid: 7\ndata: {"id": 7, "parent_id": 3}\n\n'
    )


def test_unknown_site_and_bad_url_are_refused(client, site):
    assert client.get("/api/events", params={"url": "https://elsewhere.example/x"}).status_code == 404
    assert client.get("/api/events", params={"url": "not a url"}).status_code == 400
