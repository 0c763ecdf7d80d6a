"""``POST /v1alpha1/comments:analyze``: Google Perspective's analyze call, answered by salon's model.

Point a Perspective client's endpoint at ``https://<salon>/v1alpha1`` and give it a key from
``salon apikey create`` (see docs/perspective.md).  The key comes as ``?key=`` (as Perspective
takes it) or an ``X-Goog-Api-Key`` header; a missing or unknown key is refused with 403.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from salon.actions import apikeys
from salon.api.moderation_schemas import ANALYZE_REQUEST_SCHEMA, AnalyzeOut, PerspectiveErrorBody
from salon.api.public import services_of
from salon.moderation import perspective
from salon.moderation.scoring import checked

router = APIRouter(prefix="/v1alpha1", tags=["perspective"])


def _error(exc: perspective.PerspectiveError) -> JSONResponse:
    return JSONResponse(exc.body(), status_code=exc.code)


@router.post(
    "/comments:analyze",
    response_model=AnalyzeOut,
    response_model_exclude_none=True,
    summary="Perspective-compatible comment analysis",
    responses={
        400: {"model": PerspectiveErrorBody, "description": "Bad request, in Perspective's error shape"},
        403: {"model": PerspectiveErrorBody, "description": "Missing or unknown API key"},
        500: {"model": PerspectiveErrorBody, "description": "The model could not score the text"},
    },
    openapi_extra={
        "parameters": [
            {
                "name": "key",
                "in": "query",
                "required": False,
                "schema": {"type": "string"},
                "description": "API key from `salon apikey create` (or the X-Goog-Api-Key header).",
            }
        ],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": ANALYZE_REQUEST_SCHEMA}},
        },
    },
)
async def analyze(request: Request) -> Any:
    services = services_of(request)
    key = request.query_params.get("key") or request.headers.get("x-goog-api-key")
    if not key:
        return _error(perspective.PerspectiveError(403, "The request is missing a valid API key."))
    if await run_in_threadpool(apikeys.verify, services, key) is None:
        return _error(perspective.PerspectiveError(403, "API key not valid. Please pass a valid API key."))
    try:
        req = perspective.parse_request(perspective.loads(await request.body()))
    except perspective.PerspectiveError as exc:
        return _error(exc)
    try:
        [analysis] = await run_in_threadpool(checked, services.classifier, [req.text])
    except Exception as exc:
        return _error(
            perspective.PerspectiveError(500, f"The text could not be scored: {type(exc).__name__}.")
        )
    return perspective.response(req, analysis)
