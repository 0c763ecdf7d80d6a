"""What a change to a comment tells the world, written in the same transaction as the change.

The comment actions call ``after_create``, ``after_edit``, ``after_delete`` and ``after_decision``
with their open write connection; everything here only adds outbox rows (and subscriptions), so
a crash either keeps the comment and its mail and webhooks, or neither.

Reply mail: a reader who gave an address may ask for replies to their comment or for the whole
thread. A new address is sent a confirmation link first and nothing else until it is confirmed.
A published reply (never a held one, never the subscriber's own) joins a digest per reader and
thread that goes out once the thread has been quiet for ``reply_quiet_seconds``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, and_, bindparam, or_, select, update

from salon.actions import moderator_mail
from salon.actions.identity import email_hash
from salon.db import comments as comment_queries
from salon.db import outbox as outbox_queries
from salon.db import sites as site_queries
from salon.db import tables as t
from salon.db import threads as thread_queries
from salon.db.engine import now
from salon.db.sites import Site
from salon.errors import SalonError
from salon.notify import compose, links, webhooks
from salon.notify.mail import Mail
from salon.services import Services

#: What a reader may ask for in the comment form.
NOTIFY_MODES = ("none", "replies", "thread")
#: A second confirmation mail to an unconfirmed address waits at least this long.
CONFIRM_RESEND_SECONDS = 24 * 3600
EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")


def address_key(services: Services, site_id: int, email: str) -> str:
    """How an address is found again: keyed with the install's secret, per site."""
    return services.keyed_hash("mail", str(site_id), email.strip().lower())


def comment_data(comment: Any, thread: Any, site: Site) -> dict[str, Any]:
    """A comment as webhooks carry it: nothing that identifies the reader beyond the page."""
    return {
        "site": site.name,
        "thread": {"id": thread.id, "url": thread.url, "title": thread.title},
        "comment": {
            "id": comment.id,
            "parent_id": comment.parent_id,
            "status": comment.status,
            "author": {"name": comment.author_name},
            "body": comment.body,
            "html": comment.html,
            "created_at": comment.created_at.isoformat() if comment.created_at else None,
            "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
        },
    }


# -- subscribing ------------------------------------------------------------------------------


def check_request(mode: str, email: str | None) -> None:
    """Refuse a wish for reply mail that cannot be met, before anything is written."""
    if mode not in NOTIFY_MODES:
        raise SalonError(422, "bad_notify", "notify is one of none, replies, thread", "notify")
    if mode == "none":
        return
    address = (email or "").strip()
    if not address:
        raise SalonError(422, "email_needed", "give an e-mail address to hear about replies", "author.email")
    if not EMAIL.match(address) or len(address) > 320:
        raise SalonError(422, "bad_email", "this does not look like an e-mail address", "author.email")


def _address(services: Services, conn: Connection, site_id: int, email: str, locale: str) -> Any:
    a = t.mail_addresses
    key = address_key(services, site_id, email)
    row = conn.execute(select(a).where(a.c.site_id == site_id, a.c.email_key == key)).first()
    if row is None:
        conn.execute(
            a.insert().values(
                site_id=site_id, email=email.strip(), email_key=key, locale=locale, created_at=now()
            )
        )
        row = conn.execute(select(a).where(a.c.site_id == site_id, a.c.email_key == key)).first()
    elif row.locale != locale:
        conn.execute(update(a).where(a.c.id == row.id).values(locale=locale))
    return row


def subscribe(
    services: Services,
    conn: Connection,
    site: Site,
    thread: Any,
    comment: Any,
    email: str,
    mode: str,
    locale: str,
) -> None:
    """Record the wish; send the confirmation link if the address is not yet confirmed."""
    if mode not in ("replies", "thread") or not email.strip():
        return
    code = compose.pick(locale)
    address = _address(services, conn, site.id, email, code)
    s = t.subscriptions
    target = comment.id if mode == "replies" else None
    same = conn.execute(
        select(s.c.id).where(
            s.c.address_id == address.id,
            s.c.thread_id == thread.id,
            s.c.comment_id.is_(None) if target is None else s.c.comment_id == target,
        )
    ).first()
    if same is None:
        conn.execute(
            s.insert().values(address_id=address.id, thread_id=thread.id, comment_id=target, created_at=now())
        )
    if address.confirmed_at is not None:
        return
    sent = address.confirm_sent_at
    if sent is not None and now() - sent < timedelta(seconds=CONFIRM_RESEND_SECONDS):
        return
    settings = services.settings
    confirm_url = links.url(settings, "/notify/confirm", links.confirm_token(services.secret, address.id))
    context = {"site": site.name, "title": thread.title or thread.url, "confirm_url": confirm_url}
    text, html = compose.render(
        "confirm", code, context, override_dir=settings.mail_templates_dir, site_name=site.name
    )
    subject = compose.translator(code)("confirm_subject", site=site.name)
    mail = Mail(to=address.email, subject=subject, text=text, html=html)
    outbox_queries.enqueue(conn, "mail", "confirm", address.email, mail.to_json(), site_id=site.id)
    conn.execute(
        update(t.mail_addresses).where(t.mail_addresses.c.id == address.id).values(confirm_sent_at=now())
    )


# -- telling subscribers about a published comment --------------------------------------------


