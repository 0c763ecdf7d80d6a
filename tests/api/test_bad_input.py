"""Bad input gets a 4xx with {"error": {"code", "message", "field"?}}; never a 500, never lost data."""

from __future__ import annotations

import pytest

from salon.settings import load_settings
from tests.conftest import PAGE, post


def error(r, status, code, field=None):
    assert r.status_code == status, r.text
    err = r.json()["error"]
    assert err["code"] == code and err["message"]
    if field:
        assert err["field"] == field
    return err


@pytest.mark.parametrize(
    ("payload", "status", "code", "field"),
    [
        ({"url": PAGE, "author": {"name": "Ann"}, "body": "   "}, 422, "empty_body", "body"),
        ({"url": PAGE, "author": {"name": "Ann"}, "body": "x" * 10_001}, 422, "body_too_long", "body"),
        ({"url": PAGE, "author": {"name": " "}, "body": "hi"}, 422, "empty_name", "author.name"),
        ({"url": PAGE, "author": {"name": "n" * 61}, "body": "hi"}, 422, "name_too_long", "author.name"),
        (
            {"url": PAGE, "author": {"name": "Ann"}, "body": "hi", "parent_id": 999},
            422,
            "unknown_parent",
            "parent_id",
        ),
        ({"url": PAGE, "author": {"name": 5}, "body": "hi"}, 422, "invalid", "author.name"),
        ({"url": PAGE, "author": {"name": "Ann"}, "body": ["hi"]}, 422, "invalid", "body"),
        (
            {"url": PAGE, "author": {"name": "Ann"}, "body": "hi", "parent_id": "1"},
            422,
            "invalid",
            "parent_id",
        ),
        ({"url": PAGE, "author": {"name": "Ann"}}, 422, "invalid", "body"),
        ({"url": PAGE, "author": {"name": "Ann"}, "body": "hi", "extra": 1}, 422, "invalid", "extra"),
        ({"url": "ftp://blog.example.com/x", "author": {"name": "Ann"}, "body": "hi"}, 400, "bad_url", "url"),
        (
            {"url": "https://unknown.example/x", "author": {"name": "Ann"}, "body": "hi"},
            404,
            "unknown_site",
            "url",
        ),
        (
            {"url": PAGE, "author": {"name": "Ann", "website": "javascript:alert(1)"}, "body": "hi"},
            422,
            "bad_website",
            "author.website",
        ),
    ],
)
def test_bad_comment_payloads(client, site, payload, status, code, field):
    error(client.post("/api/comments", json=payload), status, code, field)
    assert client.get("/api/comments", params={"url": PAGE}).json()["thread"]["count"] == 0


def test_bad_json_and_non_object(client, site):
    error(
        client.post("/api/comments", content=b"{not json", headers={"content-type": "application/json"}),
        400,
        "bad_json",
    )
    error(client.post("/api/comments", json=[1, 2]), 400, "bad_body")


def test_parent_in_another_thread(client, site):
    other = post(client, url="https://blog.example.com/other").json()
    error(post(client, parent_id=other["id"]), 422, "parent_elsewhere", "parent_id")


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"url": PAGE, "cursor": "not-a-cursor"}, 400, "bad_cursor"),
        ({"url": PAGE, "cursor": "WyJuZXdlc3QiLDEsMV0"}, 400, "bad_cursor"),  # a cursor for another sort
        ({"url": PAGE, "sort": "loudest"}, 422, "invalid"),
        ({"url": PAGE, "limit": 0}, 422, "invalid"),
        ({"url": PAGE, "limit": "ten"}, 422, "invalid"),
        ({}, 422, "invalid"),
        ({"url": "not a url"}, 400, "bad_url"),
    ],
)
def test_bad_thread_queries(client, site, params, status, code):
    error(client.get("/api/comments", params=params), status, code)


def test_bad_votes(client, site):
    c = post(client).json()
    error(client.post(f"/api/comments/{c['id']}/vote", json={"value": 2}), 422, "invalid", "value")
    error(client.post(f"/api/comments/{c['id']}/vote", json={"value": True}), 422, "invalid", "value")
    error(client.post("/api/comments/424242/vote", json={"value": 1}), 404, "not_found")
    error(client.post("/api/comments/abc/vote", json={"value": 1}), 422, "invalid", "comment_id")


def test_bad_edits(client, site):
    c = post(client).json()
    auth = {"Authorization": f"Bearer {c['edit_token']}"}
    error(
        client.patch(f"/api/comments/{c['id']}", json={"body": ""}, headers=auth), 422, "empty_body", "body"
    )
    error(client.patch("/api/comments/999", json={"body": "x"}, headers=auth), 404, "not_found")
    assert (
        client.get("/api/comments", params={"url": PAGE}).json()["comments"][0]["html"]
        == "<p>A thoughtful comment.</p>"
    )


def test_counts_limits(client, site):
    error(client.post("/api/counts", json={"urls": ["x"] * 201}), 422, "invalid", "urls")
    error(client.post("/api/counts", json={"urls": ["nope"]}), 400, "bad_url", "urls")


def test_unknown_route_is_json_404(client):
    error(client.get("/api/nothing-here"), 404, "not_found")


def test_rate_limit_answers_429_with_retry_after(services, site, db_url):
    from fastapi.testclient import TestClient

    from salon.app import create_app

    limited = load_settings(database_url=db_url, classifier="null", rate_limit_posts=2, rate_limit_window=60)
    services.settings = limited
    with TestClient(create_app(limited, services)) as c:
        assert post(c).status_code == 201
        assert post(c).status_code == 201
        r = post(c)
        error(r, 429, "rate_limited")
        assert 1 <= int(r.headers["retry-after"]) <= 60
        assert c.get("/api/comments", params={"url": PAGE}).json()["thread"]["count"] == 2


def test_unreachable_database_is_503_not_500():
    from fastapi.testclient import TestClient

    from salon.app import create_app
    from salon.db.engine import Database
    from salon.services import Services

    settings = load_settings(database_url="postgresql://nobody@127.0.0.1:1/none", classifier="null")
    services = Services(settings=settings, db=Database(settings.database_url), secret="s")
    try:
        with TestClient(create_app(settings, services), raise_server_exceptions=False) as c:
            r = c.get("/api/comments", params={"url": PAGE})
            cross = c.post(
                "/api/comments",
                json={"url": PAGE, "author": {"name": "A"}, "body": "x"},
                headers={"Origin": "https://blog.example.com"},
            )
    finally:
        services.close()
    for response in (r, cross):
        error(response, 503, "unavailable")
        assert response.headers["retry-after"] == "2"
