"""The window the duplicates phase compares a new comment with: the newest comments of a site
that are not deleted, fingerprinted (``Recent``), read from the database (``from_database``) or
from the process's copy of it (``RecentComments``, ``services.recent``); and the check that
the comments a finding rests on are still in the database as the window holds them
(``unchanged``), so that a stale copy never holds a comment.

The phase reads it through the post's facts (``salon.moderation.facts``), which know whether
the rows came from the database a moment ago or from the copy.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, select

from salon.db import tables as t
from salon.moderation.similarity import Fingerprint, fingerprint


@dataclass(frozen=True)
class Recent:
    """One comment of the window, as the checks need it."""

    id: int
    author_id: int | None
    thread_id: int
    fp: Fingerprint
    #: The text it was made from: a check that the comment is unchanged compares this first
    #: (the same text has the same fingerprint) and fingerprints the stored text only if it differs.
    body: str | None = field(default=None, compare=False, repr=False)


def _window_query() -> Any:
    c = t.comments
    return (
        select(c.c.id, c.c.author_id, c.c.thread_id, c.c.body)
        # ``thread_id + 0``: no index on thread_id for this join, so SQLite walks comments by primary
        # key (newest first, or from ``after``) and looks each thread up, instead of reading every
        # comment of the site through ix_comments_thread_status and sorting them.
        .select_from(c.join(t.threads, t.threads.c.id == c.c.thread_id + 0))
        .where(t.threads.c.site_id == bindparam("site_id"), c.c.status != "deleted")
        # Newest first by primary key (ids grow with time): a backward index walk that stops after
        # ``limit`` rows, where ordering by created_at would sort the site's whole history.
        .order_by(c.c.id.desc())
        .limit(bindparam("limit"))
    )


# Built once: composing a statement per post costs more than running it.
_WINDOW = _window_query()
_WINDOW_NOT_SELF = _WINDOW.where(t.comments.c.id != bindparam("comment_id"))
_NEWER = _WINDOW.where(t.comments.c.id > bindparam("after"))
_CITED = _WINDOW.where(t.comments.c.id.in_(bindparam("ids", expanding=True)))


def _recents(rows: Any) -> list[Recent]:
    return [Recent(r.id, r.author_id, r.thread_id, fingerprint(r.body), r.body) for r in rows]


def from_database(conn: Connection, site_id: int, limit: int, comment_id: int | None) -> list[Recent]:
    if comment_id is None:
        rows = conn.execute(_WINDOW, {"site_id": site_id, "limit": limit})
    else:
        rows = conn.execute(_WINDOW_NOT_SELF, {"site_id": site_id, "limit": limit, "comment_id": comment_id})
    return _recents(rows)


def unchanged(conn: Connection, site_id: int, held: dict[int, Recent], ids: list[int]) -> bool:
    """Whether the comments ``ids`` of the window rows ``held`` are still in the database,
    undeleted, unchanged (the same author, thread and text, or a text with the same fingerprint)."""
    stored = {r.id: r for r in conn.execute(_CITED, {"site_id": site_id, "ids": ids, "limit": len(ids)})}
    for i in ids:
        row, copy = stored.get(i), held[i]
        if row is None or (row.author_id, row.thread_id) != (copy.author_id, copy.thread_id):
            return False
        if row.body != copy.body and fingerprint(row.body) != copy.fp:
            return False
    return True


@dataclass
class _SiteWindow:
    capacity: int
    filled_at: float
    rows: list[Recent] = field(default_factory=list)  # newest first
    ids: set[int] = field(default_factory=set)
    #: (when, largest id then) of each top-up: where the next one may start (see ``settle``).
    marks: deque[tuple[float, int]] = field(default_factory=deque)


class RecentComments:
    """Each site's newest comments, fingerprinted, kept in step with the database.

    ``rows(site_id, n)`` reads only the comments newer than those already held (or the whole
    window the first time, after ``max_age`` seconds, or after an event that may have changed an
    older comment: an edit, a deletion, a moderator's decision or a site change).  Reads use a
    connection of their own, opened after any event already heard, so an invalidation is never
    undone by an older snapshot.  ``settle`` seconds of ids are read again on each top-up where ids
    can commit out of order (PostgreSQL sequences); SQLite commits ids in order, so 0 there.
    Memory is bounded: at most ``max_sites`` windows of ``duplicate_window + 1`` fingerprints.
    """

    def __init__(
        self,
        connect: Callable[[], Any],
        *,
        settle: float = 0.0,
        max_age: float = 60.0,
        max_sites: int = 32,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._connect = connect
        self._settle = settle
        self._max_age = max_age
        self._max_sites = max_sites
        self._clock = clock
        self._sites: OrderedDict[int, _SiteWindow] = OrderedDict()
        self._lock = threading.Lock()

    def rows(
        self, site_id: int, limit: int, exclude: int | None = None, conn: Connection | None = None
    ) -> list[Recent]:
        """The site's ``limit`` newest comments that are not deleted, leaving out ``exclude``.

        ``conn`` (the caller's read connection) serves a top-up when ids commit in order: its
        snapshot cannot hold a comment newer than the window that a later event changed.
        """
        with self._lock:
            window = self._current(site_id, limit + 1, conn if self._settle == 0 else None)
            rows = window.rows
        if exclude is None or exclude not in window.ids:
            return rows[:limit]
        return [r for r in rows if r.id != exclude][:limit]

    def forget(self, site_id: int | None = None) -> None:
        """Drop one site's window (or every one); the next post reads it whole again."""
        with self._lock:
            if site_id is None:
                self._sites.clear()
            else:
                self._sites.pop(site_id, None)

    def add(self, site_id: int, recent: Recent) -> None:
        """A comment the caller has written but not yet committed (a batch of posts in one
        transaction), for the checks of the posts after it, which a window read on another
        connection would not see. The caller forgets the site if the transaction rolls back.
        A site with no window yet is left alone: its first read comes from the database."""
        with self._lock:
            window = self._sites.get(site_id)
            if window is None or recent.id in window.ids:
                return
            window.rows = sorted([recent, *window.rows], key=lambda r: -r.id)[: window.capacity]
            window.ids = {r.id for r in window.rows}

    def on_event(self, event: dict[str, Any]) -> None:
        kind = str(event.get("type", ""))
        if kind in ("comment.created", "comment.voted", "comment.reported"):
            return  # new comments arrive by id; votes and reports change no text
        if kind.startswith("comment.") and isinstance(event.get("site_id"), int):
            self.forget(event["site_id"])
        elif kind.startswith(("comment.", "site.")):
            self.forget()

    def _current(self, site_id: int, capacity: int, conn: Connection | None) -> _SiteWindow:
        now = self._clock()
        window = self._sites.get(site_id)
        if window is None or window.capacity < capacity or now - window.filled_at > self._max_age:
            window = _SiteWindow(capacity=capacity, filled_at=now)
            with self._connect() as own:  # a snapshot taken after every event heard so far
                fresh = _recents(own.execute(_WINDOW, {"site_id": site_id, "limit": capacity}))
        else:
            params = {"site_id": site_id, "limit": window.capacity, "after": self._floor(window, now)}
            if conn is not None:
                fresh = _recents(conn.execute(_NEWER, params))
            else:
                with self._connect() as own:
                    fresh = _recents(own.execute(_NEWER, params))
            fresh = [r for r in fresh if r.id not in window.ids]
        if fresh:
            window.rows = sorted(fresh + window.rows, key=lambda r: -r.id)[: window.capacity]
            window.ids = {r.id for r in window.rows}
        window.marks.append((now, max(window.ids, default=0)))
        self._sites[site_id] = window
        self._sites.move_to_end(site_id)
        while len(self._sites) > self._max_sites:
            self._sites.popitem(last=False)
        return window

    def _floor(self, window: _SiteWindow, now: float) -> int:
        """The id after which to read: the largest seen at least ``settle`` seconds ago."""
        marks = window.marks
        while len(marks) > 1 and now - marks[1][0] >= self._settle:
            marks.popleft()
        when, top = marks[0]
        return top if now - when >= self._settle else 0
