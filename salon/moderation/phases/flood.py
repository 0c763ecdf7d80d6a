"""Flood: more than ``flood_limit`` comments from one author or one client address within
``flood_window_seconds`` on a site are held for a moderator (the API's rate limit refuses
outright at a higher rate; this catches a burst that stays under it).  Edits are not counted.

Failure mode: needs the database; without a connection it has no opinion.  A post alone asks
one statement of two indexed counts (``ix_comments_author``, ``ix_comments_client``) bounded by
the window (``salon.moderation.facts``); a batch asks one for all its posts.
"""

from __future__ import annotations

from datetime import timedelta

from salon.db.engine import now
from salon.models import Decision
from salon.moderation.pipeline import Context, PhaseResult
from salon.moderation.policy import policy_of


class Flood:
    name = "flood"

    def __call__(self, ctx: Context) -> PhaseResult | None:
        if ctx.conn is None or ctx.is_edit or ctx.site_id is None:
            return None
        policy = policy_of(ctx)
        if ctx.author_id is None and not ctx.client_hash:
            return None
        since = now() - timedelta(seconds=policy.flood_window_seconds)
        by_author, by_client = ctx.facts.flood(ctx.site_id, ctx.author_id, ctx.client_hash or None, since)
        posted = max(by_author, by_client)
        if posted < policy.flood_limit:
            return None
        return PhaseResult(
            Decision.HOLD,
            [f"{posted} comments in {policy.flood_window_seconds}s (limit {policy.flood_limit})"],
            message=policy.held_for(ctx.locale),
        )
