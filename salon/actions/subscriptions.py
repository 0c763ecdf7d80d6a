"""A reader's own reply mail, by the signed links it carries: confirm, unsubscribe, manage.

The token in the link is the authority (no sign-in): it names one address (and one thread for
unsubscribe), is signed with the install's secret, and a confirmation token expires. Each change
writes an audit row under the actor ``address:<id>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, select, update

from salon.actions.audit import audit
from salon.db import tables as t
from salon.db.engine import now
from salon.errors import SalonError
from salon.notify import links
from salon.services import Services


@dataclass(frozen=True)
class SubscriptionView:
    id: int
    thread_url: str
    thread_title: str
    comment_id: int | None


@dataclass(frozen=True)
class AddressView:
    id: int
    site_name: str
    locale: str
    confirmed: bool
    subscriptions: list[SubscriptionView]


def _bad_link() -> SalonError:
    return SalonError(400, "bad_link", "this link is not valid or has expired", "t")


def _address(conn: Connection, address_id: int) -> Any:
    a = t.mail_addresses
    row = conn.execute(
        select(a, t.sites.c.name.label("site_name"))
        .join(t.sites, t.sites.c.id == a.c.site_id)
        .where(a.c.id == address_id)
    ).first()
    if row is None:
        raise _bad_link()
    return row


def _view(conn: Connection, address: Any) -> AddressView:
    s, th = t.subscriptions, t.threads
    rows = conn.execute(
        select(s.c.id, s.c.comment_id, th.c.url, th.c.title)
        .join(th, th.c.id == s.c.thread_id)
        .where(s.c.address_id == address.id)
        .order_by(s.c.created_at, s.c.id)
    )
    subs = [SubscriptionView(r.id, r.url, r.title or r.url, r.comment_id) for r in rows]
    return AddressView(address.id, address.site_name, address.locale, address.confirmed_at is not None, subs)


def confirm_target(services: Services, token: str) -> AddressView:
    """The address a confirmation link is for, without confirming it (GET shows a button)."""
    try:
        address_id = links.read_confirm(services.secret, token)
    except links.BadLink as exc:
        raise _bad_link() from exc
    with services.db.read() as conn:
        return _view(conn, _address(conn, address_id))


def confirm(services: Services, token: str) -> AddressView:
    """Confirm the address the link was sent to; reply mail may go to it from now on."""
    try:
        address_id = links.read_confirm(services.secret, token)
    except links.BadLink as exc:
        raise _bad_link() from exc
    with services.db.write() as conn:
        address = _address(conn, address_id)
        if address.confirmed_at is None:
            a = t.mail_addresses
            conn.execute(update(a).where(a.c.id == address_id).values(confirmed_at=now()))
            audit(
                conn,
                f"address:{address_id}",
                "subscription.confirm",
                site_id=address.site_id,
                target_type="address",
                target_id=address_id,
            )
        return _view(conn, _address(conn, address_id))


def unsubscribe_target(services: Services, token: str) -> tuple[AddressView, str]:
    """Who and which page an unsubscribe link is for (the page title), without changing anything."""
    try:
        address_id, thread_id = links.read_unsubscribe(services.secret, token)
    except links.BadLink as exc:
        raise _bad_link() from exc
    with services.db.read() as conn:
        view = _view(conn, _address(conn, address_id))
        thread = conn.execute(select(t.threads).where(t.threads.c.id == thread_id)).first()
    return view, (thread.title or thread.url) if thread is not None else ""


def unsubscribe(services: Services, token: str) -> int:
    """Stop all reply mail about one page to one address (RFC 8058 one-click); rows removed."""
    try:
        address_id, thread_id = links.read_unsubscribe(services.secret, token)
    except links.BadLink as exc:
        raise _bad_link() from exc
    s = t.subscriptions
    with services.db.write() as conn:
        address = _address(conn, address_id)
        removed = conn.execute(
            delete(s).where(s.c.address_id == address_id, s.c.thread_id == thread_id)
        ).rowcount
        audit(
            conn,
            f"address:{address_id}",
            "subscription.unsubscribe",
            site_id=address.site_id,
            target_type="thread",
            target_id=thread_id,
            details={"removed": removed},
        )
    return int(removed or 0)


def manage_view(services: Services, token: str) -> AddressView:
    with services.db.read() as conn:
        return _view(conn, _address(conn, _manage_id(services, token)))


def _manage_id(services: Services, token: str) -> int:
    try:
        return links.read_manage(services.secret, token)
    except links.BadLink as exc:
        raise _bad_link() from exc


def remove(services: Services, token: str, subscription_id: int | None) -> AddressView:
    """Remove one subscription of the address, or all of them (``subscription_id`` None)."""
    address_id = _manage_id(services, token)
    s = t.subscriptions
    with services.db.write() as conn:
        address = _address(conn, address_id)
        query = delete(s).where(s.c.address_id == address_id)
        if subscription_id is not None:
            query = query.where(s.c.id == subscription_id)
        removed = conn.execute(query).rowcount
        audit(
            conn,
            f"address:{address_id}",
            "subscription.remove",
            site_id=address.site_id,
            target_type="subscription",
            target_id=subscription_id if subscription_id is not None else "all",
            details={"removed": removed},
        )
        return _view(conn, address)
