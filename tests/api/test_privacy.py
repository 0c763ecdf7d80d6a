"""A reader's own copy and erasure requests from the widget, with their author token."""

from __future__ import annotations

from sqlalchemy import select

from salon.db import tables as t
from tests.conftest import PAGE, post


def _audit(services, action):
    with services.db.read() as conn:
        return list(conn.execute(select(t.audit_log).where(t.audit_log.c.action == action)))


def _me(client):
    first = post(client, body="Quill's first word", name="Quentin Quill").json()
    token = first["author_token"]
    lonely = post(client, body="Quill's lonely word", name="Quentin Quill", headers={"X-Salon-Author": token})
    reply = post(client, body="Rita answers", name="Rita", parent_id=first["id"]).json()
    return token, first, lonely.json(), reply


def test_a_copy_of_their_own_data(services, client, site):
    token, _, _, _ = _me(client)
    response = client.post("/api/me/data", json={"url": PAGE}, headers={"X-Salon-Author": token})
    assert response.status_code == 200, response.text
    data = response.json()
    assert {c["body"] for c in data["comments"]} == {"Quill's first word", "Quill's lonely word"}
    assert "Rita answers" not in response.text
    [row] = _audit(services, "author.export")
    assert row.actor == f"author:{data['authors'][0]['id']}" and row.details["comments"] == 2


def test_erasure_by_the_reader(services, client, site):
    token, first, lonely, reply = _me(client)
    headers = {"X-Salon-Author": token}
    refused = client.post("/api/me/erase", json={"url": PAGE, "confirm": False}, headers=headers)
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "not_confirmed"
    response = client.post("/api/me/erase", json={"url": PAGE, "confirm": True}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "authors": 1,
        "comments_deleted": 1,
        "comments_kept_as_placeholder": 1,
        "votes": 0,
        "reports": 0,
    }
    with services.db.read() as conn:
        left = {r.id: r for r in conn.execute(select(t.comments))}
    assert lonely["id"] not in left and left[first["id"]].status == "deleted"
    assert left[first["id"]].body == "" and left[reply["id"]].body == "Rita answers"
    [row] = _audit(services, "author.erase")
    assert row.actor == "author:erased"
    # the token names nobody now
    again = client.post("/api/me/data", json={"url": PAGE}, headers=headers)
    assert again.status_code == 401


def test_without_a_genuine_token_nothing_happens(services, client, site):
    token, _, _, _ = _me(client)
    for headers in ({}, {"X-Salon-Author": "not-a-token"}, {"X-Salon-Author": token[:-2] + "xx"}):
        for path, body in (
            ("/api/me/data", {"url": PAGE}),
            ("/api/me/erase", {"url": PAGE, "confirm": True}),
        ):
            response = client.post(path, json=body, headers=headers)
            assert response.status_code == 401 and response.json()["error"]["code"] == "not_signed_in"
    assert (
        client.post(
            "/api/me/data", json={"url": "https://elsewhere.example/x"}, headers={"X-Salon-Author": token}
        ).status_code
        == 404
    )
    assert (
        client.post("/api/me/data", json={"url": "not a url"}, headers={"X-Salon-Author": token}).status_code
        == 400
    )
    assert client.post("/api/me/data", json={"url": PAGE, "extra": 1}).status_code == 422
    assert client.post("/api/me/erase", json={"url": PAGE, "confirm": "yes"}).status_code == 422
    assert not _audit(services, "author.erase")
