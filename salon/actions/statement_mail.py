"""Mailing a statement of reasons (DSA art. 17) to the author of the comment it is about.

Written into the outbox in the statement's own transaction (``salon.actions.dsa``), so the mail
goes out exactly when the statement exists. Sent only when mail is configured (``smtp_host``) and
an address of the author's is known and theirs:

* the e-mail of the reader account the comment was posted from (signed-in readers), or
* a *confirmed* reply-mail address on the site whose hash is the comment's e-mail hash (salon
  keeps only a hash of the address given with a comment; the address itself only when the
  reader asked for reply mail, and it counts once they confirmed it). An unconfirmed address is
  never written to: anyone can type anyone's address into a comment form.

The mail is in the language that address was recorded in (the widget's language on the page where
the reader asked for reply mail); for an account's address, the language the comment is written
in when mail has it; else English. It carries the decision, the facts, the ground (legal or the
site's terms), whether automated means were used, and the appeal link (in the same language).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Connection, select

from salon.actions.identity import email_hash
from salon.db import outbox as outbox_queries
from salon.db import tables as t
from salon.db.sites import Site
from salon.moderation import languages
from salon.notify import compose
from salon.notify.mail import Mail
from salon.services import Services

#: How much of the comment the mail quotes, so the author knows which one it is.
EXCERPT = 300


@dataclass(frozen=True)
class StatementMail:
    """What the author is told: the decision (``reject`` | ``spam``) and its reasons."""

    decision: str
    facts: str
    ground_type: str
    ground: str
    automated_detection: bool
    appeal_url: str


def author_address(
    services: Services, conn: Connection, site_id: int, comment: Any
) -> tuple[str, str] | None:
    """The author's address and the mail locale for it, or None when none is known (see above)."""
    if comment.author_id is not None:
        acc = t.reader_accounts
        email = conn.execute(
            select(acc.c.email).where(
                acc.c.author_id == comment.author_id, acc.c.site_id == site_id, acc.c.email.is_not(None)
            )
        ).scalar()
        if email:
            return str(email), compose.pick(languages.detect(comment.body).language)
    if not comment.author_email_hash:
        return None
    a = t.mail_addresses
    rows = conn.execute(
        select(a.c.email, a.c.locale).where(a.c.site_id == site_id, a.c.confirmed_at.is_not(None))
    )
    for row in rows:
        if email_hash(services, row.email) == comment.author_email_hash:
            return str(row.email), compose.pick(row.locale)
    return None


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


def enqueue(
    services: Services, conn: Connection, site: Site, thread: Any, comment: Any, st: StatementMail
) -> str | None:
    """Put the statement's mail in the outbox; the address it goes to, or None when it is not sent."""
    if not services.settings.smtp_host:
        return None
    found = author_address(services, conn, site.id, comment)
    if found is None:
        return None
    address, locale = found
    appeal = f"{st.appeal_url}?{urlencode({'locale': locale})}"
    context = {
        "site": site.name,
        "title": thread.title or thread.url,
        "page_url": f"{thread.url}#salon-c-{comment.id}",
        "excerpt": _excerpt(comment.body),
        "decision": st.decision,
        "facts": st.facts,
        "ground_type": st.ground_type,
        "ground": st.ground,
        "automated": st.automated_detection,
        "appeal_url": appeal,
    }
    settings = services.settings
    text, html = compose.render(
        "statement", locale, context, override_dir=settings.mail_templates_dir, site_name=site.name
    )
    subject = compose.translator(locale)("statement_subject", site=site.name)
    mail = Mail(to=address, subject=subject, text=text, html=html)
    outbox_queries.enqueue(conn, "mail", "statement", address, mail.to_json(), site_id=site.id)
    return address
