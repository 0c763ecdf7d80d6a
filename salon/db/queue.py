"""Moderation queues: which comments a moderator looks at, filtered, newest first, in pages.

Every query is driven by an index, named on SQLite so that no planner estimate can change it:
status + created_at for the status queues (ix_comments_status_created, newest first, no sort),
open reports for the reported queue (ix_reports_open, then each comment by its id: the comments
table is read NOT INDEXED, never by a walk of every published comment), author or thread + status
+ created_at for those filters. A site filter is checked on each comment's thread as the index is
walked. Counts are capped (``COUNT_CAP``)
so that a tab showing "1000+" never counts a million rows.

Text search looks at the newest ``FIRST_WINDOW`` comments of the queue (a common text fills the
page there), then asks the text index (``salon.db.search``: FTS5 trigrams on SQLite, pg_trgm on
PostgreSQL) for the queue's comments that may contain the text: a few are read by id and
sorted; more (SQLite) are checked on the entries of the queue's own index as it is walked, for
at most ``WALK`` entries, then read by id. A text too common for the index (``search.CAP``),
shorter than three characters, or a database without the index, look at a window of the newest
comments that grows until the page is full (``WINDOWS``). The category filter reads the
category's partial index (comments scored at least ``tables.FLAG_AT``, by status, newest first)
when the score asked for is at least that; below it, the windows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, or_, select, text, true

from salon.db import search
from salon.db import tables as t

c = t.comments
th = t.threads

#: The queues of the dashboard, in tab order, and the statuses each shows.
QUEUES: dict[str, tuple[str, ...]] = {
    "held": ("pending",),
    "reported": ("published", "pending"),
    "published": ("published",),
    "rejected": ("rejected", "spam"),
}

COUNT_CAP = 1000
#: Text search and the category filter, where no index answers them, look at this many of a
#: queue's newest comments (after the page's cursor) at most: this bounds their cost.
SCAN_WINDOW = 50_000
#: The windows they try in turn, stopping at the first that fills the page: a filter that matches
#: often costs the same on a site of ten thousand comments or of a million.
WINDOWS = (500, 2_000, 8_000, SCAN_WINDOW)
#: With a text index, the window a search tries before asking it: a text in a quarter of the
#: queue fills a page there, and one that does not costs the look at a hundred comments.
#: (Going on with the windows when the text was found there a few times, instead of asking the
#: index, was tried and measured: twice as slow for a 1 % word in the rejected queue.)
FIRST_WINDOW = 100
#: How far a search walks the queue's index checking the text index's candidates, when there
#: are many (a quarter-millisecond per thousand entries), before reading them by id instead.
WALK = 20_000
#: Queues whose size is counted for the tabs (the published queue is not: it only grows).
COUNTED = ("held", "reported", "rejected")


@dataclass(frozen=True)
class QueueFilter:
    """What a queue page asks for. ``site_ids`` None means every site (an admin without a filter)."""

    queue: str = "held"
    site_ids: frozenset[int] | None = None
    thread_id: int | None = None
    author_id: int | None = None
    category: str | None = None
    min_score: float = 0.5
    text: str | None = None


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_pattern(text: str) -> str:
    """The ILIKE pattern (escape ``\\``) of a search for ``text`` anywhere in a field."""
    return f"%{_escape_like(text.strip())}%"


def _conditions(f: QueueFilter) -> list[Any]:
    """Everything the filter asks for (the index-driven conditions, then the scanning ones)."""
    statuses = QUEUES[f.queue]
    conds: list[Any] = [c.c.status.in_(statuses) if len(statuses) > 1 else c.c.status == statuses[0]]
    if f.queue == "reported":
        open_reports = select(t.reports.c.comment_id).where(t.reports.c.resolved_at.is_(None))
        conds.append(c.c.id.in_(open_reports))
    if f.site_ids is not None:
        conds.append(th.c.site_id.in_(sorted(f.site_ids)))
    if f.thread_id is not None:
        conds.append(c.c.thread_id == f.thread_id)
    if f.author_id is not None:
        conds.append(c.c.author_id == f.author_id)
    return conds + _scan_conditions(f)


def _scan_conditions(f: QueueFilter) -> list[Any]:
    """The conditions no index answers: the category's score and the text searched for."""
    conds: list[Any] = []
    if f.category:
        conds.append(c.c.moderation[("scores", f.category)].as_float() >= f.min_score)
    if f.text:
        pattern = like_pattern(f.text)
        conds.append(or_(c.c.body.ilike(pattern, escape="\\"), c.c.author_name.ilike(pattern, escape="\\")))
    return conds


