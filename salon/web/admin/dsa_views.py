"""The dashboard's DSA pages: open notices of illegal content, decisions with a statement of
reasons, the appeals queue and the CSV transparency export. Thin: parse → action → render."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request, Response
from fastapi.responses import RedirectResponse, StreamingResponse

from salon.actions import dsa
from salon.web.admin.auth import Session, checked, page, services_of, session

router = APIRouter()

Long = Annotated[str, Form(max_length=2000)]


@router.get("/admin/notices")
def notices_page(request: Request, current: Annotated[Session, Depends(session)]) -> Response:
    notices = dsa.open_notices(services_of(request), current.moderator)
    return page(
        request, "admin/notices.html", {"me": current.moderator, "csrf": current.csrf, "notices": notices}
    )


@router.post("/admin/comments/{comment_id}/statement")
def statement(
    request: Request,
    comment_id: int,
    current: Annotated[Session, Depends(checked)],
    action: Annotated[str, Form(max_length=20)],
    facts: Long,
    ground_type: Annotated[str, Form(max_length=10)],
    ground: Long,
    automated_detection: Annotated[bool, Form()] = False,
    back: Annotated[str, Form(max_length=200)] = "/admin/notices",
) -> Response:
    st = dsa.StatementIn(action, facts, ground_type, ground, automated_detection)
    dsa.decide_with_statement(services_of(request), current.moderator, comment_id, st)
    target = back if back.startswith("/admin") and not back.startswith("//") else "/admin/notices"
    return RedirectResponse(target, status_code=303)


@router.get("/admin/appeals")
def appeals_page(request: Request, current: Annotated[Session, Depends(session)]) -> Response:
    appeals = dsa.open_appeals(services_of(request), current.moderator)
    return page(
        request, "admin/appeals.html", {"me": current.moderator, "csrf": current.csrf, "appeals": appeals}
    )


@router.post("/admin/appeals/{appeal_id}/decide")
def decide_appeal(
    request: Request,
    appeal_id: int,
    current: Annotated[Session, Depends(checked)],
    outcome: Annotated[str, Form(max_length=10)],
    note: Long = "",
) -> Response:
    dsa.decide_appeal(services_of(request), current.moderator, appeal_id, outcome, note)
    return RedirectResponse("/admin/appeals", status_code=303)


@router.get("/admin/transparency.csv")
def transparency(
    request: Request,
    current: Annotated[Session, Depends(session)],
    site: Annotated[int | None, Query()] = None,
) -> Response:
    rows = list(dsa.transparency_rows(services_of(request), current.moderator, site))

    def lines() -> Iterator[str]:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(dsa.TRANSPARENCY_COLUMNS)
        for row in rows:
            writer.writerow(row)
        yield out.getvalue()

    headers = {
        "Content-Disposition": 'attachment; filename="salon-transparency.csv"',
        "Cache-Control": "no-store",
    }
    return StreamingResponse(lines(), media_type="text/csv; charset=utf-8", headers=headers)
