"""The history facts the moderation phases look up: one interface (``Facts``), two answers.

Every question a phase asks about what happened before a post (its author, their sanctions and
signals, the thread's controls, the site's learned adjustment, the flood and trust counts, the
duplicates window) is a method of ``Facts``, and ``Context.facts`` always holds one, so each phase
has one way to ask:

* ``PostFacts`` (here) answers one post's questions as they come, each with a query on the
  post's connection. It is the meaning of every question: what the database says at that moment,
  in the transaction the post is written in (so a comment written earlier in that transaction
  counts). Contexts get one unless they are given another (edits, ``salon score``, a post alone,
  tests of a bare ``Context``).
* ``salon.moderation.batch_facts.BatchFacts`` answers the same questions for a batch of new
  posts, each fetched once for the whole batch and kept up to date as its posts are written: the
  same answers, in fewer statements.

A question about a comment that is already stored (an edit: ``before``, ``other_than``,
``exclude``) leaves that comment out of the answer.

Failure mode: a question with no database (``conn`` None) raises; the phases do not ask one
then. A database error propagates into the phase that asked, which fails as its own query would
(the comment is held).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Connection, bindparam, func, select

from salon.db import authors as author_queries
from salon.db import defence as defence_queries
from salon.db import sanctions as sanction_queries
from salon.db import tables as t
from salon.db.accounts import verified_provider
from salon.db.defence import ThreadControls
from salon.db.sanctions import Sanction
from salon.moderation.recent import Recent, RecentComments, from_database, unchanged
from salon.moderation.similarity import Fingerprint, fingerprint

#: Statuses the trust phase counts as decided.
DECIDED = ("published", "rejected", "spam")


class Facts(Protocol):
    """The history questions of the moderation phases, about one post (``Context``)."""

    # -- authors ----------------------------------------------------------------------------------

    def author(self, author_id: int) -> Any | None:
        """The author's row (``authors.get``); its counters as before the post."""

    def provider(self, author_id: int) -> str | None:
        """How the author was verified (``accounts.verified_provider``), if they signed in."""

    def sanctions(self, author_id: int, at: datetime) -> list[Sanction]:
        """The author's sanctions in force at ``at`` (``sanctions.active``), newest first."""

    def matching_sanctions(self, site_id: int, pairs: list[tuple[str, str]], at: datetime) -> list[Any]:
        """Sanctions in force at ``at`` whose signals include one of the (kind, value) ``pairs``
        (``defence.matching_sanctions``), with the signal matched."""

    # -- threads ----------------------------------------------------------------------------------

    def controls(self, thread_id: int) -> ThreadControls | None:
        """The thread's slow mode and timed lock (``defence.controls``)."""

    def cool_down(self, thread_id: int, author_id: int, at: datetime) -> Any | None:
        """The author's latest cool-down on the thread in force at ``at``."""

    def last_post(self, thread_id: int, author_id: int) -> datetime | None:
        """When the author last posted on the thread."""

    # -- sites ------------------------------------------------------------------------------------

    def adjustment(self, site_id: int) -> Any | None:
        """The site's learned adjustment (version, decisions, data), if any."""

    # -- flood and trust --------------------------------------------------------------------------

    def flood(
        self, site_id: int, author_id: int | None, client_hash: str | None, since: datetime
    ) -> tuple[int, int]:
        """The author's and the address's comments on the site since ``since`` (0 for None)."""

    def earlier(self, author_id: int, before: int | None = None) -> int:
        """How many comments the author has (with ``before``: with a smaller id than it)."""

    def statuses(self, author_id: int, limit: int, other_than: int | None = None) -> list[str]:
        """The statuses of the author's last ``limit`` decided comments (``DECIDED``), newest
        first, leaving out ``other_than``."""

    # -- duplicates -------------------------------------------------------------------------------

    def fingerprint(self, text: str) -> Fingerprint:
        """The text's fingerprint (``similarity.fingerprint``)."""

    def window(self, site_id: int, limit: int, exclude: int | None = None) -> list[Recent]:
        """The site's newest ``limit`` comments that are not deleted, newest first, without
        ``exclude``: perhaps from a copy (see ``unchanged``)."""

    def unchanged(self, site_id: int, rows: list[Recent], ids: list[int]) -> bool:
        """Whether the comments ``ids`` of ``rows`` (a ``window``) are in the database as the
        window holds them: a hold is never decided on a stale copy."""

    def fresh_window(self, site_id: int, limit: int, exclude: int | None = None) -> list[Recent]:
        """``window`` read from the database now, for a finding the copy could not back; the
        stale copy is dropped."""

    # -- what the post writes ---------------------------------------------------------------------

    def written(self, site_id: int, comment: Any) -> None:
        """The post's comment was inserted (not yet committed): later answers count it."""


_c = t.comments


