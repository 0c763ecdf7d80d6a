"""Dashboard accounts: creating them, checking passwords, and who may act on which site."""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from salon.actions.audit import audit
from salon.db import admin_sessions as session_queries
from salon.db import sites as site_queries
from salon.db import users as user_queries
from salon.db.engine import now
from salon.db.users import User
from salon.errors import SalonError
from salon.models import Role
from salon.services import Services

_hasher = PasswordHasher()
# Verifying against this keeps the time of a login for an unknown address like that of a known one.


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against when the e-mail is unknown, so timing does not tell (made once)."""
    return _hasher.hash("salon: no such user")


MIN_PASSWORD = 10
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


@dataclass(frozen=True)
class Moderator:
    """Who is acting in the dashboard. ``site_ids`` None: an admin, who may act on every site."""

    id: int
    email: str
    role: Role
    site_ids: frozenset[int] | None
    #: Changes when the password changes, so older sessions stop working.
    stamp: str

    @property
    def actor(self) -> str:
        """The audit and moderation-record actor: "user:<id>"."""
        return f"user:{self.id}"

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def can(self, site_id: int) -> bool:
        return self.site_ids is None or site_id in self.site_ids

    def require(self, site_id: int) -> None:
        """Refuse (as not found, so other sites' ids tell nothing) unless this site is ours."""
        if not self.can(site_id):
            raise SalonError(404, "not_found", "not found")


def password_stamp(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def moderator_for(services: Services, user: User) -> Moderator:
    with services.db.read() as conn:
        sites = None if user.role is Role.ADMIN else user_queries.site_ids(conn, user.id)
    return Moderator(user.id, user.email, user.role, sites, password_stamp(user.password_hash))


def load_moderator(services: Services, user_id: int) -> Moderator | None:
    """The moderator behind a session, unless the account is gone or disabled."""
    with services.db.read() as conn:
        user = user_queries.get(conn, user_id)
    if user is None or user.disabled:
        return None
    return moderator_for(services, user)


def create_user(
    services: Services,
    email: str,
    password: str,
    role: Role = Role.MODERATOR,
    site_names: list[str] | None = None,
    actor: str = "cli",
    display_name: str = "",
) -> User:
    """Create an admin or a moderator (assigned to ``site_names``); the password is argon2-hashed."""
    email = email.strip().lower()
    if not EMAIL.match(email) or len(email) > 320:
        raise SalonError(422, "bad_email", "give an e-mail address like ann@example.com", "email")
    if len(password) < MIN_PASSWORD:
        raise SalonError(
            422, "weak_password", f"passwords are at least {MIN_PASSWORD} characters", "password"
        )
    with services.db.write() as conn:
        if user_queries.by_email(conn, email) is not None:
            raise SalonError(409, "user_exists", f"{email} already has an account", "email")
        site_ids: set[int] = set()
        for name in site_names or []:
            found = site_queries.get_by_name(conn, name)
            if found is None:
                raise SalonError(404, "unknown_site", f"no site named {name}", "site")
            site_ids.add(found.id)
        if role is Role.MODERATOR and not site_ids:
            raise SalonError(422, "no_sites", "a moderator needs at least one --site", "site")
        user_id = user_queries.insert(
            conn,
            email=email,
            password_hash=_hasher.hash(password),
            role=role.value,
            display_name=display_name or email.split("@")[0],
            created_at=now(),
        )
        user_queries.set_sites(conn, user_id, site_ids)
        audit(
            conn,
            actor,
            "user.create",
            target_type="user",
            target_id=user_id,
            details={"email": email, "role": role.value, "sites": sorted(site_ids)},
        )
        user = user_queries.get(conn, user_id)
    assert user is not None
    return user


def authenticate(services: Services, email: str, password: str, address: str) -> User | None:
    """The user if the password is right and the account enabled; failures are audited."""
    with services.db.read() as conn:
        user = user_queries.by_email(conn, email)
    ok: bool
    try:
        ok = bool(_hasher.verify(user.password_hash if user else _dummy_hash(), password))
    except (VerificationError, InvalidHashError):
        ok = False
    good = ok and user is not None and not user.disabled
    with services.db.write() as conn:
        audit(
            conn,
            f"user:{user.id}" if user else "anonymous",
            "user.login" if good else "user.login_failed",
            target_type="user",
            target_id=user.id if user else None,
            details={"email": email.strip().lower()[:320], "address": services.keyed_hash("addr", address)},
        )
        if good and user is not None and _hasher.check_needs_rehash(user.password_hash):
            # Stronger parameters since the hash was made: store a new hash (and so a new session stamp).
            user_queries.set_fields(conn, user.id, password_hash=_hasher.hash(password))
            user = user_queries.get(conn, user.id)
    return user if good else None


def set_password(services: Services, email: str, password: str, actor: str = "cli") -> None:
    if len(password) < MIN_PASSWORD:
        raise SalonError(
            422, "weak_password", f"passwords are at least {MIN_PASSWORD} characters", "password"
        )
    with services.db.write() as conn:
        user = user_queries.by_email(conn, email)
        if user is None:
            raise SalonError(404, "not_found", f"no account for {email}", "email")
        user_queries.set_fields(conn, user.id, password_hash=_hasher.hash(password))
        ended = session_queries.end(conn, now(), user_id=user.id)
        audit(
            conn,
            actor,
            "user.password",
            target_type="user",
            target_id=user.id,
            details={"sessions_ended": ended},
        )


def change_password(services: Services, moderator: Moderator, current: str, new: str) -> None:
    """A signed-in user changes their own password (the current one proves it is them); every
    session of theirs ends, this one included (the caller starts a new one)."""
    with services.db.read() as conn:
        user = user_queries.get(conn, moderator.id)
    try:
        ok = user is not None and bool(_hasher.verify(user.password_hash, current))
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or user is None:
        raise SalonError(403, "wrong_password", "the current password is not right", "current")
    set_password(services, user.email, new, actor=moderator.actor)


def record_logout(services: Services, moderator: Moderator) -> None:
    with services.db.write() as conn:
        audit(conn, moderator.actor, "user.logout", target_type="user", target_id=moderator.id)
