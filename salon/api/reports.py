"""Reader reports: `POST /api/comments/{id}/report`. A thin view over actions/reports.py."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from pydantic import BaseModel, ConfigDict, Field

from salon.actions import reports as report_actions
from salon.api.errors import ERROR_RESPONSES
from salon.api.public import CommentId, client_address, services_of
from salon.models import ReportReason


class ReportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: ReportReason = Field(description="Why the reader reports the comment.")
    note: str | None = Field(None, max_length=1000, description="Anything the moderators should know.")


class ReportOut(BaseModel):
    id: int = Field(description="The report's id.")
    report_count: int = Field(description="Reports on this comment so far, this one included.")


router = APIRouter(prefix="/api", tags=["reports"], responses=ERROR_RESPONSES)


@router.post(
    "/comments/{comment_id}/report",
    status_code=201,
    response_model=ReportOut,
    summary="Report a comment to the moderators",
    description=(
        "One report per reader per comment (409 on a repeat). The reader is the author named by "
        "`X-Salon-Author`, else the client address. When a comment reaches the site's "
        "`report_threshold` of open reports it is held for review."
    ),
)
def report_comment(
    request: Request,
    comment_id: CommentId,
    body: ReportIn,
    x_salon_author: Annotated[
        str | None, Header(alias="X-Salon-Author", description="The author token from an earlier post.")
    ] = None,
) -> dict[str, Any]:
    done = report_actions.report(
        services_of(request), comment_id, body.reason, body.note, client_address(request), x_salon_author
    )
    return {"id": done.id, "report_count": done.report_count}
