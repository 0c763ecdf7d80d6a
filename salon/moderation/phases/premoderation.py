"""The site's pre-moderation mode: ``off``; ``new`` holds comments of authors who have nothing
published yet (a verified reader is not new once ``verified_history`` is met, and readers signed in
by the site's own sign-in never are: see the trust phase); ``all`` holds every comment for a
moderator.

Failure mode: ``all`` needs nothing; ``new`` needs the database and has no opinion without it.
"""

from __future__ import annotations

from salon.models import Decision, PremoderationMode
from salon.moderation.phases.trust import verified_past_newcomer
from salon.moderation.pipeline import Context, PhaseResult
from salon.moderation.policy import policy_of


class Premoderation:
    name = "premoderation"

    def __call__(self, ctx: Context) -> PhaseResult | None:
        policy = policy_of(ctx)
        mode = PremoderationMode(policy.premoderation)
        if mode is PremoderationMode.ALL:
            return PhaseResult(
                Decision.HOLD, ["site pre-moderates all comments"], message=policy.held_for(ctx.locale)
            )
        if mode is PremoderationMode.NEW and ctx.conn is not None and ctx.author_id is not None:
            row = ctx.facts.author(ctx.author_id)
            # a verified reader may not be new to the site (docs/accounts.md)
            if (
                row is not None
                and int(row.published_count) == 0
                and verified_past_newcomer(ctx, policy, premoderation=True) is None
            ):
                return PhaseResult(
                    Decision.HOLD,
                    ["site pre-moderates new authors; none of theirs is published yet"],
                    message=policy.held_for(ctx.locale),
                )
        return None
