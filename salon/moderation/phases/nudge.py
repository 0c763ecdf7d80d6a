"""The nudge: the widget asks ``POST /api/comments:check`` before posting; when the text scores
at ``nudge_threshold`` or above (or at the category's hold, if lower) in a category a person can be
hurt by and the site holds on, the author is shown which
part reads as what and may edit.  If they post it anyway (``nudged: true``), or the same client
posts the same text that check nudged (remembered in ``services.nudges``, see
``salon.moderation.nudges``), and it still scores over the threshold, it is held for a moderator.

Failure mode: reads the scores the classifier phase left on the context; with no scores (the
classifier failed, which already held the comment) it has no opinion.
"""

from __future__ import annotations

from salon.models import Decision
from salon.moderation.nudges import text_key
from salon.moderation.pipeline import Context, PhaseResult
from salon.moderation.policy import ABUSE_CATEGORIES, Policy, policy_of


def nudge_at(policy: Policy, category: str) -> float | None:
    """The score at which ``category`` nudges: ``nudge_threshold``, or the category's hold if
    that is lower; None for a category the site never holds on (profanity by default): a
    warning about what the site publishes anyway would only be noise, and posting past it
    would hold a comment the site accepts."""
    hold = policy.hold_at(category)
    if hold >= 1.0:
        return None
    return min(policy.nudge_threshold, hold)


def nudge_categories(scores: dict[str, float], policy: Policy) -> list[str]:
    """Categories that would nudge the author, worst first."""
    hot = [
        c for c in ABUSE_CATEGORIES if (at := nudge_at(policy, c)) is not None and scores.get(c, 0.0) >= at
    ]
    return sorted(hot, key=lambda c: -scores[c])


def was_nudged(ctx: Context) -> bool:
    """The author said so, or this client's check of this very text nudged."""
    if ctx.nudged:
        return True
    memory = getattr(ctx.services, "nudges", None)
    if memory is None or not ctx.client_hash:
        return False
    return bool(memory.seen(text_key(ctx.site_id, ctx.client_hash, ctx.text)))


class Nudge:
    name = "nudge"

    def __call__(self, ctx: Context) -> PhaseResult | None:
        policy = policy_of(ctx)
        if not policy.nudge_enabled or not ctx.scores:
            return None
        hot = nudge_categories(ctx.scores, policy)
        if not hot or not was_nudged(ctx):
            return None
        worst = hot[0]
        return PhaseResult(
            Decision.HOLD,
            [f"posted after the nudge: {worst} {ctx.scores[worst]:.2f} >= {nudge_at(policy, worst):.2f}"],
            message=policy.held_for(ctx.locale),
        )
