"""Cached thread pages answered before the framework: the hot path of every article view.

A GET /api/comments whose exact page is in the cache is answered here from the stored bytes,
without request parsing, validation or a database round trip. Anything else — a miss, an author
header, a parameter this code does not recognise as valid — goes on to the regular handler, which
produces the same bytes and headers (a test checks both paths agree).
"""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from salon.models import Sort
from salon.services import Services
from salon.threadpage import ThreadPage
from salon.urls import BadURL, normalize_url

PATH = "/api/comments"


def page_headers(page: ThreadPage) -> dict[str, str]:
    """Headers of a thread page, whichever path answers it."""
    return {"ETag": page.etag, "Cache-Control": "no-cache"}


def page_size(services: Services, limit: int | None) -> int:
    return min(limit or services.settings.page_size, services.settings.max_page_size)


class CachedThreadMiddleware:
    def __init__(self, app: ASGIApp, services: Services) -> None:
        self.app = app
        self.services = services

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"] == PATH:
            page = self._cached(scope)
            if page is not None:
                await self._answer(scope, send, page)
                return
        await self.app(scope, receive, send)

    def _cached(self, scope: Scope) -> ThreadPage | None:
        headers = Headers(scope=scope)
        if "x-salon-author" in headers:
            return None
        query = parse_qs(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        if any(len(v) != 1 for v in query.values()) or not set(query) <= {"url", "sort", "limit", "cursor"}:
            return None
        try:
            url = normalize_url(query["url"][0])
            sort = Sort(query.get("sort", ["oldest"])[0])
            limit = int(query["limit"][0]) if "limit" in query else None
        except (KeyError, ValueError, BadURL):
            return None
        if limit is not None and limit < 1:
            return None
        # No site check: pages are cached only for registered sites, and any site change
        # empties the cache.
        cursor = query["cursor"][0] if "cursor" in query else None
        page = self.services.cache.get((url, sort.value, page_size(self.services, limit), cursor))
        return page if isinstance(page, ThreadPage) else None

    async def _answer(self, scope: Scope, send: Send, page: ThreadPage) -> None:
        fresh = Headers(scope=scope).get("if-none-match") == page.etag
        headers = [(k.lower().encode(), v.encode()) for k, v in page_headers(page).items()]
        if fresh:
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        headers += [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(page.body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": page.body})
