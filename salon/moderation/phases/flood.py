"""Flood: more than ``flood_limit`` comments from one author or one client address within
``flood_window_seconds`` on a site are held for a moderator (the API's rate limit refuses
outright at a higher rate; this catches a burst that stays under it).  Edits are not counted.

Failure mode: needs the database; without a connection it has no opinion.  Two indexed counts
(``ix_comments_author``, ``ix_comments_client``) bounded by the window.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from salon.db import tables as t
from salon.db.engine import now
from salon.models import Decision
from salon.moderation.pipeline import Context, PhaseResult
from salon.moderation.policy import policy_of


def _recent(ctx: Context, column: Any, value: object, since: datetime) -> int:
    c = t.comments
    query = (
        select(func.count())
        .select_from(c.join(t.threads, t.threads.c.id == c.c.thread_id))
        .where(column == value, c.c.created_at >= since, t.threads.c.site_id == ctx.site_id)
    )
    return int(ctx.conn.execute(query).scalar_one())


class Flood:
    name = "flood"

    def __call__(self, ctx: Context) -> PhaseResult | None:
        if ctx.conn is None or ctx.is_edit or ctx.site_id is None:
            return None
        policy = policy_of(ctx)
        since = now() - timedelta(seconds=policy.flood_window_seconds)
        counts = []
        if ctx.author_id is not None:
            counts.append(_recent(ctx, t.comments.c.author_id, ctx.author_id, since))
        if ctx.client_hash:
            counts.append(_recent(ctx, t.comments.c.client_hash, ctx.client_hash, since))
        posted = max(counts, default=0)
        if posted < policy.flood_limit:
            return None
        return PhaseResult(
            Decision.HOLD,
            [f"{posted} comments in {policy.flood_window_seconds}s (limit {policy.flood_limit})"],
            message=policy.held_message,
        )
