"""Google Perspective's API, answered by salon's model: ``comments:analyze`` and
``comments:suggestscore`` under ``/v1alpha1``.

Point a Perspective client's endpoint at ``https://<salon>/v1alpha1`` and give it a key from
``salon apikey create`` (see docs/perspective.md).  The key comes as ``?key=`` (as Perspective
takes it) or an ``X-Goog-Api-Key`` header.  Every refusal under ``/v1alpha1`` (including 404 and
405) is in Google's error shape; a missing key is 403, an unknown one 400 ``API_KEY_INVALID``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from salon.actions import apikeys, perspective_feedback
from salon.api.perspective_schemas import (
    ANALYZE_REQUEST_SCHEMA,
    SUGGEST_REQUEST_SCHEMA,
    AnalyzeOut,
    PerspectiveErrorBody,
    SuggestOut,
)
from salon.api.public import services_of
from salon.db import sites as site_queries
from salon.moderation import languages, perspective
from salon.moderation.perspective_spans import sentences
from salon.moderation.policy import Policy
from salon.moderation.scoring import checked
from salon.services import Services

PREFIX = "/v1alpha1"
router = APIRouter(prefix=PREFIX, tags=["perspective"])

_KEY_PARAMETER = {
    "name": "key",
    "in": "query",
    "required": False,
    "schema": {"type": "string"},
    "description": "API key from `salon apikey create` (or the X-Goog-Api-Key header).",
}
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": PerspectiveErrorBody, "description": "Bad request or unknown API key, in Google's shape"},
    403: {"model": PerspectiveErrorBody, "description": "Missing API key"},
    500: {"model": PerspectiveErrorBody, "description": "The model could not score the text"},
    503: {"model": PerspectiveErrorBody, "description": "The database is unavailable; retry"},
}


def error_response(exc: perspective.PerspectiveError) -> JSONResponse:
    return JSONResponse(exc.body(), status_code=exc.code, headers=exc.headers)


def _openapi(schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "parameters": [_KEY_PARAMETER],
        "requestBody": {"required": True, "content": {"application/json": {"schema": schema}}},
    }


async def _api_key(request: Request, services: Services) -> apikeys.ApiKey:
    key = request.query_params.get("key") or request.headers.get("x-goog-api-key")
    if not key:
        raise perspective.key_missing()
    found = await run_in_threadpool(apikeys.verify, services, key)
    if found is None:
        raise perspective.key_invalid()
    return found


def _holds_unjudged(services: Services, key: apikeys.ApiKey) -> bool:
    """Whether the key's site asks for text the model cannot judge to be held."""
    if key.site_id is None:
        return False
    with services.db.read() as conn:
        site = site_queries.get(conn, key.site_id)
    return site is not None and Policy.from_settings(site.settings).unjudged_languages == "hold"


def _score(services: Services, key: apikeys.ApiKey, req: perspective.AnalyzeRequest) -> perspective.Scored:
    spans = sentences(req.text) if req.span_annotations else []
    texts = [req.text] + ([req.text[b:e] for b, e in spans] if len(spans) > 1 else [])
    results = checked(services.classifier, texts)
    parts = results[1:] if len(spans) > 1 else results[:1] * len(spans)
    return perspective.Scored(
        whole=results[0],
        detection=languages.detect(req.text),
        sentences=spans,
        sentence_analyses=parts,
        hold_unjudged=_holds_unjudged(services, key),
    )


@router.post(
    "/comments:analyze",
    response_model=AnalyzeOut,
    response_model_exclude_none=True,
    summary="Perspective-compatible comment analysis",
    responses=_ERRORS,
    openapi_extra=_openapi(ANALYZE_REQUEST_SCHEMA),
)
async def analyze(request: Request) -> Any:
    services = services_of(request)
    try:
        key = await _api_key(request, services)
        req = perspective.parse_request(perspective.loads(await request.body()))
    except perspective.PerspectiveError as exc:
        return error_response(exc)
    try:
        scored = await run_in_threadpool(_score, services, key, req)
    except Exception as exc:
        message = f"The text could not be scored: {type(exc).__name__}."
        return error_response(perspective.PerspectiveError(500, message))
    return perspective.response(req, scored)


@router.post(
    "/comments:suggestscore",
    response_model=SuggestOut,
    response_model_exclude_none=True,
    summary="Suggest scores for a comment (kept as a site's moderation feedback)",
    responses=_ERRORS,
    openapi_extra=_openapi(SUGGEST_REQUEST_SCHEMA),
)
async def suggestscore(request: Request) -> Any:
    services = services_of(request)
    try:
        key = await _api_key(request, services)
        suggestion = perspective.parse_suggestion(perspective.loads(await request.body()))
    except perspective.PerspectiveError as exc:
        return error_response(exc)
    detection = await run_in_threadpool(languages.detect, suggestion.text)
    if not suggestion.do_not_store:
        await run_in_threadpool(perspective_feedback.record, services, key, suggestion, detection)
    return perspective.suggestion_response(suggestion, detection)


def http_error(path: str, status: int, allow: str | None = None) -> JSONResponse | None:
    """A refusal under /v1alpha1 (404, 405, 500, 503) in Google's shape; None elsewhere."""
    if not (path == PREFIX or path.startswith(PREFIX + "/")):
        return None
    if status == 405:
        message = f"Method not allowed on {path}; use {allow or 'POST'}."
        exc = perspective.PerspectiveError(
            405, message, "INVALID_REQUEST", headers={"Allow": allow or "POST"}
        )
    elif status == 404:
        exc = perspective.PerspectiveError(404, f"Method not found: {path}.", "INVALID_REQUEST")
    elif status == 503:
        message = "The service is unavailable: the database is busy or unreachable. Retry shortly."
        exc = perspective.PerspectiveError(503, message, headers={"Retry-After": "2"})
    elif status == 500:
        exc = perspective.PerspectiveError(500, "Internal error encountered.")
    else:
        return None
    return error_response(exc)
