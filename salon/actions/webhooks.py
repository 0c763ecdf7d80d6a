"""A site's webhooks: add one, rotate its secret, switch it off, send a test event.

Events themselves are queued by ``salon.notify.webhooks.emit`` inside the transaction of the
change they describe; these actions only manage the endpoints (each change audited).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from salon.actions.audit import audit
from salon.db import outbox as outbox_queries
from salon.db import tables as t
from salon.db.engine import now
from salon.errors import SalonError, not_found
from salon.notify import webhooks
from salon.services import Services
from salon.urls import BadURL, normalize_url

#: How long the secret before a rotation keeps signing, unless told otherwise.
DEFAULT_OVERLAP_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Webhook:
    id: int
    site_id: int
    url: str
    events: list[str]
    preset: str
    active: bool
    previous_until: datetime | None


def _hook(row: Any) -> Webhook:
    return Webhook(
        row.id, row.site_id, row.url, list(row.events or []), row.preset, bool(row.active), row.previous_until
    )


def _check(url: str, events: list[str], preset: str) -> tuple[str, list[str]]:
    try:
        canonical = normalize_url(url.strip())
    except BadURL as exc:
        raise SalonError(422, "bad_url", f"the webhook address is not usable: {exc}", "url") from exc
    if not canonical.startswith(("https://", "http://")):
        raise SalonError(422, "bad_url", "the webhook address must be http(s)", "url")
    wanted = sorted(set(events)) or ["*"]
    unknown = [e for e in wanted if e != "*" and e not in webhooks.EVENTS]
    if unknown:
        raise SalonError(
            422,
            "bad_event",
            f"unknown events {', '.join(unknown)}; use {', '.join(webhooks.EVENTS)}",
            "events",
        )
    if preset not in webhooks.PRESETS:
        raise SalonError(422, "bad_preset", f"preset is one of {', '.join(webhooks.PRESETS)}", "preset")
    return url.strip(), wanted


def add(
    services: Services,
    site_id: int,
    url: str,
    events: list[str] | None = None,
    preset: str = "standard",
    actor: str = "cli",
) -> tuple[Webhook, str]:
    """A new endpoint for the site's events (all of them when ``events`` is empty); its secret."""
    clean_url, wanted = _check(url, list(events or []), preset)
    secret = webhooks.new_secret()
    w = t.webhooks
    with services.db.write() as conn:
        if conn.execute(select(t.sites.c.id).where(t.sites.c.id == site_id)).first() is None:
            raise not_found("site")
        hook_id = conn.execute(
            w.insert()
            .values(
                site_id=site_id,
                url=clean_url,
                secret=secret,
                events=wanted,
                preset=preset,
                active=True,
                created_at=now(),
            )
            .returning(w.c.id)
        ).scalar_one()
        audit(
            conn,
            actor,
            "webhook.add",
            site_id=site_id,
            target_type="webhook",
            target_id=hook_id,
            details={"url": clean_url, "events": wanted, "preset": preset},
        )
        row = conn.execute(select(w).where(w.c.id == hook_id)).one()
    return _hook(row), secret


def rotate(
    services: Services, hook_id: int, overlap_seconds: int = DEFAULT_OVERLAP_SECONDS, actor: str = "cli"
) -> str:
    """A new secret; the old one keeps signing (beside it) for ``overlap_seconds``."""
    w = t.webhooks
    secret = webhooks.new_secret()
    with services.db.write() as conn:
        row = conn.execute(select(w).where(w.c.id == hook_id)).first()
        if row is None:
            raise not_found("webhook")
        conn.execute(
            update(w)
            .where(w.c.id == hook_id)
            .values(
                secret=secret,
                previous_secret=row.secret,
                previous_until=now() + timedelta(seconds=max(overlap_seconds, 0)),
            )
        )
        audit(
            conn,
            actor,
            "webhook.rotate",
            site_id=row.site_id,
            target_type="webhook",
            target_id=hook_id,
            details={"overlap_seconds": overlap_seconds},
        )
    return secret


def set_active(services: Services, hook_id: int, active: bool, actor: str = "cli") -> None:
    w = t.webhooks
    with services.db.write() as conn:
        row = conn.execute(select(w).where(w.c.id == hook_id)).first()
        if row is None:
            raise not_found("webhook")
        conn.execute(update(w).where(w.c.id == hook_id).values(active=active))
        audit(
            conn,
            actor,
            "webhook.enable" if active else "webhook.disable",
            site_id=row.site_id,
            target_type="webhook",
            target_id=hook_id,
        )


def for_sites(services: Services, site_ids: frozenset[int] | None) -> list[Webhook]:
    w = t.webhooks
    query = select(w).order_by(w.c.site_id, w.c.id)
    if site_ids is not None:
        query = query.where(w.c.site_id.in_(sorted(site_ids)))
    with services.db.read() as conn:
        return [_hook(r) for r in conn.execute(query)]


def send_test(services: Services, hook_id: int, actor: str) -> int:
    """Queue a ``webhook.test`` event to one endpoint; the outbox row's id."""
    w = t.webhooks
    with services.db.write() as conn:
        row = conn.execute(select(w).where(w.c.id == hook_id)).first()
        if row is None:
            raise not_found("webhook")
        event = {"type": "webhook.test", "timestamp": now().isoformat(), "data": {"webhook_id": hook_id}}
        payload = {"webhook_id": hook_id, "msg_id": webhooks.new_msg_id(), "event": event}
        row_id = outbox_queries.enqueue(
            conn, "webhook", "webhook.test", row.url, payload, site_id=row.site_id
        )
        audit(conn, actor, "webhook.test", site_id=row.site_id, target_type="webhook", target_id=hook_id)
    services.events.publish({"type": "outbox.queued", "site_id": row.site_id})
    return row_id
