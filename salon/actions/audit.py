"""Audit rows: who did what, when and why. Every state change writes one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from salon.db import tables as t
from salon.db.engine import now


def audit_row(
    actor: str,
    action: str,
    *,
    site_id: int | None = None,
    target_type: str | None = None,
    target_id: int | str | None = None,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The values of one audit row. ``actor`` is "user:<id>", "author:<id>", "cli", "system" or
    "pipeline"."""
    return {
        "created_at": now(),
        "actor": actor,
        "action": action,
        "site_id": site_id,
        "target_type": target_type,
        "target_id": None if target_id is None else str(target_id),
        "reason": reason,
        "details": details or {},
    }


def audit(
    conn: Connection,
    actor: str,
    action: str,
    *,
    site_id: int | None = None,
    target_type: str | None = None,
    target_id: int | str | None = None,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Write one audit row (see :func:`audit_row`) inside the caller's transaction."""
    row = audit_row(
        actor,
        action,
        site_id=site_id,
        target_type=target_type,
        target_id=target_id,
        reason=reason,
        details=details,
    )
    conn.execute(t.audit_log.insert().values(**row))


def audit_many(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Write many audit rows (each from :func:`audit_row`) in one executemany."""
    if rows:
        conn.execute(t.audit_log.insert(), rows)
