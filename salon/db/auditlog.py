"""Reading the audit log (writing is salon/actions/audit.py): newest first, filtered, in pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from salon.db import tables as t

al = t.audit_log


@dataclass(frozen=True)
class AuditFilter:
    """``site_ids`` None: every row (an admin). Otherwise only rows about those sites."""

    site_ids: frozenset[int] | None = None
    actor: str | None = None
    action: str | None = None
    target_type: str | None = None
    target_id: str | None = None


def entries(
    conn: Connection, f: AuditFilter, limit: int = 100, before: int | None = None
) -> tuple[list[Any], int | None]:
    """One page of audit rows, newest first; and the id to pass as ``before`` for the next."""
    if f.site_ids is not None and not f.site_ids:
        return [], None
    query = select(al).order_by(al.c.id.desc()).limit(limit + 1)
    if f.site_ids is not None:
        query = query.where(al.c.site_id.in_(sorted(f.site_ids)))
    if f.actor:
        query = query.where(al.c.actor == f.actor)
    if f.action:
        # "comment" matches every comment.* action; "comment.approve" matches exactly.
        query = query.where(
            al.c.action.startswith(f.action) if "." not in f.action else al.c.action == f.action
        )
    if f.target_type:
        query = query.where(al.c.target_type == f.target_type)
    if f.target_id:
        query = query.where(al.c.target_id == f.target_id)
    if before is not None:
        query = query.where(al.c.id < before)
    rows = list(conn.execute(query))
    return rows[:limit], (int(rows[limit - 1].id) if len(rows) > limit else None)
