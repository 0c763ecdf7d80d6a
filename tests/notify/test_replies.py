"""Reply mail through a real SMTP server: opt-in, double opt-in, no mail before publication,
none to the reply's author, digests after a quiet period, RFC 8058 unsubscribe, the manage page,
the reader's language and a site's own templates."""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from salon.actions import decisions
from salon.actions.users import create_user, moderator_for
from salon.db import outbox as outbox_queries
from salon.db import tables as t
from salon.models import Decision, Role
from salon.moderation.pipeline import Context, PhaseResult
from tests.conftest import PAGE, post
from tests.notify.conftest import html_of, text_of

ANN = "ann@example.org"
BOB = "bob@example.org"


class HoldEverything:
    name = "test_hold"

    def __call__(self, ctx: Context) -> PhaseResult:
        return PhaseResult(decision=Decision.HOLD, reasons=["held by the test"])


def _link(text: str, path: str) -> str:
    found = re.search(rf"https://comments\.example\.org{path}\?t=\S+", text)
    assert found, f"no {path} link in {text!r}"
    return found.group(0)


def _token(url: str) -> str:
    return parse_qs(urlsplit(url).query)["t"][0]


def _subscribe(client, worker, inbox, email=ANN, notify="replies", locale=None, body="First!"):
    extra = {"locale": locale} if locale else {}
    r = post(client, body, "Ann", author={"email": email}, notify=notify, **extra)
    assert r.status_code == 201, r.text
    worker.drain()
    return r.json()


def _confirm(client, inbox, email=ANN):
    [mail] = inbox.to(email)
    url = _link(text_of(mail), "/notify/confirm")
    page = client.get(url.replace("https://comments.example.org", ""))
    assert page.status_code == 200 and "<form" in page.text, "GET only asks: scanners follow links"
    done = client.post("/notify/confirm", data={"t": _token(url)})
    assert done.status_code == 200
    inbox.messages.clear()


def _reply(client, parent_id, name="Bob", email=BOB, body="I disagree, politely."):
    r = post(client, body, name, author={"email": email} if email else {}, parent_id=parent_id)
    assert r.status_code == 201, r.text
    return r.json()


def test_opting_in_sends_only_a_confirmation_until_confirmed(mail_client, worker, inbox):
    mine = _subscribe(mail_client, worker, inbox)
    [mail] = inbox.messages
    assert mail["To"] == ANN and "Confirm your address" in mail["Subject"]
    assert "/notify/confirm?t=" in html_of(mail)
    inbox.messages.clear()
    _reply(mail_client, mine["id"])
    worker.drain()
    assert inbox.messages == [], "nothing but the confirmation before the address is confirmed"
    _subscribe(mail_client, worker, inbox, body="Second, same address")
    assert inbox.messages == [], "a second wish within a day sends no second confirmation"


