"""Data-subject requests: an author's data exported, then erased from every table."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from salon.actions.comments import NewComment, create_comment
from salon.actions.identity import email_hash
from salon.actions.reports import report as report_comment
from salon.actions.subjects import erase_subject, export_subject
from salon.actions.votes import vote
from salon.db import tables as t
from salon.db.engine import now
from salon.errors import SalonError
from salon.models import ReportReason
from tests.conftest import PAGE
from tests.importers.support import comments, rows, run

NAME, EMAIL, SITE = "Quentin Quill", "quentin@example.org", "https://quill.example.net"


def _everything(services) -> list[str]:
    """Every value of every row in every table, as text."""
    out = []
    with services.db.read() as conn:
        for table in t.metadata.sorted_tables:
            for row in conn.execute(select(table)):
                out.extend(json.dumps(v, default=str) if isinstance(v, dict | list) else str(v) for v in row)
    return out


@pytest.fixture
def history(services, site):
    other = create_comment(
        services,
        NewComment(url=PAGE, body="Someone else's words", author_name="Rita", client_address="192.0.2.2"),
    )
    mine = create_comment(
        services,
        NewComment(
            url=PAGE,
            body="Quentin's first thought",
            author_name=NAME,
            client_address="192.0.2.77",
            author_email=EMAIL,
            author_website=SITE,
        ),
    )
    lonely = create_comment(
        services,
        NewComment(
            url=PAGE,
            body="Quentin's second thought",
            author_name=NAME,
            client_address="192.0.2.77",
            author_email=EMAIL,
            author_website=SITE,
            author_token=mine.author_token,
        ),
    )
    reply = create_comment(
        services,
        NewComment(
            url=PAGE,
            body="Rita answers Quentin",
            author_name="Rita",
            client_address="192.0.2.2",
            parent_id=mine.comment.id,
        ),
    )
    vote(services, other.comment.id, 1, "192.0.2.77", mine.author_token)
    report_comment(
        services, other.comment.id, ReportReason.SPAM, "Quentin thinks so", "192.0.2.77", mine.author_token
    )
    with services.db.write() as conn:
        conn.execute(
            t.sanctions.insert().values(
                site_id=site.id,
                author_id=mine.comment.author_id,
                kind="warn",
                reason="calm down",
                created_at=now(),
            )
        )
    return {"mine": mine, "lonely": lonely, "reply": reply, "other": other}


def test_export_holds_everything(services, site, history):
    data = export_subject(services, site, token=history["mine"].author_token)
    assert {c["body"] for c in data["comments"]} == {"Quentin's first thought", "Quentin's second thought"}
    assert data["authors"][0]["id"] == history["mine"].comment.author_id
    assert len(data["votes_cast"]) == 1 and len(data["reports_made"]) == 1
    assert data["sanctions"][0]["reason"] == "calm down"
    assert len(data["moderation_records"]) == 2
    json.dumps(data)  # JSON-ready


def test_erase_leaves_nothing_in_any_table(services, site, history):
    mine = history["mine"]
    done = erase_subject(services, site, token=mine.author_token)
    assert done["comments_kept_as_placeholder"] == 1 and done["comments_deleted"] == 1
    everything = _everything(services)
    client = services.keyed_hash("addr", "192.0.2.77")
    for needle in (
        NAME,
        email_hash(services, EMAIL),
        SITE,
        "Quentin's",
        "Quentin thinks",
        client,
        f"author:{mine.comment.author_id}",
        "calm down",
    ):
        assert not [v for v in everything if needle in v], f"{needle!r} is still stored"
    assert not [a for a in rows(services, t.authors) if a.id == mine.comment.author_id]
    placeholder = {c.id: c for c in rows(services, t.comments)}[mine.comment.id]
    assert placeholder.status == "deleted" and placeholder.body == "" and placeholder.author_id is None
    reply = {c.id: c for c in rows(services, t.comments)}[history["reply"].comment.id]
    assert (
        reply.parent_id == mine.comment.id and reply.body == "Rita answers Quentin"
    )  # the reply keeps its place
    assert history["lonely"].comment.id not in {c.id for c in rows(services, t.comments)}
    assert [a.action for a in rows(services, t.audit_log) if a.action == "author.erase"] == ["author.erase"]


def test_erase_by_email_reaches_imported_guests(services, site):
    run(services, site, "disqus.xml")
    erase_subject(services, site, email="ANN@example.com ")
    left = comments(services)
    assert "6" not in left  # no replies: gone
    assert (
        left["1"].status == "deleted" and left["1"].author_name == "" and left["2"].parent_id == left["1"].id
    )
    assert email_hash(services, "ann@example.com") not in _everything(services)


def test_a_request_must_name_someone(services, site):
    with pytest.raises(SalonError) as exc:
        erase_subject(services, site)
    assert exc.value.status == 422
    with pytest.raises(SalonError):
        export_subject(services, site, token="forged")


def test_address_hashes_expire(services, site):
    from datetime import timedelta

    from salon.actions.subjects import forget_addresses
    from salon.db.engine import now

    old = create_comment(
        services, NewComment(url=PAGE, body="old words", author_name="Old", client_address="192.0.2.5")
    )
    new = create_comment(
        services, NewComment(url=PAGE, body="new words", author_name="New", client_address="192.0.2.6")
    )
    with services.db.write() as conn:
        conn.execute(
            t.comments.update()
            .where(t.comments.c.id == old.comment.id)
            .values(created_at=now() - timedelta(days=91))
        )
    assert forget_addresses(services, 90) == 1
    hashes = {c.id: c.client_hash for c in rows(services, t.comments)}
    assert hashes[old.comment.id] is None and hashes[new.comment.id] is not None
    with pytest.raises(SalonError):
        forget_addresses(services, 0)
