"""Data-subject requests from the author page: a copy of everything held, or erasure.

Thin views over salon.actions.subjects, the functions `salon author export|erase` call, so the
dashboard, the command line and the widget answer a request the same way (and each is audited).
Erasure cannot be undone, so the form asks the moderator to type ERASE; anything else is a 422
with the page shown again.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from salon.actions.subjects import erase_subject, export_subject
from salon.db.sites import Site
from salon.errors import not_found
from salon.web.admin.auth import PAGE_HEADERS, Session, checked, page, services_of
from salon.web.admin.views import author_context

router = APIRouter()
#: What the moderator types to confirm an erasure.
CONFIRM_WORD = "ERASE"


def _site_of(context: dict[str, object]) -> Site:
    site = context["site"]
    if not isinstance(site, Site):
        raise not_found("site")
    return site


@router.post("/admin/authors/{author_id}/export")
async def export_author(
    request: Request, author_id: int, current: Annotated[Session, Depends(checked)]
) -> Response:
    """The author's data as a JSON download."""
    context = author_context(request, current, author_id)
    site = _site_of(context)
    data = await run_in_threadpool(
        lambda: export_subject(services_of(request), site, author_id=author_id, actor=current.moderator.actor)
    )
    body = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True, default=str) + "\n"
    headers = {
        **PAGE_HEADERS,
        "Content-Disposition": f'attachment; filename="{site.name}-author-{author_id}.json"',
    }
    return Response(body, media_type="application/json", headers=headers)


@router.post("/admin/authors/{author_id}/erase")
async def erase_author(
    request: Request,
    author_id: int,
    current: Annotated[Session, Depends(checked)],
    confirm: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Erase the author (after the typed confirmation), then show the audit log's entry."""
    context = author_context(request, current, author_id)
    site = _site_of(context)
    if confirm.strip() != CONFIRM_WORD:
        context["erase_error"] = f"Type {CONFIRM_WORD} to confirm; nothing was erased."
        return page(request, "admin/author.html", context, status_code=422)
    await run_in_threadpool(
        lambda: erase_subject(services_of(request), site, author_id=author_id, actor=current.moderator.actor)
    )
    return RedirectResponse(f"/admin/audit?site={site.id}&action=author.erase", status_code=303)
