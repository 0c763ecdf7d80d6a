"""Security headers on every response: ``nosniff`` everywhere, a strict Content-Security-Policy on
every HTML page that does not set its own.

Three policies, chosen by what each page needs (docs/install.md explains them):

- ``DEFAULT_CSP`` for pages that run salon's own scripts (the demo): scripts only from this
  server, no inline script, nothing framed in, connections only to this server.
- ``EMBED_CSP`` for the server-rendered thread and the no-JS form's pages (``/embed/…``): no
  script at all and a ``sandbox`` (forms and links allowed, *not* same-origin), so even markup that
  got past the sanitiser runs in an opaque origin and cannot read the dashboard with a
  moderator's cookie (which is ``Path=/admin`` besides, and never sent to ``/embed``).
- The dashboard sets its own (web/admin/auth.py ``PAGE_HEADERS``), as does the API's docs page.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)
EMBED_CSP = (
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; sandbox allow-forms allow-popups allow-top-navigation-by-user-activation"
)
#: FastAPI's Swagger UI page loads its script and style from jsDelivr and starts with an inline
#: script; it shows no user content.
DOCS_CSP = (
    "default-src 'none'; script-src https://cdn.jsdelivr.net 'unsafe-inline'; "
    "style-src https://cdn.jsdelivr.net; img-src 'self' data: https://fastapi.tiangolo.com; "
    "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def policy_for(path: str) -> str:
    if path.startswith("/embed"):
        return EMBED_CSP
    if path.startswith("/api/docs"):
        return DOCS_CSP
    return DEFAULT_CSP


class SecurityHeadersMiddleware:
    """``X-Content-Type-Options: nosniff`` on every response; a CSP on HTML that has none."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("Content-Security-Policy", policy_for(scope["path"]))
                    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
            await send(message)

        await self.app(scope, receive, send_with_headers)
