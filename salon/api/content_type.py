"""What a request must look like before any route sees it.

JSON endpoints take JSON only: a body sent as anything but ``application/json`` is refused (415).

Browsers send ``text/plain``, form encodings, or no Content-Type at all from any page without a CORS
preflight; requiring ``application/json`` means a third-party page cannot post, vote or report
from a visitor's browser unless the site's origin is allowed by CORS. The plain HTML form has its
own route (``POST /embed/comment``), outside ``/api/``. The Perspective API (``/v1alpha1``) needs
an API key, which a browser does not send on its own, so it is not covered here.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from salon.errors import SalonError

#: Methods whose body is parsed as JSON.
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def is_json(content_type: str) -> bool:
    """``application/json`` or a ``+json`` type, with or without parameters (charset)."""
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


def _has_body(headers: Headers) -> bool:
    length = headers.get("content-length")
    if length is not None:
        return length.strip() not in ("", "0")
    return "transfer-encoding" in headers


class JSONOnlyMiddleware:
    """Answers 415 with the error body to a non-JSON body on a JSON endpoint under ``prefixes``."""

    def __init__(self, app: ASGIApp, prefixes: tuple[str, ...] = ("/api/",)) -> None:
        self.app = app
        self.prefixes = prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] in BODY_METHODS
            and scope["path"].startswith(self.prefixes)
        ):
            headers = Headers(scope=scope)
            if _has_body(headers) and not is_json(headers.get("content-type", "")):
                error = SalonError(
                    415,
                    "unsupported_media_type",
                    "send the body as JSON with the header Content-Type: application/json",
                    "Content-Type",
                )
                await JSONResponse(error.body(), status_code=415)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class NulGuardMiddleware:
    """Answers 400 to a path or query string that carries a NUL character (raw or ``%00``).

    PostgreSQL cannot store or compare text with NUL, so such a value would fail deep inside a
    query; no URL a reader follows has one. Bodies are checked where they are parsed.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
            query: bytes = scope.get("query_string", b"")
            if b"\x00" in raw or b"%00" in raw or b"\x00" in query or b"%00" in query:
                error = SalonError(400, "bad_request", "the address holds a NUL character")
                await JSONResponse(error.body(), status_code=400)(scope, receive, send)
                return
        await self.app(scope, receive, send)
