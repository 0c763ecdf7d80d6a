"""Webhooks: events as JSON, signed as the Standard Webhooks spec says, delivered through the outbox.

Each delivery carries ``webhook-id`` (the same on every retry, so receivers can drop repeats),
``webhook-timestamp`` (Unix seconds of this attempt) and ``webhook-signature``: ``v1,`` and the
base64 HMAC-SHA256, keyed with the endpoint's ``whsec_`` secret, of ``id.timestamp.body``. After
a rotation the previous secret still signs, beside the new one, until its overlap ends.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import httpx
from sqlalchemy import Connection, bindparam, select

from salon.db import outbox as outbox_queries
from salon.db import tables as t
from salon.db.engine import now
from salon.db.outbox import OutboxRow

if TYPE_CHECKING:
    from salon.services import Services

#: Every event a webhook can ask for.
EVENTS: tuple[str, ...] = (
    "comment.created",
    "comment.published",
    "comment.held",
    "comment.rejected",
    "comment.edited",
    "comment.deleted",
    "report.filed",
    "sanction.applied",
)
#: Body formats: the signed event itself, or a message Slack or a Matrix hook accepts.
PRESETS: tuple[str, ...] = ("standard", "slack", "matrix")
SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def new_msg_id() -> str:
    """A message id, the same on every retry of one delivery (``webhook-id``)."""
    return "msg_" + secrets.token_hex(12)


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def sign(secret: str, msg_id: str, timestamp: int, body: str) -> str:
    """``v1,<base64 HMAC-SHA256 of "id.timestamp.body">``."""
    mac = hmac.new(_key(secret), f"{msg_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def emit(conn: Connection, site_id: int, event_type: str, data: dict[str, Any]) -> int:
    """Queue ``event_type`` for each of the site's active webhooks that wants it; rows written."""
    return emit_many(conn, [(site_id, event_type, data)])


# Built once: every batch of new comments asks for its sites' webhooks.
_ACTIVE_HOOKS = select(t.webhooks.c.id, t.webhooks.c.url, t.webhooks.c.events, t.webhooks.c.site_id).where(
    t.webhooks.c.site_id.in_(bindparam("site_ids", expanding=True)), t.webhooks.c.active.is_(True)
)


def emit_many(conn: Connection, events: Sequence[tuple[int, str, dict[str, Any]]]) -> int:
    """Queue many ``(site_id, event_type, data)`` events, in order: the sites' webhooks are read
    once, and every outbox row is written in one executemany. Rows written."""
    if not events:
        return 0
    hooks: dict[int, list[Any]] = {}
    for hook in conn.execute(_ACTIVE_HOOKS, {"site_ids": sorted({site_id for site_id, _, _ in events})}):
        hooks.setdefault(hook.site_id, []).append(hook)
    rows = []
    for site_id, event_type, data in events:
        for hook in hooks.get(site_id, ()):
            wanted = hook.events or []
            if event_type not in wanted and "*" not in wanted:
                continue
            event = {"type": event_type, "timestamp": now().isoformat(), "data": data}
            payload = {"webhook_id": hook.id, "msg_id": new_msg_id(), "event": event}
            rows.append(outbox_queries.row("webhook", event_type, hook.url, payload, site_id=site_id))
    outbox_queries.enqueue_many(conn, rows)
    return len(rows)


def summary(event: dict[str, Any]) -> str:
    """One line for people, for the Slack and Matrix presets."""
    data = event.get("data") or {}
    comment = data.get("comment") or {}
    thread = data.get("thread") or {}
    where = thread.get("title") or thread.get("url") or ""
    who = (comment.get("author") or {}).get("name") or ""
    kind = str(event.get("type", ""))
    text = f"salon: {kind}"
    if who:
        text += f" by {who}"
    if where:
        text += f" on {where}"
    if thread.get("url") and comment.get("id"):
        text += f" <{thread['url']}#salon-c-{comment['id']}>"
    return text


def body_for(preset: str, event: dict[str, Any]) -> str:
    if preset == "slack":
        doc: dict[str, Any] = {"text": summary(event)}
    elif preset == "matrix":
        doc = {"text": summary(event), "msgtype": "m.notice", "body": summary(event), "username": "salon"}
    else:
        doc = event
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def signatures(secret: str, previous: str | None, previous_until: datetime | None, *args: Any) -> str:
    """The signature header: the current secret's, and the previous one's during its overlap."""
    out = [sign(secret, *args)]
    if previous and previous_until is not None and previous_until > now():
        out.append(sign(previous, *args))
    return " ".join(out)


def deliver(services: Services, row: OutboxRow) -> None:
    """POST one event; any answer but 2xx (or no answer) is retried by the outbox."""
    from salon.notify.outbox import Skip

    w = t.webhooks
    with services.db.read() as conn:
        hook = conn.execute(select(w).where(w.c.id == row.payload.get("webhook_id"))).first()
    if hook is None or not hook.active:
        raise Skip("the webhook was removed or switched off")
    msg_id = str(row.payload["msg_id"])
    body = body_for(hook.preset, row.payload["event"])
    stamp = int(time.time())
    headers = {
        "content-type": "application/json",
        "user-agent": "salon-webhooks",
        "webhook-id": msg_id,
        "webhook-timestamp": str(stamp),
        "webhook-signature": signatures(
            hook.secret, hook.previous_secret, hook.previous_until, msg_id, stamp, body
        ),
    }
    response = httpx.post(
        hook.url,
        content=body.encode(),
        headers=headers,
        timeout=services.settings.webhook_timeout_seconds,
        follow_redirects=False,
    )
    if not 200 <= response.status_code < 300:
        raise RuntimeError(f"HTTP {response.status_code} from {hook.url}")
