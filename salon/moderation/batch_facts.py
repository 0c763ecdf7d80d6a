"""The moderation phases' history facts (``salon.moderation.facts.Facts``) for a whole batch of
new posts, each fetched once for the batch.

The post writer (``salon.actions.posting``) moderates the posts of a batch one after another on
its write connection and inserts each at once, so that a later post's checks see the earlier
ones. Asked one post at a time (``PostFacts``), the phases cost about nine statements per post
(sanctions, signals, thread controls, the site's adjustment, flood, trust, duplicates).
``BatchFacts`` asks each of those questions once for every post of the batch: on first use, one
statement fetches the fact for all of the batch's authors, threads, addresses or sites, on the
same connection.

What a post of the batch writes afterwards is told to it (:meth:`BatchFacts.written`) and added
to what was fetched: a comment written before a fetch is already in what the database returned,
one written after it is counted here. So every answer is the one ``PostFacts`` would have given
at that moment, and a phase decides exactly as it would on its own. A question about a comment
already stored (an edit's ``before``, ``other_than``, ``exclude``) or about a site that is not
the batch's is not the batch's to answer: ``PostFacts`` answers it, on the same connection.

Times: a fact bounded by time (a sanction's end, a cool-down, the flood window) is fetched from
the moment of the fetch and filtered again at the moment the phase asks, which is later.

Failure mode: a fetch runs inside the phase that first needs it, so a database error there
fails that phase as its own query would (the comment is held; on PostgreSQL the transaction is
aborted and the writer writes the batch again post by post).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from operator import attrgetter
from typing import Any

from sqlalchemy import Connection, bindparam, func, or_, select

from salon.db import tables as t
from salon.db.defence import MATCHING_SANCTIONS, ThreadControls
from salon.db.engine import now
from salon.db.sanctions import Sanction, _sanction
from salon.moderation.facts import DECIDED, PostFacts
from salon.moderation.policy import Policy, policy_of
from salon.moderation.recent import Recent, RecentComments, from_database, unchanged
from salon.moderation.similarity import Fingerprint, fingerprint

_c = t.comments
_ID = attrgetter("id")
_IDS: Any = bindparam("ids", expanding=True)

# Built once, like the phases' own statements.
_AUTHORS = select(t.authors).where(t.authors.c.id.in_(_IDS))
_PROVIDERS = (
    select(t.reader_accounts.c.author_id, t.reader_accounts.c.provider)
    .where(t.reader_accounts.c.author_id.in_(_IDS))
    .order_by(t.reader_accounts.c.author_id, t.reader_accounts.c.id)
)
_SANCTIONS = (
    select(t.sanctions)
    .where(
        t.sanctions.c.author_id.in_(_IDS),
        t.sanctions.c.lifted_at.is_(None),
        or_(t.sanctions.c.until.is_(None), t.sanctions.c.until > bindparam("at")),
    )
    .order_by(t.sanctions.c.created_at.desc(), t.sanctions.c.id.desc())
)
_CONTROLS = select(t.thread_controls).where(t.thread_controls.c.thread_id.in_(_IDS))
_COOL_DOWNS = (
    select(t.cool_downs)
    .where(
        t.cool_downs.c.thread_id.in_(_IDS),
        t.cool_downs.c.author_id.in_(bindparam("authors", expanding=True)),
        t.cool_downs.c.until > bindparam("at"),
    )
    .order_by(t.cool_downs.c.until.desc())
)
_LAST_POSTS = (
    select(_c.c.thread_id, _c.c.author_id, func.max(_c.c.created_at).label("last"))
    .where(_c.c.thread_id.in_(_IDS), _c.c.author_id.in_(bindparam("authors", expanding=True)))
    .group_by(_c.c.thread_id, _c.c.author_id)
)
_ADJUSTMENTS = select(
    t.site_adjustments.c.site_id,
    t.site_adjustments.c.version,
    t.site_adjustments.c.decisions,
    t.site_adjustments.c.data,
).where(t.site_adjustments.c.site_id.in_(_IDS))
_FLOOD = (
    select(_c.c.author_id, _c.c.client_hash, _c.c.created_at)
    .select_from(_c.join(t.threads, t.threads.c.id == _c.c.thread_id))
    .where(
        t.threads.c.site_id == bindparam("site_id"),
        _c.c.created_at >= bindparam("since"),
        or_(_c.c.author_id.in_(_IDS), _c.c.client_hash.in_(bindparam("clients", expanding=True))),
    )
)
_EARLIER = (
    select(_c.c.author_id, func.count().label("n")).where(_c.c.author_id.in_(_IDS)).group_by(_c.c.author_id)
)


def _statuses_query() -> Any:
    rank = (
        func.row_number()
        .over(partition_by=_c.c.author_id, order_by=(_c.c.created_at.desc(), _c.c.id.desc()))
        .label("rank")
    )
    ranked = (
        select(_c.c.author_id, _c.c.status, rank)
        .where(_c.c.author_id.in_(_IDS), _c.c.status.in_(DECIDED))
        .subquery()
    )
    return (
        select(ranked.c.author_id, ranked.c.status)
        .where(ranked.c.rank <= bindparam("limit"))
        .order_by(ranked.c.author_id, ranked.c.rank)
    )


_STATUSES = _statuses_query()


@dataclass(frozen=True)
class _Written:
    """A comment a post of the batch wrote (not yet committed)."""

    id: int
    site_id: int
    thread_id: int
    author_id: int | None
    client_hash: str | None
    status: str
    created_at: datetime
    body: str


class BatchFacts:
    """The phases' history facts for one batch of posts (their contexts), on ``conn``."""

    def __init__(
        self, conn: Connection, contexts: Sequence[Any], recent: RecentComments | None = None
    ) -> None:
        """``contexts``: the batch's posts, in order; ``recent``: the process's duplicates window
        (``services.recent``), or None to read the window from the database."""
        self._conn = conn
        self._recent = recent
        #: Answers what is not the batch's to answer (see the module's docstring).
        self._alone = PostFacts(conn, recent)
        self._policies: dict[int, Policy] = {}
        self._authors: dict[int, set[int]] = {}  # site → authors
        self._clients: dict[int, set[str]] = {}  # site → client addresses
        threads: set[int] = set()
        for ctx in contexts:
            if ctx.site_id is None:
                continue
            self._policies.setdefault(ctx.site_id, policy_of(ctx))
            if ctx.author_id is not None:
                self._authors.setdefault(ctx.site_id, set()).add(ctx.author_id)
            if ctx.client_hash:
                self._clients.setdefault(ctx.site_id, set()).add(ctx.client_hash)
            if ctx.thread_id is not None:
                threads.add(ctx.thread_id)
        self._author_ids = sorted({a for authors in self._authors.values() for a in authors})
        self._thread_ids = sorted(threads)
        self._written: list[_Written] = []
        self._fetched: dict[Any, tuple[Any, int]] = {}  # kind → (what was fetched, written by then)
        self._fingerprints: dict[str, Fingerprint] = {}
        self._own: dict[int, Recent] = {}  # the batch's comments as window rows
        #: Window rows found unchanged in the database during this batch (see ``unchanged``).
        self._checked: dict[int, Recent] = {}
        #: How many kinds of fact were fetched (each one statement, or one per site).
        self.fetches = 0

    # -- what the batch writes ------------------------------------------------------------------

    def written(self, site_id: int, comment: Any) -> None:
        """A post of the batch was inserted: the checks of the posts after it count it."""
        self._written.append(
            _Written(
                int(comment.id),
                site_id,
                int(comment.thread_id),
                comment.author_id,
                comment.client_hash,
                str(comment.status),
                comment.created_at,
                str(comment.body),
            )
        )

    def _fetch(self, kind: Any, load: Any) -> tuple[Any, list[_Written]]:
        """What ``load()`` returned the first time, and the batch's comments written since then."""
        found = self._fetched.get(kind)
        if found is None:
            self.fetches += 1
            found = (load(), len(self._written))
            self._fetched[kind] = found
        value, mark = found
        return value, self._written[mark:]

    # -- authors ----------------------------------------------------------------------------------

    def author(self, author_id: int) -> Any | None:
        """The author's row (``authors.get``); its counters move only after the batch."""
        rows, _ = self._fetch(
            "authors", lambda: {r.id: r for r in self._conn.execute(_AUTHORS, {"ids": self._author_ids})}
        )
        return rows.get(author_id)

    def provider(self, author_id: int) -> str | None:
        """``accounts.verified_provider``: the first reader account's provider, if any."""

        def load() -> dict[int, str]:
            first: dict[int, str] = {}
            for r in self._conn.execute(_PROVIDERS, {"ids": self._author_ids}):
                first.setdefault(int(r.author_id), str(r.provider))
            return first

        providers, _ = self._fetch("providers", load)
        value = providers.get(author_id)
        return value or None

    def sanctions(self, author_id: int, at: datetime) -> list[Sanction]:
        """``sanctions.active``: not lifted and not over at ``at``, newest first."""

        def load() -> dict[int, list[Sanction]]:
            by: dict[int, list[Sanction]] = {}
            for r in self._conn.execute(_SANCTIONS, {"ids": self._author_ids, "at": now()}):
                by.setdefault(int(r.author_id), []).append(_sanction(r))
            return by

        by_author, _ = self._fetch("sanctions", load)
        return [s for s in by_author.get(author_id, []) if s.until is None or s.until > at]

    def matching_sanctions(self, site_id: int, pairs: list[tuple[str, str]], at: datetime) -> list[Any]:
        """``defence.matching_sanctions``: sanctions in force whose signals include a pair."""
        wanted = {(k, v) for k, v in pairs if v}
        if not wanted:
            return []

        def load() -> list[Any]:
            values: set[str] = set()
            for author_id in sorted(self._authors.get(site_id, ())):
                row = self.author(author_id)
                if row is not None and row.email_hash:
                    values.add(str(row.email_hash))
                if row is not None and str(row.key).startswith("account:"):
                    values.add(str(row.key))
            values |= self._clients.get(site_id, set())
            values |= {v for _, v in wanted}
            if not values:
                return []
            params = {"site_id": site_id, "values": sorted(values), "at": now()}
            return list(self._conn.execute(MATCHING_SANCTIONS, params))

        rows, _ = self._fetch(("matching", site_id), load)
        return [
            r
            for r in rows
            if (r.kind, r.value) in wanted
            and (r.expires_at is None or r.expires_at > at)
            and (r.until is None or r.until > at)
        ]

    # -- threads ----------------------------------------------------------------------------------

    def controls(self, thread_id: int) -> ThreadControls | None:
        """``defence.controls``: the thread's slow mode and timed lock."""

        def load() -> dict[int, ThreadControls]:
            return {
                int(r.thread_id): ThreadControls(
                    r.thread_id, r.slow_mode_seconds, r.slow_mode_until, r.locked_until
                )
                for r in self._conn.execute(_CONTROLS, {"ids": self._thread_ids})
            }

        controls, _ = self._fetch("controls", load)
        return controls.get(thread_id)

    def cool_down(self, thread_id: int, author_id: int, at: datetime) -> Any | None:
        """``defence.active_cool_down``: the latest cool-down in force at ``at``."""

        def load() -> dict[tuple[int, int], list[Any]]:
            by: dict[tuple[int, int], list[Any]] = {}
            params = {"ids": self._thread_ids, "authors": self._author_ids, "at": now()}
            for r in self._conn.execute(_COOL_DOWNS, params):
                by.setdefault((int(r.thread_id), int(r.author_id)), []).append(r)
            return by

        by_pair, _ = self._fetch("cool_downs", load)
        return next((r for r in by_pair.get((thread_id, author_id), []) if r.until > at), None)

    def last_post(self, thread_id: int, author_id: int) -> datetime | None:
        """``defence.last_post_by``: when the author last posted on the thread."""

        def load() -> dict[tuple[int, int], datetime]:
            params = {"ids": self._thread_ids, "authors": self._author_ids}
            return {
                (int(r.thread_id), int(r.author_id)): r.last
                for r in self._conn.execute(_LAST_POSTS, params)
                if isinstance(r.last, datetime)
            }

        last, since = self._fetch("last_posts", load)
        value = last.get((thread_id, author_id))
        for w in since:
            if w.thread_id == thread_id and w.author_id == author_id:
                value = w.created_at if value is None else max(value, w.created_at)
        return value

    # -- sites ------------------------------------------------------------------------------------

    def adjustment(self, site_id: int) -> Any | None:
        """The site's learned adjustment row (version, decisions, data), if any."""

        def load() -> dict[int, Any]:
            sites = sorted({site_id, *self._policies})
            return {int(r.site_id): r for r in self._conn.execute(_ADJUSTMENTS, {"ids": sites})}

        rows, _ = self._fetch("adjustments", load)
        return rows.get(site_id)

    # -- flood and trust --------------------------------------------------------------------------

    def flood(
        self, site_id: int, author_id: int | None, client_hash: str | None, since: datetime
    ) -> tuple[int, int]:
        """The flood phase's two counts: the author's and the address's comments on the site
        since ``since``."""
        policy = self._policies.get(site_id)
        if policy is None:  # not a site of this batch: nothing fetched for it
            return self._alone.flood(site_id, author_id, client_hash, since)

        def load() -> list[tuple[int | None, str | None, datetime]]:
            params = {
                "site_id": site_id,
                "since": now() - timedelta(seconds=policy.flood_window_seconds),
                "ids": sorted(self._authors.get(site_id, ())),
                "clients": sorted(self._clients.get(site_id, ())),
            }
            return [(r.author_id, r.client_hash, r.created_at) for r in self._conn.execute(_FLOOD, params)]

        rows, written = self._fetch(("flood", site_id), load)
        rows = rows + [(w.author_id, w.client_hash, w.created_at) for w in written if w.site_id == site_id]
        by_author = by_client = 0
        for a, c, created in rows:
            if created < since:
                continue
            if author_id is not None and a == author_id:
                by_author += 1
            if client_hash and c == client_hash:
                by_client += 1
        return by_author, by_client

    def earlier(self, author_id: int, before: int | None = None) -> int:
        """The trust phase's count of the author's comments."""
        if before is not None:
            return self._alone.earlier(author_id, before)

        def load() -> dict[int, int]:
            return {
                int(r.author_id): int(r.n) for r in self._conn.execute(_EARLIER, {"ids": self._author_ids})
            }

        counts, since = self._fetch("earlier", load)
        return counts.get(author_id, 0) + sum(1 for w in since if w.author_id == author_id)

    def statuses(self, author_id: int, limit: int, other_than: int | None = None) -> list[str]:
        """The statuses of the author's last ``limit`` decided comments, newest first."""
        if other_than is not None:
            return self._alone.statuses(author_id, limit, other_than)
        most = max([limit, *(p.trust_window for p in self._policies.values())])

        def load() -> tuple[int, dict[int, list[str]]]:
            by: dict[int, list[str]] = {}
            for r in self._conn.execute(_STATUSES, {"ids": self._author_ids, "limit": most}):
                by.setdefault(int(r.author_id), []).append(str(r.status))
            return most, by

        (fetched_limit, by_author), since = self._fetch("statuses", load)
        if limit > fetched_limit:
            raise ValueError(f"statuses fetched for {fetched_limit}, asked for {limit}")
        newer = [w.status for w in reversed(since) if w.author_id == author_id and w.status in DECIDED]
        return (newer + by_author.get(author_id, []))[:limit]

    # -- duplicates -------------------------------------------------------------------------------

    def fingerprint(self, text: str) -> Fingerprint:
        """The text's fingerprint, made once per batch (a post's own, then as a window row)."""
        found = self._fingerprints.get(text)
        if found is None:
            found = self._fingerprints[text] = fingerprint(text)
        return found

    def window(self, site_id: int, limit: int, exclude: int | None = None) -> list[Recent]:
        """The site's newest ``limit`` comments that are not deleted (``recent.Recent``), the
        batch's own among them: the shared window is topped up once per batch."""
        if exclude is not None:
            return self._alone.window(site_id, limit, exclude)

        def load() -> list[Recent]:
            if self._recent is None:
                return from_database(self._conn, site_id, limit, None)
            return self._recent.rows(site_id, limit, None, self._conn)

        base, _ = self._fetch(("window", site_id, limit), load)
        mine = [w for w in self._written if w.site_id == site_id]
        if not mine:
            return list(base)
        # Merged by id: a window read on this connection already holds what was written before
        # it; one read on a connection of its own (PostgreSQL) holds none of the batch.
        rows = {r.id: r for r in base}
        for w in mine:
            if w.id not in rows:
                own = self._own.get(w.id)
                if own is None:
                    own = Recent(w.id, w.author_id, w.thread_id, self.fingerprint(w.body), w.body)
                    self._own[w.id] = self._checked[w.id] = own  # written just now, on this connection
                rows[w.id] = own
        return sorted(rows.values(), key=_ID, reverse=True)[:limit]  # ids are unique: no ties to order

    def unchanged(self, site_id: int, rows: list[Recent], ids: list[int]) -> bool:
        """Whether the window rows a hold rests on are in the database as the window holds them.
        A row found so earlier in the batch is not looked up again: the batch holds the write
        transaction, so on SQLite nothing else can change it meanwhile, and on PostgreSQL no
        more than between a check and its commit."""
        held = {r.id: r for r in rows}
        ids = [i for i in ids if self._checked.get(i) is not held[i]]
        if not ids:
            return True
        if not unchanged(self._conn, site_id, held, ids):
            return False
        for i in ids:
            self._checked[i] = held[i]
        return True

    def fresh_window(self, site_id: int, limit: int, exclude: int | None = None) -> list[Recent]:
        """The window read from the database now; the shared copy, and the batch's, are read
        again for the batch's later posts."""
        if self._recent is not None:
            self._recent.forget(site_id)
        for kind in [k for k in self._fetched if isinstance(k, tuple) and k[:2] == ("window", site_id)]:
            del self._fetched[kind]
        return from_database(self._conn, site_id, limit, exclude)
