"""Dashboard sessions: started at sign-in, checked on every request, ended on the server.

The cookie carries a random token (inside a signed value, see web/admin/auth.py); only its
SHA-256 is stored. A session ends at sign-out, when its owner ends it from the account page,
when the password changes (every session of that user), or when it expires.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from salon.actions.audit import audit
from salon.db import admin_sessions as session_queries
from salon.db.engine import now
from salon.errors import not_found
from salon.services import Services

#: How long a session lives without a new sign-in.
SESSION_LIFETIME = timedelta(hours=12)
#: ``last_seen`` is written at most this often, so reading a page is not a write.
TOUCH_EVERY = timedelta(minutes=1)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class AdminSession:
    """A live session as the account page lists it."""

    id: int
    user_id: int
    created_at: datetime
    last_seen: datetime
    expires_at: datetime
    user_agent: str


def _session(row: Any) -> AdminSession:
    return AdminSession(
        int(row.id), int(row.user_id), row.created_at, row.last_seen, row.expires_at, str(row.user_agent)
    )


def start(services: Services, user_id: int, user_agent: str) -> tuple[str, AdminSession]:
    """A new session for the user: the token for the cookie, and the stored session."""
    token = secrets.token_urlsafe(32)
    at = now()
    values = {
        "token_hash": token_hash(token),
        "user_id": user_id,
        "created_at": at,
        "last_seen": at,
        "expires_at": at + SESSION_LIFETIME,
        "user_agent": user_agent[:200],
    }
    with services.db.write() as conn:
        session_id = session_queries.insert(conn, **values)
    return token, AdminSession(session_id, user_id, at, at, at + SESSION_LIFETIME, user_agent[:200])


def check(services: Services, token: str) -> AdminSession | None:
    """The live session this token opens, if any; its last use noted (at most once a minute)."""
    at = now()
    with services.db.read() as conn:
        row = session_queries.live(conn, token_hash(token), at)
    if row is None:
        return None
    found = _session(row)
    if at - found.last_seen >= TOUCH_EVERY:
        with services.db.write() as conn:
            session_queries.touch(conn, found.id, at)
    return found


def list_for(services: Services, user_id: int) -> list[AdminSession]:
    with services.db.read() as conn:
        return [_session(r) for r in session_queries.for_user(conn, user_id, now())]


def end(services: Services, user_id: int, session_id: int, actor: str, why: str = "sign_out") -> None:
    """End one of this user's sessions; 404 if it is not theirs or already over."""
    with services.db.write() as conn:
        if not session_queries.end(conn, now(), user_id=user_id, session_id=session_id):
            raise not_found("session")
        audit(conn, actor, "session.end", target_type="session", target_id=session_id, details={"why": why})


def end_all(services: Services, user_id: int, actor: str, why: str) -> int:
    """End every session of the user (a password change, an account disabled): how many."""
    with services.db.write() as conn:
        ended = session_queries.end(conn, now(), user_id=user_id)
        if ended:
            audit(conn, actor, "session.end_all", target_type="user", target_id=user_id, details={"why": why})
    return ended