def _narrow(f: QueueFilter) -> QueueFilter:
    """The filter without its scanning parts (text, category): what an index can answer."""
    return QueueFilter(f.queue, f.site_ids, f.thread_id, f.author_id)


def _scans(f: QueueFilter) -> bool:
    return bool(f.text or f.category)


def _flag_index(f: QueueFilter) -> str | None:
    """The category's partial index, when it holds every comment the filter can show and is the
    way in (no thread or author filter, whose own indexes are smaller; not the reported queue,
    read from its reports)."""
    if (
        f.category in t.FLAG_CATEGORIES
        and f.min_score >= t.FLAG_AT
        and f.queue != "reported"
        and f.thread_id is None
        and f.author_id is None
    ):
        return f"ix_comments_flag_{f.category}"
    return None


def _hinted(query: Any, f: QueueFilter, flagged: bool = False) -> Any:
    """On SQLite, the index each queue is read by, named (see the module's docstring): with
    statistics SQLite goes from a site's threads to their comments and sorts them all.
    ``flagged``: the query repeats the category's partial-index predicate and walks that index."""
    index = _flag_index(f) if flagged else None
    if index is not None:
        hint = f"INDEXED BY {index}"
    elif f.queue == "reported":
        hint = "NOT INDEXED"
    elif f.thread_id is not None:
        hint = "INDEXED BY ix_comments_thread_status"
    elif f.author_id is not None:
        hint = "INDEXED BY ix_comments_author_status"
    else:
        hint = "INDEXED BY ix_comments_status_created"
    return query.with_hint(c, hint, dialect_name="sqlite")


def _newer_than(at: datetime, last_id: int) -> Any:
    """Older than (at, last_id) in the queue's order. The plain ``created_at <= at`` is what lets
    SQLite start its walk of the index there (it takes no range from the OR)."""
    return and_(c.c.created_at <= at, or_(c.c.created_at < at, c.c.id < last_id))


def _window_floor(
    conn: Connection, f: QueueFilter, conds: list[Any], size: int, before: tuple[datetime, int] | None
) -> tuple[datetime, int] | None:
    """The oldest of the ``size`` newest comments (after ``before``) the index-driven ``conds``
    let through; None when there are fewer (the window is then the whole rest of the queue)."""
    query = select(c.c.created_at, c.c.id).where(*conds)
    if f.site_ids is not None:
        query = query.join(th, th.c.id == c.c.thread_id)
    if before is not None:
        query = query.where(_newer_than(*before))
    query = query.order_by(c.c.created_at.desc(), c.c.id.desc()).offset(size - 1).limit(1)
    row = conn.execute(_hinted(query, f)).first()
    return (row.created_at, row.id) if row is not None else None


def _at_or_after(floor: tuple[datetime, int]) -> Any:
    """No older than the window's floor; ``created_at >= at`` ends the index walk there."""
    at, floor_id = floor
    return and_(c.c.created_at >= at, or_(c.c.created_at > at, c.c.id >= floor_id))


def _with_thread() -> Any:
    return select(
        c,
        th.c.site_id.label("site_id"),
        th.c.url.label("thread_url"),
        th.c.title.label("thread_title"),
        th.c.locked.label("thread_locked"),
    ).join(th, th.c.id == c.c.thread_id)


def page(
    conn: Connection, f: QueueFilter, limit: int = 25, before: tuple[datetime, int] | None = None
) -> tuple[list[Any], tuple[datetime, int] | None]:
    """One page of a queue, newest first, with each comment's thread; and the key of the next page.

    A queue of several statuses is read one status at a time, so each read walks the
    (status, created_at) index in order instead of sorting every rejected and spam comment.
    """
    if f.site_ids is not None and not f.site_ids:
        return [], None
    statuses = QUEUES[f.queue]
    asked: dict[str, search.Found | None] = {}  # the text index's answer, asked once per page
    if f.queue == "reported" or len(statuses) == 1:
        rows = _filtered_rows(conn, f, _conditions(_narrow(f)), limit, before, asked, statuses)
    else:
        merged: list[Any] = []
        for status in statuses:
            conds = [c.c.status == status, *_conditions(_narrow(f))[1:]]
            merged += _filtered_rows(conn, f, conds, limit, before, asked, (status,))
        rows = sorted(merged, key=lambda r: (r.created_at, r.id), reverse=True)[: limit + 1]
    next_key = (rows[limit - 1].created_at, rows[limit - 1].id) if len(rows) > limit else None
    return rows[:limit], next_key


