"""Held comments are mailed to the operator through a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import socket
import time
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from salon.actions.comments import NewComment, create_comment
from salon.actions.sites import add_site
from salon.db.engine import Database
from salon.models import Decision
from salon.moderation.pipeline import Context, PhaseResult
from salon.notify.mail import SmtpMailer
from salon.services import Services
from salon.settings import load_settings


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list = []

    def handle_message(self, message) -> None:
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


class HoldEverything:
    name = "test_hold"

    def __call__(self, ctx: Context) -> PhaseResult:
        return PhaseResult(decision=Decision.HOLD, reasons=["held by the test"])


def wait_for(inbox: Inbox, n: int) -> None:
    deadline = time.monotonic() + 10
    while len(inbox.messages) < n and time.monotonic() < deadline:
        time.sleep(0.05)


def test_held_comment_mails_the_operator(smtp, db_url):
    controller, inbox = smtp
    settings = load_settings(
        database_url=db_url,
        classifier="null",
        smtp_host="127.0.0.1",
        smtp_port=controller.port,
        admin_email="mod@example.org",
        public_url="https://comments.example.org",
    )
    services = Services(
        settings=settings, db=Database(db_url), secret="s", mailer=SmtpMailer.from_settings(settings)
    )
    try:
        add_site(services, "blog", ["https://blog.example.com"])
        published = create_comment(
            services,
            NewComment(
                url="https://blog.example.com/a", body="fine", author_name="Ann", client_address="1.2.3.4"
            ),
        )
        assert published.comment.status == "published"
        services.phases = [HoldEverything()]
        held = create_comment(
            services,
            NewComment(
                url="https://blog.example.com/a", body="hmm", author_name="Bob", client_address="1.2.3.5"
            ),
        )
        assert held.comment.status == "pending"
        wait_for(inbox, 1)
    finally:
        services.close()
    assert len(inbox.messages) == 1, "exactly one notice: the published comment sends none"
    mail = inbox.messages[0]
    assert mail["To"] == "mod@example.org"
    assert "awaits moderation" in mail["Subject"]
    text = message_from_bytes(mail.as_bytes()).get_payload(decode=True).decode()
    assert "https://blog.example.com/a" in text and "https://comments.example.org/admin" in text


def test_mail_failure_does_not_lose_the_comment(db_url):
    settings = load_settings(
        database_url=db_url,
        classifier="null",
        smtp_host="127.0.0.1",
        smtp_port=free_port(),
        admin_email="mod@example.org",
    )
    services = Services(
        settings=settings, db=Database(db_url), secret="s", mailer=SmtpMailer.from_settings(settings)
    )
    try:
        add_site(services, "blog", ["https://blog.example.com"])
        services.phases = [HoldEverything()]
        held = create_comment(
            services,
            NewComment(
                url="https://blog.example.com/a", body="hmm", author_name="Bob", client_address="1.2.3.5"
            ),
        )
    finally:
        services.close()
    assert held.comment.status == "pending"
