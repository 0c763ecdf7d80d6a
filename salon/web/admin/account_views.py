"""The account page: the signed-in user's live sessions (end any of them), a password change, and
the mail they want about each site's held and reported comments."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from salon.actions import admin_sessions as session_actions
from salon.actions import moderator_mail
from salon.actions import users as user_actions
from salon.errors import SalonError
from salon.web.admin.auth import Session, checked, page, services_of, session, start_session

router = APIRouter()


def _account_page(request: Request, current: Session, message: str = "", status_code: int = 200) -> Response:
    services = services_of(request)
    return page(
        request,
        "admin/account.html",
        {
            "me": current.moderator,
            "csrf": current.csrf,
            "sessions": session_actions.list_for(services, current.moderator.id),
            "this_session": current.session_id,
            "mail": moderator_mail.own_choices(services, current.moderator),
            "message": message,
        },
        status_code=status_code,
    )


@router.get("/admin/account")
def account(request: Request, current: Annotated[Session, Depends(session)]) -> Response:
    return _account_page(request, current, request.query_params.get("done", "")[:100])


@router.post("/admin/account/sessions/{session_id}/end")
def end_session(request: Request, session_id: int, current: Annotated[Session, Depends(checked)]) -> Response:
    """End one of the user's own sessions (another browser's, or this one: then sign in again)."""
    me = current.moderator
    session_actions.end(services_of(request), me.id, session_id, me.actor, why="ended_from_account")
    target = "/admin/login" if session_id == current.session_id else "/admin/account?done=Session+ended."
    return RedirectResponse(target, status_code=303)


@router.post("/admin/account/password")
def change_password(
    request: Request,
    current: Annotated[Session, Depends(checked)],
    password: Annotated[str, Form(max_length=1000)] = "",
    new_password: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Change the password: every session ends, and this browser gets a new one."""
    services = services_of(request)
    try:
        user_actions.change_password(services, current.moderator, password, new_password)
    except SalonError as exc:
        return _account_page(request, current, exc.message, exc.status)
    moderator = user_actions.load_moderator(services, current.moderator.id)
    done = "/admin/account?done=Password+changed%3B+other+sessions+ended."
    response = RedirectResponse(done, status_code=303)
    if moderator is not None:
        start_session(response, request, moderator)
    return response


@router.post("/admin/account/mail")
async def choose_mail(request: Request, current: Annotated[Session, Depends(checked)]) -> Response:
    """Each site's mail for this moderator: ``mail_<site id>`` = each, daily or off."""
    services = services_of(request)
    form = await request.form()
    try:
        for site, mode in await run_in_threadpool(moderator_mail.own_choices, services, current.moderator):
            wanted = str(form.get(f"mail_{site.id}", mode))
            if wanted != mode:
                await run_in_threadpool(moderator_mail.choose, services, current.moderator, site.id, wanted)
    except SalonError as exc:
        return _account_page(request, current, exc.message, exc.status)
    return RedirectResponse("/admin/account?done=Mail+settings+saved.", status_code=303)
