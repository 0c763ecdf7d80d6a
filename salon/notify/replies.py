"""Digests rendered when they go out: reply mail for readers, held-comment notices for the operator.

A digest row names comments, not text: at delivery the comments are read again, so a reply that
was deleted or rejected in the meantime is left out, and a digest with nothing left is skipped.
Reply mail carries a signed one-click unsubscribe (``List-Unsubscribe`` and
``List-Unsubscribe-Post``, RFC 8058) and a link to manage every subscription of the address.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from salon.db import sites as site_queries
from salon.db import tables as t
from salon.db import threads as thread_queries
from salon.db.outbox import OutboxRow
from salon.notify import compose, links
from salon.notify.mail import Mail

if TYPE_CHECKING:
    from salon.services import Services


def _skip(reason: str) -> Exception:
    from salon.notify.outbox import Skip

    return Skip(reason)


def _load(services: Services, row: OutboxRow) -> tuple[Any, Any, Any, Sequence[Any], Sequence[Any]]:
    a, s, c = t.mail_addresses, t.subscriptions, t.comments
    with services.db.read() as conn:
        address = conn.execute(select(a).where(a.c.id == row.payload.get("address_id"))).first()
        if address is None or address.confirmed_at is None:
            raise _skip("the address is gone or not confirmed")
        thread = thread_queries.get(conn, int(row.payload["thread_id"]))
        site = site_queries.get(conn, address.site_id)
        subs = conn.execute(
            select(s.c.comment_id).where(
                s.c.address_id == address.id, s.c.thread_id == row.payload["thread_id"]
            )
        ).all()
        ids = [int(i) for i in row.payload.get("comment_ids", [])]
        comments = conn.execute(select(c).where(c.c.id.in_(ids)).order_by(c.c.created_at, c.c.id)).all()
    return address, thread, site, subs, comments


def deliver(services: Services, row: OutboxRow) -> None:
    """Send one reader the replies gathered for one thread."""
    address, thread, site, subs, comments = _load(services, row)
    if thread is None or site is None or not subs:
        raise _skip("unsubscribed since")
    whole_thread = any(sub.comment_id is None for sub in subs)
    mine = {sub.comment_id for sub in subs if sub.comment_id is not None}
    items = [
        {
            "name": c.author_name,
            "text": c.body,
            "html": c.html,
            "url": f"{thread.url}#salon-c-{c.id}",
            "to_you": c.parent_id in mine,
        }
        for c in comments
        if c.status == "published" and not c.shadow and (whole_thread or c.parent_id in mine)
    ]
    if not items:
        raise _skip("the replies were removed before the mail went out")
    settings = services.settings
    unsubscribe = links.url(
        settings, "/notify/unsubscribe", links.unsubscribe_token(services.secret, address.id, thread.id)
    )
    manage = links.url(settings, "/notify/manage", links.manage_token(services.secret, address.id))
    title = thread.title or thread.url
    context = {
        "site": site.name,
        "title": title,
        "page_url": thread.url,
        "items": items,
        "unsubscribe_url": unsubscribe,
        "manage_url": manage,
    }
    text, html = compose.render(
        "replies", address.locale, context, override_dir=settings.mail_templates_dir, site_name=site.name
    )
    subject = compose.translator(address.locale)("replies_subject", n=len(items), title=title)
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }
    services.mailer.send(Mail(to=address.email, subject=subject, text=text, html=html, headers=headers))


def deliver_held(services: Services, row: OutboxRow) -> None:
    """The moderators' notice of comments held or reported (one, gathered, or the daily digest),
    with links into the dashboard (which asks to sign in; a link acts on nothing)."""
    settings = services.settings
    base = links.base_url(settings)
    items = [
        {
            **item,
            "kind": item.get("kind", "held"),
            "review_url": f"{base}/admin/comments/{item['comment_id']}",
        }
        for item in row.payload.get("items", [])
    ]
    if not items:
        raise _skip("no comments")
    where = f"&site={row.site_id}" if row.site_id else ""
    held = sum(1 for i in items if i["kind"] == "held")
    reported = len(items) - held
    daily = row.payload.get("digest") == "daily"
    context = {
        "items": items,
        "more": int(row.payload.get("more", 0)),
        "daily": daily,
        "site": str(row.payload.get("site", "")),
        "review_url": f"{base}/admin?queue=held{where}",
        "reported_url": f"{base}/admin?queue=reported{where}",
        "held": held,
        "reported": reported,
    }
    text, html = compose.render("held", "en", context, override_dir=settings.mail_templates_dir)
    t_ = compose.translator("en")
    if daily:
        subject = t_("moderation_digest_subject", site=context["site"], held=held, reported=reported)
    elif len(items) > 1:
        subject = t_("held_digest_subject", n=len(items))
    else:
        subject = t_("report_subject" if reported else "held_subject")
    services.mailer.send(Mail(to=row.recipient, subject=f"salon: {subject}", text=text, html=html))
