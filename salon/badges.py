"""What a public comment shows about its author besides the name: the staff badge and a signed-in
reader's picture.

**Staff.** A comment carries the badge when its author is a signed-in reader account whose
address is the dashboard address of one of the site's staff (its moderators and the install's
admins). Only accounts whose address was proven count: an e-mail link proves it, and the site's
own sign-in (SSO) vouches for it with the site's secret. A guest never gets the badge, and the
names of staff are kept from guests already (``actions/display_names.py``).

**Pictures.** A signed-in account may carry a picture (an ``https://`` URL from the site's
sign-in); guests have none. Their avatar is an identicon the widget draws from the per-site
avatar key (``identity.avatar_key``), which links nothing across sites.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, select

from salon.actions.display_names import staff_emails
from salon.db import tables as t

#: Reader-account providers whose address is proven (see the module's docstring).
PROVEN_ADDRESS = ("email", "sso")


@dataclass(frozen=True)
class Badge:
    """What a comment's author shows: ``staff`` for the site's team, an account's ``picture``."""

    staff: bool = False
    picture: str | None = None


NO_BADGE = Badge()


def badges(conn: Connection, site_id: int, author_ids: Iterable[int | None]) -> dict[int, Badge]:
    """The badge of each of these authors that has one (signed-in accounts only)."""
    wanted = sorted({a for a in author_ids if a is not None})
    if not wanted:
        return {}
    ra = t.reader_accounts
    rows = list(
        conn.execute(
            select(ra.c.author_id, ra.c.provider, ra.c.email, ra.c.avatar_url).where(
                ra.c.site_id == site_id, ra.c.author_id.in_(wanted)
            )
        )
    )
    if not rows:
        return {}
    staff = staff_emails(conn, site_id)
    found: dict[int, Badge] = {}
    for row in rows:
        is_staff = bool(row.email) and row.provider in PROVEN_ADDRESS and str(row.email).lower() in staff
        picture = row.avatar_url if str(row.avatar_url or "").startswith("https://") else None
        if is_staff or picture:
            found[int(row.author_id)] = Badge(is_staff, picture)
    return found


def is_staff(conn: Connection, site_id: int, author_id: int | None) -> bool:
    """Whether this author is a signed-in member of the site's staff."""
    return author_id is not None and badges(conn, site_id, [author_id]).get(author_id, NO_BADGE).staff
