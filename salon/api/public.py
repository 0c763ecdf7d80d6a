"""Public comment endpoints: thin views that parse, call an action or a query, and serialize."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta
from typing import Annotated, Any

import anyio
import anyio.to_thread
from fastapi import APIRouter, Header, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from salon import feeds, i18n, threadpage
from salon.actions import comments as comment_actions
from salon.actions import votes as vote_actions
from salon.actions.identity import avatar_keyer, read_author_token
from salon.actions.posting import writer_of
from salon.api.errors import ERROR_RESPONSES
from salon.api.fastpath import page_headers, page_size
from salon.api.schemas import (
    CommentEdit,
    CommentIn,
    CountsIn,
    CountsOut,
    EditedOut,
    LocatedOut,
    PostedOut,
    ThreadPageOut,
    VoteIn,
    VoteOut,
)
from salon.badges import NO_BADGE, badges
from salon.db import threads as thread_queries
from salon.errors import SalonError
from salon.limits import MAX_ID
from salon.models import Sort
from salon.moderation.pipeline import Submission
from salon.moderation.policy import held_text
from salon.services import Services
from salon.threadpage import comment_json
from salon.urls import BadURL, normalize_url

router = APIRouter(prefix="/api", tags=["comments"], responses=ERROR_RESPONSES)

#: A comment id in a path: a positive integer the database can hold (else 422, never a 500).
CommentId = Annotated[int, Path(ge=1, le=MAX_ID, description="The comment's id.")]

AuthorHeader = Annotated[
    str | None, Header(alias="X-Salon-Author", description="The author token from an earlier post.")
]


def services_of(request: Request) -> Services:
    return request.app.state.services


def client_address(request: Request) -> str:
    """The peer's address; with ``trust_forwarded`` the proxy-headers middleware (app.py) has
    already put the client named by a trusted proxy's X-Forwarded-For here."""
    return request.client.host if request.client else "unknown"


def bearer(authorization: str | None) -> str | None:
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return None


@router.get(
    "/comments",
    response_model=ThreadPageOut,
    summary="A page of a thread, as a tree",
    responses={304: {"description": "Not modified since the ETag given in If-None-Match"}},
)
async def get_thread(
    request: Request,
    url: Annotated[str, Query(max_length=2000, description="The page's URL.")],
    sort: Sort = Sort.OLDEST,
    limit: Annotated[int | None, Query(ge=1, description="Top-level comments per page.")] = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    x_salon_author: AuthorHeader = None,
) -> Response:
    services = services_of(request)
    site, canonical = comment_actions.resolve_site(services, url)
    size = page_size(services, limit)
    cached = services.cache.get((canonical, sort.value, size, cursor))
    page: threadpage.ThreadPage = (
        cached
        if isinstance(cached, threadpage.ThreadPage)
        else await run_in_threadpool(threadpage.build_page, services, site, canonical, sort, size, cursor)
    )
    author_id = read_author_token(services, site.id, x_salon_author)
    if author_id is not None:
        page = await run_in_threadpool(
            threadpage.with_own_hidden,
            services,
            page,
            site,
            canonical,
            author_id,
            cursor is None,
            i18n.choose(None, request.headers),
        )
    if request.headers.get("if-none-match") == page.etag:
        return Response(status_code=304, headers=page_headers(page))
    return Response(page.body, media_type="application/json", headers=page_headers(page))


def _posted(services: Services, posted: comment_actions.Posted, locale: str) -> dict[str, Any]:
    """The answer to a new comment. A guest carries no badge (only signed-in readers' accounts
    do, see badges.py), so theirs reads nothing from the database."""
    c = posted.comment
    window = int(posted.site.setting("edit_window_seconds"))
    badge = NO_BADGE
    if posted.signed_in:
        with services.db.read() as conn:
            badge = badges(conn, posted.site.id, [c.author_id]).get(c.author_id, NO_BADGE)
    data = comment_json(c, avatar_keyer(services, posted.site.id), badge)
    message = posted.verdict.message
    if c.status == "pending" and not message:
        message = held_text(posted.site.settings, locale)
    return {
        **{k: data[k] for k in ("id", "parent_id", "html", "author", "created_at", "edited_at")},
        "status": c.status,
        "url": posted.url,
        "edit_token": posted.edit_token,
        "editable_until": (c.created_at + timedelta(seconds=window)).isoformat(),
        "author_token": posted.author_token,
        "message": message,
    }


#: Threads that check posts before they join the writer's queue. The checks are CPU-bound Python
#: (the GIL) with short reads, so a few threads keep the core busy; more (anyio's default is 40)
#: only take turns with the GIL and stretch every post's latency. Posts beyond these wait in order.
POST_THREADS = 2


@router.get(
    "/comments/{comment_id}/page",
    response_model=LocatedOut,
    summary="The page of its thread a comment is on (for permalinks)",
)
def comment_page(
    request: Request,
    comment_id: CommentId,
    sort: Sort = Sort.OLDEST,
    limit: Annotated[int | None, Query(ge=1, description="Top-level comments per page.")] = None,
) -> dict[str, Any]:
    services = services_of(request)
    found = threadpage.locate(services, comment_id, sort, page_size(services, limit))
    return dataclasses.asdict(found)


