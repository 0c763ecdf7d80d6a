"""Each decision's effect on the database, the audit log, moderation records and cached pages."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from salon.actions import decisions
from salon.db import authors as author_queries
from salon.db import comments as comment_queries
from salon.db import tables as t
from salon.db import threads as thread_queries
from salon.errors import SalonError
from tests.admin.conftest import OTHER_PAGE, held_comment
from tests.conftest import PAGE, post


def _row(services, comment_id):
    with services.db.read() as conn:
        return comment_queries.get(conn, comment_id)


def _audit(services, action):
    with services.db.read() as conn:
        return list(conn.execute(select(t.audit_log).where(t.audit_log.c.action == action)))


def _records(services, comment_id):
    mr = t.moderation_records
    with services.db.read() as conn:
        return list(conn.execute(select(mr).where(mr.c.comment_id == comment_id).order_by(mr.c.id)))


@pytest.fixture
def events(services):
    seen: list[dict] = []
    services.events.subscribe(seen.append)
    return seen


def _public_ids(client, url=PAGE):
    return [c["id"] for c in client.get("/api/comments", params={"url": url}).json()["comments"]]


def test_approve_publishes_records_audits_and_drops_the_cache(services, client, site, admin_user, events):
    cid = held_comment(services, client)
    assert cid not in _public_ids(client)  # the page is now cached without it
    row = decisions.approve(services, admin_user, cid)
    assert row.status == "published"
    assert cid in _public_ids(client)
    with services.db.read() as conn:
        assert thread_queries.get(conn, row.thread_id).comment_count == 1
        assert author_queries.get(conn, row.author_id).published_count >= 1
    record = _records(services, cid)[-1]
    assert record.actor == f"user:{admin_user.id}" and record.decision == "publish"
    assert record.status == "published" and record.phase == "moderator"
    assert record.scores["insult"] == pytest.approx(0.91) and record.spans[0]["begin"] == 4
    audit = _audit(services, "comment.approve")[-1]
    assert audit.actor == f"user:{admin_user.id}" and audit.target_id == str(cid)
    assert audit.details["from"] == "pending" and audit.details["to"] == "published"
    moderated = [e for e in events if e["type"] == "comment.moderated"]
    assert moderated[-1]["url"] == PAGE and moderated[-1]["status"] == "published"


def test_reject_with_a_message_for_the_author(services, client, site, admin_user):
    cid = held_comment(services, client)
    decisions.reject(services, admin_user, cid, "Please keep it civil.")
    row = _row(services, cid)
    assert row.status == "rejected" and row.moderation["message"] == "Please keep it civil."
    with services.db.read() as conn:
        assert author_queries.get(conn, row.author_id).rejected_count == 1
    assert _records(services, cid)[-1].decision == "reject"
    assert _audit(services, "comment.reject")[-1].reason == "Please keep it civil."


def test_spam_and_back(services, client, site, admin_user):
    response = post(client, body="a fine comment")
    cid = response.json()["id"]
    decisions.mark_spam(services, admin_user, cid)
    assert _row(services, cid).status == "spam"
    assert cid not in _public_ids(client)
    with services.db.read() as conn:
        assert thread_queries.get(conn, _row(services, cid).thread_id).comment_count == 0
    assert _records(services, cid)[-1].status == "spam"
    decisions.approve(services, admin_user, cid)
    assert cid in _public_ids(client)


def test_decisions_resolve_open_reports(services, client, site, admin_user):
    cid = post(client, body="reported text").json()["id"]
    client.post(f"/api/comments/{cid}/report", json={"reason": "abuse"})
    decisions.approve(services, admin_user, cid)
    with services.db.read() as conn:
        rows = list(conn.execute(select(t.reports.c.resolved_at).where(t.reports.c.comment_id == cid)))
    assert rows and all(r.resolved_at is not None for r in rows)
    assert _audit(services, "comment.approve")[-1].details["reports_resolved"] == 1


def test_edit_keeps_the_old_text_in_the_audit_log(services, client, site, admin_user):
    cid = held_comment(services, client, body="call me on 555-1234 you idiot")
    row = decisions.edit(services, admin_user, cid, "call me you **idiot**", "phone number")
    assert row.body == "call me you **idiot**" and "<strong>idiot</strong>" in row.html
    assert row.edited_at is not None and row.moderation["spans"] == []
    audit = _audit(services, "comment.edit")[-1]
    assert audit.details["old_body"].startswith("call me on 555") and audit.reason == "phone number"
    with pytest.raises(SalonError):
        decisions.edit(services, admin_user, cid, "   ")


def test_pin_and_lock(services, client, site, admin_user):
    top = post(client, body="top level").json()["id"]
    reply = post(client, body="a reply", parent_id=top).json()["id"]
    decisions.pin(services, admin_user, top)
    assert _row(services, top).pinned
    assert client.get("/api/comments", params={"url": PAGE}).json()["comments"][0]["pinned"] is True
    with pytest.raises(SalonError) as info:
        decisions.pin(services, admin_user, reply)
    assert info.value.status == 409
    decisions.pin(services, admin_user, top, pinned=False)
    assert not _row(services, top).pinned
    thread_id = _row(services, top).thread_id
    decisions.lock_thread(services, admin_user, thread_id)
    assert client.get("/api/comments", params={"url": PAGE}).json()["thread"]["locked"] is True
    decisions.lock_thread(services, admin_user, thread_id, locked=False)
    assert [a.action for a in _audit(services, "thread.lock")] == ["thread.lock"]
    assert len(_audit(services, "thread.unlock")) == 1
    assert len(_audit(services, "comment.pin")) == 1


def test_bulk_skips_what_the_moderator_cannot_reach(services, client, site, other_site, mod_user):
    a = held_comment(services, client)
    b = held_comment(services, client, body="another idiot remark")
    c = held_comment(services, client, url=OTHER_PAGE)
    result = decisions.bulk(services, mod_user, "approve", [a, b, c, 999999])
    assert sorted(result.done) == [a, b]
    assert set(result.skipped) == {c, 999999}
    assert _row(services, c).status == "pending"
    assert all(r.actor == f"user:{mod_user.id}" for r in _records(services, a)[-1:])


def test_everything_by_one_author(services, client, site, admin_user):
    first = post(client, body="first").json()
    token = {"X-Salon-Author": first["author_token"]}
    second = held_comment(services, client, body="second idiot", headers=token)
    other = post(client, body="bystander", name="Bea").json()["id"]
    author_id = _row(services, first["id"]).author_id
    result = decisions.by_author(services, admin_user, author_id, "spam")
    assert sorted(result.done) == sorted([first["id"], second])
    assert _row(services, other).status == "published"
    assert {_row(services, i).status for i in result.done} == {"spam"}


def test_decide_through_htmx_returns_the_item(services, client, site, as_admin):
    cid = held_comment(services, client)
    response = as_admin.post(
        f"/admin/comments/{cid}/decide", {"action": "reject", "message": "no"}, htmx=True
    )
    assert response.status_code == 200
    assert f'id="item-{cid}"' in response.text and 'data-done="reject"' in response.text
    assert response.headers["X-Frame-Options"] == "DENY"
    bad = as_admin.post(f"/admin/comments/{cid}/decide", {"action": "explode"}, htmx=True)
    assert bad.status_code == 422


def test_bulk_through_htmx_swaps_items_out_of_band(services, client, site, as_admin):
    ids = [held_comment(services, client, body=f"idiot number {i}") for i in range(3)]
    response = as_admin.post("/admin/bulk", {"action": "spam", "ids": ids}, htmx=True)
    assert response.status_code == 200
    for cid in ids:
        assert f'id="item-{cid}"' in response.text
    assert len(re.findall(r'<article [^>]*hx-swap-oob="true"', response.text)) == 3
    assert "3 marked spam" in response.text
    assert as_admin.post("/admin/bulk", {"action": "spam"}).status_code == 422


def test_edit_page(services, client, site, as_admin):
    cid = held_comment(services, client)
    assert "<textarea" in as_admin.get(f"/admin/comments/{cid}/edit").text
    response = as_admin.post(f"/admin/comments/{cid}/edit", {"body": "cleaned up", "reason": "tone"})
    assert response.status_code == 303
    assert _row(services, cid).body == "cleaned up"
    assert as_admin.post(f"/admin/comments/{cid}/edit", {"body": " "}).status_code == 422


def test_author_counters_follow_changes_of_mind(services, client, site, admin_user):
    cid = post(client, body="a comment the moderators change their mind about").json()["id"]

    def counts():
        with services.db.read() as conn:
            author = author_queries.get(conn, _row(services, cid).author_id)
            thread = thread_queries.get(conn, _row(services, cid).thread_id)
        return author.published_count, author.rejected_count, thread.comment_count

    assert counts() == (1, 0, 1)
    decisions.reject(services, admin_user, cid)
    assert counts() == (0, 1, 0)
    decisions.approve(services, admin_user, cid)
    assert counts() == (1, 0, 1)
    decisions.mark_spam(services, admin_user, cid)
    assert counts() == (0, 1, 0)


def test_the_author_reads_why_a_comment_was_rejected(services, client, site, admin_user):
    mine = post(client, body="my comment that a moderator turns down").json()
    decisions.reject(services, admin_user, mine["id"], "Please stay on the topic of the article.")
    public = client.get("/api/comments", params={"url": PAGE}).json()
    assert mine["id"] not in [c["id"] for c in public["comments"]]
    own = client.get("/api/comments", params={"url": PAGE}, headers={"X-Salon-Author": mine["author_token"]})
    [node] = [c for c in own.json()["comments"] if c["id"] == mine["id"]]
    assert node["status"] == "rejected" and node["own"] is True
    assert node["message"] == "Please stay on the topic of the article."


def test_spam_is_not_shown_back_to_its_author(services, client, site, admin_user):
    mine = post(client, body="buy cheap watches at my shop today").json()
    decisions.mark_spam(services, admin_user, mine["id"])
    own = client.get("/api/comments", params={"url": PAGE}, headers={"X-Salon-Author": mine["author_token"]})
    assert mine["id"] not in [c["id"] for c in own.json()["comments"]]
