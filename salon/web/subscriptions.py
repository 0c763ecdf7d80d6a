"""Pages behind the links in reply mail: confirm an address, unsubscribe, manage subscriptions.

GET never changes anything (mail scanners follow links): it shows a button that POSTs. The
unsubscribe POST is also the RFC 8058 one-click target: a mail client POSTs
``List-Unsubscribe=One-Click`` to the URL from the ``List-Unsubscribe`` header, token included.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from salon.actions import subscriptions
from salon.errors import SalonError
from salon.notify import compose
from salon.services import Services
from salon.web.templating import templates

router = APIRouter(include_in_schema=False)

HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}


def _services(request: Request) -> Services:
    return request.app.state.services


def notice_page(locale: str, status: int = 200, **values: Any) -> HTMLResponse:
    """The readers' notice page (notify/page.html) in ``locale``, never cached or framed."""
    code = compose.pick(locale)
    context = {
        "locale": code,
        "dir": "rtl" if code in compose.RTL else "ltr",
        "t": compose.translator(code),
        "message": "",
        "error": "",
        "ask": "",
        "view": None,
        **values,
    }
    html = templates.env.get_template("notify/page.html").render(context)
    return HTMLResponse(html, status_code=status, headers=HEADERS)


def _bad(request: Request, title_key: str) -> HTMLResponse:
    t = compose.translator("en")
    return notice_page("en", 400, title=t(title_key), error=t("page_bad_link"))


async def _token(request: Request) -> str:
    token = request.query_params.get("t")
    if request.method == "POST" and not token:
        form = await request.form()
        value = form.get("t")
        token = value if isinstance(value, str) else None
    return token or ""


@router.get("/notify/confirm")
async def confirm_page(request: Request) -> Response:
    token = await _token(request)
    try:
        view = await run_in_threadpool(subscriptions.confirm_target, _services(request), token)
    except SalonError:
        return _bad(request, "page_confirm_title")
    t = compose.translator(view.locale)
    if view.confirmed:
        return notice_page(view.locale, title=t("page_confirm_title"), message=t("page_confirmed"))
    return notice_page(
        view.locale,
        title=t("page_confirm_title"),
        ask=t("confirm_action") + "?",
        token=token,
        action="/notify/confirm",
        button=t("confirm_action"),
    )


@router.post("/notify/confirm")
async def confirm(request: Request) -> Response:
    try:
        view = await run_in_threadpool(subscriptions.confirm, _services(request), await _token(request))
    except SalonError:
        return _bad(request, "page_confirm_title")
    t = compose.translator(view.locale)
    return notice_page(view.locale, title=t("page_confirm_title"), message=t("page_confirmed"))


@router.get("/notify/unsubscribe")
async def unsubscribe_page(request: Request) -> Response:
    token = await _token(request)
    try:
        view, title = await run_in_threadpool(subscriptions.unsubscribe_target, _services(request), token)
    except SalonError:
        return _bad(request, "page_unsubscribe_title")
    t = compose.translator(view.locale)
    return notice_page(
        view.locale,
        title=t("page_unsubscribe_title"),
        ask=t("page_unsubscribe_ask", title=title),
        token=token,
        action="/notify/unsubscribe",
        button=t("page_unsubscribe_button"),
    )


@router.post("/notify/unsubscribe")
async def unsubscribe(request: Request) -> Response:
    """The form's button, or a mail client's RFC 8058 one-click POST."""
    token = await _token(request)
    services = _services(request)
    try:
        view, _ = await run_in_threadpool(subscriptions.unsubscribe_target, services, token)
        await run_in_threadpool(subscriptions.unsubscribe, services, token)
    except SalonError:
        return _bad(request, "page_unsubscribe_title")
    t = compose.translator(view.locale)
    return notice_page(view.locale, title=t("page_unsubscribe_title"), message=t("page_unsubscribed"))


@router.get("/notify/manage")
async def manage_page(request: Request) -> Response:
    token = await _token(request)
    try:
        view = await run_in_threadpool(subscriptions.manage_view, _services(request), token)
    except SalonError:
        return _bad(request, "page_manage_title")
    t = compose.translator(view.locale)
    return notice_page(view.locale, title=t("page_manage_title"), view=view, token=token)


@router.post("/notify/manage")
async def manage(request: Request) -> Response:
    form = await request.form()
    token = await _token(request)
    raw = form.get("subscription")
    which = raw if isinstance(raw, str) else ""
    if which != "all" and not which.isdigit():
        return _bad(request, "page_manage_title")
    try:
        view = await run_in_threadpool(
            subscriptions.remove, _services(request), token, None if which == "all" else int(which)
        )
    except SalonError:
        return _bad(request, "page_manage_title")
    t = compose.translator(view.locale)
    return notice_page(view.locale, title=t("page_manage_title"), view=view, token=token)
