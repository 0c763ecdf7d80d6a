"""Thread controls a moderator set from the heated-threads queue: a pause (a lock that lifts
itself), slow mode (each author may post on the thread once per interval) and a cool-down (one
author, for a while, with the moderator's message as the nudge they see).

A refusal here is not stored: the author keeps their text and is told when they may post
(``salon.actions.moderation.settle`` answers 429). Edits are not slowed.

Failure mode: needs the database; without a connection it has no opinion. A database error
propagates and the comment is held.
"""

from __future__ import annotations

from salon import i18n
from salon.db.engine import now
from salon.models import Decision
from salon.moderation.pipeline import Context, PhaseResult


class ThreadControls:
    name = "thread_controls"

    def __call__(self, ctx: Context) -> PhaseResult | None:
        if ctx.conn is None or ctx.thread_id is None or ctx.is_edit:
            return None
        at = now()
        facts = ctx.facts
        controls = facts.controls(ctx.thread_id)
        if controls is not None and controls.locked_until is not None and controls.locked_at(at):
            until = controls.locked_until
            return PhaseResult(
                Decision.REJECT,
                [f"thread is paused until {until.isoformat()}"],
                message=i18n.say(ctx.locale, "paused", time=until.strftime("%H:%M")),
            )
        if ctx.author_id is None:
            return None
        cool = facts.cool_down(ctx.thread_id, ctx.author_id, at)
        if cool is not None:
            minutes = max(1, int((cool.until - at).total_seconds() // 60) + 1)
            return PhaseResult(
                Decision.REJECT,
                [f"author is cooling down on this thread until {cool.until.isoformat()}"],
                message=i18n.say(ctx.locale, "cool_down", message=cool.message, minutes=minutes),
            )
        interval = controls.slow_mode_at(at) if controls is not None else 0
        if interval <= 0:
            return None
        last = facts.last_post(ctx.thread_id, ctx.author_id)
        if last is None:
            return None
        wait = interval - (at - last).total_seconds()
        if wait <= 0:
            return None
        return PhaseResult(
            Decision.REJECT,
            [f"slow mode: one comment per {interval}s on this thread"],
            message=i18n.say(ctx.locale, "slow_mode", seconds=int(wait) + 1),
        )