def _indexed_text(conn: Connection, f: QueueFilter) -> str | None:
    """The filter's text when the text index can be asked for it (long enough, an index here);
    None otherwise. The reported queue does not ask: it is read from its open reports, which
    bound it already."""
    query = (f.text or "").strip()
    if f.queue == "reported" or not search.serves(query) or not search.available(conn):
        return None
    return query


def _filtered_rows(
    conn: Connection,
    f: QueueFilter,
    conds: list[Any],
    limit: int,
    before: tuple[datetime, int] | None,
    asked: dict[str, search.Found | None],
    statuses: Sequence[str],
) -> list[Any]:
    """``limit + 1`` rows under the index-driven ``conds`` (of ``statuses``: one of the queue's,
    or all) and,
    for a text or category filter, the scanning conditions.

    A text is looked for in the first window (a common text fills the page there, at the cost
    of one small walk); when that is not enough, among the text index's candidates, if it has
    few enough (:func:`_candidate_rows`); else in the wider windows, as without an index. A
    category filter walks its partial index; without one (a low score), the windows."""
    if not _scans(f):
        return _page_rows(conn, f, conds, limit, before)
    scanning = _scan_conditions(f)
    query = _indexed_text(conn, f)
    windows: Sequence[int] = WINDOWS
    if query is not None:
        rows, done = _windowed(conn, f, conds, scanning, limit, before, (FIRST_WINDOW,))
        wider = [size for size in WINDOWS if size > FIRST_WINDOW]
        if done:
            return rows
        if query not in asked:  # for the whole queue: the statuses' conditions pick their own
            asked[query] = search.candidates(conn, QUEUES[f.queue], query)
        found = asked[query]
        if found is not None:
            return _candidate_rows(conn, f, conds, scanning, found, limit, before, statuses)
        windows = wider
    elif f.category and _flag_index(f) is not None:
        flagged = text(t.flag_sql(conn.dialect.name, f.category, table="comments"))
        return _page_rows(conn, f, [*conds, *scanning, flagged], limit, before, flagged=True)
    return _windowed(conn, f, conds, scanning, limit, before, windows)[0]


def _windowed(
    conn: Connection,
    f: QueueFilter,
    conds: list[Any],
    scanning: list[Any],
    limit: int,
    before: tuple[datetime, int] | None,
    windows: Sequence[int],
) -> tuple[list[Any], bool]:
    """The rows within the smallest of ``windows`` that fills the page; and whether that is the
    answer (the page is full, or the window reached the end of the queue)."""
    rows: list[Any] = []
    for size in windows:
        floor = _window_floor(conn, f, conds, size, before)
        bounded = [*conds, *scanning, *([_at_or_after(floor)] if floor else [])]
        rows = _page_rows(conn, f, bounded, limit, before)
        if len(rows) > limit or floor is None:
            return rows, True
    return rows, False


def _candidate_rows(
    conn: Connection,
    f: QueueFilter,
    conds: list[Any],
    scanning: list[Any],
    found: search.Found,
    limit: int,
    before: tuple[datetime, int] | None,
    statuses: Sequence[str],
) -> list[Any]:
    """``limit + 1`` rows among the text index's candidates ``found``, every condition applied
    (the candidates are a superset: the index's matching is not the search's ILIKE).

    A few candidates (``found.ids``: up to ``search.KEYED``, and on PostgreSQL, whose indexes
    do not carry the id, all of them): their keys are read by primary key, sorted, and the
    page's rows fetched. More (SQLite, ``found.subquery``): first the newest :data:`WALK`
    entries of the queue's own index are walked with each entry's id checked against the
    candidates before its row is read (SQLite's indexes carry the rowid): when the candidates
    are dense there, the page fills after reading only its own rows. If not, by id as above."""
    if found.keys is not None and _text_only(f):
        return _rows_from_keys(conn, found.keys, statuses, limit, before)
    if found.ids is None:
        floor = _window_floor(conn, f, conds, WALK, before)
        bounded = [*conds, c.c.id.in_(found.subquery), *scanning, *([_at_or_after(floor)] if floor else [])]
        rows = _page_rows(conn, f, bounded, limit, before)
        if len(rows) > limit or floor is None:
            return rows
    elif not found.ids:
        return []
    among = c.c.id.in_(found.ids if found.ids is not None else found.in_queue)
    keys = select(c.c.id, c.c.created_at).where(*conds, *scanning, among)
    if f.site_ids is not None:
        keys = keys.join(th, th.c.id == c.c.thread_id)
    if before is not None:
        keys = keys.where(_newer_than(*before))
    by_id = "NOT INDEXED"  # SQLite: each candidate by its rowid, never a walk of the queue
    keyed = conn.execute(keys.with_hint(c, by_id, dialect_name="sqlite"))
    newest = sorted(keyed, key=lambda r: (r.created_at, r.id), reverse=True)[: limit + 1]
    if not newest:
        return []
    query = (
        _with_thread()
        .where(c.c.id.in_([int(r.id) for r in newest]))
        .order_by(c.c.created_at.desc(), c.c.id.desc())
    )
    return list(conn.execute(query.with_hint(c, by_id, dialect_name="sqlite")))


