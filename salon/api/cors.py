"""CORS limited to the registered sites' origins, read from the database and kept until a site changes."""

from __future__ import annotations

from sqlalchemy.exc import OperationalError
from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from salon.directory import SiteDirectory

ALLOW_METHODS = "GET, POST, PATCH, DELETE, OPTIONS"
ALLOW_HEADERS = "Authorization, Content-Type, X-Salon-Author"


class SiteCORSMiddleware:
    """Adds CORS headers to /api/ responses for registered origins and answers preflights."""

    def __init__(self, app: ASGIApp, sites: SiteDirectory, prefixes: tuple[str, ...] = ("/api/",)) -> None:
        self.app = app
        self.sites = sites
        self.prefixes = prefixes

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
        if not origin or not self._allowed(origin):
            await self.app(scope, receive, send)
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
