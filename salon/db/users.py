"""Dashboard users (admins and moderators) and the sites each moderator may act on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select, update

from salon.db import tables as t
from salon.models import Role

u = t.users
us = t.user_sites


@dataclass(frozen=True)
class User:
    id: int
    email: str
    password_hash: str
    role: Role
    display_name: str
    created_at: datetime
    disabled: bool


def _user(row: Any) -> User:
    return User(
        id=row.id,
        email=row.email,
        password_hash=row.password_hash,
        role=Role(row.role),
        display_name=row.display_name,
        created_at=row.created_at,
        disabled=bool(row.disabled),
    )


def get(conn: Connection, user_id: int) -> User | None:
    row = conn.execute(select(u).where(u.c.id == user_id)).first()
    return _user(row) if row else None


def by_email(conn: Connection, email: str) -> User | None:
    row = conn.execute(select(u).where(u.c.email == email.strip().lower())).first()
    return _user(row) if row else None


def all_users(conn: Connection) -> list[User]:
    return [_user(r) for r in conn.execute(select(u).order_by(u.c.email))]


def insert(conn: Connection, **values: Any) -> int:
    return int(conn.execute(u.insert().values(**values).returning(u.c.id)).scalar_one())


def set_fields(conn: Connection, user_id: int, **values: Any) -> None:
    conn.execute(update(u).where(u.c.id == user_id).values(**values))


def site_ids(conn: Connection, user_id: int) -> frozenset[int]:
    """The sites a moderator is assigned to (an admin's assignments are not consulted)."""
    return frozenset(int(r[0]) for r in conn.execute(select(us.c.site_id).where(us.c.user_id == user_id)))


def set_sites(conn: Connection, user_id: int, site_ids: set[int]) -> None:
    conn.execute(delete(us).where(us.c.user_id == user_id))
    for site_id in sorted(site_ids):
        conn.execute(us.insert().values(user_id=user_id, site_id=site_id))
