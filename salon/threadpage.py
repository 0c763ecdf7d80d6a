"""A page of a thread as a tree: what both the JSON API and the server-rendered HTML show.

The public part of a page is the same for every reader, so it is built once and cached until
the thread changes (see cache.py). An author's own hidden comments (awaiting moderation, or
shadow-hidden) are merged in per request.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from salon import i18n
from salon.actions.identity import avatar_keyer
from salon.badges import NO_BADGE, Badge, badges
from salon.db import comments as comment_queries
from salon.db import threads as thread_queries
from salon.db.comments import PageKey
from salon.db.sites import Site
from salon.errors import SalonError, not_found
from salon.limits import MAX_ID
from salon.models import Sort
from salon.moderation.policy import held_text
from salon.services import Services


@dataclass(frozen=True)
class ThreadPage:
    """The API's JSON document as bytes (what is cached and sent) and its entity tag."""

    body: bytes
    etag: str

    @classmethod
    def of(cls, data: dict[str, Any]) -> ThreadPage:
        body = json.dumps(data, separators=(",", ":")).encode()
        return cls(body=body, etag='"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"')

    @property
    def data(self) -> dict[str, Any]:
        """The document as Python objects, parsed on demand (only rare paths need it)."""
        data: dict[str, Any] = json.loads(self.body)
        return data


