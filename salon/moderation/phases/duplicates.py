"""Repeats and near-duplicates, compared with a bounded window of the site's recent comments:

* the same author posting the same or nearly the same text again (anywhere on the site);
* a text nearly equal to a comment in another thread (copy-paste campaigns, sock puppets);

(both only for texts of at least ``duplicate_min_words`` words: short texts repeat innocently);
* a long text whose sentences mostly appear, word for word, in earlier comments (pasted);
* a closing line (a copy-paste signature) that other authors' recent comments also end with.

Each holds the comment.  "Nearly" is word-shingle Jaccard >= ``duplicate_threshold``.

Failure mode: needs the database; without a connection it has no opinion.  One query, limited to
``duplicate_window`` rows (newest first); an edit is never compared with itself.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from salon.db import tables as t
from salon.models import Decision
from salon.moderation.pipeline import Context, PhaseResult
from salon.moderation.policy import Policy, policy_of
from salon.moderation.similarity import Fingerprint, fingerprint, jaccard

#: A text needs this many long sentences before "pasted" can apply, and this share of them seen.
PASTE_MIN_SENTENCES = 3
PASTE_SHARE = 0.5
#: Other authors whose comments end with the same line before it counts as a signature.
SIGNATURE_AUTHORS = 2


def _recent(ctx: Context, limit: int) -> list[Any]:
    c = t.comments
    query = (
        select(c.c.id, c.c.author_id, c.c.thread_id, c.c.body)
        .select_from(c.join(t.threads, t.threads.c.id == c.c.thread_id))
        .where(t.threads.c.site_id == ctx.site_id, c.c.status != "deleted")
        # Newest first by primary key (ids grow with time): a backward index walk that stops after
        # ``limit`` rows, where ordering by created_at would sort the site's whole history.
        .order_by(c.c.id.desc())
        .limit(limit)
    )
    if ctx.comment_id is not None:
        query = query.where(c.c.id != ctx.comment_id)
    return list(ctx.conn.execute(query))


def _near_copy(ctx: Context, policy: Policy, mine: Fingerprint, rows: list[Any]) -> str | None:
    if mine.words < policy.duplicate_min_words:
        return None  # "Thanks!", "+1", "Great article": short texts repeat innocently
    size = len(mine.shingles)
    for row in rows:
        same_author = ctx.author_id is not None and row.author_id == ctx.author_id
        if not (same_author or row.thread_id != ctx.thread_id):
            continue
        theirs = fingerprint(row.body).shingles
        # Jaccard >= t needs the smaller set to be at least t times the larger: skip the rest.
        if min(size, len(theirs)) < policy.duplicate_threshold * max(size, len(theirs)):
            continue
        similarity = jaccard(mine.shingles, theirs)
        if similarity >= policy.duplicate_threshold:
            who = "the same author" if same_author else "another thread"
            return f"near-duplicate ({similarity:.2f}) of comment {row.id} by {who}"
    return None


def _pasted(mine: Fingerprint, rows: list[Any]) -> str | None:
    if len(mine.sentences) < PASTE_MIN_SENTENCES:
        return None
    seen: set[str] = set()
    for row in rows:
        seen |= mine.sentences & fingerprint(row.body).sentences
    if len(seen) >= PASTE_SHARE * len(mine.sentences):
        return f"pasted: {len(seen)} of {len(mine.sentences)} sentences appear in earlier comments"
    return None


def _signature(ctx: Context, mine: Fingerprint, rows: list[Any]) -> str | None:
    if mine.signature is None:
        return None
    authors = {
        row.author_id
        for row in rows
        if row.author_id != ctx.author_id and fingerprint(row.body).signature == mine.signature
    }
    if len(authors) >= SIGNATURE_AUTHORS:
        return f"signature line shared with {len(authors)} other authors' comments"
    return None


class Duplicates:
    name = "duplicates"

    def __call__(self, ctx: Context) -> PhaseResult | None:
        if ctx.conn is None or ctx.site_id is None:
            return None
        policy = policy_of(ctx)
        if policy.duplicate_window == 0:
            return None
        rows = _recent(ctx, policy.duplicate_window)
        if not rows:
            return None
        mine = fingerprint(ctx.text)
        reason = _near_copy(ctx, policy, mine, rows) or _pasted(mine, rows) or _signature(ctx, mine, rows)
        if reason is None:
            return None
        return PhaseResult(Decision.HOLD, [reason], message=policy.held_message)
