"""Threads: one per (site, normalised page URL)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, case, func, select, update
from sqlalchemy.exc import IntegrityError

from salon.db import tables as t
from salon.db.engine import now


@dataclass(frozen=True)
class Thread:
    id: int
    site_id: int
    url: str
    title: str
    locked: bool
    comment_count: int
    created_at: datetime


def _thread(row: Any) -> Thread:
    return Thread(
        id=row.id,
        site_id=row.site_id,
        url=row.url,
        title=row.title,
        locked=bool(row.locked),
        comment_count=row.comment_count,
        created_at=row.created_at,
    )


def get(conn: Connection, thread_id: int) -> Thread | None:
    row = conn.execute(select(t.threads).where(t.threads.c.id == thread_id)).first()
    return _thread(row) if row else None


_BY_URL = select(t.threads).where(
    t.threads.c.site_id == bindparam("site_id"), t.threads.c.url == bindparam("url")
)


def by_url(conn: Connection, site_id: int, url: str) -> Thread | None:
    row = conn.execute(_BY_URL, {"site_id": site_id, "url": url}).first()
    return _thread(row) if row else None


def get_or_create(conn: Connection, site_id: int, url: str, title: str = "") -> Thread:
    """The thread for a page, created on first comment. Inside a write transaction."""
    found = by_url(conn, site_id, url)
    if found is not None:
        if title and not found.title:
            set_title_if_empty(conn, found.id, title)
        return found
    try:
        with conn.begin_nested():
            conn.execute(
                t.threads.insert().values(site_id=site_id, url=url, title=title[:300], created_at=now())
            )
    except IntegrityError:  # another process created it first
        pass
    created = by_url(conn, site_id, url)
    assert created is not None
    return created


def set_title_if_empty(conn: Connection, thread_id: int, title: str) -> None:
    """Give a thread its page title, unless it already has one."""
    conn.execute(
        update(t.threads)
        .where(t.threads.c.id == thread_id, t.threads.c.title == "")
        .values(title=title[:300])
    )


def refresh_count(conn: Connection, thread_id: int) -> int:
    """Recount a thread's published, visible comments (repairs; writes use adjust_count)."""
    count = conn.execute(
        select(func.count())
        .select_from(t.comments)
        .where(
            t.comments.c.thread_id == thread_id,
            t.comments.c.status == "published",
            t.comments.c.shadow.is_(False),
        )
    ).scalar_one()
    conn.execute(update(t.threads).where(t.threads.c.id == thread_id).values(comment_count=count))
    return int(count)


def adjust_count(conn: Connection, thread_id: int, delta: int) -> None:
    """Move a thread's visible-comment count by ``delta`` (a comment appeared or went away); a
    comment appearing also makes now the thread's ``last_comment_at`` (the dashboard's order)."""
    adjust_counts(conn, {thread_id: delta})


_ADJUST = (
    update(t.threads)
    .where(t.threads.c.id == bindparam("b_id"))
    .values(
        comment_count=t.threads.c.comment_count + bindparam("b_delta"),
        last_comment_at=case(
            (bindparam("b_delta") > 0, bindparam("b_now", type_=t.TS)), else_=t.threads.c.last_comment_at
        ),
    )
)


def adjust_counts(conn: Connection, deltas: dict[int, int]) -> None:
    """:func:`adjust_count` for many threads in one executemany (``{thread_id: delta}``)."""
    at = now()
    params = [{"b_id": k, "b_delta": d, "b_now": at} for k, d in sorted(deltas.items()) if d]
    if params:
        conn.execute(_ADJUST, params)


def counts_for_urls(conn: Connection, site_ids: list[int], urls: list[str]) -> dict[tuple[int, str], int]:
    rows = conn.execute(
        select(t.threads.c.site_id, t.threads.c.url, t.threads.c.comment_count).where(
            t.threads.c.site_id.in_(site_ids), t.threads.c.url.in_(urls)
        )
    )
    return {(r.site_id, r.url): r.comment_count for r in rows}


def set_locked(conn: Connection, thread_id: int, locked: bool) -> None:
    conn.execute(update(t.threads).where(t.threads.c.id == thread_id).values(locked=locked))
