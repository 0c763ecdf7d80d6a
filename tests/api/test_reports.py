"""POST /api/comments/{id}/report: one per reader, 409 on a repeat, a threshold that holds."""

from __future__ import annotations

from sqlalchemy import select

from salon.actions.sites import update_settings
from salon.db import comments as comment_queries
from salon.db import tables as t
from tests.conftest import PAGE, post


def _report(client, comment_id, reason="abuse", token=None, **extra):
    headers = {"X-Salon-Author": token} if token else {}
    return client.post(
        f"/api/comments/{comment_id}/report", json={"reason": reason, **extra}, headers=headers
    )


def _readers(client, n):
    """Author tokens of n different readers (each posts once under their own e-mail)."""
    return [
        post(client, body=f"reader {i} says hi", name=f"R{i}", author={"email": f"r{i}@example.com"}).json()[
            "author_token"
        ]
        for i in range(n)
    ]


def test_report_returns_id_and_count(client, site):
    cid = post(client, body="questionable").json()["id"]
    response = _report(client, cid, "spam", note="selling watches")
    assert response.status_code == 201
    body = response.json()
    assert body["report_count"] == 1 and isinstance(body["id"], int)


def test_one_report_per_reader(client, site):
    cid = post(client, body="questionable", author={"email": "w@example.com"}).json()["id"]
    assert _report(client, cid).status_code == 201
    again = _report(client, cid, "hate")
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_reported"
    token = _readers(client, 1)[0]
    assert _report(client, cid, token=token).json()["report_count"] == 2
    assert _report(client, cid, token=token).status_code == 409


def test_threshold_holds_a_published_comment(services, client, site):
    cid = post(client, body="questionable", author={"email": "w@example.com"}).json()["id"]
    tokens = _readers(client, 3)
    assert _report(client, cid, token=tokens[0]).status_code == 201
    assert _report(client, cid, "hate", token=tokens[1]).status_code == 201
    assert cid in [c["id"] for c in client.get("/api/comments", params={"url": PAGE}).json()["comments"]]
    assert _report(client, cid, "threat", token=tokens[2]).json()["report_count"] == 3
    with services.db.read() as conn:
        row = comment_queries.get(conn, cid)
        record = conn.execute(
            select(t.moderation_records)
            .where(t.moderation_records.c.comment_id == cid)
            .order_by(t.moderation_records.c.id.desc())
        ).first()
        author = conn.execute(select(t.authors).where(t.authors.c.id == row.author_id)).one()
    assert row.status == "pending" and row.report_count == 3
    assert "3 reader reports" in row.moderation["reasons"][-1] and row.moderation["phase"] == "reports"
    assert record.status == "pending" and record.phase == "reports"
    assert author.reported_count == 3
    page = client.get("/api/comments", params={"url": PAGE}).json()
    assert cid not in [c["id"] for c in page["comments"]]
    # A held comment can no longer be reported.
    assert _report(client, cid, token=_readers(client, 1)[0]).status_code == 404


def test_site_threshold_setting(services, client, site):
    update_settings(services, site.id, {"report_threshold": 1}, "test")
    cid = post(client, body="questionable", author={"email": "w@example.com"}).json()["id"]
    _report(client, cid)
    with services.db.read() as conn:
        assert comment_queries.get(conn, cid).status == "pending"


def test_refusals(client, site):
    own = post(client, body="mine")
    token = own.json()["author_token"]
    assert _report(client, own.json()["id"], token=token).status_code == 403
    assert _report(client, 987654).status_code == 404
    bad = _report(client, own.json()["id"], "boring")
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "reason"
    assert _report(client, own.json()["id"], note="x" * 1001).status_code == 422
    extra = client.post(f"/api/comments/{own.json()['id']}/report", json={"reason": "spam", "x": 1})
    assert extra.status_code == 422
