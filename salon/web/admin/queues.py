"""The queue pages: held, reported, recent published, rejected/spam; filters, search, pages.

Each item carries what a moderator needs to decide without opening anything else: the text with
the model's spans marked, scores, the phase and reasons that decided, the parent comment, the
thread, the author's history and sanctions, and the reports with their reasons.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode, urlsplit

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy import Connection

from salon.db import queue as queue_queries
from salon.db import reports as report_queries
from salon.db import sites as site_queries
from salon.db.engine import now
from salon.db.queue import QUEUES, QueueFilter
from salon.errors import not_found
from salon.moderation.classifiers.base import CATEGORIES
from salon.moderation.policy import Policy
from salon.web.admin.auth import Session, page, services_of, session
from salon.web.admin.highlight import highlight

router = APIRouter()

PAGE_SIZE = 25
QUEUE_TITLES = {
    "held": "Held",
    "reported": "Reported",
    "published": "Recent published",
    "rejected": "Rejected & spam",
}
DEFAULT_MIN_SCORE = 0.5


def hold_threshold(conn: Connection, site_id: int | None, category: str | None) -> float:
    """Where the chosen site's policy (with no site chosen, the default policy) holds a category."""
    if category is None:
        return DEFAULT_MIN_SCORE
    site = site_queries.get(conn, site_id) if site_id is not None else None
    return Policy.from_settings(site.settings if site else {}).hold_at(category)


def _cursor(key: tuple[datetime, int] | None) -> str | None:
    return f"{key[0].isoformat()}|{key[1]}" if key else None


def _parse_cursor(raw: str | None) -> tuple[datetime, int] | None:
    """A page's key from ``before``; None (the first page) for one that is not a time and an id.
    The dashboard writes aware times; a hand-made one without an offset is read as UTC, and an
    id past the databases' integers is no key."""
    if not raw or "|" not in raw:
        return None
    at, _, ident = raw.rpartition("|")
    try:
        parsed, key = datetime.fromisoformat(at), int(ident)
    except ValueError:
        return None
    if not 0 <= key < 2**63:
        return None
    return (parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)), key


def _excerpt(text: str, length: int = 280) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def build_items(conn: Connection, rows: list[Any]) -> list[dict[str, Any]]:
    """Everything shown with each comment, fetched in a few queries for the whole page."""
    ids = [int(r.id) for r in rows]
    parents = queue_queries.comments_by_id(conn, [int(r.parent_id) for r in rows if r.parent_id])
    author_ids = sorted({int(r.author_id) for r in rows if r.author_id})
    authors = queue_queries.authors_by_id(conn, author_ids)
    sanctions = queue_queries.active_sanctions_for(conn, author_ids, now())
    reasons = report_queries.reasons_for(conn, ids)
    recent = queue_queries.authors_recent(conn, author_ids, limit=6)
    sites = {s.id: s for s in site_queries.all_sites(conn)}
    items = []
    for row in rows:
        moderation = dict(row.moderation or {})
        scores = sorted((moderation.get("scores") or {}).items(), key=lambda kv: -float(kv[1]))
        parent = parents.get(int(row.parent_id)) if row.parent_id else None
        items.append(
            {
                "row": row,
                "site": sites.get(row.site_id),
                "body": highlight(row.body, moderation.get("spans") or []),
                "scores": [(k, float(v)) for k, v in scores],
                "phase": moderation.get("phase"),
                "decision": moderation.get("decision"),
                "reasons": moderation.get("reasons") or [],
                "message": moderation.get("message") or "",
                "moderator": moderation.get("moderator"),
                "parent": {"row": parent, "excerpt": _excerpt(parent.body)} if parent is not None else None,
                "author": authors.get(int(row.author_id)) if row.author_id else None,
                "sanctions": sanctions.get(int(row.author_id), []) if row.author_id else [],
                "recent": [
                    {"row": r, "excerpt": _excerpt(r.body, 120)}
                    for r in recent.get(int(row.author_id), [])
                    if r.id != row.id
                ][:5]
                if row.author_id
                else [],
                "reports": reasons.get(int(row.id), {}),
            }
        )
    return items


