"""Thread locked: a locked thread takes no new comments and no edits.

Failure mode: reads ``ctx.thread_locked``, set by the action from the thread row; nothing to fail.
"""

from __future__ import annotations

from salon import i18n
from salon.models import Decision
from salon.moderation.pipeline import Context, PhaseResult


class ThreadLocked:
    name = "thread_locked"

    def __call__(self, ctx: Context) -> PhaseResult | None:
        if not ctx.thread_locked:
            return None
        return PhaseResult(Decision.REJECT, ["thread is locked"], message=i18n.say(ctx.locale, "locked"))
