"""Trust: the first ``trust_new_count`` comments of a new author are held; an author whose recent
decided comments (the last ``trust_window`` published or rejected) were mostly rejected (share
above ``trust_reject_ratio``, at least three of them) goes back to pre-moderation.

A verified identity counts (``verified_trust``, on by default): a signed-in reader (the site's own
SSO, an e-mail link, OpenID Connect, GitHub) leaves the newcomer holds — these first comments, and
``premoderation: new`` — once ``verified_history`` of their comments are published (default 1;
0: from their first comment; readers the site itself signs in need none for ``premoderation:
new``). The rejection share applies to everyone: a verified reader who keeps being rejected is
held again. The comment's reasons say when verification shortened a hold.

Failure mode: needs the database; without a connection, or for an anonymous context, it has no
opinion.  Two small indexed questions on the author's comments (``ix_comments_author``), asked of
the post's facts (``salon.moderation.facts``).
"""

from __future__ import annotations

from salon.db.accounts import SITE_VERIFIED
from salon.models import Decision
from salon.moderation.pipeline import Context, PhaseResult
from salon.moderation.policy import Policy, policy_of

#: Decided comments needed before the rejection share counts.
MIN_DECIDED = 3


def verified_past_newcomer(ctx: Context, policy: Policy, premoderation: bool = False) -> str | None:
    """Why this author is past the newcomer holds thanks to a verified identity, or None.

    ``premoderation``: asked by ``premoderation: new``, where the site's own sign-in (SSO) needs
    no history (the site already knows its readers).
    """
    if not policy.verified_trust or ctx.conn is None or ctx.author_id is None:
        return None
    provider = ctx.facts.provider(ctx.author_id)
    if provider is None:
        return None
    needed = 0 if premoderation and provider in SITE_VERIFIED else policy.verified_history
    if needed:
        author = ctx.facts.author(ctx.author_id)
        published = int(author.published_count) if author is not None else 0
        if published < needed:
            return None
    return f"verified reader ({provider.split(':', 1)[0]}), past the newcomer hold"


class Trust:
    name = "trust"

    def __call__(self, ctx: Context) -> PhaseResult | None:
        if ctx.conn is None or ctx.author_id is None:
            return None
        policy = policy_of(ctx)
        notes: list[str] = []
        if policy.trust_new_count:
            earlier = ctx.facts.earlier(ctx.author_id, before=ctx.comment_id)  # an edit: those before it
            if earlier < policy.trust_new_count:
                exempt = verified_past_newcomer(ctx, policy)
                if exempt is None:
                    count = policy.trust_new_count
                    why = f"new author: comment {earlier + 1} of the first {count} is reviewed"
                    return PhaseResult(Decision.HOLD, [why], message=policy.held_for(ctx.locale))
                notes.append(exempt)
        statuses = ctx.facts.statuses(ctx.author_id, policy.trust_window, other_than=ctx.comment_id)
        rejected = sum(1 for s in statuses if s != "published")
        if len(statuses) >= MIN_DECIDED and rejected / len(statuses) > policy.trust_reject_ratio:
            return PhaseResult(
                Decision.HOLD,
                [f"{rejected} of the author's last {len(statuses)} comments were rejected"],
                message=policy.held_for(ctx.locale),
            )
        return PhaseResult(None, notes) if notes else None