def _int_param(params: dict[str, list[str]], name: str) -> int | None:
    try:
        return int(params[name][0])
    except (KeyError, IndexError, ValueError):
        return None


def page_counts(conn: Connection, current: Session, page_url: str | None) -> dict[str, int | None]:
    """The tab counts of the queue page at ``page_url`` (htmx's ``HX-Current-URL``), now.

    A decision made from a queue page sends these back out of band, so the tabs stay right
    without a reload. The page's own site, thread and author filters apply; sites the moderator
    may not see never count.
    """
    params = parse_qs(urlsplit(page_url or "").query)
    me = current.moderator
    site = _int_param(params, "site")
    site_ids = me.site_ids if site is None or not me.can(site) else frozenset({site})
    category = (params.get("category") or [""])[0]
    f = QueueFilter(
        queue="held",
        site_ids=site_ids,
        thread_id=_int_param(params, "thread"),
        author_id=_int_param(params, "author"),
        category=category if category in CATEGORIES else None,
        text=(params.get("q") or [""])[0].strip() or None,
    )
    return queue_queries.counts(conn, f)


def item_context(request: Request, current: Session, comment_id: int, **extra: Any) -> dict[str, Any]:
    """The template context for one item (after a decision, for the htmx swap).

    ``counts`` are the tab counts of the page the request came from, for out-of-band swaps.
    """
    services = services_of(request)
    with services.db.read() as conn:
        row = queue_queries.comments_by_id(conn, [comment_id]).get(comment_id)
        if row is None or not current.moderator.can(row.site_id):
            raise not_found("comment")
        item = build_items(conn, [row])[0]
        counts = page_counts(conn, current, request.headers.get("hx-current-url"))
    return {
        "item": item,
        "csrf": current.csrf,
        "me": current.moderator,
        "counts": counts,
        "cap": queue_queries.COUNT_CAP,
        **extra,
    }


@router.get("/admin")
def queue_page(
    request: Request,
    current: Annotated[Session, Depends(session)],
    queue: Annotated[str, Query(max_length=20)] = "held",
    site: int | None = None,
    thread: int | None = None,
    author: int | None = None,
    category: Annotated[str | None, Query(max_length=40)] = None,
    min_score: Annotated[float | None, Query(ge=0, le=1)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    before: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    services = services_of(request)
    me = current.moderator
    if queue not in QUEUES:
        queue = "held"
    if site is not None:
        me.require(site)
    site_ids = frozenset({site}) if site is not None else me.site_ids
    category = category if category in CATEGORIES else None
    with services.db.read() as conn:
        default_min = hold_threshold(conn, site, category)
        f = QueueFilter(
            queue=queue,
            site_ids=site_ids,
            thread_id=thread,
            author_id=author,
            category=category,
            min_score=min_score if min_score is not None else default_min,
            text=(q or "").strip() or None,
        )
        rows, next_key = queue_queries.page(conn, f, PAGE_SIZE, _parse_cursor(before))
        items = build_items(conn, rows)
        counts = queue_queries.counts(conn, f)
        sites = [s for s in site_queries.all_sites(conn) if me.can(s.id)]
    filters = {
        "site": site,
        "thread": thread,
        "author": author,
        "category": category,
        "min_score": min_score,
        "q": q or "",
    }

    def link(**changes: Any) -> str:
        params = {"queue": queue, **filters, **changes}
        return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})

    return page(
        request,
        "admin/queue.html",
        {
            "me": me,
            "csrf": current.csrf,
            "queue": queue,
            "queues": QUEUE_TITLES,
            "counts": counts,
            "cap": queue_queries.COUNT_CAP,
            "items": items,
            "next_cursor": _cursor(next_key),
            "filters": filters,
            "sites": sites,
            "categories": CATEGORIES,
            "default_min": default_min,
            "link": link,
        },
    )
