"""Comment queries: single rows, pages of top-level comments, and the subtrees under them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, not_, or_, select, update

from salon.db import tables as t
from salon.models import Sort

c = t.comments

#: Statuses that appear in a public thread (deleted ones only as placeholders above replies).
PUBLIC_STATUSES = ("published", "deleted")


@dataclass(frozen=True)
class PageKey:
    """Where the previous page ended: the sort value and id of its last top-level comment."""

    sort: Sort
    value: Any
    id: int


def get(conn: Connection, comment_id: int) -> Any | None:
    return conn.execute(select(c).where(c.c.id == comment_id)).first()


def insert(conn: Connection, **values: Any) -> int:
    comment_id = conn.execute(c.insert().values(**values).returning(c.c.id)).scalar_one()
    if values.get("parent_id") is None:
        conn.execute(update(c).where(c.c.id == comment_id).values(root_id=comment_id))
    return int(comment_id)


# Built once; the columns come from the parameters given (a statement per post costs more to build
# than to run).
_INSERT_ROW = c.insert().returning(*c.c)
_INSERT_ID = c.insert().returning(c.c.id)
_ROOT_ROW = update(c).where(c.c.id == bindparam("b_id")).values(root_id=bindparam("b_id")).returning(*c.c)


def insert_returning(conn: Connection, **values: Any) -> Any:
    """Insert a comment and give back its whole row (a top-level comment is its own root)."""
    if values.get("parent_id") is not None:
        return conn.execute(_INSERT_ROW, values).one()
    comment_id = conn.execute(_INSERT_ID, values).scalar_one()
    return conn.execute(_ROOT_ROW, {"b_id": comment_id}).one()


def set_fields(conn: Connection, comment_id: int, **values: Any) -> None:
    conn.execute(update(c).where(c.c.id == comment_id).values(**values))


def _order(sort: Sort) -> list[Any]:
    if sort is Sort.NEWEST:
        return [c.c.created_at.desc(), c.c.id.desc()]
    if sort is Sort.TOP:
        return [c.c.score.desc(), c.c.id.asc()]
    return [c.c.created_at.asc(), c.c.id.asc()]


def _after(key: PageKey) -> Any:
    if key.sort is Sort.NEWEST:
        return or_(c.c.created_at < key.value, and_(c.c.created_at == key.value, c.c.id < key.id))
    if key.sort is Sort.TOP:
        return or_(c.c.score < key.value, and_(c.c.score == key.value, c.c.id > key.id))
    return or_(c.c.created_at > key.value, and_(c.c.created_at == key.value, c.c.id > key.id))


def key_of(row: Any, sort: Sort) -> PageKey:
    value: datetime | int = row.score if sort is Sort.TOP else row.created_at
    return PageKey(sort=sort, value=value, id=row.id)


def top_level_page(
    conn: Connection, thread_id: int, sort: Sort, limit: int, after: PageKey | None
) -> tuple[list[Any], PageKey | None]:
    """One page of top-level comments: pinned ones first on the first page, then by ``sort``.

    Keyset pagination: the work is proportional to the page, not to the thread.
    """
    base = [
        c.c.thread_id == thread_id,
        c.c.parent_id.is_(None),
        c.c.status.in_(PUBLIC_STATUSES),
        c.c.shadow.is_(False),
    ]
    pinned: list[Any] = []
    if after is None:
        pinned = list(conn.execute(select(c).where(*base, c.c.pinned.is_(True)).order_by(*_order(sort))))
    query = select(c).where(*base, c.c.pinned.is_(False)).order_by(*_order(sort)).limit(limit + 1)
    if after is not None:
        query = query.where(_after(after))
    rows = list(conn.execute(query))
    next_key = key_of(rows[limit - 1], sort) if len(rows) > limit else None
    return pinned + rows[:limit], next_key


def page_of(conn: Connection, top: Any, sort: Sort, limit: int) -> tuple[int, PageKey | None]:
    """The page (from 1) of :func:`top_level_page` that holds this public top-level comment, and
    the key that page starts after (None for the first page, where the pinned ones are)."""
    if top.pinned:
        return 1, None
    base = [
        c.c.thread_id == top.thread_id,
        c.c.parent_id.is_(None),
        c.c.status.in_(PUBLIC_STATUSES),
        c.c.shadow.is_(False),
        c.c.pinned.is_(False),
    ]
    # The order is total (ties go by id), so "not after it and not it" is "before it".
    before = and_(not_(_after(key_of(top, sort))), c.c.id != top.id)
    position = conn.execute(select(func.count()).select_from(c).where(*base, before)).scalar_one()
    index = int(position) // limit
    if index == 0:
        return 1, None
    query = select(c).where(*base).order_by(*_order(sort)).offset(index * limit - 1).limit(1)
    return index + 1, key_of(conn.execute(query).one(), sort)


def subtrees(conn: Connection, root_ids: Sequence[int]) -> list[Any]:
    """Every public reply under the given top-level comments, oldest first.

    Read through ix_comments_root whatever the planner believes: the work is the page's replies.
    (Without statistics SQLite took the status index instead and walked every published comment.)
    """
    if not root_ids:
        return []
    return list(conn.execute(_SUBTREES, {"b_roots": list(root_ids)}))


_SUBTREES = (
    select(c)
    .with_hint(c, "INDEXED BY ix_comments_root", dialect_name="sqlite")
    .where(
        c.c.root_id.in_(bindparam("b_roots", expanding=True)),
        c.c.parent_id.is_not(None),
        c.c.status.in_(PUBLIC_STATUSES),
        c.c.shadow.is_(False),
    )
    .order_by(c.c.created_at.asc(), c.c.id.asc())
)


def own_hidden(conn: Connection, thread_id: int, author_id: int) -> list[Any]:
    """An author's comments in a thread that others don't see: pending, rejected by a moderator
    (so the author can read why), or shadow-hidden. Spam stays out of sight."""
    return list(
        conn.execute(
            select(c)
            .where(
                c.c.thread_id == thread_id,
                c.c.author_id == author_id,
                or_(
                    c.c.status.in_(("pending", "rejected")),
                    and_(c.c.status == "published", c.c.shadow.is_(True)),
                ),
            )
            .order_by(c.c.created_at.asc(), c.c.id.asc())
        )
    )


def recent_for_site(conn: Connection, site_id: int, limit: int) -> list[Any]:
    """The newest published comments of a site, with their thread URL and title (for feeds)."""
    query = (
        select(c, t.threads.c.url.label("thread_url"), t.threads.c.title.label("thread_title"))
        .join(t.threads, t.threads.c.id == c.c.thread_id)
        .where(t.threads.c.site_id == site_id, c.c.status == "published", c.c.shadow.is_(False))
        .order_by(c.c.created_at.desc(), c.c.id.desc())
        .limit(limit)
    )
    return list(conn.execute(query))


def recent_for_thread(conn: Connection, thread_id: int, limit: int) -> list[Any]:
    query = (
        select(c)
        .where(c.c.thread_id == thread_id, c.c.status == "published", c.c.shadow.is_(False))
        .order_by(c.c.created_at.desc(), c.c.id.desc())
        .limit(limit)
    )
    return list(conn.execute(query))
