"""Queries for the bot defences and the thread controls: recent pressure, slow mode, timed locks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from salon.db import tables as t
from salon.db.engine import now

c = t.comments
tc = t.thread_controls


def recent_from_client(conn: Connection, site_id: int, client_hash: str, since: datetime) -> int:
    """Comments one client address posted on a site since ``since`` (``ix_comments_client``)."""
    query = (
        select(func.count())
        .select_from(c.join(t.threads, t.threads.c.id == c.c.thread_id))
        .where(c.c.client_hash == client_hash, c.c.created_at >= since, t.threads.c.site_id == site_id)
    )
    return int(conn.execute(query).scalar_one())


def recent_on_thread(conn: Connection, thread_id: int, since: datetime) -> int:
    """Comments posted on a thread since ``since`` (``ix_comments_thread_status`` covers it)."""
    query = select(func.count()).select_from(c).where(c.c.thread_id == thread_id, c.c.created_at >= since)
    return int(conn.execute(query).scalar_one())


@dataclass(frozen=True)
class ThreadControls:
    """A thread's slow mode and timed lock, as in force at ``at``."""

    thread_id: int
    slow_mode_seconds: int
    slow_mode_until: datetime | None
    locked_until: datetime | None

    def slow_mode_at(self, at: datetime) -> int:
        """The interval in force at ``at`` (0: slow mode off or over)."""
        if self.slow_mode_seconds <= 0 or (self.slow_mode_until is not None and self.slow_mode_until <= at):
            return 0
        return self.slow_mode_seconds

    def locked_at(self, at: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > at


def controls(conn: Connection, thread_id: int) -> ThreadControls | None:
    row = conn.execute(select(tc).where(tc.c.thread_id == thread_id)).first()
    if row is None:
        return None
    return ThreadControls(row.thread_id, row.slow_mode_seconds, row.slow_mode_until, row.locked_until)


def set_controls(conn: Connection, thread_id: int, user_id: int | None, **values: Any) -> None:
    """Upsert a thread's controls (``slow_mode_seconds``, ``slow_mode_until``, ``locked_until``)."""
    stamp = now()
    found = conn.execute(select(tc.c.thread_id).where(tc.c.thread_id == thread_id)).first()
    if found is None:
        conn.execute(tc.insert().values(thread_id=thread_id, updated_at=stamp, updated_by=user_id, **values))
    else:
        conn.execute(
            tc.update()
            .where(tc.c.thread_id == thread_id)
            .values(updated_at=stamp, updated_by=user_id, **values)
        )


def last_post_by(conn: Connection, thread_id: int, author_id: int) -> datetime | None:
    """When an author last posted on a thread (``ix_comments_author``)."""
    query = select(func.max(c.c.created_at)).where(c.c.author_id == author_id, c.c.thread_id == thread_id)
    value = conn.execute(query).scalar()
    return value if isinstance(value, datetime) else None
