"""Display names: what a guest may post under.

A name is normalised before anything else sees it: bidi overrides and isolates (``\\u202eNIMDA``
shows as "ADMIN") and other invisible format characters are removed, runs of whitespace become one
space. A name with nothing visible left is refused. A name that reads like one of the site's staff
(its moderators and the install's admins) or like a role ("admin", "moderator"), judged by Unicode
confusables (the ``confusables`` package: a Cherokee ``\u13aa`` for ``A``, ``rn`` for ``m``), is
refused too, so no guest can pass for a moderator.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from confusables import is_confusable
from sqlalchemy import Connection, bindparam, or_, select

from salon.db import tables as t
from salon.errors import SalonError

#: Joiners that shape scripts and emoji (Persian, Indic, 👩‍💻) are kept; every other format
#: character (category Cf: bidi controls, zero-width space, word joiner, BOM…) is dropped.
KEPT_FORMAT = frozenset({"\u200c", "\u200d"})
#: Characters that draw nothing though they are not whitespace or format characters.
BLANK = frozenset({"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u180e", "\u17b4", "\u17b5"})
#: Names nobody but staff should appear under.
ROLE_NAMES = ("admin", "administrator", "moderator", "mod", "staff")


def normalize_name(raw: str) -> str:
    """The name as it will be shown: invisible and control characters out, whitespace collapsed."""
    kept = []
    for ch in raw:
        category = unicodedata.category(ch)
        if (category == "Cf" and ch not in KEPT_FORMAT) or (category == "Cc" and ch not in "\t\n\r"):
            continue
        kept.append(ch)
    return " ".join("".join(kept).split())


def _visible(ch: str) -> bool:
    return not (
        ch.isspace() or ch in BLANK or ch in KEPT_FORMAT or unicodedata.category(ch).startswith(("M", "C"))
    )


def clean_name(raw: str) -> str:
    """The normalised name; 422 ``empty_name`` when nothing visible is left."""
    name = normalize_name(raw)
    if not any(_visible(ch) for ch in name):
        raise SalonError(
            422,
            "empty_name",
            "give a name to post under (with letters or signs people can see)",
            "author.name",
        )
    return name


def _staff() -> list[Any]:
    """The filter for the people who moderate a site (``:site_id``): its moderators and every admin."""
    u, us = t.users, t.user_sites
    mods = select(us.c.user_id).where(us.c.site_id == bindparam("site_id"))
    return [u.c.disabled.is_(False), or_(u.c.role == "admin", u.c.id.in_(mods))]


# Built once: every post asks for its site's staff names (and a signed-in reader's, their addresses).
_STAFF_NAMES = select(t.users.c.display_name).where(*_staff())
_STAFF_EMAILS = select(t.users.c.email).where(*_staff())


def staff_names(conn: Connection, site_id: int) -> list[str]:
    """Display names of the people who moderate this site: its moderators and every admin."""
    rows = conn.execute(_STAFF_NAMES, {"site_id": site_id})
    return [str(r.display_name) for r in rows if r.display_name]


def staff_emails(conn: Connection, site_id: int) -> set[str]:
    """The dashboard sign-in addresses of this site's staff, lower-cased."""
    return {str(r.email).lower() for r in conn.execute(_STAFF_EMAILS, {"site_id": site_id})}


@lru_cache(maxsize=4096)
def _fold(name: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", name).casefold() if _visible(ch))


def imitated(name: str, staff: Iterable[str]) -> str | None:
    """The staff name or role this name would pass for, if any."""
    return _imitated(name, tuple(staff))


@lru_cache(maxsize=4096)
def _imitated(name: str, staff: tuple[str, ...]) -> str | None:
    """:func:`imitated`, remembered: readers post under the same few names, and the confusables
    check of a name against every staff name and role is the dearest part of a post's checks."""
    folded = _fold(name)
    if not folded:
        return None
    for other in (*staff, *ROLE_NAMES):
        target = _fold(other)
        if (
            target
            and len(target) <= len(folded) * 2 + 2
            and (folded == target or is_confusable(folded, target))
        ):
            return other
    return None


def refuse_imitation(conn: Connection, site_id: int, name: str) -> None:
    """422 ``name_taken`` if the name reads like one of the site's staff or a staff role."""
    found = imitated(name, staff_names(conn, site_id))
    if found is not None:
        raise SalonError(
            422,
            "name_taken",
            "this name is kept for the site's moderators; please choose another",
            "author.name",
        )
