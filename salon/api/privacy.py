"""A reader's own data-subject requests from the widget: a copy of what is held, or erasure.

The reader proves who they are with their author token (``X-Salon-Author``; only their browser
holds it). Thin views over salon.actions.subjects, the functions the command line and the
dashboard call; each request is audited.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from salon.actions import subjects
from salon.api.errors import ERROR_RESPONSES
from salon.api.public import services_of
from salon.api.schemas import ErrorBody, Strict
from salon.errors import SalonError

router = APIRouter(
    prefix="/api/me",
    tags=["privacy"],
    responses={
        **ERROR_RESPONSES,
        401: {"model": ErrorBody, "description": "No genuine author token for this site"},
    },
)

AuthorHeader = Annotated[str | None, Header(alias="X-Salon-Author", description="The reader's author token.")]


class PageIn(Strict):
    url: str = Field(max_length=2000, description="Any page of the site (it names the site).")


class EraseIn(PageIn):
    confirm: bool = Field(description="Must be `true`: erasure cannot be undone.")


class ErasedOut(BaseModel):
    authors: int
    comments_deleted: int = Field(description="Their comments without replies, deleted.")
    comments_kept_as_placeholder: int = Field(description="Their comments with replies, now placeholders.")
    votes: int
    reports: int


@router.post(
    "/data",
    summary="A copy of everything held about the reader",
    description=(
        "The author rows, their comments with moderation records, votes and reports they made, "
        "sanctions, and any other row that refers to them, as JSON (the same as "
        "`salon author export`). Audited as `author.export`."
    ),
    response_model=dict[str, Any],
)
async def own_data(request: Request, body: PageIn, x_salon_author: AuthorHeader = None) -> dict[str, Any]:
    services = services_of(request)

    def run() -> dict[str, Any]:
        site, author_id = subjects.reader_subject(services, body.url, x_salon_author)
        return subjects.export_subject(services, site, author_id=author_id, actor=f"author:{author_id}")

    return await run_in_threadpool(run)


@router.post(
    "/erase",
    response_model=ErasedOut,
    summary="Erase the reader",
    description=(
        "Removes their name, e-mail hash, website, address hashes, votes, reports and sanctions; "
        "their comments lose their text (one with replies stays as the deleted placeholder). The "
        "token stops naming anyone. Audited as `author.erase` (counts only)."
    ),
)
async def erase_me(request: Request, body: EraseIn, x_salon_author: AuthorHeader = None) -> dict[str, int]:
    services = services_of(request)
    if not body.confirm:
        raise SalonError(422, "not_confirmed", "send confirm: true to erase", "confirm")

    def run() -> dict[str, int]:
        site, author_id = subjects.reader_subject(services, body.url, x_salon_author)
        return subjects.erase_subject(services, site, author_id=author_id, actor="author:erased")

    return await run_in_threadpool(run)
