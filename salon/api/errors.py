"""Every refusal as ``{"error": {"code", "message", "field"?}}`` with a 4xx status; never a 500 page."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from salon import i18n
from salon.api.schemas import ErrorBody
from salon.errors import SalonError

log = logging.getLogger(__name__)

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in {
        400: "Malformed request",
        403: "Not allowed",
        404: "Not found",
        409: "Conflict",
        415: "The body is not sent as application/json",
        422: "Invalid field",
        429: "Rate limited",
        503: "The database is busy or unreachable; retry after Retry-After seconds",
    }.items()
}


def _json(
    status: int, code: str, message: str, field: str | None = None, headers: Any = None
) -> JSONResponse:
    return JSONResponse(SalonError(status, code, message, field).body(), status_code=status, headers=headers)


def _field(loc: tuple[Any, ...]) -> str | None:
    if loc and loc[0] in ("body", "query", "path", "header", "cookie"):
        loc = loc[1:]
    parts = [str(p) for p in loc]
    return ".".join(parts) or None


async def salon_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SalonError)
    # In the reader's language (Accept-Language) where the catalogue has the code.
    message = i18n.error_message(i18n.choose(None, request.headers), exc)
    return _json(exc.status, exc.code, message, exc.field, exc.headers or None)


#: Fields readers type into the widget, and the catalogue keys for a failed check of each:
#: (too long, anything else — missing, empty, not a string).
READER_FIELDS: dict[str, tuple[str, str]] = {
    "author": ("error_empty_name", "error_empty_name"),
    "author.name": ("error_name_too_long", "error_empty_name"),
    "author.email": ("error_bad_email", "error_bad_email"),
    "author.website": ("error_bad_website", "error_bad_website"),
    "body": ("error_body_too_long", "error_empty_body"),
    "email": ("error_bad_email", "error_bad_email"),
    "note": ("error_note_too_long", "error_invalid"),
}
TOO_LONG = frozenset({"string_too_long", "too_long"})


def _check_message(request: Request, field: str | None, error: dict[str, Any]) -> str:
    """What a reader is told about a field that failed its check, in their language
    (``Accept-Language``, which the widget sets to its own). A field readers do not type keeps
    the technical message in English (it means a client is wrong, not the reader)."""
    locale = i18n.choose(None, request.headers)
    keys = READER_FIELDS.get(field or "")
    if keys is None:
        if locale == "en":
            return f"{field or 'request'}: {error.get('msg', 'invalid')}"
        return i18n.say(locale, "error_invalid", field=field or "request")
    key = keys[0] if error.get("type") in TOO_LONG else keys[1]
    limit = (error.get("ctx") or {}).get("max_length")
    services = getattr(request.app.state, "services", None)
    if field == "author.name" and services is not None:  # the server's limit, below the schema's bound
        limit = services.settings.max_name_chars
    return i18n.say(locale, key, max=limit, field=field)


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request", "type": ""}
    if first.get("type") == "json_invalid":
        return _json(400, "bad_json", "the request body is not valid JSON")
    if first.get("type") == "model_attributes_type" or first.get("loc") == ("body",):
        return _json(400, "bad_body", "the request body must be a JSON object")
    field = _field(tuple(first.get("loc", ())))
    return _json(422, "invalid", _check_message(request, field, dict(first)), field)


def _google_shaped(request: Request, status: int, headers: Any = None) -> JSONResponse | None:
    """Under /v1alpha1 refusals take Google's shape (Perspective clients parse it)."""
    from salon.api import perspective

    return perspective.http_error(request.url.path, status, (headers or {}).get("Allow"))


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    google = _google_shaped(request, exc.status_code, getattr(exc, "headers", None))
    if google is not None:
        return google
    codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden"}
    return _json(
        exc.status_code,
        codes.get(exc.status_code, "http_error"),
        str(exc.detail),
        headers=getattr(exc, "headers", None),
    )


async def database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """A database that is down or locked past the busy timeout: nothing was written, retry."""
    log.error("database unavailable: %s", exc)
    google = _google_shaped(request, 503)
    if google is not None:
        return google
    return _json(
        503,
        "unavailable",
        "the database is busy or unreachable; nothing was saved, try again shortly",
        headers={"Retry-After": "2"},
    )


async def unstorable_value(request: Request, exc: Exception) -> JSONResponse:
    """A value the database cannot hold (an integer past 64 bits, text with NUL) that got past
    validation: the request is refused, nothing was written. Logged, as it means a check is missing."""
    log.warning("refused a value the database cannot store on %s: %s", request.url.path, exc)
    google = _google_shaped(request, 400)
    if google is not None:
        return google
    return _json(
        400, "bad_value", "a value in the request is out of range or holds characters that cannot be stored"
    )


async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    google = _google_shaped(request, 500)
    if google is not None:
        return google
    return _json(500, "internal", "something went wrong on our side; the request was not completed")


def install(app: FastAPI) -> None:
    app.add_exception_handler(SalonError, salon_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(OperationalError, database_unavailable)
    app.add_exception_handler(DataError, unstorable_value)
    app.add_exception_handler(OverflowError, unstorable_value)
    app.add_exception_handler(Exception, unexpected_error)
