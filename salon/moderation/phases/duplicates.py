"""Repeats and near-duplicates, compared with a bounded window of the site's recent comments:

* the same author posting the same or nearly the same text again (anywhere on the site);
* a text nearly equal to a comment in another thread (copy-paste campaigns, sock puppets);

(both only for texts of at least ``duplicate_min_words`` words: short texts repeat innocently);
* a long text whose sentences mostly appear, word for word, in earlier comments (pasted);
* a closing line (a copy-paste signature) that other authors' recent comments also end with.

Each holds the comment.  "Nearly" is word-shingle Jaccard >= ``duplicate_threshold``.

The window is the newest ``duplicate_window`` comments of the site that are not deleted (an edit
is never compared with itself).  With services, it comes from ``services.recent`` (a
``RecentComments``): an in-process copy of each site's window, fingerprinted once, that each post
tops up with the comments newer than the last one it saw (one query on the primary key, so
comments from other processes arrive too).  A hold is never decided on that copy alone: the
window is read again from the database and the phase decides on what it finds there, so a copy
that missed a deletion or an edit cannot hold a comment wrongly.  Without services (tests of a
bare Context) the window is read from the database every time.

Failure mode: needs the database; without a connection it has no opinion.
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
from salon.models import Decision
from salon.moderation.pipeline import Context, PhaseResult
from salon.moderation.policy import Policy, policy_of
from salon.moderation.similarity import Fingerprint, fingerprint, jaccard

#: A text needs this many long sentences before "pasted" can apply, and this share of them seen.
PASTE_MIN_SENTENCES = 3
PASTE_SHARE = 0.5
#: Other authors whose comments end with the same line before it counts as a signature.
SIGNATURE_AUTHORS = 2


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


# Each check gives its reason and the ids of the comments it rests on.
Found = tuple[str, list[int]] | None


def _near_copy(ctx: Context, policy: Policy, mine: Fingerprint, rows: list[Recent]) -> Found:
    if mine.words < policy.duplicate_min_words:
        return None  # "Thanks!", "+1", "Great article": short texts repeat innocently
    size = len(mine.shingles)
    for row in rows:
        same_author = ctx.author_id is not None and row.author_id == ctx.author_id
        if not (same_author or row.thread_id != ctx.thread_id):
            continue
        theirs = row.fp.shingles
        # Jaccard >= t needs the smaller set to be at least t times the larger: skip the rest.
        if min(size, len(theirs)) < policy.duplicate_threshold * max(size, len(theirs)):
            continue
        similarity = jaccard(mine.shingles, theirs)
        if similarity >= policy.duplicate_threshold:
            who = "the same author" if same_author else "another thread"
            return f"near-duplicate ({similarity:.2f}) of comment {row.id} by {who}", [row.id]
    return None


def _pasted(mine: Fingerprint, rows: list[Recent]) -> Found:
    if len(mine.sentences) < PASTE_MIN_SENTENCES:
        return None
    seen: set[str] = set()
    ids = []
    for row in rows:
        shared = mine.sentences & row.fp.sentences
        if shared:
            seen |= shared
            ids.append(row.id)
    if len(seen) >= PASTE_SHARE * len(mine.sentences):
        return f"pasted: {len(seen)} of {len(mine.sentences)} sentences appear in earlier comments", ids
    return None


def _signature(ctx: Context, mine: Fingerprint, rows: list[Recent]) -> Found:
    if mine.signature is None:
        return None
    matches = [r for r in rows if r.author_id != ctx.author_id and r.fp.signature == mine.signature]
    authors = {r.author_id for r in matches}
    if len(authors) >= SIGNATURE_AUTHORS:
        return f"signature line shared with {len(authors)} other authors' comments", [r.id for r in matches]
    return None


def _reason(ctx: Context, policy: Policy, rows: list[Recent]) -> Found:
    if not rows:
        return None
    mine = fingerprint(ctx.text) if ctx.facts is None else ctx.facts.fingerprint(ctx.text)
    return _near_copy(ctx, policy, mine, rows) or _pasted(mine, rows) or _signature(ctx, mine, rows)


def _still_there(ctx: Context, rows: list[Recent], ids: list[int]) -> bool:
    """Whether the comments a finding rests on are still in the database, undeleted, unchanged."""
    held = {r.id: r for r in rows}
    facts = ctx.facts
    if facts is not None:  # a post of a batch: rows an earlier post's hold checked need no look-up
        ids = facts.unchecked(held, ids)
        if not ids:
            return True
    stored = {
        r.id: r for r in ctx.conn.execute(_CITED, {"site_id": ctx.site_id, "ids": ids, "limit": len(ids)})
    }
    for i in ids:
        row, copy = stored.get(i), held[i]
        if row is None or (row.author_id, row.thread_id) != (copy.author_id, copy.thread_id):
            return False
        if row.body != copy.body and fingerprint(row.body) != copy.fp:
            return False
    if facts is not None:
        facts.checked(held, ids)
    return True


class Duplicates:
    name = "duplicates"

    def __call__(self, ctx: Context) -> PhaseResult | None:
        if ctx.conn is None or ctx.site_id is None:
            return None
        policy = policy_of(ctx)
        if policy.duplicate_window == 0:
            return None
        recent: RecentComments | None = getattr(ctx.services, "recent", None)
        if ctx.facts is not None and ctx.comment_id is None:
            # A post of a batch: the window as topped up once for the batch, with its own posts.
            rows = ctx.facts.window(ctx.site_id, policy.duplicate_window)
            found = _reason(ctx, policy, rows)
            if found is None:
                return None
            if not _still_there(ctx, rows, found[1]):
                if recent is not None:
                    recent.forget(ctx.site_id)
                ctx.facts.window_stale(ctx.site_id)
                found = _reason(
                    ctx,
                    policy,
                    from_database(ctx.conn, ctx.site_id, policy.duplicate_window, ctx.comment_id),
                )
        elif recent is not None:
            rows = recent.rows(ctx.site_id, policy.duplicate_window, ctx.comment_id, ctx.conn)
            found = _reason(ctx, policy, rows)
            if found is None:
                return None
            if not _still_there(ctx, rows, found[1]):
                # The copy is stale (an edit or deletion not yet heard of): decide on the database.
                recent.forget(ctx.site_id)
                found = _reason(
                    ctx,
                    policy,
                    from_database(ctx.conn, ctx.site_id, policy.duplicate_window, ctx.comment_id),
                )
        else:
            found = _reason(
                ctx, policy, from_database(ctx.conn, ctx.site_id, policy.duplicate_window, ctx.comment_id)
            )
        if found is None:
            return None
        return PhaseResult(Decision.HOLD, [found[0]], message=policy.held_for(ctx.locale))
