"""Mail for moderators: a notice when a comment is held or reported, at once or in a daily digest.

Who gets it: the install's ``admin_email`` (as the site's ``moderator_mail`` says), and each
moderator of the site (an admin, or a moderator assigned to it) who chose it in the site's
``moderator_mail_for`` (user id → mode). Modes:

- ``each``: a notice per item, gathered for ``held_digest_seconds`` when that is set (the default);
- ``daily``: one digest per site and day, sent at ``moderator_digest_hour`` (UTC), listing what
  was held and reported since the last one;
- ``off``: no mail.

Everything here only adds outbox rows inside the caller's transaction (the worker delivers them,
``salon.notify.replies.deliver_held``); a digest is one row per recipient and site that gathers
items until it is due.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, or_, select, update

from salon.actions.audit import audit
from salon.db import outbox as outbox_queries
from salon.db import sites as site_queries
from salon.db import tables as t
from salon.db.engine import now
from salon.db.sites import Site
from salon.errors import SalonError, not_found
from salon.models import Role
from salon.services import Services

if TYPE_CHECKING:
    from salon.actions.users import Moderator

MODES = ("each", "daily", "off")
#: The largest number of items one digest lists (the rest: "and N more" with the queue's link).
DIGEST_ITEMS = 200


def validate(changes: dict[str, Any]) -> dict[str, Any]:
    """Check the moderator-mail settings among ``changes``; 422 naming the first bad one."""
    out = dict(changes)
    if "moderator_mail" in out and out["moderator_mail"] not in MODES:
        raise SalonError(
            422, "invalid_setting", "moderator_mail is one of each, daily, off", "moderator_mail"
        )
    if "moderator_digest_hour" in out:
        hour = out["moderator_digest_hour"]
        if not isinstance(hour, int) or isinstance(hour, bool) or not 0 <= hour <= 23:
            raise SalonError(
                422,
                "invalid_setting",
                "moderator_digest_hour is an hour from 0 to 23 (UTC)",
                "moderator_digest_hour",
            )
    if "moderator_mail_for" in out:
        chosen = out["moderator_mail_for"]
        if not isinstance(chosen, dict) or not all(
            str(k).isdigit() and v in MODES for k, v in chosen.items()
        ):
            raise SalonError(
                422,
                "invalid_setting",
                'moderator_mail_for maps user ids to each, daily or off, e.g. {"3": "daily"}',
                "moderator_mail_for",
            )
        out["moderator_mail_for"] = {str(k): v for k, v in chosen.items()}
    return out


def recipients(services: Services, conn: Connection, site: Site) -> list[tuple[str, str]]:
    """(address, mode) of everyone who gets this site's moderator mail, one mode per address."""
    found: dict[str, str] = {}
    if services.settings.admin_email:
        found[services.settings.admin_email] = str(site.setting("moderator_mail") or "each")
    chosen = {int(k): str(v) for k, v in dict(site.setting("moderator_mail_for") or {}).items()}
    if chosen:
        u, us = t.users, t.user_sites
        assigned = select(us.c.user_id).where(us.c.site_id == site.id)
        rows = conn.execute(
            select(u.c.id, u.c.email).where(
                u.c.id.in_(sorted(chosen)),
                u.c.disabled.is_(False),
                or_(u.c.role == Role.ADMIN.value, u.c.id.in_(assigned)),
            )
        )
        for row in rows:
            found.setdefault(str(row.email), chosen[int(row.id)])
    return [(address, mode) for address, mode in found.items() if mode in MODES and mode != "off"]


def own_choices(services: Services, moderator: Moderator) -> list[tuple[Site, str]]:
    """Each site the moderator may moderate, with the mode they chose for its mail (``off``)."""
    with services.db.read() as conn:
        sites = [s for s in site_queries.all_sites(conn) if moderator.can(s.id)]
    return [
        (s, str(dict(s.setting("moderator_mail_for") or {}).get(str(moderator.id), "off"))) for s in sites
    ]


def choose(services: Services, moderator: Moderator, site_id: int, mode: str) -> None:
    """A moderator's own choice for one site's mail (``each``, ``daily``, ``off``); audited."""
    if mode not in MODES:
        raise SalonError(422, "bad_mode", "choose each, daily or off", "mode")
    if not moderator.can(site_id):
        raise not_found("site")
    with services.db.write() as conn:
        site = site_queries.get(conn, site_id)
        if site is None:
            raise not_found("site")
        chosen = {**dict(site.setting("moderator_mail_for") or {}), str(moderator.id): mode}
        if mode == "off":
            chosen.pop(str(moderator.id))
        settings = {**site.settings, "moderator_mail_for": chosen}
        conn.execute(update(t.sites).where(t.sites.c.id == site_id).values(settings=settings))
        audit(
            conn,
            moderator.actor,
            "moderator.mail",
            site_id=site_id,
            target_type="user",
            target_id=moderator.id,
            details={"mode": mode},
        )
    services.events.publish({"type": "site.changed", "site_id": site_id})


def next_digest(site: Site, at: datetime) -> datetime:
    """When the site's next daily digest goes: today at the digest hour, else tomorrow's."""
    hour = int(site.setting("moderator_digest_hour") or 0)
    due = at.replace(hour=hour, minute=0, second=0, microsecond=0)
    return due if due > at else due + timedelta(days=1)


def _group(mode: str, site_id: int, address: str) -> str:
    digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()[:24]
    return f"held:{mode}:{site_id}:{digest}"


def notify(services: Services, conn: Connection, site: Site, item: dict[str, Any]) -> None:
    """Tell the site's moderators about one item: ``{"kind": "held" | "report", "comment_id",
    "url", ...}`` (a report also carries ``reason`` and whether it ``held`` the comment)."""
    at = now()
    for address, mode in recipients(services, conn, site):
        group = _group(mode, site.id, address)
        open_row = outbox_queries.open_group(conn, group)
        if open_row is not None:
            items = [*open_row.payload.get("items", [])]
            more = int(open_row.payload.get("more", 0))
            if len(items) < DIGEST_ITEMS:
                items.append(item)
            else:
                more += 1
            gathered = {**open_row.payload, "items": items, "more": more}
            outbox_queries.regroup(conn, open_row.id, gathered, open_row.available_at)
            continue
        delay = float(services.settings.held_digest_seconds)
        payload: dict[str, Any] = {"items": [item], "site": site.name}
        if mode == "daily":
            delay = (next_digest(site, at) - at).total_seconds()
            payload["digest"] = "daily"
        outbox_queries.enqueue(
            conn, "held", "held", address, payload, site_id=site.id, delay=delay, group_key=group
        )
