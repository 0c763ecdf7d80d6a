"""The heated-threads queue and a moderator's answers to a flame war: slow mode, a pause, a
cool-down for the two or three authors of the exchange. Thin: parse → action → render."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request, Response

from salon.actions import thread_controls
from salon.db import sites as site_queries
from salon.db.engine import now
from salon.web.admin.auth import Session, checked, page, services_of, session
from salon.web.admin.views import back

router = APIRouter()

SLOW_MODE_CHOICES = (30, 60, 120, 300, 600)
PAUSE_CHOICES = (15, 30, 60, 180, 720)
COOL_DOWN_CHOICES = (10, 30, 60, 180)


@router.get("/admin/heated")
def heated_page(
    request: Request,
    current: Annotated[Session, Depends(session)],
    site: Annotated[int | None, Query()] = None,
) -> Response:
    services = services_of(request)
    ranked = thread_controls.heated(services, current.moderator, site)
    with services.db.read() as conn:
        sites = {s.id: s for s in site_queries.all_sites(conn) if current.moderator.can(s.id)}
    return page(
        request,
        "admin/heated.html",
        {
            "me": current.moderator,
            "csrf": current.csrf,
            "ranked": ranked,
            "sites": sites,
            "site": site,
            "now": now(),
            "slow_choices": SLOW_MODE_CHOICES,
            "pause_choices": PAUSE_CHOICES,
            "cool_choices": COOL_DOWN_CHOICES,
            "cool_message": thread_controls.COOL_DOWN_MESSAGE,
        },
    )


@router.post("/admin/threads/{thread_id}/slow-mode")
def slow_mode(
    request: Request,
    thread_id: int,
    current: Annotated[Session, Depends(checked)],
    seconds: Annotated[int, Form(ge=0, le=86_400)],
    hours: Annotated[float | None, Form(ge=0, le=24 * 30)] = None,
) -> Response:
    thread_controls.set_slow_mode(services_of(request), current.moderator, thread_id, seconds, hours)
    return back(request, "/admin/heated")


@router.post("/admin/threads/{thread_id}/pause")
def pause(
    request: Request,
    thread_id: int,
    current: Annotated[Session, Depends(checked)],
    minutes: Annotated[int, Form(ge=0, le=7 * 24 * 60)],
) -> Response:
    thread_controls.pause(services_of(request), current.moderator, thread_id, minutes)
    return back(request, "/admin/heated")


@router.post("/admin/threads/{thread_id}/cool-down")
def cool_down(
    request: Request,
    thread_id: int,
    current: Annotated[Session, Depends(checked)],
    authors: Annotated[list[int], Form()],
    minutes: Annotated[int, Form(ge=1, le=24 * 60)] = 30,
    message: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    thread_controls.cool_down(services_of(request), current.moderator, thread_id, authors, minutes, message)
    return back(request, "/admin/heated")
