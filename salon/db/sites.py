"""Sites: who owns which page URLs, and each site's settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from salon.db import tables as t

#: Site settings every site starts with. The moderation policy adds its own keys (see docs).
SITE_DEFAULTS: dict[str, Any] = {
    "edit_window_seconds": 900,
    "report_threshold": 3,
    "held_message": "Your comment is awaiting moderation.",
    # Sign-in for readers (docs/accounts.md): off unless the site turns it on.
    "sso_secret": "",
    "signin_email": False,
    "account_edit_window_seconds": 0,
    # OpenID Connect / GitHub providers by id (salon/actions/oidc.py); client secrets stay here.
    "oidc": {},
    # Moderators' mail on held and reported comments (salon/actions/moderator_mail.py).
    "moderator_mail": "each",
    "moderator_digest_hour": 8,
    "moderator_mail_for": {},
}


@dataclass(frozen=True)
class Site:
    id: int
    name: str
    origins: list[str]
    settings: dict[str, Any] = field(default_factory=dict)

    def setting(self, key: str) -> Any:
        return self.settings.get(key, SITE_DEFAULTS.get(key))


def _site(row: Any) -> Site:
    return Site(id=row.id, name=row.name, origins=list(row.origins), settings=dict(row.settings or {}))


def get_by_name(conn: Connection, name: str) -> Site | None:
    row = conn.execute(select(t.sites).where(t.sites.c.name == name)).first()
    return _site(row) if row else None


def get(conn: Connection, site_id: int) -> Site | None:
    row = conn.execute(select(t.sites).where(t.sites.c.id == site_id)).first()
    return _site(row) if row else None


def all_sites(conn: Connection) -> list[Site]:
    return [_site(r) for r in conn.execute(select(t.sites).order_by(t.sites.c.name))]
