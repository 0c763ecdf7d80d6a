"""EU DSA notice and action through the API, the plain pages and the dashboard: a notice with
the required fields, a decision with a statement of reasons the author sees with an appeal link,
the appeal, its decision, and the CSV transparency export."""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import select

from salon.db import comments as comment_queries
from salon.db import tables as t
from tests.conftest import PAGE, post

NOTICE = {
    "explanation": "This comment publishes a private person's home address and calls for harassment.",
    "name": "Nina Notifier",
    "email": "nina@example.org",
    "good_faith": True,
}
STATEMENT = {
    "action": "reject",
    "facts": "The comment gives a named person's home address and urges readers to go there.",
    "ground_type": "legal",
    "ground": "Doxxing: publication of personal data, GDPR art. 6 and national criminal law",
    "automated_detection": "true",
}


def _own(client, token):
    data = client.get("/api/comments", params={"url": PAGE}, headers={"X-Salon-Author": token}).json()
    return {c["id"]: c for c in data["comments"]}


def test_a_notice_needs_every_required_field(services, client, site):
    cid = post(client, body="Some comment").json()["id"]
    url = f"/api/comments/{cid}/notice"
    for change, code in (
        ({"good_faith": False}, "good_faith_required"),
        ({"explanation": "too short"}, "bad_explanation"),
        ({"email": "not-an-address"}, "bad_email"),
        ({"name": "  "}, "bad_name"),
    ):
        r = client.post(url, json={**NOTICE, **change})
        assert r.status_code == 422 and r.json()["error"]["code"] == code, (change, r.text)
    assert client.post(url, json={k: v for k, v in NOTICE.items() if k != "good_faith"}).status_code == 422
    assert client.post("/api/comments/99999/notice", json=NOTICE).status_code == 404
    r = client.post(url, json=NOTICE)
    assert r.status_code == 201 and r.json()["location"] == f"{PAGE}#salon-c-{cid}"
    with services.db.read() as conn:
        row = conn.execute(select(t.dsa_notices)).one()
    assert row.notifier_email == "nina@example.org" and row.good_faith and row.comment_id == cid


def test_notice_statement_appeal_and_export(services, client, site, as_admin):
    posted = post(client, body="Here is where she lives: 12 Example Street. Go visit.").json()
    cid, token = posted["id"], posted["author_token"]
    notice_id = client.post(f"/api/comments/{cid}/notice", json=NOTICE).json()["id"]
    page = as_admin.get("/admin/notices").text
    assert f'data-notice="{notice_id}"' in page and "home address and calls for harassment" in page

    bad = as_admin.post(f"/admin/comments/{cid}/statement", {**STATEMENT, "ground_type": "vibes"})
    assert bad.status_code == 422
    r = as_admin.post(f"/admin/comments/{cid}/statement", STATEMENT)
    assert r.status_code == 303
    with services.db.read() as conn:
        assert comment_queries.get(conn, cid).status == "rejected"
        st = conn.execute(select(t.statements)).one()
        notice = conn.execute(select(t.dsa_notices)).one()
    assert st.ground_type == "legal" and st.automated_detection and not st.automated_decision
    assert notice.decided_at is not None and notice.statement_id == st.id and st.notice_id == notice_id
    assert "No open notices." in as_admin.get("/admin/notices").text

    # The author sees the statement beside their comment, with the appeal link.
    message = _own(client, token)[cid]["message"]
    assert "Facts: The comment gives" in message and "Grounds (the law)" in message
    link = re.search(r"/embed/appeal/([\w-]+)", message)
    assert link
    appeal_page = client.get(f"/embed/appeal/{link.group(1)}")
    assert (
        appeal_page.status_code == 200
        and "Doxxing" in appeal_page.text
        and "followed a notice" in appeal_page.text
    )
    assert client.get("/embed/appeal/not-a-token").status_code == 404
    assert client.post(f"/embed/appeal/{link.group(1)}", data={"text": "short"}).status_code == 422
    sent = client.post(
        f"/embed/appeal/{link.group(1)}", data={"text": "That address is a public shop, not a home."}
    )
    assert sent.status_code == 201 and "Your appeal was received" in sent.text
    assert (
        client.post(f"/embed/appeal/{link.group(1)}", data={"text": "Again, please look."}).status_code == 409
    )

    appeals = as_admin.get("/admin/appeals").text
    found = re.search(r'data-appeal="(\d+)"', appeals)
    assert found and "a public shop" in appeals
    assert as_admin.post(f"/admin/appeals/{found.group(1)}/decide", {"outcome": "maybe"}).status_code == 422
    r = as_admin.post(f"/admin/appeals/{found.group(1)}/decide", {"outcome": "reversed", "note": "a shop"})
    assert r.status_code == 303
    with services.db.read() as conn:
        assert comment_queries.get(conn, cid).status == "published"
        actions = {r[0] for r in conn.execute(select(t.audit_log.c.action))}
    assert {"notice.filed", "statement.issued", "appeal.filed", "appeal.reversed"} <= actions

    export = as_admin.get("/admin/transparency.csv")
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert len(rows) == 1
    row = rows[0]
    assert (
        row["decision"] == "reject" and row["ground_type"] == "legal" and row["notice_id"] == str(notice_id)
    )
    assert row["automated_detection"] == "true" and row["automated_decision"] == "false"
    assert row["appeal_outcome"] == "reversed" and row["appealed_at"]
    assert "nina@example.org" not in export.text and "Nina" not in export.text


def test_the_plain_notice_page_works_without_javascript(services, client, site):
    cid = post(client, body="A comment to report").json()["id"]
    form = client.get("/embed/notice", params={"comment": cid})
    assert form.status_code == 200 and 'name="good_faith"' in form.text and 'name="explanation"' in form.text
    missing = client.post(
        "/embed/notice", data={"comment": cid, **{k: v for k, v in NOTICE.items() if k != "good_faith"}}
    )
    assert missing.status_code == 422 and "good faith" in missing.text and NOTICE["name"] in missing.text
    ok = client.post("/embed/notice", data={"comment": cid, **NOTICE, "good_faith": "true"})
    assert ok.status_code == 201 and "was received" in ok.text
    assert client.get("/embed/notice", params={"comment": 4242}).status_code == 404
