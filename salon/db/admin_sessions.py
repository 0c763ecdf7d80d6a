"""Dashboard sessions kept on the server: the cookie's token is looked up here on every request."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from salon.db import tables as t

s = t.admin_sessions


def insert(conn: Connection, **values: Any) -> int:
    return int(conn.execute(s.insert().values(**values).returning(s.c.id)).scalar_one())


def live(conn: Connection, token_hash: str, at: datetime) -> Any | None:
    """The session with this token hash, unless it was ended or has expired."""
    return conn.execute(
        select(s).where(s.c.token_hash == token_hash, s.c.ended_at.is_(None), s.c.expires_at > at)
    ).first()


def for_user(conn: Connection, user_id: int, at: datetime) -> list[Any]:
    """The user's live sessions, the most recently used first."""
    return list(
        conn.execute(
            select(s)
            .where(s.c.user_id == user_id, s.c.ended_at.is_(None), s.c.expires_at > at)
            .order_by(s.c.last_seen.desc(), s.c.id.desc())
        )
    )


def touch(conn: Connection, session_id: int, at: datetime) -> None:
    conn.execute(update(s).where(s.c.id == session_id).values(last_seen=at))


def end(conn: Connection, at: datetime, *, user_id: int, session_id: int | None = None) -> int:
    """End one of the user's sessions (or all of them): how many were still live."""
    stmt = update(s).where(s.c.user_id == user_id, s.c.ended_at.is_(None))
    if session_id is not None:
        stmt = stmt.where(s.c.id == session_id)
    return int(conn.execute(stmt.values(ended_at=at)).rowcount or 0)