def _count(column: Any, param: str) -> Any:
    return (
        select(func.count())
        .select_from(_c.join(t.threads, t.threads.c.id == _c.c.thread_id))
        .where(
            column == bindparam(param),
            _c.c.created_at >= bindparam("since"),
            t.threads.c.site_id == bindparam("site_id"),
        )
        .scalar_subquery()
    )


# Built once: composing a statement per post costs more than running it.
#: The flood counts, both in one round trip; a missing author or address binds NULL (counts 0).
_FLOOD = select(
    _count(_c.c.author_id, "author_id").label("by_author"),
    _count(_c.c.client_hash, "client_hash").label("by_client"),
)
_EARLIER = select(func.count()).where(_c.c.author_id == bindparam("author_id"))
_EARLIER_THAN = _EARLIER.where(_c.c.id < bindparam("comment_id"))
_STATUSES = (
    select(_c.c.status)
    .where(_c.c.author_id == bindparam("author_id"), _c.c.status.in_(DECIDED))
    .order_by(_c.c.created_at.desc(), _c.c.id.desc())
    .limit(bindparam("limit"))
)
_STATUSES_OTHER = _STATUSES.where(_c.c.id != bindparam("comment_id"))
_ADJUSTMENT = select(
    t.site_adjustments.c.version, t.site_adjustments.c.decisions, t.site_adjustments.c.data
).where(t.site_adjustments.c.site_id == bindparam("site_id"))


class PostFacts:
    """One post's facts, each asked of the database when a phase asks it, on ``conn``.

    ``recent``: the process's copy of each site's duplicates window (``services.recent``), or
    None to read the window from the database each time.
    """

    def __init__(self, conn: Connection | None, recent: RecentComments | None = None) -> None:
        self._conn = conn
        self._recent = recent

    @property
    def _db(self) -> Connection:
        if self._conn is None:
            raise RuntimeError("a history fact was asked of a context with no database")
        return self._conn

    def author(self, author_id: int) -> Any | None:
        return author_queries.get(self._db, author_id)

    def provider(self, author_id: int) -> str | None:
        return verified_provider(self._db, author_id)

    def sanctions(self, author_id: int, at: datetime) -> list[Sanction]:
        return sanction_queries.active(self._db, author_id, at)

    def matching_sanctions(self, site_id: int, pairs: list[tuple[str, str]], at: datetime) -> list[Any]:
        return defence_queries.matching_sanctions(self._db, site_id, pairs, at)

    def controls(self, thread_id: int) -> ThreadControls | None:
        return defence_queries.controls(self._db, thread_id)

    def cool_down(self, thread_id: int, author_id: int, at: datetime) -> Any | None:
        return defence_queries.active_cool_down(self._db, thread_id, author_id, at)

    def last_post(self, thread_id: int, author_id: int) -> datetime | None:
        return defence_queries.last_post_by(self._db, thread_id, author_id)

    def adjustment(self, site_id: int) -> Any | None:
        return self._db.execute(_ADJUSTMENT, {"site_id": site_id}).first()

    def flood(
        self, site_id: int, author_id: int | None, client_hash: str | None, since: datetime
    ) -> tuple[int, int]:
        params = {"author_id": author_id, "client_hash": client_hash, "since": since, "site_id": site_id}
        row = self._db.execute(_FLOOD, params).one()
        return int(row.by_author), int(row.by_client)

    def earlier(self, author_id: int, before: int | None = None) -> int:
        query = _EARLIER if before is None else _EARLIER_THAN
        return int(self._db.execute(query, {"author_id": author_id, "comment_id": before}).scalar_one())

    def statuses(self, author_id: int, limit: int, other_than: int | None = None) -> list[str]:
        query = _STATUSES if other_than is None else _STATUSES_OTHER
        params = {"author_id": author_id, "comment_id": other_than, "limit": limit}
        return [str(s) for s in self._db.execute(query, params).scalars()]

    def fingerprint(self, text: str) -> Fingerprint:
        return fingerprint(text)

    def window(self, site_id: int, limit: int, exclude: int | None = None) -> list[Recent]:
        if self._recent is None:
            return from_database(self._db, site_id, limit, exclude)
        return self._recent.rows(site_id, limit, exclude, self._db)

    def unchanged(self, site_id: int, rows: list[Recent], ids: list[int]) -> bool:
        if self._recent is None:
            return True  # the window was read from the database a moment ago, on this connection
        return unchanged(self._db, site_id, {r.id: r for r in rows}, ids)

    def fresh_window(self, site_id: int, limit: int, exclude: int | None = None) -> list[Recent]:
        if self._recent is not None:
            self._recent.forget(site_id)
        return from_database(self._db, site_id, limit, exclude)

    def written(self, site_id: int, comment: Any) -> None:
        """Nothing to do: the next question's query sees it."""
