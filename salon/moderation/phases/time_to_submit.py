"""Time to submit: a post sent sooner than ``min_submit_seconds`` after its form was shown is
held for a moderator (people read and type; scripts post at once). The clock is signed by
salon: the issue time inside the verified proof-of-work (the widget fetches its challenge when
the reader starts on the form), or the plain form's signed render time. Without either there is
no opinion. Off when ``min_submit_seconds`` is 0 (the default).

Failure mode: a gate phase; runs after ``proof_of_work`` (whose verified proof it reads) and
cannot fail.
"""

from __future__ import annotations

import time

from salon.models import Decision
from salon.moderation import proof_of_work as pow
from salon.moderation.pipeline import Context, PhaseResult
from salon.moderation.policy import policy_of


class TimeToSubmit:
    name = "time_to_submit"

    def __call__(self, ctx: Context) -> PhaseResult | None:
        if ctx.is_edit or ctx.submission is None or ctx.services is None:
            return None
        minimum = policy_of(ctx).min_submit_seconds
        if minimum <= 0:
            return None
        shown = self._shown_at(ctx)
        if shown is None:
            return None
        elapsed = time.time() - shown
        if elapsed >= minimum:
            return None
        return PhaseResult(
            Decision.HOLD,
            [f"posted {max(elapsed, 0):.1f}s after the form was shown (minimum {minimum}s)"],
            message=policy_of(ctx).held_for(ctx.locale),
        )

    @staticmethod
    def _shown_at(ctx: Context) -> float | None:
        if ctx.proof is not None and ctx.proof.site_id == ctx.site_id:
            return float(ctx.proof.issued_at)
        token = ctx.submission.form_token if ctx.submission is not None else None
        found = pow.read_form_token(ctx.services.secret, token) if token else None
        if found is not None and found[0] == ctx.site_id:
            return found[1]
        return None
