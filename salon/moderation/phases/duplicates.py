"""Repeats and near-duplicates, compared with a bounded window of the site's recent comments:

* the same author posting the same or nearly the same text again (anywhere on the site);
* a text nearly equal to a comment in another thread (copy-paste campaigns, sock puppets);

(both only for texts of at least ``duplicate_min_words`` words: short texts repeat innocently);
* a long text whose sentences mostly appear, word for word, in earlier comments (pasted);
* a closing line (a copy-paste signature) that other authors' recent comments also end with.

Each holds the comment.  "Nearly" is word-shingle Jaccard >= ``duplicate_threshold``.

The window is the newest ``duplicate_window`` comments of the site that are not deleted (an edit
is never compared with itself).  With services, it comes from ``services.recent`` (a
``RecentComments``): an in-process copy of each site's window, fingerprinted once, that each post
tops up with the comments newer than the last one it saw (one query on the primary key, so
comments from other processes arrive too).  A hold is never decided on that copy alone: the
window is read again from the database and the phase decides on what it finds there, so a copy
that missed a deletion or an edit cannot hold a comment wrongly.  Without services (tests of a
bare Context) the window is read from the database every time.  The phase asks for the window,
and for that check, through the post's facts (``salon.moderation.facts``): the posts of a batch
share one window, their own comments in it, and a comment one hold checked is not looked up
again for the next (``salon.moderation.recent`` holds the window itself).

Failure mode: needs the database; without a connection it has no opinion.
"""

from __future__ import annotations

from salon.models import Decision
from salon.moderation.pipeline import Context, PhaseResult
from salon.moderation.policy import Policy, policy_of
from salon.moderation.recent import Recent
from salon.moderation.recent import RecentComments as RecentComments  # still importable from here
from salon.moderation.similarity import Fingerprint, jaccard

#: A text needs this many long sentences before "pasted" can apply, and this share of them seen.
PASTE_MIN_SENTENCES = 3
PASTE_SHARE = 0.5
#: Other authors whose comments end with the same line before it counts as a signature.
SIGNATURE_AUTHORS = 2

# Each check gives its reason and the ids of the comments it rests on.
Found = tuple[str, list[int]] | None


def _near_copy(ctx: Context, policy: Policy, mine: Fingerprint, rows: list[Recent]) -> Found:
    if mine.words < policy.duplicate_min_words:
        return None  # "Thanks!", "+1", "Great article": short texts repeat innocently
    # Every post compares itself with the whole window (300 comments by default): the loop keeps
    # what it reads per row to a minimum, and skips a row before computing its Jaccard whenever
    # the answer is known without it.
    shingles, size = mine.shingles, len(mine.shingles)
    threshold = policy.duplicate_threshold
    smallest = threshold * size  # a row's set no larger than mine must have at least this many
    author_id, thread_id = ctx.author_id, ctx.thread_id
    for row in rows:
        same_author = author_id is not None and row.author_id == author_id
        if not same_author and row.thread_id == thread_id:
            continue
        theirs = row.fp.shingles
        n = len(theirs)
        # Jaccard >= t needs the smaller set to be at least t times the larger: skip the rest.
        if (n < smallest) if n <= size else (size < threshold * n):
            continue
        if threshold > 0 and shingles.isdisjoint(theirs):
            continue  # nothing shared: a Jaccard of 0
        similarity = jaccard(shingles, theirs)
        if similarity >= threshold:
            who = "the same author" if same_author else "another thread"
            return f"near-duplicate ({similarity:.2f}) of comment {row.id} by {who}", [row.id]
    return None


def _pasted(mine: Fingerprint, rows: list[Recent]) -> Found:
    if len(mine.sentences) < PASTE_MIN_SENTENCES:
        return None
    seen: set[str] = set()
    ids = []
    for row in rows:
        shared = mine.sentences & row.fp.sentences
        if shared:
            seen |= shared
            ids.append(row.id)
    if len(seen) >= PASTE_SHARE * len(mine.sentences):
        return f"pasted: {len(seen)} of {len(mine.sentences)} sentences appear in earlier comments", ids
    return None


def _signature(ctx: Context, mine: Fingerprint, rows: list[Recent]) -> Found:
    if mine.signature is None:
        return None
    matches = [r for r in rows if r.author_id != ctx.author_id and r.fp.signature == mine.signature]
    authors = {r.author_id for r in matches}
    if len(authors) >= SIGNATURE_AUTHORS:
        return f"signature line shared with {len(authors)} other authors' comments", [r.id for r in matches]
    return None


def _reason(ctx: Context, policy: Policy, rows: list[Recent]) -> Found:
    if not rows:
        return None
    mine = ctx.facts.fingerprint(ctx.text)
    return _near_copy(ctx, policy, mine, rows) or _pasted(mine, rows) or _signature(ctx, mine, rows)


class Duplicates:
    name = "duplicates"

    def __call__(self, ctx: Context) -> PhaseResult | None:
        if ctx.conn is None or ctx.site_id is None:
            return None
        policy = policy_of(ctx)
        if policy.duplicate_window == 0:
            return None
        facts, limit = ctx.facts, policy.duplicate_window
        rows = facts.window(ctx.site_id, limit, ctx.comment_id)
        found = _reason(ctx, policy, rows)
        if found is not None and not facts.unchanged(ctx.site_id, rows, found[1]):
            # The window is stale (an edit or deletion not yet heard of): decide on the database.
            found = _reason(ctx, policy, facts.fresh_window(ctx.site_id, limit, ctx.comment_id))
        if found is None:
            return None
        return PhaseResult(Decision.HOLD, [found[0]], message=policy.held_for(ctx.locale))
