"""Audit rows: who did what, when and why. Every state change writes one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from salon.db import tables as t
from salon.db.engine import now


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
    """Write one audit row inside the caller's transaction.

    ``actor`` is "user:<id>", "author:<id>", "cli", "system" or "pipeline".
    """
    conn.execute(
        t.audit_log.insert().values(
            created_at=now(),
            actor=actor,
            action=action,
            site_id=site_id,
            target_type=target_type,
            target_id=None if target_id is None else str(target_id),
            reason=reason,
            details=details or {},
        )
    )
