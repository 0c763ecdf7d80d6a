"""Honeypot: the comment form has a field people never see (off-screen, hidden from assistive
technology, out of the tab order, autocomplete off); a value in it was typed by a program.
Such a post is refused (the gate stores nothing and answers 403).

Failure mode: a gate phase; it reads only the submission and cannot fail.
"""

from __future__ import annotations

from salon import i18n
from salon.models import Decision
from salon.moderation.pipeline import Context, PhaseResult

#: The hidden field's name in the widget's and the plain form's markup, and in the JSON body.
FIELD = "homepage_url"


class Honeypot:
    name = "honeypot"

    def __call__(self, ctx: Context) -> PhaseResult | None:
        if ctx.is_edit or ctx.submission is None or not ctx.submission.honeypot.strip():
            return None
        return PhaseResult(
            Decision.REJECT,
            ["the hidden honeypot field was filled in"],
            message=i18n.say(ctx.locale, "bot_refused"),
        )
