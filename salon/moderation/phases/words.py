"""Banned words reject, suspect words hold: the site's lists, matched as whole words after
normalisation (``normalize.find_terms``), so "Scunthorpe" or "classic" never match "cunt" or
"ass", while "f*ck", "sh1t" and "s h i t" still match their word.

Failure mode: pure; an empty list costs nothing.  The matched stretches are returned as spans
(category ``banned_word`` or ``suspect_word``) in the author's own character offsets.
"""

from __future__ import annotations

from salon import i18n
from salon.models import Decision
from salon.moderation.classifiers.base import Span
from salon.moderation.normalize import find_terms, normalize
from salon.moderation.pipeline import Context, PhaseResult
from salon.moderation.policy import policy_of


def matches(text: str, terms: tuple[str, ...], category: str) -> list[Span]:
    """Spans of ``terms`` found in ``text`` (original offsets), tagged with ``category``."""
    if not terms or not text:
        return []
    return [Span(b, e, (category,), 1.0) for b, e, _ in find_terms(normalize(text), terms)]


class Words:
    name = "words"

    def __call__(self, ctx: Context) -> PhaseResult | None:
        policy = policy_of(ctx)
        banned = matches(ctx.text, policy.banned_words, "banned_word")
        if banned:
            found = sorted({ctx.text[s.begin : s.end] for s in banned})
            return PhaseResult(
                Decision.REJECT,
                [f"banned word: {w}" for w in found],
                spans=banned,
                message=i18n.say(ctx.locale, "banned_words", words=", ".join(found)),
            )
        suspect = matches(ctx.text, policy.suspect_words, "suspect_word")
        if suspect:
            found = sorted({ctx.text[s.begin : s.end] for s in suspect})
            return PhaseResult(
                Decision.HOLD,
                [f"suspect word: {w}" for w in found],
                spans=suspect,
                message=policy.held_for(ctx.locale),
            )
        return None
