"""Proof-of-work: a new comment carries a solved ALTCHA challenge that salon issued for this
site, unexpired, at the site's difficulty, never used before (``salon.moderation.proof_of_work``).

With ``pow_required`` off a missing or failing solution is only noted; on, it is refused (the
gate stores nothing and answers 403), except from the form without JavaScript, which cannot
solve one: that comment is held for a moderator instead.

Failure mode: a gate phase (see ``phases.GATE_PHASES``). A database error while spending the
solution propagates and the comment is held, never published unchecked.
"""

from __future__ import annotations

from salon import i18n
from salon.models import Decision
from salon.moderation import proof_of_work as pow
from salon.moderation.pipeline import Context, PhaseResult
from salon.moderation.policy import policy_of


class ProofOfWork:
    name = "proof_of_work"

    def __call__(self, ctx: Context) -> PhaseResult | None:
        if ctx.is_edit or ctx.services is None or ctx.site_id is None:
            return None
        policy = policy_of(ctx)
        sub = ctx.submission
        payload = sub.altcha if sub is not None else None
        if not payload:
            if not policy.pow_required:
                return None
            if sub is not None and sub.via_form:
                return PhaseResult(
                    Decision.HOLD,
                    ["no proof-of-work: posted from the form without JavaScript"],
                    message=policy.held_for(ctx.locale),
                )
            return self._fail("no proof-of-work", policy.pow_required, ctx.locale)
        try:
            proof = pow.verify(ctx.services.secret, payload)
        except pow.ProofError as exc:
            return self._fail(str(exc), policy.pow_required, ctx.locale)
        if proof.site_id != ctx.site_id:
            return self._fail("proof-of-work was issued for another site", policy.pow_required, ctx.locale)
        floor = policy.pow_difficulty if proof.version == 1 else policy.pow_v2_cost
        if proof.difficulty < floor:
            return self._fail(
                f"proof-of-work difficulty {proof.difficulty} is below the site's {floor}",
                policy.pow_required,
                ctx.locale,
            )
        if not pow.spend(ctx.services.db, proof):
            return self._fail("proof-of-work was already used", policy.pow_required, ctx.locale)
        ctx.proof = proof
        return PhaseResult(
            reasons=[f"proof-of-work v{proof.version} verified (difficulty {proof.difficulty})"]
        )

    @staticmethod
    def _fail(reason: str, required: bool, locale: str = "en") -> PhaseResult:
        if not required:
            return PhaseResult(reasons=[reason])
        return PhaseResult(Decision.REJECT, [reason], message=i18n.say(locale, "pow_refused"))
