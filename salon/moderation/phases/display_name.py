"""Display name: the name a comment is posted under is checked like its text.  A name with a
banned word, or one the classifier scores at ``name_threshold`` or above for insult, identity
attack, severe toxicity or threat, is refused with a message asking for another name.  (Not
profanity or plain toxicity: names like "Dick Smith" or "Cunningham" must go through.)

Failure mode: the name is scored in the same classifier call as the text; if the classifier
fails, this phase has no opinion and the classifier phase holds the comment with the reason.
Edits keep their name and are not re-checked.
"""

from __future__ import annotations

import logging

from salon import i18n
from salon.models import Decision
from salon.moderation.phases.words import matches
from salon.moderation.pipeline import Context, PhaseResult
from salon.moderation.policy import policy_of
from salon.moderation.scoring import analyses

log = logging.getLogger(__name__)

#: Categories that make a name unacceptable.
NAME_CATEGORIES = ("insult", "identity_attack", "severe_toxicity", "threat")


def _refuse(ctx: Context, name: str, why: str) -> PhaseResult:
    return PhaseResult(
        Decision.REJECT,
        [f"display name {name!r} {why}"],
        message=i18n.say(ctx.locale, "name_refused", name=name),
    )


class DisplayName:
    name = "display_name"

    def __call__(self, ctx: Context) -> PhaseResult | None:
        if not ctx.author_name or ctx.is_edit:
            return None
        policy = policy_of(ctx)
        if matches(ctx.author_name, policy.banned_words, "banned_word"):
            return _refuse(ctx, ctx.author_name, "contains a banned word")
        try:
            _, scored = analyses(ctx)
        except Exception:
            log.warning("classifier failed on a display name; the classifier phase will hold", exc_info=True)
            return None
        if scored is None:
            return None
        worst = max(NAME_CATEGORIES, key=lambda c: scored.scores.get(c, 0.0))
        value = scored.scores.get(worst, 0.0)
        if value >= policy.name_threshold:
            return _refuse(ctx, ctx.author_name, f"reads as {worst} ({value:.2f})")
        return None
