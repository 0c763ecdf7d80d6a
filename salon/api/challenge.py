"""``GET /api/challenge``: a proof-of-work challenge in ALTCHA's format, for the widget (or any
ALTCHA client) to solve before posting. See docs/moderation.md, "Proof-of-work"."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from salon.actions import challenges
from salon.api.errors import ERROR_RESPONSES
from salon.api.public import client_address, services_of

router = APIRouter(prefix="/api", tags=["comments"])

NO_STORE = {"Cache-Control": "no-store"}


@router.get(
    "/challenge",
    summary="A proof-of-work challenge (ALTCHA v1 or v2) for posting on a page",
    responses={
        200: {
            "description": "The challenge, as ALTCHA's widget and libraries read it.",
            "content": {"application/json": {}},
        },
        204: {"description": "The site asks for no proof-of-work; post without one."},
        **ERROR_RESPONSES,
    },
    response_class=JSONResponse,
)
async def challenge(
    request: Request,
    url: Annotated[str, Query(max_length=2000, description="The page the comment is for.")],
    v: Annotated[int, Query(ge=1, le=2, description="ALTCHA format: 1 (SHA-256) or 2 (PBKDF2/SHA-256).")] = 1,
    always: Annotated[bool, Query(description="Issue one even where the site asks for none.")] = False,
) -> Any:
    services = services_of(request)
    issued = await run_in_threadpool(
        challenges.issue, services, url, client_address(request), v, always=always
    )
    if issued.challenge is None:
        return Response(status_code=204, headers=NO_STORE)
    return JSONResponse(issued.challenge, headers=NO_STORE)
