"""Outgoing mail: one message shape, an SMTP mailer and a Null twin."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any, Protocol

from salon.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mail:
    """One message: a plain-text part, an optional HTML alternative, and extra headers."""

    to: str
    subject: str
    text: str
    html: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """What an outbox row stores."""
        return {
            "to": self.to,
            "subject": self.subject,
            "text": self.text,
            "html": self.html,
            "headers": dict(self.headers),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Mail:
        return cls(
            to=str(data["to"]),
            subject=str(data["subject"]),
            text=str(data["text"]),
            html=data.get("html"),
            headers={str(k): str(v) for k, v in (data.get("headers") or {}).items()},
        )


class Mailer(Protocol):
    def send(self, mail: Mail) -> None:
        """Hand the message to the mail server; raise on any failure (the outbox retries)."""


class NullMailer:
    """Sends nothing; remembers what it would have sent."""

    def __init__(self) -> None:
        self.sent: list[Mail] = []

    def send(self, mail: Mail) -> None:
        self.sent.append(mail)


class SmtpMailer:
    def __init__(
        self, host: str, port: int, sender: str, user: str = "", password: str = "", starttls: bool = False
    ) -> None:
        self.host, self.port, self.sender = host, port, sender
        self.user, self.password, self.starttls = user, password, starttls

    @classmethod
    def from_settings(cls, s: Settings) -> SmtpMailer:
        return cls(s.smtp_host, s.smtp_port, s.mail_from, s.smtp_user, s.smtp_password, s.smtp_starttls)

    def message(self, mail: Mail) -> EmailMessage:
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = self.sender, mail.to, mail.subject
        msg["Date"] = formatdate(localtime=False)
        msg["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or "localhost")
        for name, value in mail.headers.items():
            msg[name] = value
        msg.set_content(mail.text)
        if mail.html:
            msg.add_alternative(mail.html, subtype="html")
        return msg

    def send(self, mail: Mail) -> None:
        msg = self.message(mail)
        with smtplib.SMTP(self.host, self.port, timeout=10) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.user:
                smtp.login(self.user, self.password)
            smtp.send_message(msg)
