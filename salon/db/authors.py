"""Authors: how a commenter is recognised again on a site, for trust, history and sanctions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, select, update
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


_TOUCH = (
    update(a)
    .where(a.c.site_id == bindparam("b_site"), a.c.key == bindparam("b_key"))
    .values(name=bindparam("b_name"), last_seen=bindparam("b_seen"))
    .returning(a.c.id)
)
_TOUCH_WITH_EMAIL = _TOUCH.values(email_hash=bindparam("b_email"))


def get_or_create(conn: Connection, site_id: int, key: str, name: str, email_hash: str | None) -> int:
    """The author with this key on this site, created if new; name and last-seen kept current."""
    stamp = now()
    # One statement for a known author (UPDATE … RETURNING: SQLite ≥ 3.35 and PostgreSQL).
    found = conn.execute(
        _TOUCH_WITH_EMAIL if email_hash else _TOUCH,
        {"b_site": site_id, "b_key": key, "b_name": name, "b_seen": stamp, "b_email": email_hash},
    ).first()
    if found is not None:
        return int(found.id)
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
