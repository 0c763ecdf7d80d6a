"""Input limits: refuse empty or over-long text, hold text buried under combining marks.

Failure mode: pure checks on the text, nothing to fail.  The API refuses the same limits with
a 422 before moderation; this phase applies them to every caller (``salon score``, imports).
"""

from __future__ import annotations

import unicodedata

from salon import i18n
from salon.models import Decision
from salon.moderation.pipeline import Context, PhaseResult
from salon.moderation.policy import policy_of

#: Used when the context carries no settings (the server's ``max_body_chars`` otherwise).
DEFAULT_MAX_CHARS = 10_000
DEFAULT_MAX_NAME = 60
#: "Zalgo" text: more combining marks than this share of the letters is held.
COMBINING_SHARE = 0.5


class InputLimits:
    name = "input_limits"

    def __call__(self, ctx: Context) -> PhaseResult | None:
        settings = getattr(ctx.services, "settings", None)
        max_chars = int(getattr(settings, "max_body_chars", DEFAULT_MAX_CHARS))
        max_name = int(getattr(settings, "max_name_chars", DEFAULT_MAX_NAME))
        text = ctx.text.strip()
        if not text:
            return PhaseResult(Decision.REJECT, ["empty text"], message=i18n.say(ctx.locale, "empty"))
        if len(text) > max_chars:
            return PhaseResult(
                Decision.REJECT,
                [f"text longer than {max_chars} characters"],
                message=i18n.say(ctx.locale, "too_long", max=max_chars),
            )
        if len(ctx.author_name) > max_name:
            return PhaseResult(
                Decision.REJECT,
                [f"name longer than {max_name} characters"],
                message=i18n.say(ctx.locale, "name_too_long", max=max_name),
            )
        marks = sum(1 for ch in text if unicodedata.combining(ch))
        letters = sum(1 for ch in text if ch.isalpha())
        if marks > 10 and marks > COMBINING_SHARE * max(letters, 1):
            return PhaseResult(
                Decision.HOLD,
                [f"{marks} combining marks over {letters} letters"],
                message=policy_of(ctx).held_for(ctx.locale),
            )
        return None
