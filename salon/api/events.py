"""Live updates: ``GET /api/events?url=…`` streams a thread's new comments as Server-Sent Events.

Only what every reader may see is announced: a comment created published, or published later by a
moderator (``comment.moderated`` with status published), and never a shadow-hidden one. The
message carries ids only; the widget fetches the comments when the reader asks for them.

A stream ends after ``STREAM_SECONDS`` and EventSource reconnects on its own: a server stopping
gracefully waits at most that long for open streams, and a lost event costs a reader at most a
live update.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from salon.actions.comments import resolve_site
from salon.api.errors import ERROR_RESPONSES
from salon.api.public import services_of
from salon.notify.events import AsyncSubscription, Event

router = APIRouter(prefix="/api", tags=["live"], responses=ERROR_RESPONSES)

ANNOUNCED_TYPES = frozenset({"comment.created", "comment.moderated", "comment.published"})
KEEPALIVE_SECONDS = 20.0
STREAM_SECONDS = 55.0
RETRY_MS = 3000


def announces(site_id: int, url: str) -> Callable[[Event], bool]:
    """The events of this thread that every reader may hear about."""

    def predicate(event: Event) -> bool:
        return (
            event.get("type") in ANNOUNCED_TYPES
            and event.get("site_id") == site_id
            and event.get("url") == url
            and event.get("comment_id") is not None
            and event.get("status") == "published"
            and not event.get("shadow")
        )

    return predicate


def sse(event: Event) -> str:
    data = {"id": event.get("comment_id"), "parent_id": event.get("parent_id")}
    return f"event: comment\nid: {data['id']}\ndata: {json.dumps(data)}\n\n"


async def stream(subscription: AsyncSubscription, keepalive: float, lifetime: float) -> AsyncIterator[str]:
    """The stream for one reader; Starlette cancels it when the reader goes away."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + lifetime
    try:
        yield f"retry: {RETRY_MS}\n: connected\n\n"
        while loop.time() < deadline:
            try:
                wait = min(keepalive, deadline - loop.time())
                event = await asyncio.wait_for(subscription.queue.get(), wait)
            except TimeoutError:
                yield ": keepalive\n\n"
                continue
            yield sse(event)
    finally:
        subscription.close()


@router.get(
    "/events",
    response_class=StreamingResponse,
    summary="Server-Sent Events: new published comments on a thread",
    responses={
        200: {
            "description": '`event: comment` with `data: {"id": …, "parent_id": …}` per new comment.',
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
        }
    },
)
async def events(
    request: Request, url: Annotated[str, Query(max_length=2000, description="The page's URL.")]
) -> StreamingResponse:
    services = services_of(request)
    site, canonical = resolve_site(services, url)
    subscription = AsyncSubscription(services.events, announces(site.id, canonical))
    return StreamingResponse(
        stream(subscription, KEEPALIVE_SECONDS, STREAM_SECONDS),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
