"""The classifier: per-category scores against the site's (hold, reject) thresholds.  A score at
or above a category's ``reject`` rejects; at or above its ``hold`` holds.  The scores and the
spans that explain them are kept on every verdict, published or not, with the model's version.

Failure mode: a ClassifierError, or any other exception, HOLDS the comment for review with the
error as the reason; it never publishes unchecked and never rejects on a failure.

A site whose ``unjudged_languages`` is ``hold`` also holds text the model cannot judge (written in
a language other than the ones it was trained on, see ``salon.moderation.languages``).
"""

from __future__ import annotations

import logging

from salon import i18n
from salon.models import Decision
from salon.moderation import languages
from salon.moderation.pipeline import Context, PhaseResult
from salon.moderation.policy import Policy, policy_of
from salon.moderation.scoring import analyses

log = logging.getLogger(__name__)


def reads_as(locale: str, category: str) -> str:
    """How a category reads to an author, in "it reads as …" (``reads_as_<category>``)."""
    key = f"reads_as_{category}"
    text = i18n.say(locale, key)
    return category if text == key else text


def over(scores: dict[str, float], policy: Policy, reject: bool) -> list[tuple[str, float, float]]:
    """Categories at or over their reject (or hold) threshold, as (category, score, threshold)."""
    out = []
    for category, value in scores.items():
        if category not in policy.thresholds:
            continue
        limit = policy.reject_at(category) if reject else policy.hold_at(category)
        if value >= limit:
            out.append((category, value, limit))
    return sorted(out, key=lambda x: -x[1])


class ClassifierPhase:
    name = "classifier"

    def __call__(self, ctx: Context) -> PhaseResult | None:
        policy = policy_of(ctx)
        try:
            analysis, _ = analyses(ctx)
        except Exception as exc:
            log.warning("classifier failed; holding the comment", exc_info=True)
            return PhaseResult(
                Decision.HOLD,
                [f"classifier error: {type(exc).__name__}: {exc}"],
                message=policy.held_for(ctx.locale),
            )
        scores, spans = dict(analysis.scores), list(analysis.spans)
        rejected = over(scores, policy, reject=True)
        if rejected:
            category = rejected[0][0]
            return PhaseResult(
                Decision.REJECT,
                [f"{c} {v:.2f} >= reject {t:.2f}" for c, v, t in rejected],
                scores,
                spans,
                message=i18n.say(ctx.locale, "reads_as", what=reads_as(ctx.locale, category)),
            )
        held = over(scores, policy, reject=False)
        if held:
            return PhaseResult(
                Decision.HOLD,
                [f"{c} {v:.2f} >= hold {t:.2f}" for c, v, t in held],
                scores,
                spans,
                message=policy.held_for(ctx.locale),
            )
        unjudged = _unjudged_language(ctx.text) if policy.unjudged_languages == "hold" else None
        if unjudged:
            return PhaseResult(
                Decision.HOLD,
                [f"language {unjudged}: the model cannot judge it (unjudged_languages: hold)"],
                scores,
                spans,
                message=policy.held_for(ctx.locale),
            )
        return PhaseResult(scores=scores, spans=spans)


def _unjudged_language(text: str) -> str | None:
    """The text's language when the model cannot judge it, else None."""
    language = languages.judged_language(languages.detect(text), [])
    return None if languages.can_judge(language) else language
