"""A corpus of hostile input, on SQLite and PostgreSQL: every answer is a 4xx (or a 2xx that
stored clean data) with the project's error body, never a 500, and the feeds stay well-formed XML."""

from __future__ import annotations

import base64
import json
from xml.etree import ElementTree as ET

import pytest

from tests.conftest import PAGE, SITE_ORIGIN, post

HUGE = 2**63  # one past the largest id either database stores
HUGER = 10**30

JSON_POSTS = [
    {"url": PAGE, "author": {"name": "Ann"}, "body": "hi", "parent_id": HUGE},
    {"url": PAGE, "author": {"name": "Ann"}, "body": "hi", "parent_id": HUGER},
    {"url": PAGE, "author": {"name": "Ann"}, "body": "hi", "parent_id": -HUGE},
    {"url": PAGE, "author": {"name": "Ann"}, "body": "hi", "parent_id": 0},
    {"url": PAGE + "\x00", "author": {"name": "Ann"}, "body": "hi"},
    {"url": PAGE, "author": {"name": "A\x00nn"}, "body": "hi\x00there"},
    {"url": PAGE, "author": {"name": "Ann", "email": "a\x00@example.org"}, "body": "hi"},
    {"url": PAGE, "author": {"name": "Ann", "website": "https://ex\x00ample.org"}, "body": "hi"},
    {"url": PAGE, "author": {"name": "Ann"}, "body": "hi", "title": "T\x00itle"},
    {"url": "http://[::1/x", "author": {"name": "Ann"}, "body": "hi"},
    {"url": "https://[zz::1]/x", "author": {"name": "Ann"}, "body": "hi"},
    {"url": "https://blog.example.com:99999/x", "author": {"name": "Ann"}, "body": "hi"},
    {"url": PAGE, "author": {"name": "Ann", "website": "https://<b>x</b>"}, "body": "hi"},
    {"url": PAGE, "author": {"name": "Ann", "website": "http://[::1/x"}, "body": "hi"},
    {"url": PAGE, "author": {"name": "Ann", "website": "https://a b.example"}, "body": "hi"},
    {"url": PAGE, "author": {"name": "Ann", "website": "https://x.example\u202e"}, "body": "hi"},
    {"url": "https://<script>/x", "author": {"name": "Ann"}, "body": "hi"},
    {"url": PAGE, "author": {"name": "\x01\x02\x1b[31m"}, "body": "hi"},
]


def _assert_clean(response):
    assert response.status_code < 500, (response.status_code, response.text)
    if response.status_code >= 400 and response.headers.get("content-type", "").startswith(
        "application/json"
    ):
        error = response.json()["error"]
        assert error["code"] and error["message"]


def _feeds_parse(client):
    for params in ({"url": PAGE}, {"site": "blog"}):
        feed = client.get("/api/feed.atom", params=params)
        assert feed.status_code == 200
        ET.fromstring(feed.content)  # raises on ill-formed XML


@pytest.mark.parametrize("payload", JSON_POSTS)
def test_hostile_comment_payloads(client, site, payload):
    response = client.post("/api/comments", json=payload)
    _assert_clean(response)
    if response.status_code == 201:
        author = response.json()["author"]
        assert "\\u0000" not in response.text and "\x00" not in author["name"]
        assert author["website"] is None or "<" not in author["website"]
    _feeds_parse(client)


def _cursor(sort, value, comment_id):
    raw = json.dumps([sort, value, comment_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    ("method", "path", "params"),
    [
        ("GET", "/api/comments", {"url": PAGE + "\x00"}),
        ("GET", "/api/comments", {"url": "http://[::1/x"}),
        ("GET", "/api/comments", {"url": PAGE, "cursor": _cursor("oldest", "2026-01-01T00:00:00", 5)}),
        (
            "GET",
            "/api/comments",
            {"url": PAGE, "cursor": _cursor("oldest", "2026-01-01T00:00:00+00:00", HUGE)},
        ),
        ("GET", "/api/comments", {"url": PAGE, "cursor": _cursor("top", HUGER, 1)}),
        ("GET", "/api/comments", {"url": PAGE, "cursor": _cursor("top", 1, -HUGE)}),
        ("GET", "/api/comments", {"url": PAGE, "cursor": _cursor("newest", "9999-99-99", 1)}),
        ("GET", "/api/comments", {"url": PAGE, "cursor": "\x00"}),
        ("GET", "/api/comments", {"url": PAGE, "limit": HUGE}),
        ("GET", "/api/feed.atom", {"site": "bl\x00og"}),
        ("GET", "/api/feed.atom", {"url": PAGE + "\x00"}),
        ("GET", "/api/events", {"url": PAGE + "\x00"}),
        ("GET", "/embed/thread", {"url": PAGE + "\x00"}),
        ("GET", "/embed/thread", {"url": "http://[::1/x"}),
        ("GET", "/embed/thread", {"url": PAGE, "cursor": _cursor("oldest", "2026-01-01T00:00:00", 5)}),
        ("GET", "/embed/thread", {"url": PAGE, "limit": HUGE}),
    ],
)
def test_hostile_queries(client, site, method, path, params):
    _assert_clean(client.request(method, path, params=params))


@pytest.mark.parametrize("comment_id", [HUGE, HUGER, -1, 0])
def test_ids_past_the_largest_integer(client, site, comment_id):
    headers = {"Authorization": "Bearer x"}
    _assert_clean(client.post(f"/api/comments/{comment_id}/vote", json={"value": 1}))
    _assert_clean(client.post(f"/api/comments/{comment_id}/report", json={"reason": "spam"}))
    _assert_clean(client.patch(f"/api/comments/{comment_id}", json={"body": "x"}, headers=headers))
    _assert_clean(client.delete(f"/api/comments/{comment_id}", headers=headers))


@pytest.mark.parametrize("parent", ["²", "١", "1" * 30, "-1", "0", "1\x00", "9223372036854775808"])
def test_the_no_js_form_with_odd_parent_ids(client, site, parent):
    response = client.post(
        "/embed/comment",
        data={"url": PAGE, "body": "hi", "name": "Ann", "parent_id": parent},
        follow_redirects=False,
    )
    assert response.status_code == 422, response.text


def test_the_no_js_form_with_nul_and_bad_hosts(client, site):
    for data in (
        {"url": PAGE + "\x00", "body": "hi", "name": "Ann"},
        {"url": "http://[::1/x", "body": "hi", "name": "Ann"},
        {"url": PAGE, "body": "hi\x00", "name": "A\x00nn", "website": "https://<b>x</b>"},
    ):
        response = client.post("/embed/comment", data=data, follow_redirects=False)
        assert response.status_code < 500, response.text
    _feeds_parse(client)


def test_control_characters_never_break_the_feeds(client, services, site):
    """Even rows stored before names and URLs were cleaned keep the feeds well-formed."""
    from salon.db import tables as t

    created = post(client, "Fine text.", name="Ann").json()
    with services.db.write() as conn:
        conn.execute(
            t.comments.update()
            .where(t.comments.c.id == created["id"])
            .values(author_name="Ann\x01\x1b", html="<p>x\x0b\x0c</p>")
        )
    services.cache.clear()
    _feeds_parse(client)


def test_counts_with_nul_and_bad_hosts(client, site):
    _assert_clean(client.post("/api/counts", json={"urls": [PAGE + "\x00", "http://[::1/x", SITE_ORIGIN]}))
