"""Reader reports on comments: one per reader per comment; open until a moderator decides."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, func, select, update

from salon.db import tables as t
from salon.db.engine import now

r = t.reports


def insert(conn: Connection, **values: Any) -> int:
    return int(conn.execute(r.insert().values(**values).returning(r.c.id)).scalar_one())


def open_count(conn: Connection, comment_id: int) -> int:
    """Reports on a comment that no moderator decision has resolved yet."""
    return int(
        conn.execute(
            select(func.count()).select_from(r).where(r.c.comment_id == comment_id, r.c.resolved_at.is_(None))
        ).scalar_one()
    )


def resolve(conn: Connection, comment_ids: Sequence[int]) -> int:
    """Close the open reports on these comments (a moderator has decided them)."""
    if not comment_ids:
        return 0
    result = conn.execute(
        update(r)
        .where(r.c.comment_id.in_(list(comment_ids)), r.c.resolved_at.is_(None))
        .values(resolved_at=now())
    )
    return int(result.rowcount or 0)


def reasons_for(conn: Connection, comment_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """For each comment, how many reports give each reason (open and resolved)."""
    out: dict[int, dict[str, int]] = {}
    if not comment_ids:
        return out
    rows = conn.execute(
        select(r.c.comment_id, r.c.reason, func.count())
        .where(r.c.comment_id.in_(list(comment_ids)))
        .group_by(r.c.comment_id, r.c.reason)
    )
    for comment_id, reason, n in rows:
        out.setdefault(int(comment_id), {})[str(reason)] = int(n)
    return out


def notes_for(conn: Connection, comment_id: int, limit: int = 20) -> list[Any]:
    return list(
        conn.execute(
            select(r.c.reason, r.c.note, r.c.created_at, r.c.resolved_at)
            .where(r.c.comment_id == comment_id)
            .order_by(r.c.created_at.desc())
            .limit(limit)
        )
    )
