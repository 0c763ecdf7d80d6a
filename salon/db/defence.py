"""Queries for the bot defences and the thread controls: recent pressure, slow mode, timed locks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, or_, select

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


# Built once: composing a statement per post costs more than running it.
_CONTROLS = select(tc).where(tc.c.thread_id == bindparam("thread_id"))


def controls(conn: Connection, thread_id: int) -> ThreadControls | None:
    row = conn.execute(_CONTROLS, {"thread_id": thread_id}).first()
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


_LAST_POST = select(func.max(c.c.created_at)).where(
    c.c.author_id == bindparam("author_id"), c.c.thread_id == bindparam("thread_id")
)


def last_post_by(conn: Connection, thread_id: int, author_id: int) -> datetime | None:
    """When an author last posted on a thread (``ix_comments_author``)."""
    value = conn.execute(_LAST_POST, {"author_id": author_id, "thread_id": thread_id}).scalar()
    return value if isinstance(value, datetime) else None


_COOL_DOWN = (
    select(t.cool_downs)
    .where(
        t.cool_downs.c.thread_id == bindparam("thread_id"),
        t.cool_downs.c.author_id == bindparam("author_id"),
        t.cool_downs.c.until > bindparam("at"),
    )
    .order_by(t.cool_downs.c.until.desc())
    .limit(1)
)


def active_cool_down(conn: Connection, thread_id: int, author_id: int, at: datetime) -> Any | None:
    """The author's cool-down on the thread in force at ``at`` (the latest one), if any."""
    return conn.execute(_COOL_DOWN, {"thread_id": thread_id, "author_id": author_id, "at": at}).first()


def busy_threads(
    conn: Connection, site_ids: frozenset[int] | None, since: datetime, min_comments: int, limit: int
) -> list[Any]:
    """Threads with at least ``min_comments`` replies since ``since``: where flame wars can be."""
    th = t.threads
    replies = func.count(c.c.id).label("replies")
    query = (
        select(th.c.id, th.c.site_id, th.c.url, th.c.title, th.c.locked, replies)
        .join(c, c.c.thread_id == th.c.id)
        .where(c.c.created_at >= since, c.c.parent_id.is_not(None), c.c.status != "deleted")
        .group_by(th.c.id, th.c.site_id, th.c.url, th.c.title, th.c.locked)
        .having(func.count(c.c.id) >= min_comments)
        .order_by(replies.desc())
        .limit(limit)
    )
    if site_ids is not None:
        query = query.where(th.c.site_id.in_(list(site_ids)))
    return list(conn.execute(query))


def recent_comments(conn: Connection, thread_id: int, since: datetime, limit: int = 400) -> list[Any]:
    """A thread's comments since ``since`` (with authors), oldest first, for the heat detector."""
    query = (
        select(
            c.c.id,
            c.c.author_id,
            c.c.author_name,
            c.c.parent_id,
            c.c.created_at,
            c.c.body,
            c.c.status,
            c.c.moderation,
        )
        .where(c.c.thread_id == thread_id, c.c.created_at >= since, c.c.author_id.is_not(None))
        .where(c.c.status != "deleted")
        .order_by(c.c.created_at.desc(), c.c.id.desc())
        .limit(limit)
    )
    return list(reversed(list(conn.execute(query))))


def add_sanction_signals(
    conn: Connection, sanction_id: int, site_id: int, found: list[tuple[str, str, datetime | None]]
) -> None:
    """Record the signals a sanction also covers: (kind, value, expires_at) each."""
    if found:
        conn.execute(
            t.sanction_signals.insert(),
            [
                {"sanction_id": sanction_id, "site_id": site_id, "kind": k, "value": v, "expires_at": e}
                for k, v, e in found
            ],
        )


def sanction_signals_of(conn: Connection, sanction_id: int) -> list[Any]:
    ss = t.sanction_signals
    return list(conn.execute(select(ss).where(ss.c.sanction_id == sanction_id).order_by(ss.c.id)))


def _matching_query() -> Any:
    ss, s = t.sanction_signals, t.sanctions
    return (
        select(
            s.c.id,
            s.c.author_id,
            s.c.kind.label("sanction"),
            s.c.reason,
            s.c.created_at,
            ss.c.kind,
            ss.c.value,
            ss.c.expires_at,
            s.c.until,
        )
        .join(s, s.c.id == ss.c.sanction_id)
        .where(
            ss.c.site_id == bindparam("site_id"),
            ss.c.value.in_(bindparam("values", expanding=True)),
            or_(ss.c.expires_at.is_(None), ss.c.expires_at > bindparam("at")),
            s.c.lifted_at.is_(None),
            or_(s.c.until.is_(None), s.c.until > bindparam("at")),
            s.c.kind != "warn",
        )
        .order_by(s.c.created_at.desc(), ss.c.id)
    )


#: Sanctions in force with a signal among ``values`` (each row also says when the signal and the
#: sanction run out): the one statement for a post alone and for a batch (``moderation.batch_facts``).
MATCHING_SANCTIONS = _matching_query()


def matching_sanctions(
    conn: Connection, site_id: int, pairs: list[tuple[str, str]], at: datetime
) -> list[Any]:
    """Sanctions in force whose signals include one of (kind, value), with the signal matched."""
    wanted = {(k, v) for k, v in pairs if v}
    if not wanted:
        return []
    # One prebuilt statement on the values; the kinds are matched here (a value of one kind is
    # never taken for another's).
    params = {"site_id": site_id, "values": sorted({v for _, v in wanted}), "at": at}
    rows = conn.execute(MATCHING_SANCTIONS, params)
    return [r for r in rows if (r.kind, r.value) in wanted]
