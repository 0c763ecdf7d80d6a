"""Moderators' mail on held and reported comments: at once, or one daily digest per site, as the
site and each moderator choose; delivered by the outbox worker to a real SMTP server."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from salon.actions import moderator_mail
from salon.actions.comments import NewComment, create_comment
from salon.actions.reports import report
from salon.actions.sites import add_site, update_settings
from salon.actions.users import create_user
from salon.db import sites as site_queries
from salon.db import tables as t
from salon.db.engine import now
from salon.errors import SalonError
from salon.models import Decision, ReportReason, Role
from salon.moderation.pipeline import Context, PhaseResult
from tests.admin.conftest import dashboard_for
from tests.conftest import PAGE
from tests.notify.conftest import text_of


class HoldFlagged:
    """Holds comments that say "hold me"; publishes the rest."""

    name = "test_hold"

    def __call__(self, ctx: Context) -> PhaseResult | None:
        if "hold me" in ctx.text:
            return PhaseResult(decision=Decision.HOLD, reasons=["held by the test"])
        return None


@pytest.fixture
def mail_overrides():
    return {"admin_email": "owner@example.org"}


@pytest.fixture
def held_phases(mail_services):
    mail_services.phases = [HoldFlagged()]


def _post(services, body, url=PAGE):
    return create_comment(
        services, NewComment(url=url, body=body, author_name="Bob", client_address="1.2.3.5")
    )


def _report(services, comment_id, address="9.9.9.9", reason=ReportReason.SPAM):
    return report(services, comment_id, reason, None, address, None)


def _due_now(services):
    """The clock moves on to the digest hour: every waiting row is due."""
    with services.db.write() as conn:
        conn.execute(t.outbox.update().where(t.outbox.c.status == "pending").values(available_at=now()))


def test_each_mode_mails_held_and_reported_comments(mail_services, blog, held_phases, worker, inbox):
    held = _post(mail_services, "please hold me").comment
    fine = _post(mail_services, "a fine comment").comment
    assert worker.drain() == 1
    update_settings(mail_services, blog.id, {"report_threshold": 1}, "cli")
    _report(mail_services, fine.id, reason=ReportReason.ABUSE)
    assert worker.drain() == 1
    first, second = inbox.messages
    assert first["To"] == "owner@example.org" and first["Subject"] == "salon: A comment awaits moderation"
    assert f"/admin/comments/{held.id}" in text_of(first)
    assert second["Subject"] == "salon: A comment was reported"
    assert "was reported (abuse). It is held for review now." in text_of(second)
    assert f"/admin/comments/{fine.id}" in text_of(second)
    assert f"/admin?queue=reported&site={blog.id}" in text_of(second)


def test_daily_digest_gathers_a_days_items_into_one_mail(mail_services, blog, held_phases, worker, inbox):
    update_settings(mail_services, blog.id, {"moderator_mail": "daily", "moderator_digest_hour": 7}, "cli")
    held = [_post(mail_services, f"hold me {i}").comment for i in range(2)]
    fine = _post(mail_services, "fine").comment
    _report(mail_services, fine.id)
    _report(mail_services, fine.id, address="9.9.9.8", reason=ReportReason.HATE)
    with mail_services.db.read() as conn:
        [row] = conn.execute(select(t.outbox).where(t.outbox.c.kind == "held")).all()
    assert row.available_at.hour == 7 and row.available_at > now(), "due at the next digest hour"
    assert worker.drain() == 0 and inbox.messages == [], "nothing before the digest hour"

    _due_now(mail_services)
    assert worker.drain() == 1
    [digest] = inbox.messages
    assert digest["Subject"] == "salon: Daily digest for blog: 2 held, 2 reported"
    text = text_of(digest)
    assert all(f"/admin/comments/{c.id}" in text for c in held)
    assert "was reported (spam)" in text and "was reported (hate)" in text
    assert "<ul>" in str(digest.get_body(preferencelist=("html",)).get_content())

    # The next day's items start a new digest.
    _post(mail_services, "hold me tomorrow")
    with mail_services.db.read() as conn:
        waiting = conn.execute(select(t.outbox).where(t.outbox.c.status == "pending")).all()
    assert len(waiting) == 1 and waiting[0].payload["digest"] == "daily"


def test_each_moderator_chooses_per_site(mail_services, blog, held_phases, worker, inbox):
    news, _ = add_site(mail_services, "news", ["https://news.example.com"])
    mod = create_user(mail_services, "mod@example.org", "pw-0123456789", Role.MODERATOR, ["blog"])
    admin = create_user(mail_services, "boss@example.org", "pw-0123456789", Role.ADMIN)
    outsider = create_user(mail_services, "other@example.org", "pw-0123456789", Role.MODERATOR, ["news"])
    chosen = {str(mod.id): "daily", str(admin.id): "each", str(outsider.id): "each"}
    update_settings(mail_services, blog.id, {"moderator_mail": "off", "moderator_mail_for": chosen}, "cli")
    update_settings(mail_services, news.id, {"moderator_mail_for": {str(mod.id): "each"}}, "cli")

    _post(mail_services, "hold me on the blog")
    _post(mail_services, "hold me on the news", url="https://news.example.com/a")
    assert worker.drain() == 2, "the admin at once (blog); the owner at once (news, default each)"
    assert sorted(m["To"] for m in inbox.messages) == ["boss@example.org", "owner@example.org"]
    assert not any(m["To"] == "other@example.org" for m in inbox.messages), "not a moderator of blog"
    assert not any(m["To"] == "mod@example.org" for m in inbox.messages), "news: mod is not assigned there"

    _due_now(mail_services)
    assert worker.drain() == 1
    assert (
        inbox.messages[-1]["To"] == "mod@example.org"
        and "Daily digest for blog" in inbox.messages[-1]["Subject"]
    )


def test_settings_are_checked(mail_services, blog):
    for bad in (
        {"moderator_mail": "weekly"},
        {"moderator_digest_hour": 24},
        {"moderator_mail_for": {"ann": "daily"}},
        {"moderator_mail_for": {"3": "hourly"}},
    ):
        with pytest.raises(SalonError) as refused:
            update_settings(mail_services, blog.id, bad, "cli")
        assert refused.value.status == 422 and refused.value.field == next(iter(bad))


def test_next_digest_is_today_or_tomorrow(blog):
    site = blog.__class__(blog.id, blog.name, blog.origins, {"moderator_digest_hour": 8})
    morning = datetime(2026, 12, 2, 6, 30, tzinfo=UTC)
    evening = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    assert moderator_mail.next_digest(site, morning) == datetime(2026, 12, 2, 8, tzinfo=UTC)
    assert moderator_mail.next_digest(site, evening) == datetime(2026, 12, 3, 8, tzinfo=UTC)


def test_a_moderator_chooses_their_own_mail_in_the_dashboard(
    mail_services, mail_client, blog, held_phases, worker, inbox
):
    news, _ = add_site(mail_services, "news", ["https://news.example.com"])
    create_user(mail_services, "mod@example.org", "correct horse battery", Role.MODERATOR, ["blog"])
    mod = dashboard_for(mail_client.app, "mod@example.org")
    page = mod.get("/admin/account")
    assert f'name="mail_{blog.id}"' in page.text and f'name="mail_{news.id}"' not in page.text
    assert mod.post("/admin/account/mail", {f"mail_{blog.id}": "daily"}).status_code == 303
    assert mod.post("/admin/account/mail", {f"mail_{blog.id}": "hourly"}).status_code == 422
    ignored = mod.post("/admin/account/mail", {f"mail_{news.id}": "each"})
    assert ignored.status_code == 303, "a site the moderator does not moderate is not theirs to set"
    with mail_services.db.read() as conn:
        chosen = {s.name: s.setting("moderator_mail_for") for s in site_queries.all_sites(conn)}
    assert chosen["news"] == {} and list(chosen["blog"].values()) == ["daily"]
    with mail_services.db.read() as conn:
        logged = conn.execute(select(t.audit_log).where(t.audit_log.c.action == "moderator.mail")).one()
    assert logged.details == {"mode": "daily"}

    _post(mail_services, "hold me for the digest")
    worker.drain()
    assert [m["To"] for m in inbox.messages] == ["owner@example.org"], "the moderator waits for the digest"
    _due_now(mail_services)
    worker.drain()
    assert inbox.messages[-1]["To"] == "mod@example.org"
