"""Site learning: the site's own adjustment on top of the shipped model, learned from its
moderators' decisions (``salon.moderation.learning``). Runs just before ``classifier``: it
replaces the model's scores with the adjusted ones, so the site's thresholds then decide on
them, and says by how much it moved them. It never decides by itself.

Applied only once the site trained on ``learning_min_decisions`` decisions, and only while
``learning_enabled``. Failure mode: needs the database (no opinion without it); an error
propagates and the comment is held.
"""

from __future__ import annotations

from salon.moderation import learning
from salon.moderation.classifiers.base import Analysis
from salon.moderation.pipeline import Context, PhaseResult
from salon.moderation.policy import policy_of
from salon.moderation.scoring import analyses


class SiteLearning:
    name = "site_learning"

    def __call__(self, ctx: Context) -> PhaseResult | None:
        if ctx.conn is None or ctx.site_id is None:
            return None
        policy = policy_of(ctx)
        if not policy.learning_enabled:
            return None
        row = ctx.facts.adjustment(ctx.site_id)
        if row is None or int(row.decisions) < policy.learning_min_decisions:
            return None
        analysis, _ = analyses(ctx)
        adj = learning.Adjustment.from_json(row.data, int(row.version), int(row.decisions))
        scores, offsets = adj.adjusted(ctx.text, analysis.scores)
        ctx.analysis = Analysis(scores=scores, spans=list(analysis.spans))
        moved = ", ".join(f"{h} {offsets[h]:+.2f}" for h in learning.HEADS)
        return PhaseResult(
            reasons=[f"site adjustment v{row.version} ({row.decisions} decisions): logit {moved}"]
        )
