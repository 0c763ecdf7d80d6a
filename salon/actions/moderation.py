"""The moderation entry point for writes: run the pipeline, record what it decided."""

from __future__ import annotations

from sqlalchemy import Connection

from salon.db import tables as t
from salon.db.engine import now
from salon.models import CommentStatus
from salon.moderation import pipeline
from salon.moderation.phases import PHASES
from salon.moderation.pipeline import Context, Verdict
from salon.moderation.policy import policy_of


def moderate(ctx: Context) -> Verdict:
    """Run the site's policy over a comment. Never raises: a failing phase holds the comment."""
    phases = ctx.services.phases if ctx.services is not None else PHASES
    return pipeline.run_or_hold(phases, ctx, policy_of(ctx).held_message)


def record_verdict(
    conn: Connection,
    comment_id: int,
    verdict: Verdict,
    status: CommentStatus,
    actor: str = "pipeline",
    model_version: str | None = None,
) -> None:
    """Keep a moderation record: every decision, automatic or human, stays for later learning."""
    conn.execute(
        t.moderation_records.insert().values(
            comment_id=comment_id,
            created_at=now(),
            actor=actor,
            decision=verdict.decision.value,
            status=status.value,
            phase=verdict.phase,
            reasons=list(verdict.reasons),
            scores={k: round(v, 4) for k, v in verdict.scores.items()},
            spans=[s.to_dict() for s in verdict.spans],
            model_version=model_version or verdict.model_version,
        )
    )