def _text_only(f: QueueFilter) -> bool:
    """The filter is a queue and a text, nothing else: the text index's exact candidates
    (PostgreSQL's) are then the queue's comments with the text."""
    return f.site_ids is None and f.thread_id is None and f.author_id is None and not f.category


def _rows_from_keys(
    conn: Connection,
    keys: dict[int, tuple[datetime, str]],
    statuses: Sequence[str],
    limit: int,
    before: tuple[datetime, int] | None,
) -> list[Any]:
    """``limit + 1`` rows among exact candidates whose time and status the look-up gave, in
    ``statuses`` (one of the queue's, or all): sorted here, only the page's rows
    read. Reading the candidates' keys again cost 2-8 ms at a million comments on PostgreSQL
    (its planner takes the trigram index and the status index for it, not the ids)."""
    newest = sorted(
        (
            (at, cid)
            for cid, (at, status) in keys.items()
            if status in statuses and (before is None or (at, cid) < before)
        ),
        reverse=True,
    )[: limit + 1]
    if not newest:
        return []
    query = (
        _with_thread()
        .where(c.c.id.in_([cid for _, cid in newest]))
        .order_by(c.c.created_at.desc(), c.c.id.desc())
    )
    return list(conn.execute(query))


def _page_rows(
    conn: Connection,
    f: QueueFilter,
    conds: list[Any],
    limit: int,
    before: tuple[datetime, int] | None,
    flagged: bool = False,
) -> list[Any]:
    query = _with_thread().where(*conds).order_by(c.c.created_at.desc(), c.c.id.desc()).limit(limit + 1)
    if before is not None:
        query = query.where(_newer_than(*before))
    return list(conn.execute(_hinted(query, f, flagged)))


def _without_needless_site_filter(conn: Connection, f: QueueFilter) -> QueueFilter:
    """The filter without its sites when they are all the install's sites (one site, or every
    site a moderator may see): counting then needs no look at each comment's thread."""
    if f.site_ids is None or not f.site_ids.issuperset(conn.execute(select(t.sites.c.id)).scalars()):
        return f
    return dataclasses.replace(f, site_ids=None)


def count(conn: Connection, f: QueueFilter, cap: int = COUNT_CAP) -> int:
    """How many comments the queue holds, counting at most ``cap`` (+1 to tell "more")."""
    if f.site_ids is not None and not f.site_ids:
        return 0
    f = _without_needless_site_filter(conn, f)
    query = select(c.c.id).where(*_conditions(f))
    if f.site_ids is not None:
        query = query.join(th, th.c.id == c.c.thread_id)
    if _scans(f):  # bounded like the page: the newest SCAN_WINDOW comments at most
        floor = _window_floor(conn, f, _conditions(_narrow(f)), SCAN_WINDOW, None)
        if floor is not None:
            query = query.where(_at_or_after(floor))
    inner = _hinted(query, f).limit(cap + 1).subquery()
    return int(conn.execute(select(func.count()).select_from(inner)).scalar_one())


def counts(conn: Connection, f: QueueFilter, cap: int = COUNT_CAP) -> dict[str, int | None]:
    """The capped size of each counted queue under the same site, thread and author filters.

    With a text or category filter the tabs show no counts (None): those filters scan.
    """
    if f.text or f.category:
        return {name: None for name in COUNTED}
    return {
        name: count(conn, QueueFilter(name, f.site_ids, f.thread_id, f.author_id), cap) for name in COUNTED
    }


def comments_by_id(conn: Connection, ids: Sequence[int]) -> dict[int, Any]:
    """Rows for the given ids, with their thread's site (for parents, bulk actions and checks)."""
    if not ids:
        return {}
    rows = conn.execute(_with_thread().where(c.c.id.in_(list(ids))))
    return {int(r.id): r for r in rows}


def _recent_columns() -> list[Any]:
    return [
        c.c.id,
        c.c.author_id,
        c.c.body,
        c.c.status,
        c.c.shadow,
        c.c.created_at,
        c.c.thread_id,
        th.c.title.label("thread_title"),
        th.c.url.label("thread_url"),
    ]


