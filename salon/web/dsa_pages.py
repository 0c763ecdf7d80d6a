"""The DSA pages readers and authors open from the widget or a link, working without JavaScript:
``/embed/notice?comment=ID`` (a notice of illegal content) and ``/embed/appeal/<token>`` (the
statement of reasons on a decision, and the form to appeal it)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from salon import i18n
from salon.actions import dsa
from salon.api.public import client_address, services_of
from salon.db import comments as comment_queries
from salon.errors import SalonError
from salon.web.templating import templates

router = APIRouter(include_in_schema=False)


def _render(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    """A DSA page in the reader's language: ``?locale=``, else ``Accept-Language``."""
    locale = i18n.choose(request.query_params.get("locale"), request.headers)
    ctx = {**ctx, "locale": locale, "dir": i18n.direction(locale), "t": i18n.MESSAGES.translator(locale)}
    if isinstance(ctx.get("error"), SalonError):
        ctx["error"] = i18n.error_message(locale, ctx["error"])
    elif ctx.get("error"):
        ctx["error"] = ctx["t"](ctx["error"])
    html = templates.env.get_template(name).render(ctx=ctx)
    headers = {"Cache-Control": "no-store", "Vary": "Accept-Language"}
    return HTMLResponse(html, status_code=status, headers=headers)


def _comment(request: Request, comment_id: int) -> Any:
    with services_of(request).db.read() as conn:
        row = comment_queries.get(conn, comment_id)
    return row if row is not None and row.status == "published" and not row.shadow else None


@router.get("/embed/notice", response_class=HTMLResponse)
def notice_form(request: Request, comment: Annotated[int, Query()]) -> HTMLResponse:
    row = _comment(request, comment)
    if row is None:
        return _render(request, "embed/notice.html", 404, error="notice_not_public")
    return _render(request, "embed/notice.html", comment=row)


@router.post("/embed/notice", response_class=HTMLResponse)
async def notice_post(
    request: Request,
    comment: Annotated[int, Form()],
    explanation: Annotated[str, Form(max_length=5000)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
    email: Annotated[str, Form(max_length=320)] = "",
    good_faith: Annotated[bool, Form()] = False,
) -> HTMLResponse:
    services = services_of(request)
    found = dsa.NoticeIn(comment, explanation, name, email, good_faith, client_address(request))
    try:
        notice_id, location = await run_in_threadpool(dsa.file_notice, services, found)
    except SalonError as exc:
        row = _comment(request, comment)
        values = {"explanation": explanation, "name": name, "email": email}
        return _render(
            request, "embed/notice.html", exc.status, comment=row, error=exc, field=exc.field, values=values
        )
    return _render(request, "embed/notice.html", 201, done=True, notice_id=notice_id, location=location)


@router.get("/embed/appeal/{token}", response_class=HTMLResponse)
def appeal_form(request: Request, token: str) -> HTMLResponse:
    try:
        st = dsa.statement_for_token(services_of(request), token)
    except SalonError:
        return _render(request, "embed/appeal.html", 404, error="appeal_bad_link")
    return _render(request, "embed/appeal.html", statement=st, token=token)


@router.post("/embed/appeal/{token}", response_class=HTMLResponse)
async def appeal_post(
    request: Request, token: str, text: Annotated[str, Form(max_length=5000)] = ""
) -> HTMLResponse:
    services = services_of(request)
    try:
        await run_in_threadpool(dsa.appeal, services, token, text)
    except SalonError as exc:
        if exc.status == 404:
            return _render(request, "embed/appeal.html", 404, error="appeal_bad_link")
        st = dsa.statement_for_token(services, token)
        return _render(
            request, "embed/appeal.html", exc.status, statement=st, token=token, error=exc, text=text
        )
    return _render(
        request, "embed/appeal.html", 201, done=True, statement=dsa.statement_for_token(services, token)
    )
