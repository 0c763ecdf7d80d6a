"""Posting, editing, deleting and voting through the public API, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import select, update

from salon.actions.identity import email_hash
from salon.db import tables as t
from salon.db.engine import now
from tests.conftest import PAGE, SITE_ORIGIN, post


def thread(client, url=PAGE, **params):
    response = client.get("/api/comments", params={"url": url, **params})
    assert response.status_code == 200, response.text
    return response.json()


def test_post_returns_created_comment_with_tokens(client, site):
    r = post(client, "Hello **world**", author={"email": "Ann@Example.org", "website": "ann.example"})
    assert r.status_code == 201
    body = r.json()
    assert body["status"] == "published"
    assert body["html"] == "<p>Hello <strong>world</strong></p>"
    assert body["edit_token"] and body["author_token"]
    assert body["author"]["website"] == "https://ann.example"
    assert "email" not in body["author"] and "Ann@Example.org" not in r.text
    avatar = body["author"]["avatar"]
    assert avatar and len(avatar) == 32
    assert avatar != hashlib.sha256(b"ann@example.org").hexdigest()[: len(avatar)]


def test_email_is_stored_only_as_hash(client, services, site):
    post(client, author={"email": "secret@example.org"})
    with services.db.read() as conn:
        row = conn.execute(select(t.comments)).one()
    assert "secret@example.org" not in str(tuple(row))
    assert row.author_email_hash == email_hash(services, "secret@example.org")
    assert hashlib.sha256(b"secret@example.org").hexdigest()[:32] != row.author_email_hash


def test_replies_nest_to_any_depth(client, site):
    parent = None
    ids = []
    for depth in range(8):
        r = post(client, f"level {depth}", parent_id=parent)
        assert r.status_code == 201, r.text
        parent = r.json()["id"]
        ids.append(parent)
    node = thread(client)["comments"][0]
    for depth, expected in enumerate(ids):
        assert node["id"] == expected and node["depth"] == depth
        if depth < len(ids) - 1:
            assert len(node["replies"]) == 1
            node = node["replies"][0]
    assert node["replies"] == []


def test_thread_url_is_normalised(client, site):
    post(client, url=f"{SITE_ORIGIN.upper()}/2026/11/night-trains/?utm_source=feed#comments")
    data = thread(client, url=PAGE)
    assert data["thread"]["url"] == PAGE
    assert data["thread"]["count"] == 1


def test_markdown_is_sanitised(client, site):
    body = "<script>alert(1)</script> [x](javascript:alert(1)) ![pic](https://img.example/p.png) https://a.example"
    html = post(client, body).json()["html"]
    assert "<script" not in html and "javascript:" not in html.split('href="')[-1]
    assert "<img" not in html
    assert 'href="https://a.example"' in html
    assert 'rel="nofollow ugc noopener"' in html


def test_name_is_escaped_in_feed(client, site):
    post(client, name="<b>Eve</b>")
    feed = client.get("/api/feed.atom", params={"url": PAGE})
    assert feed.status_code == 200
    assert "<b>Eve</b>" not in feed.text and "&lt;b&gt;Eve&lt;/b&gt;" in feed.text


def test_edit_within_window_with_token(client, site):
    created = post(client, "first").json()
    auth = {"Authorization": f"Bearer {created['edit_token']}"}
    r = client.patch(f"/api/comments/{created['id']}", json={"body": "second _take_"}, headers=auth)
    assert r.status_code == 200
    assert r.json()["html"] == "<p>second <em>take</em></p>"
    assert thread(client)["comments"][0]["html"] == "<p>second <em>take</em></p>"
    assert thread(client)["comments"][0]["edited_at"] is not None


def test_token_never_works_for_another_comment(client, site):
    a = post(client, "mine").json()
    b = post(client, "theirs", name="Bob").json()
    auth = {"Authorization": f"Bearer {a['edit_token']}"}
    r = client.patch(f"/api/comments/{b['id']}", json={"body": "hijacked"}, headers=auth)
    assert r.status_code == 403 and r.json()["error"]["code"] == "bad_token"
    assert client.delete(f"/api/comments/{b['id']}", headers=auth).status_code == 403
    assert client.patch(f"/api/comments/{b['id']}", json={"body": "x"}).status_code == 403
    assert "theirs" in thread(client)["comments"][1]["html"]


def test_edit_window_closes(client, services, site):
    created = post(client, "old").json()
    with services.db.write() as conn:
        conn.execute(
            update(t.comments)
            .where(t.comments.c.id == created["id"])
            .values(created_at=now() - timedelta(minutes=16))
        )
    auth = {"Authorization": f"Bearer {created['edit_token']}"}
    r = client.patch(f"/api/comments/{created['id']}", json={"body": "new"}, headers=auth)
    assert r.status_code == 403 and r.json()["error"]["code"] == "edit_window_closed"
    assert client.delete(f"/api/comments/{created['id']}", headers=auth).status_code == 403


def test_delete_keeps_replies_under_placeholder(client, site):
    parent = post(client, "parent text").json()
    post(client, "a reply", name="Bob", parent_id=parent["id"])
    lone = post(client, "lonely").json()
    for c in (parent, lone):
        r = client.delete(f"/api/comments/{c['id']}", headers={"Authorization": f"Bearer {c['edit_token']}"})
        assert r.status_code == 204
    data = thread(client)
    assert [c["id"] for c in data["comments"]] == [parent["id"]]
    placeholder = data["comments"][0]
    assert (
        placeholder["status"] == "deleted"
        and placeholder["html"] == ""
        and placeholder["author"]["name"] == ""
    )
    assert placeholder["replies"][0]["html"] == "<p>a reply</p>"
    assert data["thread"]["count"] == 1


def test_vote_once_per_voter_and_change(client, site):
    c = post(client).json()
    for value, expected in [(1, 1), (1, 1), (-1, -1)]:
        r = client.post(f"/api/comments/{c['id']}/vote", json={"value": value})
        assert r.status_code == 200
        assert r.json()["score"] == expected
    other = client.post(
        f"/api/comments/{c['id']}/vote", json={"value": -1}, headers={"X-Forwarded-For": "203.0.113.9"}
    )
    # X-Forwarded-For is not trusted by default: still the same voter.
    assert other.json()["score"] == -1
    assert thread(client, sort="top")["comments"][0]["score"] == -1


def test_cannot_vote_own_comment(client, site):
    c = post(client).json()
    r = client.post(
        f"/api/comments/{c['id']}/vote", json={"value": 1}, headers={"X-Salon-Author": c["author_token"]}
    )
    assert r.status_code == 403 and r.json()["error"]["code"] == "own_comment"


def test_sorting(client, services, site):
    ids = [post(client, f"c{i}").json()["id"] for i in range(3)]
    client.post(f"/api/comments/{ids[1]}/vote", json={"value": 1})
    assert [c["id"] for c in thread(client, sort="oldest")["comments"]] == ids
    assert [c["id"] for c in thread(client, sort="newest")["comments"]] == ids[::-1]
    assert thread(client, sort="top")["comments"][0]["id"] == ids[1]


def test_counts(client, site):
    post(client)
    post(client)
    other = f"{SITE_ORIGIN}/other"
    post(client, url=other)
    r = client.post(
        "/api/counts", json={"urls": [PAGE, other, f"{SITE_ORIGIN}/none", "https://elsewhere.example/x"]}
    )
    assert r.status_code == 200
    assert r.json()["counts"] == {
        PAGE: 2,
        other: 1,
        f"{SITE_ORIGIN}/none": 0,
        "https://elsewhere.example/x": 0,
    }


def test_feeds(client, site):
    post(client, "feed me")
    for params in ({"url": PAGE}, {"site": "blog"}):
        r = client.get("/api/feed.atom", params=params)
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
        assert "feed me" in r.text and "<entry>" in r.text
    assert client.get("/api/feed.atom", params={"site": "nope"}).status_code == 404
    assert client.get("/api/feed.atom").status_code == 400


def test_cors_only_for_site_origins(client, site):
    ok = client.get("/api/comments", params={"url": PAGE}, headers={"Origin": SITE_ORIGIN})
    assert ok.headers["access-control-allow-origin"] == SITE_ORIGIN
    bad = client.get("/api/comments", params={"url": PAGE}, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in bad.headers
    pre = client.options(
        "/api/comments", headers={"Origin": SITE_ORIGIN, "Access-Control-Request-Method": "POST"}
    )
    assert pre.status_code == 204 and "POST" in pre.headers["access-control-allow-methods"]


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"


def test_thread_takes_the_first_title_it_is_given(client, site):
    post(client, "no title yet")
    assert thread(client)["thread"]["title"] == ""
    post(client, "now with one", title="Night trains are back")
    post(client, "another title", title="Something else")
    assert thread(client)["thread"]["title"] == "Night trains are back"
