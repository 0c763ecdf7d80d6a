"""The dashboard's delivery log: rows and their state, the test-mail button (to a real SMTP
server), webhooks added, tested and rotated from the page, retries, and who sees what."""

from __future__ import annotations

import re

import pytest
from standardwebhooks import Webhook as Verifier

from salon.actions.sites import add_site
from salon.actions.users import create_user
from salon.app import create_app
from salon.db import tables as t
from salon.models import Role
from salon.notify.outbox import OutboxWorker
from tests.admin.conftest import PASSWORD, dashboard_for
from tests.notify.conftest import text_of
from tests.notify.test_webhooks import Receiver


@pytest.fixture
def app(mail_services, blog):
    create_user(mail_services, "boss@example.com", PASSWORD, Role.ADMIN)
    return create_app(mail_services.settings, mail_services)


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def test_send_test_mail_from_the_log(app, mail_services, inbox):
    boss = dashboard_for(app, "boss@example.com")
    page = boss.get("/admin/deliveries")
    assert page.status_code == 200 and "Nothing yet." in page.text
    r = boss.post("/admin/deliveries/test")
    assert r.status_code == 200 and "test mail to boss@example.com is queued" in r.text
    assert "pending" in r.text
    OutboxWorker(mail_services).drain()
    [mail] = inbox.messages
    assert mail["To"] == "boss@example.com" and mail["Subject"] == "Test mail from salon"
    assert "mail works" in text_of(mail)
    page = boss.get("/admin/deliveries?status=sent")
    assert re.search(r"<td>test</td>|<code>test</code>", page.text) and "boss@example.com" in page.text


def test_posts_need_the_csrf_token(app):
    boss = dashboard_for(app, "boss@example.com")
    r = boss.client.post("/admin/deliveries/test", follow_redirects=False)
    assert r.status_code == 403


def test_a_failed_row_can_be_retried(app, mail_services, smtp_port):
    mail_services.settings = mail_services.settings.model_copy(update={"outbox_max_attempts": 1})
    boss = dashboard_for(app, "boss@example.com")
    boss.post("/admin/deliveries/test")
    OutboxWorker(mail_services).drain()  # no SMTP server listens: fails, and one attempt is all
    page = boss.get("/admin/deliveries?status=failed")
    row_id = re.search(r"/admin/deliveries/(\d+)/retry", page.text)
    assert row_id, "a failed row offers a retry"
    r = boss.post(f"/admin/deliveries/{row_id.group(1)}/retry")
    assert r.status_code == 303
    with mail_services.db.read() as conn:
        row = conn.execute(t.outbox.select()).one()
    assert (row.status, row.attempts) == ("pending", 0)
    again = boss.post(f"/admin/deliveries/{row_id.group(1)}/retry")
    assert again.status_code == 409


def test_webhooks_from_the_page(app, mail_services, blog, receiver):
    boss = dashboard_for(app, "boss@example.com")
    r = boss.post(
        "/admin/webhooks",
        {"site": str(blog.id), "url": receiver.url, "preset": "standard", "events": ["comment.published"]},
    )
    assert r.status_code == 200
    secret = re.search(r'<code class="secret">(whsec_[^<]+)</code>', r.text).group(1)
    hook_id = re.search(r"/admin/webhooks/(\d+)/test", r.text).group(1)
    boss.post(f"/admin/webhooks/{hook_id}/test")
    OutboxWorker(mail_services).drain()
    [(headers, body)] = receiver.requests
    assert Verifier(secret).verify(body, headers)["type"] == "webhook.test"
    rotated = boss.post(f"/admin/webhooks/{hook_id}/rotate")
    new = re.search(r'<code class="secret">(whsec_[^<]+)</code>', rotated.text).group(1)
    assert new != secret
    bad = boss.post("/admin/webhooks", {"site": str(blog.id), "url": "not a url"})
    assert bad.status_code == 200 and "not usable" in bad.text


def test_a_moderator_sees_only_their_sites_rows(app, mail_services, blog, receiver):
    news, _ = add_site(mail_services, "news", ["https://news.example.org"])
    create_user(mail_services, "mod@example.com", PASSWORD, Role.MODERATOR, ["blog"])
    boss = dashboard_for(app, "boss@example.com")
    boss.post("/admin/deliveries/test")  # the install's own row: no site
    boss.post("/admin/webhooks", {"site": str(news.id), "url": receiver.url})
    mod = dashboard_for(app, "mod@example.com")
    page = mod.get("/admin/deliveries")
    assert "boss@example.com" not in page.text.split("<h2>Webhooks</h2>")[0].split("</form>", 1)[1]
    assert receiver.url not in page.text
    hook_id = re.search(r"/admin/webhooks/(\d+)/test", boss.get("/admin/deliveries").text).group(1)
    assert mod.post(f"/admin/webhooks/{hook_id}/rotate").status_code == 404
    assert mod.post("/admin/webhooks", {"site": str(news.id), "url": receiver.url}).status_code == 404
