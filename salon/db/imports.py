"""Bulk statements for imports: id blocks, many rows per statement, and recounts afterwards."""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Index, and_, bindparam, func, select, text, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.schema import CreateIndex, DropIndex

from salon.db import search
from salon.db import tables as t
from salon.db.types import UTCDateTime

c = t.comments
#: Rows per IN (…) list: far below SQLite's and PostgreSQL's parameter limits.
CHUNK = 500


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def tune_for_bulk(conn: Connection) -> None:
    """SQLite: a bigger page cache for this connection while batches are written.

    Index pages of a large comments table stop fitting the default 2 MiB cache after some
    hundred thousand rows; 64 MiB keeps them in memory. Durability stays as configured.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA cache_size=-65536")


def bulk_indexes() -> list[Index]:
    """The comments table's secondary indexes (the unique one on source ids stays: it is what
    makes a second run of the same file add nothing)."""
    return [index for index in t.comments.indexes if not index.unique]


def install_has_comments(conn: Connection) -> bool:
    return conn.execute(select(c.c.id).limit(1)).first() is not None


def drop_bulk_indexes(conn: Connection) -> None:
    """Before a first import into an empty install: maintaining six indexes row by row costs more
    than building them once over the finished table (a third of the writing, at 300,000 rows)."""
    for index in bulk_indexes():
        conn.execute(DropIndex(index, if_exists=True))
    search.suspend(conn)  # the text index too: rebuilt once at the end


def ensure_indexes(conn: Connection) -> None:
    """Build whichever of the secondary indexes is missing (after an import, or a killed one),
    and the text index if its upkeep was suspended."""
    for index in bulk_indexes():
        conn.execute(CreateIndex(index, if_not_exists=True))
    search.resume(conn)
    search.forget(conn.engine)


def allocate_comment_ids(conn: Connection, count: int) -> list[int]:
    """``count`` fresh comment ids, reserved inside the caller's write transaction.

    PostgreSQL takes them from the sequence; SQLite continues after the largest id, which is safe
    because the write transaction holds the database's write lock (BEGIN IMMEDIATE).
    """
    if count == 0:
        return []
    if conn.dialect.name == "postgresql":
        rows = conn.execute(
            text("SELECT nextval(pg_get_serial_sequence('comments', 'id')) FROM generate_series(1, :n)"),
            {"n": count},
        )
        return [int(r[0]) for r in rows]
    start = int(conn.execute(select(func.coalesce(func.max(c.c.id), 0))).scalar_one()) + 1
    return list(range(start, start + count))


def imported_comments(conn: Connection, site_id: int) -> Iterator[Any]:
    """(source, source_id, id, root_id, depth) of the site's comments that came from elsewhere."""
    query = (
        select(c.c.source, c.c.source_id, c.c.id, c.c.root_id, c.c.depth)
        .join(t.threads, t.threads.c.id == c.c.thread_id)
        .where(t.threads.c.site_id == site_id, c.c.source.is_not(None))
    )
    yield from conn.execute(query)


def comments_with_source(conn: Connection, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Any]:
    """The comments (anywhere on the install) with these (source, source_id) keys."""
    found: dict[tuple[str, str], Any] = {}
    by_source: dict[str, list[str]] = {}
    for source, sid in keys:
        by_source.setdefault(source, []).append(sid)
    for source, sids in by_source.items():
        for part in chunks(sids):
            rows = conn.execute(
                select(c.c.source, c.c.source_id, c.c.id, c.c.root_id, c.c.depth, c.c.thread_id).where(
                    c.c.source == source, c.c.source_id.in_(part)
                )
            )
            found.update({(r.source, r.source_id): r for r in rows})
    return found


def insert_many(conn: Connection, table: t.Table, rows: list[dict[str, Any]]) -> None:
    """One executemany for many rows (the driver batches them)."""
    if rows:
        conn.execute(table.insert(), rows)


def _sqlite_utc(value: datetime) -> str:
    """What UTCDateTime and SQLite's DATETIME together store, in one step (the same text)."""
    if value.tzinfo is None:
        raise ValueError("naive datetime given; use salon.db.engine.now()")
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


@functools.lru_cache(maxsize=32)
def _bulk_statement(dialect: Any, table: t.Table, keys: tuple[str, ...], raw: frozenset[str]) -> Any:
    compiled = table.insert().compile(dialect=dialect, column_keys=list(keys))
    procs: dict[str, Any] = {k: f for k, f in compiled._bind_processors.items() if k not in raw}
    if dialect.name == "sqlite":
        for key in procs:
            if key in table.c and isinstance(table.c[key].type, UTCDateTime):
                procs[key] = _sqlite_utc
    return compiled.string, compiled.positiontup, procs


def insert_bulk(
    conn: Connection, table: t.Table, rows: list[dict[str, Any]], raw: frozenset[str] = frozenset()
) -> None:
    """Many rows in one driver-level executemany, values converted by the columns' own types.

    The statement is compiled once; each value goes through its column's bind processor (UTC
    datetimes, booleans) except the ``raw`` columns, whose values are already JSON text. This
    skips SQLAlchemy's per-row statement machinery, which costs more than the insert itself.
    """
    if not rows:
        return
    keys = tuple(rows[0])
    sql, positions, procs = _bulk_statement(conn.dialect, table, keys, raw)
    converted: list[Any] = []
    if positions:  # SQLite: positional parameters, taken from each row in one C call
        take = operator.itemgetter(*positions) if len(positions) > 1 else lambda row: (row[positions[0]],)
        convert = [(i, procs[k]) for i, k in enumerate(positions) if k in procs]
        for row in rows:
            values = list(take(row))
            for i, proc in convert:
                if values[i] is not None:
                    values[i] = proc(values[i])
            converted.append(tuple(values))
    else:
        for row in rows:
            named = dict(row)
            for key, proc in procs.items():
                if key in named and named[key] is not None:
                    named[key] = proc(named[key])
            converted.append(named)
    conn.exec_driver_sql(sql, converted)