def test_a_confirmed_reader_gets_one_mail_per_reply_with_unsubscribe(mail_client, worker, inbox):
    mine = _subscribe(mail_client, worker, inbox)
    _confirm(mail_client, inbox)
    reply = _reply(mail_client, mine["id"])
    worker.drain()
    [mail] = inbox.messages
    assert mail["To"] == ANN and mail["Subject"].startswith("A new reply on")
    assert "Bob replied to you" in text_of(mail) and "I disagree, politely." in text_of(mail)
    assert f"#salon-c-{reply['id']}" in html_of(mail) and "<p>I disagree, politely.</p>" in html_of(mail)
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = mail["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith("https://comments.example.org/notify/unsubscribe?t=")
    assert "/notify/manage?t=" in text_of(mail)
    worker.drain()
    assert len(inbox.messages) == 1, "exactly one mail"


def test_off_by_default(mail_client, worker, inbox):
    r = post(mail_client, "First!", "Ann", author={"email": ANN})
    assert r.status_code == 201
    _reply(mail_client, r.json()["id"])
    worker.drain()
    assert inbox.messages == []
    with worker._services.db.read() as conn:
        assert conn.execute(t.subscriptions.select()).first() is None


def test_asking_without_an_address_is_a_clear_422(mail_client):
    r = post(mail_client, "First!", "Ann", notify="replies")
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "email_needed" and r.json()["error"]["field"] == "author.email"
    r = post(mail_client, "First!", "Ann", author={"email": "not an address"}, notify="thread")
    assert r.status_code == 422 and r.json()["error"]["code"] == "bad_email"
    r = post(mail_client, "First!", "Ann", author={"email": ANN}, notify="always")
    assert r.status_code == 422


def test_no_mail_before_the_reply_is_published(mail_client, mail_services, worker, inbox):
    mine = _subscribe(mail_client, worker, inbox)
    _confirm(mail_client, inbox)
    mail_services.phases = [HoldEverything()]
    held = _reply(mail_client, mine["id"])
    assert held["status"] == "pending"
    worker.drain()
    assert inbox.messages == [], "a held reply sends nothing"
    boss = moderator_for(mail_services, create_user(mail_services, "boss@example.com", "x" * 12, Role.ADMIN))
    decisions.approve(mail_services, boss, held["id"])
    worker.drain()
    [mail] = inbox.messages
    assert "I disagree, politely." in text_of(mail)


def test_a_reply_rejected_before_the_digest_goes_is_left_out(mail_client, mail_services, worker, inbox):
    mail_services.settings = mail_services.settings.model_copy(update={"reply_quiet_seconds": 3600})
    mine = _subscribe(mail_client, worker, inbox)
    _confirm(mail_client, inbox)
    reply = _reply(mail_client, mine["id"])
    boss = moderator_for(mail_services, create_user(mail_services, "boss@example.com", "x" * 12, Role.ADMIN))
    decisions.reject(mail_services, boss, reply["id"])
    with mail_services.db.write() as conn:
        conn.execute(t.outbox.update().values(available_at=t.outbox.c.created_at))
    worker.drain()
    assert inbox.messages == []
    with mail_services.db.read() as conn:
        [row] = [r for r in outbox_queries.recent(conn, None, 10) if r.kind == "replies"]
    assert row.status == "skipped"


def test_none_to_the_replys_own_author(mail_client, worker, inbox):
    """Ann follows the whole thread; her own later comment in it mails nobody."""
    mine = _subscribe(mail_client, worker, inbox, notify="thread")
    _confirm(mail_client, inbox)
    _reply(mail_client, mine["id"], name="Ann", email=ANN, body="Answering myself.")
    post(mail_client, "A new top-level comment from Ann", "Ann", author={"email": ANN})
    worker.drain()
    assert inbox.messages == []
    _reply(mail_client, mine["id"], name="Bob", email=None, body="Bob, without an address.")
    worker.drain()
    assert len(inbox.to(ANN)) == 1


def test_replies_to_my_comment_only_not_to_others(mail_client, worker, inbox):
    mine = _subscribe(mail_client, worker, inbox)
    _confirm(mail_client, inbox)
    other = post(mail_client, "Someone else's comment", "Cy").json()
    _reply(mail_client, other["id"])
    worker.drain()
    assert inbox.messages == [], "a reply to someone else is not a reply to me"
    _reply(mail_client, mine["id"])
    worker.drain()
    assert len(inbox.messages) == 1


@pytest.fixture
def mail_overrides():
    return {}


def test_digest_after_a_quiet_period(mail_client, mail_services, worker, inbox):
    mail_services.settings = mail_services.settings.model_copy(update={"reply_quiet_seconds": 1})
    mine = _subscribe(mail_client, worker, inbox, notify="thread")
    _confirm(mail_client, inbox)
    for i in range(3):
        _reply(mail_client, mine["id"], name=f"Reader {i}", email=None, body=f"Reply number {i}")
        worker.drain()
    assert inbox.messages == [], "replies keep coming: the digest waits"
    time.sleep(1.2)
    worker.drain()
    [mail] = inbox.messages
    assert mail["Subject"].startswith("3 new replies on")
    text = text_of(mail)
    assert all(f"Reply number {i}" in text for i in range(3))
    assert text.index("Reply number 0") < text.index("Reply number 2")


def test_digest_waits_no_longer_than_the_maximum(mail_client, mail_services, worker, inbox):
    mail_services.settings = mail_services.settings.model_copy(
        update={"reply_quiet_seconds": 3600, "reply_max_wait_seconds": 0}
    )
    mine = _subscribe(mail_client, worker, inbox)
    _confirm(mail_client, inbox)
    _reply(mail_client, mine["id"], body="one")
    _reply(mail_client, mine["id"], body="two")
    worker.drain()
    assert len(inbox.messages) == 1 and "2 new replies" in inbox.messages[0]["Subject"]


def test_one_click_unsubscribe_rfc8058(mail_client, worker, inbox):
    mine = _subscribe(mail_client, worker, inbox, notify="thread")
    _confirm(mail_client, inbox)
    _reply(mail_client, mine["id"])
    worker.drain()
    [mail] = inbox.messages
    url = mail["List-Unsubscribe"].strip("<>").replace("https://comments.example.org", "")
    page = mail_client.get(url)
    assert page.status_code == 200 and "Stop" in page.text
    r = mail_client.post(
        url,
        content="List-Unsubscribe=One-Click",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 200 and "no more mails" in r.text
    inbox.messages.clear()
    _reply(mail_client, mine["id"], body="After unsubscribing")
    post(mail_client, "And a new top-level one", "Cy")
    worker.drain()
    assert inbox.messages == []


def test_forged_or_foreign_tokens_are_refused(mail_client, worker, inbox):
    for path in ("/notify/unsubscribe", "/notify/manage", "/notify/confirm"):
        r = mail_client.post(f"{path}?t=not-a-token", data={"subscription": "all"})
        assert r.status_code == 400 and "not valid" in r.text
        assert mail_client.get(f"{path}?t=x.y").status_code == 400
    _subscribe(mail_client, worker, inbox)
    [mail] = inbox.messages
    confirm = _token(_link(text_of(mail), "/notify/confirm"))
    assert mail_client.post("/notify/unsubscribe", data={"t": confirm}).status_code == 400, (
        "a confirmation token is not an unsubscribe token"
    )


def test_manage_page_lists_and_removes(mail_client, worker, inbox):
    mine = _subscribe(mail_client, worker, inbox)
    _confirm(mail_client, inbox)
    _subscribe(mail_client, worker, inbox, notify="thread", body="Following all of it")
    _reply(mail_client, mine["id"])
    worker.drain()
    [mail] = inbox.messages
    url = _link(text_of(mail), "/notify/manage").replace("https://comments.example.org", "")
    page = mail_client.get(url)
    assert page.status_code == 200
    assert "Replies to your comment" in page.text and "Every new comment" in page.text
    ids = re.findall(r'name="subscription" value="(\d+)"', page.text)
    assert len(ids) == 2
    after = mail_client.post("/notify/manage", data={"t": _token(url), "subscription": ids[0]})
    assert after.status_code == 200 and len(re.findall(r'name="subscription" value="\d+"', after.text)) == 1
    gone = mail_client.post("/notify/manage", data={"t": _token(url), "subscription": "all"})
    assert "not subscribed to anything" in gone.text


def test_mail_in_the_readers_language(mail_client, worker, inbox):
    mine = _subscribe(mail_client, worker, inbox, locale="de-AT")
    [confirm] = inbox.messages
    assert confirm["Subject"].startswith("Bestätigen Sie Ihre Adresse")
    _confirm(mail_client, inbox)
    _reply(mail_client, mine["id"])
    worker.drain()
    [mail] = inbox.messages
    assert mail["Subject"].startswith("Eine neue Antwort auf")
    assert 'lang="de"' in html_of(mail) and "Bob hat Ihnen geantwortet" in text_of(mail)


def test_arabic_mail_is_right_to_left(mail_client, worker, inbox):
    _subscribe(mail_client, worker, inbox, locale="ar")
    [mail] = inbox.messages
    assert 'dir="rtl"' in html_of(mail) and 'lang="ar"' in html_of(mail)


def test_the_no_js_form_opts_in(mail_client, worker, inbox):
    r = mail_client.post(
        "/embed/comment",
        data={
            "url": PAGE,
            "name": "Ann",
            "email": ANN,
            "body": "From the plain form",
            "notify": "1",
            "locale": "fr",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    worker.drain()
    [mail] = inbox.messages
    assert mail["Subject"].startswith("Confirmez votre adresse")


def test_the_forms_offer_the_checkbox_unticked(mail_client):
    html = mail_client.get("/embed/thread", params={"url": PAGE}).text
    boxes = re.findall(r'<input type="checkbox" name="(notify(?:_thread)?)"[^>]*>', html)
    assert boxes == ["notify", "notify_thread"]
    assert "checked" not in "".join(re.findall(r'<input type="checkbox"[^>]*>', html))
