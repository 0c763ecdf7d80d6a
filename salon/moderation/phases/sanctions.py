"""Author sanctions: banned → reject; suspended → reject, saying until when; shadow-banned →
publish with ``shadow=True`` (stored, shown only to its author).  Warnings do not affect posting.

Failure mode: needs the database; without a connection (``salon score``, ``comments:check``) it
has no opinion.  A database error propagates and ``moderate()`` holds the comment.
"""

from __future__ import annotations

from salon import i18n
from salon.db.engine import now
from salon.models import Decision, SanctionKind
from salon.moderation.pipeline import Context, PhaseResult


class Sanctions:
    name = "sanctions"

    def __call__(self, ctx: Context) -> PhaseResult | None:
        if ctx.conn is None or ctx.author_id is None:
            return None
        active = ctx.facts.sanctions(ctx.author_id, now())
        kinds = {s.kind: s for s in active}
        if SanctionKind.BAN in kinds:
            return PhaseResult(Decision.REJECT, ["author is banned"], message=i18n.say(ctx.locale, "banned"))
        suspension = kinds.get(SanctionKind.SUSPEND)
        if suspension is not None:
            until = suspension.until
            return PhaseResult(
                Decision.REJECT,
                [f"author is suspended until {until.isoformat() if until else 'further notice'}"],
                message=i18n.say(ctx.locale, "suspended_until", when=until.strftime("%Y-%m-%d %H:%M UTC"))
                if until
                else i18n.say(ctx.locale, "suspended"),
            )
        if SanctionKind.SHADOW_BAN in kinds:
            return PhaseResult(Decision.PUBLISH, ["author is shadow-banned"], shadow=True)
        return None
