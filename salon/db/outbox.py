"""The outbox: side effects (mail, webhooks) written as rows in the transaction of their event.

A row is ``pending`` until a worker delivers it (``sent``), decides there is nothing left to send
(``skipped``), or gives up after the last retry (``failed``). A worker claims rows by setting
``locked_until`` (a lease): a worker that dies mid-delivery leaves a lease that runs out, and the
row is delivered again. Delivery is therefore at least once; webhooks carry a stable id for that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, or_, select, update

from salon.db import tables as t
from salon.db.engine import now

o = t.outbox


@dataclass(frozen=True)
class OutboxRow:
    id: int
    kind: str
    site_id: int | None
    topic: str
    recipient: str
    payload: dict[str, Any]
    status: str
    attempts: int
    available_at: datetime
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


def _row(r: Any) -> OutboxRow:
    return OutboxRow(
        id=r.id,
        kind=r.kind,
        site_id=r.site_id,
        topic=r.topic,
        recipient=r.recipient,
        payload=dict(r.payload or {}),
        status=r.status,
        attempts=r.attempts,
        available_at=r.available_at,
        last_error=r.last_error,
        created_at=r.created_at,
        sent_at=r.sent_at,
    )


def row(
    kind: str,
    topic: str,
    recipient: str,
    payload: dict[str, Any],
    *,
    site_id: int | None = None,
    delay: float = 0.0,
    group_key: str | None = None,
) -> dict[str, Any]:
    """The values of one new outbox row, due ``delay`` seconds from now."""
    at = now()
    return {
        "kind": kind,
        "site_id": site_id,
        "topic": topic,
        "recipient": recipient[:2048],
        "payload": payload,
        "status": "pending",
        "attempts": 0,
        "available_at": at + timedelta(seconds=delay),
        "group_key": group_key,
        "created_at": at,
    }


def enqueue(
    conn: Connection,
    kind: str,
    topic: str,
    recipient: str,
    payload: dict[str, Any],
    *,
    site_id: int | None = None,
    delay: float = 0.0,
    group_key: str | None = None,
) -> int:
    """Add one row inside the caller's transaction; its id."""
    values = row(kind, topic, recipient, payload, site_id=site_id, delay=delay, group_key=group_key)
    return int(conn.execute(o.insert().values(**values).returning(o.c.id)).scalar_one())


def enqueue_many(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Add many rows (each made by :func:`row`) in one executemany, inside the caller's transaction."""
    if rows:
        conn.execute(o.insert(), rows)


def open_group(conn: Connection, group_key: str) -> OutboxRow | None:
    """The pending row of a group that no worker holds, to add more work to."""
    r = conn.execute(
        select(o)
        .where(
            o.c.group_key == group_key,
            o.c.status == "pending",
            or_(o.c.locked_until.is_(None), o.c.locked_until < now()),
        )
        .order_by(o.c.id.desc())
        .limit(1)
    ).first()
    return _row(r) if r else None


def regroup(conn: Connection, row_id: int, payload: dict[str, Any], available_at: datetime) -> None:
    conn.execute(update(o).where(o.c.id == row_id).values(payload=payload, available_at=available_at))


def _due() -> Any:
    """The ids of the rows due at ``:at`` that no lease holds, oldest first."""
    at = bindparam("at", type_=t.TS)
    return (
        select(o.c.id)
        .where(
            o.c.status == "pending",
            o.c.available_at <= at,
            or_(o.c.locked_until.is_(None), o.c.locked_until < at),
        )
        .order_by(o.c.available_at, o.c.id)
    )


# Built once: the worker asks after every event (each new comment), and most of the time finds none.
_DUE = _due().limit(bindparam("limit"))
_DUE_SKIP_LOCKED = _DUE.with_for_update(skip_locked=True)
_ANY_DUE = _due().limit(1)


def any_due(conn: Connection) -> bool:
    """Whether a row is due now that no lease holds (a read: :func:`claim` takes them)."""
    return conn.execute(_ANY_DUE, {"at": now()}).first() is not None


def claim(conn: Connection, limit: int, lease: float, *, skip_locked: bool) -> list[OutboxRow]:
    """Take up to ``limit`` due rows for ``lease`` seconds; counts the attempt."""
    at = now()
    # skip_locked, on PostgreSQL: several workers take different rows without waiting on each other
    query = _DUE_SKIP_LOCKED if skip_locked else _DUE
    ids = [r[0] for r in conn.execute(query, {"at": at, "limit": limit})]
    if not ids:
        return []
    conn.execute(
        update(o)
        .where(o.c.id.in_(ids))
        .values(locked_until=at + timedelta(seconds=lease), attempts=o.c.attempts + 1)
    )
    rows = conn.execute(select(o).where(o.c.id.in_(ids)).order_by(o.c.available_at, o.c.id))
    return [_row(r) for r in rows]


def finish(conn: Connection, row_id: int, status: str, note: str | None = None) -> None:
    """Mark a claimed row ``sent`` or ``skipped`` (with why)."""
    conn.execute(
        update(o)
        .where(o.c.id == row_id)
        .values(status=status, sent_at=now(), locked_until=None, last_error=note)
    )


def retry_later(conn: Connection, row_id: int, error: str, delay: float | None) -> None:
    """A failed attempt: try again after ``delay`` seconds, or give up when it is None."""
    values: dict[str, Any] = {"locked_until": None, "last_error": error[:2000]}
    if delay is None:
        values["status"] = "failed"
    else:
        values["available_at"] = now() + timedelta(seconds=delay)
    conn.execute(update(o).where(o.c.id == row_id).values(**values))


def get(conn: Connection, row_id: int) -> OutboxRow | None:
    r = conn.execute(select(o).where(o.c.id == row_id)).first()
    return _row(r) if r else None


def recent(
    conn: Connection, site_ids: frozenset[int] | None, limit: int, status: str | None = None
) -> list[OutboxRow]:
    """The newest rows, for the delivery log; ``site_ids`` None: every site and the install's own."""
    query = select(o).order_by(o.c.id.desc()).limit(limit)
    if site_ids is not None:
        query = query.where(o.c.site_id.in_(sorted(site_ids)))
    if status:
        query = query.where(o.c.status == status)
    return [_row(r) for r in conn.execute(query)]


def counts(conn: Connection, site_ids: frozenset[int] | None) -> dict[str, int]:
    query = select(o.c.status, func.count()).group_by(o.c.status)
    if site_ids is not None:
        query = query.where(o.c.site_id.in_(sorted(site_ids)))
    return {status: int(n) for status, n in conn.execute(query)}


def due(conn: Connection) -> int:
    """Pending rows whose time has come (the worker's backlog)."""
    at = now()
    return int(
        conn.execute(
            select(func.count()).where(
                and_(o.c.status == "pending", o.c.available_at <= at),
            )
        ).scalar_one()
    )