def insert_authors(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Authors, skipping any already there (same site and key)."""
    if not rows:
        return
    insert = sqlite_insert if conn.dialect.name == "sqlite" else postgresql_insert
    conn.execute(insert(t.authors).on_conflict_do_nothing(index_elements=["site_id", "key"]), rows)


def author_ids(conn: Connection, site_id: int, source: str, source_ids: Sequence[str]) -> dict[str, int]:
    a = t.authors
    out: dict[str, int] = {}
    for part in chunks(list(source_ids)):
        rows = conn.execute(
            select(a.c.source_id, a.c.id).where(
                a.c.site_id == site_id, a.c.source == source, a.c.source_id.in_(part)
            )
        )
        out.update({str(r.source_id): int(r.id) for r in rows})
    return out


def unlinked(conn: Connection, site_id: int) -> list[Any]:
    """Imported comments whose parent was not known when they were written."""
    query = (
        select(c.c.id, c.c.thread_id, c.c.source, c.c.source_parent)
        .join(t.threads, t.threads.c.id == c.c.thread_id)
        .where(t.threads.c.site_id == site_id, c.c.source_parent.is_not(None), c.c.parent_id.is_(None))
    )
    return list(conn.execute(query))


def set_parents(conn: Connection, links: list[dict[str, Any]]) -> None:
    """Give comments their parent (``b_id``, ``b_parent``); the parent's source id is then dropped."""
    if links:
        stmt = (
            update(c)
            .where(c.c.id == bindparam("b_id"))
            .values(parent_id=bindparam("b_parent"), source_parent=None)
        )
        conn.execute(stmt, links)


def _placements(nodes: dict[int, Any]) -> tuple[dict[int, tuple[int, int]], set[int]]:
    """(root id, depth) of every comment, walking up parent links (no recursion: any depth).

    A loop of parent links (a corrupt export: A replies to B, B to A) is cut where it was found:
    that comment becomes top-level, and is returned in the second value.
    """
    placed: dict[int, tuple[int, int]] = {}
    cut: set[int] = set()
    for node_id in nodes:
        path: list[int] = []
        on_path: set[int] = set()
        current = node_id
        while current not in placed:
            parent = nodes[current].parent_id
            if parent is None or parent not in nodes or current in on_path:
                if current in on_path:
                    cut.add(current)
                    path = path[: path.index(current)]
                placed[current] = (current, 0)
                break
            path.append(current)
            on_path.add(current)
            current = parent
        for step in reversed(path):
            parent = nodes[step].parent_id
            root, depth = placed[parent] if step not in cut else (step, -1)
            placed[step] = (root, depth + 1)
    return placed, cut


_SET_TREE = (
    update(c)
    .where(c.c.id == bindparam("b_id"))
    .values(root_id=bindparam("b_root"), depth=bindparam("b_depth"))
)


def rebuild_tree(conn: Connection, thread_ids: Iterable[int]) -> int:
    """Recompute root_id and depth in these threads from parent_id; returns the loops cut."""
    loops = 0
    for thread_id in thread_ids:
        query = select(c.c.id, c.c.parent_id, c.c.root_id, c.c.depth).where(c.c.thread_id == thread_id)
        nodes = {r.id: r for r in conn.execute(query)}
        placed, cut = _placements(nodes)
        updates = [
            {"b_id": node_id, "b_root": root, "b_depth": depth}
            for node_id, (root, depth) in placed.items()
            if (nodes[node_id].root_id, nodes[node_id].depth) != (root, depth)
        ]
        if cut:
            conn.execute(update(c).where(c.c.id.in_(sorted(cut))).values(parent_id=None))
            loops += len(cut)
        if updates:
            conn.execute(_SET_TREE, updates)
    return loops


def recount_threads(conn: Connection, thread_ids: Iterable[int]) -> None:
    """Visible-comment count and last comment time of these threads, from their comments."""
    th = t.threads
    visible = and_(c.c.thread_id == th.c.id, c.c.status == "published", c.c.shadow.is_(False))
    count = select(func.count()).select_from(c).where(visible).scalar_subquery()
    last = select(func.max(c.c.created_at)).where(visible).scalar_subquery()
    for part in chunks(sorted(thread_ids)):
        conn.execute(update(th).where(th.c.id.in_(part)).values(comment_count=count, last_comment_at=last))


def recount_authors(conn: Connection, author_ids: Iterable[int]) -> None:
    """Counters and first/last seen of these authors, from their comments."""
    a = t.authors
    mine = c.c.author_id == a.c.id

    def counted(*statuses: str) -> Any:
        return select(func.count()).select_from(c).where(mine, c.c.status.in_(statuses)).scalar_subquery()

    first = select(func.min(c.c.created_at)).where(mine).scalar_subquery()
    last = select(func.max(c.c.created_at)).where(mine).scalar_subquery()
    for part in chunks(sorted(author_ids)):
        conn.execute(
            update(a)
            .where(a.c.id.in_(part))
            .values(
                published_count=counted("published"),
                rejected_count=counted("rejected", "spam"),
                first_seen=func.coalesce(first, a.c.first_seen),
                last_seen=func.coalesce(last, a.c.last_seen),
            )
        )