@router.post("/comments", status_code=201, response_model=PostedOut, summary="Post a comment or reply")
async def post_comment(
    request: Request, body: CommentIn, x_salon_author: AuthorHeader = None
) -> dict[str, Any]:
    services = services_of(request)
    new = comment_actions.NewComment(
        url=body.url,
        body=body.body,
        author_name=body.author.name,
        author_email=body.author.email,
        author_website=body.author.website,
        parent_id=body.parent_id,
        title=body.title,
        client_address=client_address(request),
        author_token=x_salon_author,
        nudged=body.nudged,
        notify=body.notify,
        locale=i18n.choose(body.locale, request.headers),
        submission=Submission(altcha=body.altcha, honeypot=body.homepage_url),
    )
    state = request.app.state
    limiter = getattr(state, "post_limiter", None)
    if limiter is None:
        limiter = state.post_limiter = anyio.CapacityLimiter(POST_THREADS)
    draft = await anyio.to_thread.run_sync(comment_actions.prepare, services, new, limiter=limiter)
    # Moderation and the write are the writer's (posting.py), which commits the posts waiting
    # for it together; the request holds no thread while it waits for that commit.
    posted = await asyncio.wrap_future(writer_of(services).submit(draft))
    if not posted.signed_in:  # nothing to read: answered here, without a second hand-off to a thread
        return _posted(services, posted, new.locale)
    return await anyio.to_thread.run_sync(_posted, services, posted, new.locale, limiter=limiter)


@router.patch("/comments/{comment_id}", response_model=EditedOut, summary="Edit within the edit window")
def edit_comment(
    request: Request,
    comment_id: CommentId,
    body: CommentEdit,
    authorization: Annotated[str | None, Header(description="Bearer <edit_token>")] = None,
) -> dict[str, Any]:
    services = services_of(request)
    locale = i18n.choose(None, request.headers)
    posted = comment_actions.edit_comment(services, comment_id, bearer(authorization), body.body, locale)
    c = posted.comment
    message = posted.verdict.message
    if c.status == "pending" and not message:
        message = held_text(posted.site.settings, locale)
    return {
        "id": c.id,
        "status": c.status,
        "html": c.html,
        "edited_at": c.edited_at.isoformat() if c.edited_at else None,
        "message": message,
    }


@router.delete("/comments/{comment_id}", status_code=204, summary="Delete within the edit window")
def delete_comment(
    request: Request,
    comment_id: CommentId,
    authorization: Annotated[str | None, Header(description="Bearer <edit_token>")] = None,
) -> Response:
    comment_actions.delete_comment(services_of(request), comment_id, bearer(authorization))
    return Response(status_code=204)


@router.post("/comments/{comment_id}/vote", response_model=VoteOut, summary="Vote a comment up or down")
def vote(
    request: Request, comment_id: CommentId, body: VoteIn, x_salon_author: AuthorHeader = None
) -> dict[str, Any]:
    tally = vote_actions.vote(
        services_of(request), comment_id, body.value, client_address(request), x_salon_author
    )
    return {
        "id": comment_id,
        "score": tally.score,
        "upvotes": tally.upvotes,
        "downvotes": tally.downvotes,
        "value": tally.value,
    }


@router.delete("/comments/{comment_id}/vote", response_model=VoteOut, summary="Take a vote back")
def unvote(request: Request, comment_id: int, x_salon_author: AuthorHeader = None) -> dict[str, Any]:
    tally = vote_actions.unvote(services_of(request), comment_id, client_address(request), x_salon_author)
    return {
        "id": comment_id,
        "score": tally.score,
        "upvotes": tally.upvotes,
        "downvotes": tally.downvotes,
        "value": tally.value,
    }


@router.post("/counts", response_model=CountsOut, summary="Comment counts for many pages at once")
def counts(request: Request, body: CountsIn) -> dict[str, Any]:
    services = services_of(request)
    wanted: dict[str, tuple[int, str]] = {}
    for url in body.urls:
        try:
            canonical = normalize_url(url)
        except BadURL as exc:
            raise SalonError(400, "bad_url", f"{url!r}: {exc}", "urls") from exc
        site = services.sites.for_url(canonical)
        if site is not None:
            wanted[url] = (site.id, canonical)
    with services.db.read() as conn:
        found = (
            thread_queries.counts_for_urls(
                conn, sorted({s for s, _ in wanted.values()}), sorted({u for _, u in wanted.values()})
            )
            if wanted
            else {}
        )
    return {"counts": {url: found.get(wanted[url], 0) if url in wanted else 0 for url in body.urls}}


@router.get(
    "/feed.atom",
    response_class=Response,
    summary="Atom feed of a thread (url=) or a whole site (site=)",
    responses={200: {"content": {"application/atom+xml": {}}}},
)
def feed(
    request: Request,
    url: Annotated[str | None, Query(max_length=2000)] = None,
    site: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    services = services_of(request)
    if (url is None) == (site is None):
        raise SalonError(400, "bad_query", "give exactly one of url= or site=", "url")
    if url is not None:
        found, canonical = comment_actions.resolve_site(services, url)
        xml = feeds.thread_feed(services, found, canonical, str(request.base_url))
    else:
        xml = feeds.site_feed(services, site or "", str(request.base_url))
    return Response(xml, media_type="application/atom+xml")
