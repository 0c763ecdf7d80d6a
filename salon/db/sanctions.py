"""Sanctions on authors: warn, suspend (until a time), ban, shadow-ban. Lifted ones are kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, or_, select

from salon.db import tables as t
from salon.db.engine import now
from salon.models import SanctionKind

s = t.sanctions


@dataclass(frozen=True)
class Sanction:
    id: int
    site_id: int
    author_id: int
    kind: SanctionKind
    reason: str
    until: datetime | None
    created_at: datetime


def _sanction(row: Any) -> Sanction:
    return Sanction(
        id=row.id,
        site_id=row.site_id,
        author_id=row.author_id,
        kind=SanctionKind(row.kind),
        reason=row.reason,
        until=row.until,
        created_at=row.created_at,
    )


# Built once: composing a statement per post costs more than running it.
_ACTIVE = (
    select(s)
    .where(
        s.c.author_id == bindparam("author_id"),
        s.c.lifted_at.is_(None),
        or_(s.c.until.is_(None), s.c.until > bindparam("at")),
    )
    .order_by(s.c.created_at.desc(), s.c.id.desc())  # the same order as the batch's (moderation.batch_facts)
)


def active(conn: Connection, author_id: int, at: datetime | None = None) -> list[Sanction]:
    """Sanctions in force for an author now: not lifted, and not expired."""
    rows = conn.execute(_ACTIVE, {"author_id": author_id, "at": at or now()})
    return [_sanction(r) for r in rows]


def history(conn: Connection, author_id: int) -> list[Any]:
    return list(conn.execute(select(s).where(s.c.author_id == author_id).order_by(s.c.created_at.desc())))
