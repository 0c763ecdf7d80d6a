"""Links: more than ``link_limit`` links hold a comment; so does any link from an author with
no published comment yet (``first_time_links``), or any link where the context forbids links.

Failure mode: the count is pure; "first-time" needs the database and is skipped without one.
Links are counted as URLs (``http://…``, ``www.…``) and bare domains (``example.com``).
"""

from __future__ import annotations

import re

from salon.models import Decision
from salon.moderation.classifiers.base import Span
from salon.moderation.pipeline import Context, PhaseResult
from salon.moderation.policy import policy_of

_TLDS = "com|net|org|info|biz|io|co|ru|cn|xyz|top|online|site|shop|club|me|ly|us|uk|de|fr|app|dev"
LINK = re.compile(
    rf"(?:https?://|www\.)[^\s<>()\"']+|\b(?:[a-z0-9-]+\.)+(?:{_TLDS})\b(?:/[^\s<>()\"']*)?",
    re.IGNORECASE,
)


def find_links(text: str) -> list[Span]:
    """Each link in ``text`` as a span with category ``link``."""
    return [Span(m.start(), m.end(), ("link",), 1.0) for m in LINK.finditer(text)]


def _first_timer(ctx: Context) -> bool:
    if ctx.conn is None or ctx.author_id is None:
        return False
    row = ctx.facts.author(ctx.author_id)
    return row is not None and int(row.published_count) == 0


class Links:
    name = "links"

    def __call__(self, ctx: Context) -> PhaseResult | None:
        links = find_links(ctx.text)
        if not links:
            return None
        policy = policy_of(ctx)
        reason = None
        if not ctx.links_allowed:
            reason = "links are not allowed here"
        elif len(links) > policy.link_limit:
            reason = f"{len(links)} links (limit {policy.link_limit})"
        elif policy.first_time_links and _first_timer(ctx):
            reason = "link from a first-time commenter"
        if reason is None:
            return None
        return PhaseResult(Decision.HOLD, [reason], spans=links, message=policy.held_for(ctx.locale))
