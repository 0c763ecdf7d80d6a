"""The moderation entry point for writes: run the pipeline, record what it decided."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from salon.db import tables as t
from salon.db.engine import now
from salon.errors import SalonError
from salon.models import CommentStatus, Decision
from salon.moderation import pipeline
from salon.moderation.phases import GATE_PHASES, PHASES
from salon.moderation.pipeline import Context, Verdict
from salon.moderation.policy import policy_of

#: The error code a refusal by each gate phase answers with.
REFUSAL_CODES = {"proof_of_work": "proof_of_work_failed", "honeypot": "bot_suspected"}
#: Phases whose rejection is not stored but answered: the author keeps the text and retries.
UNSTORED_REJECTIONS = {"thread_controls": (429, "slow_down")}


def moderate(ctx: Context) -> Verdict:
    """Run the site's policy over a comment. Never raises: a failing phase holds the comment."""
    phases = ctx.services.phases if ctx.services is not None else PHASES
    return pipeline.run_or_hold(phases, ctx, policy_of(ctx).held_for(ctx.locale))


def gate(ctx: Context) -> Verdict:
    """Run the bot defences before anything is stored; a refusal raises a 403 and stores nothing.

    The verdict returned publishes (nothing to say) or holds (e.g. the form without JavaScript
    could not solve a challenge); :func:`at_least` carries a hold over to the comment's verdict.
    """
    verdict = pipeline.run_or_hold(GATE_PHASES, ctx, policy_of(ctx).held_for(ctx.locale))
    if verdict.decision is Decision.REJECT:
        code = REFUSAL_CODES.get(verdict.phase or "", "refused")
        raise SalonError(403, code, verdict.message or "this post could not be accepted")
    return verdict


def at_least(gate_verdict: Verdict | None, verdict: Verdict) -> Verdict:
    """The comment's verdict with the gate's reasons; held when the gate held and it would publish."""
    if gate_verdict is None or not gate_verdict.reasons:
        return verdict
    reasons = [*gate_verdict.reasons, *verdict.reasons]
    if gate_verdict.decision is Decision.HOLD and verdict.decision is Decision.PUBLISH:
        return pipeline.Verdict(
            decision=Decision.HOLD,
            phase=gate_verdict.phase,
            reasons=reasons,
            scores=verdict.scores,
            spans=verdict.spans,
            message=gate_verdict.message,
            shadow=verdict.shadow,
            model_version=verdict.model_version,
        )
    verdict.reasons = reasons
    return verdict


def settle(gate_verdict: Verdict | None, verdict: Verdict) -> Verdict:
    """The verdict to store: :func:`at_least` the gate's; a refusal that is not stored raises."""
    refusal = UNSTORED_REJECTIONS.get(verdict.phase or "")
    if refusal is not None and verdict.decision is Decision.REJECT:
        raise SalonError(refusal[0], refusal[1], verdict.message or "try again later")
    return at_least(gate_verdict, verdict)


def verdict_record(
    comment_id: int,
    verdict: Verdict,
    status: CommentStatus,
    actor: str = "pipeline",
    model_version: str | None = None,
) -> dict[str, Any]:
    """The values of a moderation record (see :func:`record_verdict`)."""
    return {
        "comment_id": comment_id,
        "created_at": now(),
        "actor": actor,
        "decision": verdict.decision.value,
        "status": status.value,
        "phase": verdict.phase,
        "reasons": list(verdict.reasons),
        "scores": {k: round(v, 4) for k, v in verdict.scores.items()},
        "spans": [s.to_dict() for s in verdict.spans],
        "model_version": model_version or verdict.model_version,
    }


def record_verdict(
    conn: Connection,
    comment_id: int,
    verdict: Verdict,
    status: CommentStatus,
    actor: str = "pipeline",
    model_version: str | None = None,
) -> None:
    """Keep a moderation record: every decision, automatic or human, stays for later learning."""
    values = verdict_record(comment_id, verdict, status, actor, model_version)
    conn.execute(t.moderation_records.insert().values(**values))


def record_verdicts(conn: Connection, records: list[dict[str, Any]]) -> None:
    """Keep many moderation records (each from :func:`verdict_record`) in one executemany."""
    if records:
        conn.execute(t.moderation_records.insert(), records)
