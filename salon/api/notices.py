"""`POST /api/comments/{id}/notice`: a notice of illegal content under the EU Digital Services
Act (art. 16), with the fields the law requires. A thin view over actions/dsa.py."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from salon.actions import dsa
from salon.api.errors import ERROR_RESPONSES
from salon.api.public import client_address, services_of


class NoticeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    explanation: str = Field(
        max_length=5000,
        description="Why the notifier considers the comment illegal (20 to 5,000 characters).",
    )
    name: str = Field(max_length=200, description="The notifier's name.")
    email: str = Field(
        max_length=320, description="The notifier's e-mail address, for the answer they are owed."
    )
    good_faith: bool = Field(
        description="The notifier confirms in good faith that the notice is accurate and complete (true)."
    )


class NoticeOut(BaseModel):
    id: int = Field(description="The notice's id.")
    location: str = Field(description="The exact location of the content the notice is about.")


router = APIRouter(prefix="/api", tags=["reports"], responses=ERROR_RESPONSES)


@router.post(
    "/comments/{comment_id}/notice",
    status_code=201,
    response_model=NoticeOut,
    summary="Notify illegal content (EU DSA art. 16)",
    description=(
        "The location is the comment itself. The notice goes to the site's moderators, whose "
        "decision carries a statement of reasons; the notifier's address is never shown publicly."
    ),
)
async def notice(request: Request, comment_id: int, body: NoticeIn) -> Any:
    services = services_of(request)
    found = dsa.NoticeIn(
        comment_id=comment_id,
        explanation=body.explanation,
        name=body.name,
        email=body.email,
        good_faith=body.good_faith,
        client_address=client_address(request),
    )
    notice_id, location = await run_in_threadpool(dsa.file_notice, services, found)
    return {"id": notice_id, "location": location}
