"""Flood: more than ``flood_limit`` comments from one author or one client address within
``flood_window_seconds`` on a site are held for a moderator (the API's rate limit refuses
outright at a higher rate; this catches a burst that stays under it).  Edits are not counted.

Failure mode: needs the database; without a connection it has no opinion.  One statement of two
indexed counts (``ix_comments_author``, ``ix_comments_client``) bounded by the window.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import bindparam, func, select

from salon.db import tables as t
from salon.db.engine import now
from salon.models import Decision
from salon.moderation.pipeline import Context, PhaseResult
from salon.moderation.policy import policy_of


def _count(column: Any, param: str) -> Any:
    c = t.comments
    return (
        select(func.count())
        .select_from(c.join(t.threads, t.threads.c.id == c.c.thread_id))
        .where(
            column == bindparam(param),
            c.c.created_at >= bindparam("since"),
            t.threads.c.site_id == bindparam("site_id"),
        )
        .scalar_subquery()
    )


# Built once, both counts in one round trip; a missing author or address binds NULL (counts 0).
_COUNTS = select(
    _count(t.comments.c.author_id, "author_id").label("by_author"),
    _count(t.comments.c.client_hash, "client_hash").label("by_client"),
)


class Flood:
    name = "flood"

    def __call__(self, ctx: Context) -> PhaseResult | None:
        if ctx.conn is None or ctx.is_edit or ctx.site_id is None:
            return None
        policy = policy_of(ctx)
        if ctx.author_id is None and not ctx.client_hash:
            return None
        since = now() - timedelta(seconds=policy.flood_window_seconds)
        if ctx.facts is not None:
            by_author, by_client = ctx.facts.flood(ctx.site_id, ctx.author_id, ctx.client_hash or None, since)
        else:
            params = {
                "author_id": ctx.author_id,
                "client_hash": ctx.client_hash or None,
                "since": since,
                "site_id": ctx.site_id,
            }
            row = ctx.conn.execute(_COUNTS, params).one()
            by_author, by_client = int(row.by_author), int(row.by_client)
        posted = max(by_author, by_client)
        if posted < policy.flood_limit:
            return None
        return PhaseResult(
            Decision.HOLD,
            [f"{posted} comments in {policy.flood_window_seconds}s (limit {policy.flood_limit})"],
            message=policy.held_for(ctx.locale),
        )
