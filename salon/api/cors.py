"""CORS limited to the registered sites' origins, read from the database and kept until a site changes.

An origin that is not registered gets no CORS on answers that succeed (its pages cannot read
comments or post) and no preflight, but it does get CORS on *errors* from the widget's
endpoints: the widget can then read why (``unknown_site``: "add this origin with `salon site
add`") and show it to the site's owner, where otherwise it could only say the server could not
be reached. Nothing private is in an error body. The first refusal per origin is logged with the
fix.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import OperationalError
from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from salon.directory import SiteDirectory

ALLOW_METHODS = "GET, POST, PATCH, DELETE, OPTIONS"
ALLOW_HEADERS = "Authorization, Content-Type, X-Salon-Author"
#: Origins whose refusal was logged already (bounded, so a crawler cannot grow it forever).
MAX_LOGGED_ORIGINS = 100

log = logging.getLogger(__name__)


class SiteCORSMiddleware:
    """Adds CORS headers to /api/ responses for registered origins and answers preflights."""

    def __init__(self, app: ASGIApp, sites: SiteDirectory, prefixes: tuple[str, ...] = ("/api/",)) -> None:
        self.app = app
        self.sites = sites
        self.prefixes = prefixes
        self._logged: set[str] = set()

    def _allowed(self, origin: str) -> bool:
        try:
            return self.sites.for_origin(origin) is not None
        except OperationalError:
            return False  # the database is down: the app itself answers 503

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if not origin:
            await self.app(scope, receive, send)
            return
        if not self._allowed(origin):
            await self._unregistered(scope, receive, send, origin)
            return
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            response = PlainTextResponse(
                "",
                status_code=204,
                headers={
                    "Access-Control-Allow-Origin": origin,
                    "Access-Control-Allow-Methods": ALLOW_METHODS,
                    "Access-Control-Allow-Headers": ALLOW_HEADERS,
                    "Access-Control-Max-Age": "600",
                    "Vary": "Origin",
                },
            )
            await response(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                out["Access-Control-Allow-Origin"] = origin
                out["Access-Control-Expose-Headers"] = "Retry-After"
                out.add_vary_header("Origin")
            await send(message)

        await self.app(scope, receive, send_with_cors)

    async def _unregistered(self, scope: Scope, receive: Receive, send: Send, origin: str) -> None:
        """Pass the request on; let the page read the answer only if it is an error."""
        if scope["method"] == "OPTIONS":  # no preflight: its page may not post or send tokens
            await self.app(scope, receive, send)
            return

        async def send_errors_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] >= 400:
                out = MutableHeaders(scope=message)
                out["Access-Control-Allow-Origin"] = origin
                out.add_vary_header("Origin")
                self._log_once(origin, scope["path"], message["status"])
            await send(message)

        await self.app(scope, receive, send_errors_with_cors)

    def _log_once(self, origin: str, path: str, status: int) -> None:
        if origin in self._logged or len(self._logged) >= MAX_LOGGED_ORIGINS:
            return
        self._logged.add(origin)
        log.warning(
            "a page on %s called %s (answered %d), but %s is not an origin of any site: if it is "
            "yours, run `salon site add NAME --origin %s` (or add the origin to an existing site)",
            origin,
            path,
            status,
            origin,
            origin,
        )
