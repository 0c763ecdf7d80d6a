"""Authors: how a commenter is recognised again on a site, for trust, history and sanctions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy.exc import IntegrityError

from salon.db import tables as t
from salon.db.engine import now

a = t.authors


def get(conn: Connection, author_id: int) -> Any | None:
    return conn.execute(select(a).where(a.c.id == author_id)).first()


def find(conn: Connection, site_id: int, key: str) -> int | None:
    """The id of the author with this key on this site, if there is one."""
    row = conn.execute(select(a.c.id).where(a.c.site_id == site_id, a.c.key == key)).first()
    return int(row.id) if row is not None else None


def get_or_create(conn: Connection, site_id: int, key: str, name: str, email_hash: str | None) -> int:
    """The author with this key on this site, created if new; name and last-seen kept current."""
    stamp = now()
    row = conn.execute(select(a.c.id).where(a.c.site_id == site_id, a.c.key == key)).first()
    if row is not None:
        values: dict[str, Any] = {"name": name, "last_seen": stamp}
        if email_hash:
            values["email_hash"] = email_hash
        conn.execute(update(a).where(a.c.id == row.id).values(**values))
        return int(row.id)
    try:
        with conn.begin_nested():
            return int(
                conn.execute(
                    a.insert()
                    .values(
                        site_id=site_id,
                        key=key,
                        name=name,
                        email_hash=email_hash,
                        first_seen=stamp,
                        last_seen=stamp,
                    )
                    .returning(a.c.id)
                ).scalar_one()
            )
    except IntegrityError:
        row = conn.execute(select(a.c.id).where(a.c.site_id == site_id, a.c.key == key)).first()
        assert row is not None
        return int(row.id)


def bump(conn: Connection, author_id: int, column: str, by: int = 1) -> None:
    """Add to one of the author's counters (published_count, rejected_count, reported_count)."""
    col = a.c[column]
    conn.execute(update(a).where(a.c.id == author_id).values({col: col + by}))