def author_recent(conn: Connection, author_id: int, limit: int = 5, exclude: int | None = None) -> list[Any]:
    """An author's latest comments of any status, with their thread title."""
    query = (
        select(*_recent_columns())
        .join(th, th.c.id == c.c.thread_id)
        .where(c.c.author_id == author_id)
        .order_by(c.c.created_at.desc(), c.c.id.desc())
        .limit(limit + 1)
    )
    rows = [r for r in conn.execute(query) if r.id != exclude]
    return rows[:limit]


def _authors_recent_query(dialect: str, limit: int) -> Any:
    """The ``limit`` latest comments of each author in ``:ids``: a walk of ix_comments_author
    backwards from each author (``limit`` entries, however many comments they wrote), then each
    comment by its id. LATERAL on PostgreSQL; SQLite has no LATERAL, so there the ids are a
    correlated subquery the comments are looked up from by rowid (on PostgreSQL that form is
    planned as a scan of every comment)."""
    a = t.authors
    recent = c.alias("recent")
    latest = (
        select(recent.c.id)
        .where(recent.c.author_id == a.c.id)
        .order_by(recent.c.created_at.desc(), recent.c.id.desc())
        .limit(limit)
    )
    if dialect == "postgresql":
        ids = latest.lateral("latest")
        joined = a.join(ids, true()).join(c, c.c.id == ids.c.id)
    else:
        hinted = latest.correlate(a).with_hint(recent, "INDEXED BY ix_comments_author", dialect_name="sqlite")
        joined = a.join(c, c.c.id.in_(hinted.scalar_subquery()))
    query = (
        select(*_recent_columns())
        .select_from(joined.join(th, th.c.id == c.c.thread_id))
        .where(a.c.id.in_(bindparam("ids", expanding=True)))
    )
    return query.with_hint(c, "NOT INDEXED", dialect_name="sqlite")


def authors_recent(conn: Connection, author_ids: Sequence[int], limit: int = 5) -> dict[int, list[Any]]:
    """Each author's ``limit`` latest comments of any status, newest first, with their thread
    title: one statement for a whole queue page, whatever the number of authors, each of whom
    costs what :func:`author_recent` costs (a walk of ``limit`` entries of their index)."""
    ids = sorted({int(a) for a in author_ids})
    if not ids:
        return {}
    out: dict[int, list[Any]] = {a: [] for a in ids}
    for row in conn.execute(_authors_recent_query(conn.dialect.name, limit), {"ids": ids}):
        out[int(row.author_id)].append(row)
    for rows in out.values():
        rows.sort(key=lambda r: (r.created_at, r.id), reverse=True)
    return out


def author_comment_ids(conn: Connection, author_id: int, statuses: Sequence[str]) -> list[int]:
    """Every comment of an author in the given statuses (for actions on everything by one author)."""
    rows = conn.execute(
        select(c.c.id).where(c.c.author_id == author_id, c.c.status.in_(list(statuses))).order_by(c.c.id)
    )
    return [int(r[0]) for r in rows]


def authors_by_id(conn: Connection, ids: Sequence[int]) -> dict[int, Any]:
    if not ids:
        return {}
    return {int(r.id): r for r in conn.execute(select(t.authors).where(t.authors.c.id.in_(list(ids))))}


def active_sanctions_for(conn: Connection, author_ids: Sequence[int], at: datetime) -> dict[int, list[Any]]:
    """Sanctions in force for each of the given authors (one query for a whole queue page)."""
    s = t.sanctions
    out: dict[int, list[Any]] = {}
    if not author_ids:
        return out
    rows = conn.execute(
        select(s)
        .where(
            s.c.author_id.in_(list(author_ids)),
            s.c.lifted_at.is_(None),
            or_(s.c.until.is_(None), s.c.until > at),
        )
        .order_by(s.c.created_at.desc())
    )
    for row in rows:
        out.setdefault(int(row.author_id), []).append(row)
    return out


def threads_of_site(conn: Connection, site_ids: frozenset[int] | None, limit: int = 200) -> list[Any]:
    """Recently active threads, for the thread filter."""
    query = select(th.c.id, th.c.title, th.c.url, th.c.site_id).order_by(
        th.c.last_comment_at.desc().nulls_last(), th.c.id.desc()
    )
    if site_ids is not None:
        query = query.where(th.c.site_id.in_(sorted(site_ids)))
    return list(conn.execute(query.limit(limit)))
