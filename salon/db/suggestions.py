"""Reading the Perspective feedback rows (``comments:suggestscore``): newest first, in pages.

Writing is ``salon.actions.perspective_feedback``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from salon.db import tables as t

ps = t.perspective_suggestions


@dataclass(frozen=True)
class SuggestionFilter:
    """``site_ids`` None: every row (an admin, who also sees rows from keys without a site)."""

    site_ids: frozenset[int] | None = None
    site_id: int | None = None
    community_id: str | None = None
    client_token: str | None = None


def page(
    conn: Connection, f: SuggestionFilter, limit: int = 50, before: int | None = None
) -> tuple[list[Any], int | None]:
    """One page of suggestions, newest first; and the id to pass as ``before`` for the next."""
    if f.site_ids is not None and not f.site_ids:
        return [], None
    query = select(ps).order_by(ps.c.id.desc()).limit(limit + 1)
    if f.site_ids is not None:
        query = query.where(ps.c.site_id.in_(sorted(f.site_ids)))
    if f.site_id is not None:
        query = query.where(ps.c.site_id == f.site_id)
    if f.community_id:
        query = query.where(ps.c.community_id == f.community_id)
    if f.client_token:
        query = query.where(ps.c.client_token == f.client_token)
    if before is not None:
        query = query.where(ps.c.id < before)
    rows = list(conn.execute(query))
    return rows[:limit], (int(rows[limit - 1].id) if len(rows) > limit else None)
