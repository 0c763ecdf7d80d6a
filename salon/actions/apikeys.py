"""API keys for the Perspective-compatible endpoint: created, listed, revoked; only hashes stored.

A key is shown once, when it is created.  ``verify`` finds the live key a request presents.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from salon.actions.audit import audit
from salon.db import sites as site_queries
from salon.db import tables as t
from salon.db.engine import now
from salon.errors import SalonError
from salon.services import Services

k = t.api_keys
KEY_PREFIX = "salon_"


@dataclass(frozen=True)
class ApiKey:
    id: int
    name: str
    site_id: int | None
    created_at: datetime
    revoked_at: datetime | None


def _key(row: Any) -> ApiKey:
    return ApiKey(row.id, row.name, row.site_id, row.created_at, row.revoked_at)


def key_hash(key: str) -> str:
    """Keys are long random strings, so a plain SHA-256 is enough to make the stored value useless."""
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(
    services: Services, name: str, site_name: str | None = None, actor: str = "cli"
) -> tuple[str, ApiKey]:
    """Make a key; returns the key itself (show it once, it is not stored) and its record."""
    name = name.strip()
    if not name or len(name) > 100:
        raise SalonError(400, "bad_name", "a key name is 1 to 100 characters", "name")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    with services.db.write() as conn:
        site_id = None
        if site_name is not None:
            site = site_queries.get_by_name(conn, site_name)
            if site is None:
                raise SalonError(404, "not_found", f"no site named {site_name}", "site")
            site_id = site.id
        key_id = conn.execute(
            k.insert()
            .values(name=name, key_hash=key_hash(key), site_id=site_id, created_at=now())
            .returning(k.c.id)
        ).scalar_one()
        audit(
            conn,
            actor,
            "apikey.create",
            site_id=site_id,
            target_type="api_key",
            target_id=key_id,
            details={"name": name},
        )
        row = conn.execute(select(k).where(k.c.id == key_id)).one()
    return key, _key(row)


def list_keys(services: Services) -> list[ApiKey]:
    with services.db.read() as conn:
        return [_key(r) for r in conn.execute(select(k).order_by(k.c.created_at, k.c.id))]


def revoke_key(services: Services, which: str, actor: str = "cli") -> ApiKey:
    """Revoke a live key by id or by name (a name must match exactly one live key)."""
    with services.db.write() as conn:
        live = select(k).where(k.c.revoked_at.is_(None))
        rows = list(conn.execute(live.where(k.c.id == int(which)))) if which.isdigit() else []
        if not rows:
            rows = list(conn.execute(live.where(k.c.name == which)))
        if not rows:
            raise SalonError(404, "not_found", f"no live API key {which}")
        if len(rows) > 1:
            raise SalonError(409, "ambiguous", f"{len(rows)} live keys are named {which}; revoke by id")
        row = rows[0]
        conn.execute(update(k).where(k.c.id == row.id).values(revoked_at=now()))
        audit(
            conn,
            actor,
            "apikey.revoke",
            site_id=row.site_id,
            target_type="api_key",
            target_id=row.id,
            details={"name": row.name},
        )
        updated = conn.execute(select(k).where(k.c.id == row.id)).one()
    return _key(updated)


def verify(services: Services, key: str | None) -> ApiKey | None:
    """The live key matching ``key``, or None."""
    if not key or not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    with services.db.read() as conn:
        row = conn.execute(select(k).where(k.c.key_hash == key_hash(key), k.c.revoked_at.is_(None))).first()
    return _key(row) if row is not None else None