def _queue_replies(services: Services, conn: Connection, site: Site, comment: Any) -> None:
    """Add a newly visible comment to the digest of everyone who wants it (not its author)."""
    s, a = t.subscriptions, t.mail_addresses
    wants = or_(s.c.comment_id.is_(None), s.c.comment_id == comment.parent_id)
    if comment.parent_id is None:
        wants = s.c.comment_id.is_(None)
    rows = conn.execute(
        select(a.c.id, a.c.email, a.c.confirmed_at)
        .select_from(s.join(a, a.c.id == s.c.address_id))
        .where(and_(s.c.thread_id == comment.thread_id, wants, a.c.confirmed_at.is_not(None)))
    ).all()
    seen: set[int] = set()
    settings = services.settings
    at = now()
    for row in rows:
        if row.id in seen:
            continue
        seen.add(row.id)
        if comment.author_email_hash and email_hash(services, row.email) == comment.author_email_hash:
            continue  # nobody hears about their own comment
        group = f"replies:{row.id}:{comment.thread_id}"
        open_row = outbox_queries.open_group(conn, group)
        if open_row is None:
            payload = {"address_id": row.id, "thread_id": comment.thread_id, "comment_ids": [comment.id]}
            outbox_queries.enqueue(
                conn,
                "replies",
                "replies",
                row.email,
                payload,
                site_id=site.id,
                delay=settings.reply_quiet_seconds,
                group_key=group,
            )
            continue
        ids = [*open_row.payload.get("comment_ids", [])]
        if comment.id not in ids:
            ids.append(comment.id)
        latest = open_row.created_at + timedelta(seconds=settings.reply_max_wait_seconds)
        due = min(at + timedelta(seconds=settings.reply_quiet_seconds), max(latest, at))
        outbox_queries.regroup(conn, open_row.id, {**open_row.payload, "comment_ids": ids}, due)


def _held(services: Services, conn: Connection, site: Site, url: str, comment: Any) -> None:
    """The moderators' notice of a comment that awaits moderation (see ``moderator_mail``)."""
    moderator_mail.notify(services, conn, site, {"kind": "held", "comment_id": comment.id, "url": url})


def _visible(comment: Any) -> bool:
    return bool(comment.status == "published" and not comment.shadow)


@dataclass(frozen=True)
class Created:
    """A comment just written, with what its author asked for (see :func:`after_create`)."""

    site: Site
    thread: Any
    comment: Any
    email: str | None = None
    notify: str = "none"
    locale: str = "en"


def after_create(
    services: Services,
    conn: Connection,
    site: Site,
    thread: Any,
    comment: Any,
    *,
    email: str | None = None,
    notify: str = "none",
    locale: str = "en",
) -> None:
    """A new comment: its subscription, its notices, its webhooks."""
    after_create_many(services, conn, [Created(site, thread, comment, email, notify, locale)])


# Built once: every batch of new comments asks it.
_SUBSCRIBED = select(t.subscriptions.c.thread_id).where(
    t.subscriptions.c.thread_id.in_(bindparam("ids", expanding=True))
)


def _subscribed_threads(conn: Connection, thread_ids: set[int]) -> set[int]:
    """Which of these threads anyone is subscribed to (most have nobody: one query, not one each)."""
    if not thread_ids:
        return set()
    return {int(r) for r in conn.execute(_SUBSCRIBED, {"ids": sorted(thread_ids)}).scalars()}


def after_create_many(services: Services, conn: Connection, created: Sequence[Created]) -> None:
    """New comments, in order (a batch written in one transaction): :func:`after_create` for each,
    with the webhooks read once and their outbox rows written in one statement."""
    subscribed = _subscribed_threads(conn, {c.comment.thread_id for c in created if _visible(c.comment)})
    events: list[tuple[int, str, dict[str, Any]]] = []
    for c in created:
        comment, site = c.comment, c.site
        data = comment_data(comment, c.thread, site)
        events.append((site.id, "comment.created", data))
        if _visible(comment):
            if comment.thread_id in subscribed:
                _queue_replies(services, conn, site, comment)
            events.append((site.id, "comment.published", data))
        elif comment.status == "pending":
            _held(services, conn, site, c.thread.url, comment)
            events.append((site.id, "comment.held", data))
        elif comment.status in ("rejected", "spam"):
            events.append((site.id, "comment.rejected", data))
        if c.email and c.notify != "none" and comment.status in ("published", "pending"):
            subscribe(services, conn, site, c.thread, comment, c.email, c.notify, c.locale)
            subscribed.add(c.thread.id)  # a later comment of the batch may be for this reader
    webhooks.emit_many(conn, events)


def after_edit(
    services: Services, conn: Connection, site: Site, thread: Any, old_status: str, comment: Any
) -> None:
    data = comment_data(comment, thread, site)
    webhooks.emit(conn, site.id, "comment.edited", data)
    if comment.status == "pending" and old_status != "pending":
        _held(services, conn, site, thread.url, comment)
        webhooks.emit(conn, site.id, "comment.held", data)


def after_delete(services: Services, conn: Connection, site: Site, thread: Any, comment: Any) -> None:
    webhooks.emit(conn, site.id, "comment.deleted", comment_data(comment, thread, site))


def after_decision(services: Services, conn: Connection, comment_id: int, old_status: str) -> None:
    """A moderator's decision: a held comment approved now reaches its subscribers."""
    comment = comment_queries.get(conn, comment_id)
    if comment is None or old_status == comment.status:
        return
    thread = thread_queries.get(conn, comment.thread_id)
    site = site_queries.get(conn, thread.site_id) if thread is not None else None
    if thread is None or site is None:
        return
    data = comment_data(comment, thread, site)
    if _visible(comment):
        if old_status in ("pending", "rejected", "spam"):
            _queue_replies(services, conn, site, comment)
        webhooks.emit(conn, site.id, "comment.published", data)
    elif comment.status in ("rejected", "spam"):
        webhooks.emit(conn, site.id, "comment.rejected", data)
