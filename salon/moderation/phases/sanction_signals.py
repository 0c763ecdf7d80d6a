"""Sanction signals: a sanction can also cover the signals tied to its author — an address (for
a while), an e-mail address, a signed-in account — as the moderator chose. A *new* author (first
seen after the sanction) who posts with one of them is held, with the reason shown to the
moderator: so a banned person who clears cookies and changes name and e-mail is still held from
the same address, or with the same e-mail from anywhere.

Nobody is merged into the sanctioned author: the new author stays its own record, the held
comment waits for a person, and authors who were there before the sanction are never held for
sharing an address (offices, households, carriers). Warnings cover no signals.

Failure mode: needs the database; without a connection it has no opinion. A database error
propagates and the comment is held.
"""

from __future__ import annotations

from salon.db.engine import now
from salon.models import Decision
from salon.moderation.pipeline import Context, PhaseResult
from salon.moderation.policy import policy_of

#: How a matched signal reads in the reason.
SIGNAL_NAMES = {"address": "the address", "email": "the e-mail address", "account": "the signed-in account"}


class SanctionSignals:
    name = "sanction_signals"

    def __call__(self, ctx: Context) -> PhaseResult | None:
        if ctx.conn is None or ctx.author_id is None or ctx.site_id is None or ctx.is_edit:
            return None
        author = ctx.facts.author(ctx.author_id)
        if author is None:
            return None
        pairs = [("address", ctx.client_hash or ""), ("email", author.email_hash or "")]
        if str(author.key).startswith("account:"):
            pairs.append(("account", str(author.key)))
        matching = ctx.facts.matching_sanctions(ctx.site_id, pairs, now())
        found = [m for m in matching if m.author_id != author.id and author.first_seen >= m.created_at]
        if not found:
            return None
        reasons = []
        for m in found[:3]:
            why = f" ({m.reason})" if m.reason else ""
            reasons.append(
                f"new author shares {SIGNAL_NAMES.get(m.kind, m.kind)} of author #{m.author_id}, "
                f"under a {str(m.sanction).replace('_', '-')}{why}"
            )
        return PhaseResult(Decision.HOLD, reasons, message=policy_of(ctx).held_for(ctx.locale))
