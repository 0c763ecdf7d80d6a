"""Mail fixtures: a real SMTP server (aiosmtpd) and services that send to it through the outbox."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient

from salon.actions.sites import add_site
from salon.app import create_app
from salon.db.engine import Database
from salon.db.sites import Site
from salon.notify.mail import SmtpMailer
from salon.notify.outbox import OutboxWorker
from salon.services import Services
from salon.settings import Settings, load_settings
from tests.conftest import SITE_ORIGIN, CheckedClient


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Inbox:
    """An aiosmtpd handler that keeps every message, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(msg, EmailMessage)
        self.messages.append(msg)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def inbox(smtp_port: int) -> Iterator[Inbox]:
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    yield box
    controller.stop()


@pytest.fixture
def mail_overrides() -> dict[str, Any]:
    """Override in a module to change settings."""
    return {}


@pytest.fixture
def mail_settings(db_url: str, smtp_port: int, mail_overrides: dict[str, Any]) -> Settings:
    values: dict[str, Any] = {
        "database_url": db_url,
        "classifier": "null",
        "rate_limit_posts": 1000,
        "smtp_host": "127.0.0.1",
        "smtp_port": smtp_port,
        "mail_from": "comments@blog.example.com",
        "public_url": "https://comments.example.org",
        "reply_quiet_seconds": 0,
        "outbox_retry_seconds": 0,
        **mail_overrides,
    }
    return load_settings(**values)


@pytest.fixture
def mail_services(mail_settings: Settings) -> Iterator[Services]:
    svc = Services(
        settings=mail_settings,
        db=Database(mail_settings.database_url),
        secret="test-secret",
        mailer=SmtpMailer.from_settings(mail_settings),
    )
    yield svc
    svc.close()


@pytest.fixture
def blog(mail_services: Services) -> Site:
    created, _ = add_site(mail_services, "blog", [SITE_ORIGIN])
    return created


@pytest.fixture
def worker(mail_services: Services) -> OutboxWorker:
    """A worker driven by the test (run_once / drain), not a thread."""
    return OutboxWorker(mail_services)


@pytest.fixture
def mail_client(mail_services: Services, blog: Site) -> Iterator[TestClient]:
    with CheckedClient(create_app(mail_services.settings, mail_services), raise_server_exceptions=False) as c:
        yield c


def text_of(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def html_of(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("html",))
    assert part is not None
    return str(part.get_content())