def encode_cursor(key: PageKey) -> str:
    value = key.value.isoformat() if isinstance(key.value, datetime) else key.value
    raw = json.dumps([key.sort.value, value, key.id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: Sort) -> PageKey:
    """The page key a cursor names; 400 for anything this server would not have given out."""
    bad = SalonError(400, "bad_cursor", "the cursor is not one this server gave out", "cursor")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        sort_name, value, comment_id = json.loads(raw)
    except (binascii.Error, ValueError, TypeError) as exc:
        raise bad from exc
    if sort_name != sort.value or not _is_id(comment_id):
        raise bad
    if sort is Sort.TOP:
        if not isinstance(value, int) or isinstance(value, bool) or abs(value) > MAX_ID:
            raise bad
        return PageKey(sort, value, comment_id)
    try:
        when = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise bad from exc
    if when.tzinfo is None:  # every cursor we give out names its offset
        raise bad
    return PageKey(sort, when, comment_id)


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


@dataclass(frozen=True)
class Located:
    """Where a comment is shown: its thread, the top-level comment it is under, and the page."""

    id: int
    root_id: int
    url: str
    page: int
    cursor: str | None


#: How far up a chain of parents is followed for a reply without a stored root (old imports).
MAX_CLIMB = 1000


def locate(services: Services, comment_id: int, sort: Sort, limit: int) -> Located:
    """The page of its thread, in this order and page size, that shows a published comment
    (404 for anything the public does not see)."""
    missing = not_found("comment")
    with services.db.read() as conn:
        row = comment_queries.get(conn, comment_id)
        if row is None or row.status != "published" or row.shadow:
            raise missing
        top = row
        for _ in range(MAX_CLIMB):
            if top is None or top.parent_id is None:
                break
            top = comment_queries.get(conn, top.root_id or top.parent_id)
        public = comment_queries.PUBLIC_STATUSES
        if top is None or top.parent_id is not None or top.status not in public or top.shadow:
            raise missing
        thread = thread_queries.get(conn, row.thread_id)
        if thread is None:
            raise missing
        page, key = comment_queries.page_of(conn, top, sort, limit)
    return Located(row.id, top.id, thread.url, page, encode_cursor(key) if key else None)


#: Turns a stored e-mail hash into the public avatar key (identity.avatar_keyer for the site).
AvatarOf = Callable[[str | None], str | None]


def comment_json(row: Any, avatar_of: AvatarOf, badge: Badge = NO_BADGE) -> dict[str, Any]:
    """The public form of one comment. A deleted comment keeps only its place in the tree.

    The avatar is never the stored e-mail hash itself: ``avatar_of`` keys it for the site.
    ``badge`` is what the author shows besides (see badges.py).
    """
    deleted = row.status == "deleted"
    return {
        "id": row.id,
        "parent_id": row.parent_id,
        "author": {
            "name": "" if deleted else row.author_name,
            "website": None if deleted else row.author_website,
            "avatar": None if deleted else avatar_of(row.author_email_hash),
            "picture": None if deleted else badge.picture,
            "staff": not deleted and badge.staff,
        },
        "html": "" if deleted else row.html,
        "status": row.status,
        "pinned": bool(row.pinned),
        "created_at": row.created_at.isoformat(),
        "edited_at": row.edited_at.isoformat() if row.edited_at else None,
        "score": row.score,
        "upvotes": row.upvotes,
        "downvotes": row.downvotes,
        "depth": row.depth,
        "replies": [],
    }


def _prune_deleted(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop deleted comments with nothing visible under them."""
    kept = []
    for node in nodes:
        node["replies"] = _prune_deleted(node["replies"])
        if node["status"] != "deleted" or node["replies"]:
            kept.append(node)
    return kept


def _tree(
    tops: list[Any], replies: list[Any], avatar_of: AvatarOf, shown: dict[int, Badge]
) -> list[dict[str, Any]]:
    nodes = {row.id: comment_json(row, avatar_of, shown.get(row.author_id, NO_BADGE)) for row in tops}
    roots = [nodes[row.id] for row in tops]
    for row in replies:
        node = comment_json(row, avatar_of, shown.get(row.author_id, NO_BADGE))
        nodes[row.id] = node
        parent = nodes.get(row.parent_id)
        if parent is not None:
            parent["replies"].append(node)
    return _prune_deleted(roots)


def build_page(
    services: Services, site: Site, url: str, sort: Sort, limit: int, cursor: str | None
) -> ThreadPage:
    """The public page, from the cache or the database."""
    key = (url, sort.value, limit, cursor)
    cached = services.cache.get(key)
    if cached is not None:
        return cached
    # One request builds a missing page; the others wait for it instead of building it too.
    with services.cache.building(key):
        cached = services.cache.get(key)
        if cached is not None:
            return cached
        return _build(services, site, url, sort, limit, cursor, key)


def _build(
    services: Services, site: Site, url: str, sort: Sort, limit: int, cursor: str | None, key: tuple[Any, ...]
) -> ThreadPage:
    generation = services.cache.generation
    after = decode_cursor(cursor, sort) if cursor else None
    with services.db.read() as conn:
        thread = thread_queries.by_url(conn, site.id, url)
        if thread is None:
            tops: list[Any] = []
            replies: list[Any] = []
            next_key = None
        else:
            tops, next_key = comment_queries.top_level_page(conn, thread.id, sort, limit, after)
            replies = comment_queries.subtrees(conn, [r.id for r in tops])
        shown = badges(conn, site.id, [r.author_id for r in (*tops, *replies)])
    data = {
        "thread": {
            "url": url,
            "title": thread.title if thread else "",
            "count": thread.comment_count if thread else 0,
            "locked": thread.locked if thread else False,
            "site": site.name,
        },
        "comments": _tree(tops, replies, avatar_keyer(services, site.id), shown),
        "next_cursor": encode_cursor(next_key) if next_key else None,
    }
    page = ThreadPage.of(data)
    services.cache.put(url, key, page, generation)
    return page


def _own_node(row: Any, site: Site, avatar_of: AvatarOf, badge: Badge, locale: str) -> dict[str, Any]:
    node = comment_json(row, avatar_of, badge)
    moderation = row.moderation or {}
    if row.status == "pending":
        node["status"] = "pending"
        node["message"] = moderation.get("message") or held_text(site.settings, locale)
    elif row.status == "rejected":
        node["status"] = "rejected"
        statement = moderation.get("statement")
        if isinstance(statement, dict):  # a statement of reasons: its labels in the reader's language
            node["message"] = i18n.statement_text(locale, statement)
        else:
            node["message"] = moderation.get("message") or i18n.say(locale, "rejected_by_moderator")
    else:  # published but shadow-hidden: to its author it looks like any other comment
        node["status"] = "published"
    node["own"] = True
    return node


def with_own_hidden(
    services: Services,
    page: ThreadPage,
    site: Site,
    url: str,
    author_id: int,
    first_page: bool,
    locale: str = "en",
) -> ThreadPage:
    """The page as its author sees it: their comments that others don't see included, held and
    rejected ones with the message meant for them."""
    with services.db.read() as conn:
        thread = thread_queries.by_url(conn, site.id, url)
        own = comment_queries.own_hidden(conn, thread.id, author_id) if thread else []
        badge = badges(conn, site.id, [author_id]).get(author_id, NO_BADGE) if own else NO_BADGE
    if not own:
        return page
    data = page.data
    index: dict[int, dict[str, Any]] = {}
    stack = list(data["comments"])
    while stack:
        node = stack.pop()
        index[node["id"]] = node
        stack.extend(node["replies"])
    avatar_of = avatar_keyer(services, site.id)
    for row in own:
        node = _own_node(row, site, avatar_of, badge, locale)
        if row.parent_id is None:
            if first_page:
                data["comments"].append(node)
        elif row.parent_id in index:
            index[row.parent_id]["replies"].append(node)
        index[row.id] = node
    return ThreadPage.of(data)
