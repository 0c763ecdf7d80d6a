"""Authors: how a commenter is recognised again on a site, for trust, history and sanctions."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from salon.db import tables as t
from salon.db.engine import now

a = t.authors


_GET = select(a).where(a.c.id == bindparam("author_id"))


def get(conn: Connection, author_id: int) -> Any | None:
    return conn.execute(_GET, {"author_id": author_id}).first()


def find(conn: Connection, site_id: int, key: str) -> int | None:
    """The id of the author with this key on this site, if there is one."""
    row = conn.execute(select(a.c.id).where(a.c.site_id == site_id, a.c.key == key)).first()
    return int(row.id) if row is not None else None


def _upsert(dialect: str, with_email: bool, many: bool = False) -> Any:
    insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
    stmt = insert(a).values(
        site_id=bindparam("b_site"),
        key=bindparam("b_key"),
        name=bindparam("b_name"),
        email_hash=bindparam("b_email"),
        first_seen=bindparam("b_seen"),
        last_seen=bindparam("b_seen"),
    )
    kept = {"name": stmt.excluded.name, "last_seen": stmt.excluded.last_seen}
    if with_email:
        kept["email_hash"] = stmt.excluded.email_hash
    upsert = stmt.on_conflict_do_update(index_elements=[a.c.site_id, a.c.key], set_=kept)
    if many:
        # Each row says whose id it is: the order of RETURNING rows is not to be trusted for an
        # upsert over many rows (on PostgreSQL a batch mixing known and new authors came back
        # in another order than given, and posts went to the wrong author).
        return upsert.returning(a.c.id, a.c.site_id, a.c.key)
    return upsert.returning(a.c.id)


# Built once per dialect and case: composing a statement per post costs more than running it.
_UPSERTS = {(d, e): _upsert(d, e) for d in ("sqlite", "postgresql") for e in (False, True)}
_UPSERTS_MANY = {(d, e): _upsert(d, e, True) for d in ("sqlite", "postgresql") for e in (False, True)}


def get_or_create(conn: Connection, site_id: int, key: str, name: str, email_hash: str | None) -> int:
    """The author with this key on this site, created if new; name and last-seen kept current.

    One statement (INSERT … ON CONFLICT DO UPDATE … RETURNING, SQLite ≥ 3.35 and PostgreSQL),
    atomic against a concurrent first post by the same author. A known e-mail hash is kept when
    none is given.
    """
    upsert = _UPSERTS[(conn.dialect.name, bool(email_hash))]
    params = {"b_site": site_id, "b_key": key, "b_name": name, "b_seen": now(), "b_email": email_hash}
    return int(conn.execute(upsert, params).scalar_one())


def get_or_create_many(
    conn: Connection, authors: list[tuple[int, str, str, str | None]]
) -> dict[tuple[int, str], int]:
    """:func:`get_or_create` for many ``(site_id, key, name, email_hash)`` at once: one statement
    per case (with or without an e-mail hash). The same key twice counts once, with its last name
    and the last e-mail hash given. Returns ``{(site_id, key): id}``."""
    merged: dict[tuple[int, str], tuple[str, str | None]] = {}
    for site_id, key, name, email in authors:
        known = merged.get((site_id, key))
        merged[(site_id, key)] = (name, email or (known[1] if known else None))
    seen = now()
    ids: dict[tuple[int, str], int] = {}
    for with_email in (False, True):
        # Sorted: concurrent batches lock the rows they upsert in one order (no deadlock).
        keys = sorted(k for k, (_, email) in merged.items() if bool(email) == with_email)
        if not keys:
            continue
        params = [
            {
                "b_site": s,
                "b_key": k,
                "b_name": merged[(s, k)][0],
                "b_seen": seen,
                "b_email": merged[(s, k)][1],
            }
            for s, k in keys
        ]
        rows = conn.execute(_UPSERTS_MANY[(conn.dialect.name, with_email)], params).all()
        ids.update({(int(r.site_id), str(r.key)): int(r.id) for r in rows})
        if len(rows) != len(keys) or any(k not in ids for k in keys):
            raise RuntimeError("author upsert returned other rows than it was given")
    return ids


@functools.cache
def _bump_statement(column: str) -> Any:
    """``UPDATE authors SET <column> = <column> + :b_by WHERE id = :b_id``, built once per column."""
    col = a.c[column]
    return update(a).where(a.c.id == bindparam("b_id")).values({col: col + bindparam("b_by")})


def bump_many(conn: Connection, deltas: dict[tuple[int, str], int]) -> None:
    """:func:`bump` for many ``{(author_id, column): delta}``: one executemany per column."""
    for column in sorted({col for _, col in deltas}):
        params = [{"b_id": i, "b_by": d} for (i, c), d in sorted(deltas.items()) if c == column and d]
        if params:
            conn.execute(_bump_statement(column), params)


def bump(conn: Connection, author_id: int, column: str, by: int = 1) -> None:
    """Add to one of the author's counters (published_count, rejected_count, reported_count)."""
    col = a.c[column]
    conn.execute(update(a).where(a.c.id == author_id).values({col: col + by}))
