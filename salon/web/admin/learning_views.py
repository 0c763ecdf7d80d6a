"""What each site's adjustment learned from its moderators and from Perspective feedback: where it
learned from, the strongest features per head, precision and recall at the hold on the held-out
examples (shipped model vs adjusted), reset."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import RedirectResponse

from salon.actions import learning as learning_actions
from salon.db import sites as site_queries
from salon.web.admin.auth import Session, checked, page, services_of, session

router = APIRouter()


@router.get("/admin/learning")
def learning_page(
    request: Request,
    current: Annotated[Session, Depends(session)],
    site: Annotated[int | None, Query()] = None,
) -> Response:
    services = services_of(request)
    with services.db.read() as conn:
        sites = [s for s in site_queries.all_sites(conn) if current.moderator.can(s.id)]
    chosen = site if site is not None else (sites[0].id if sites else None)
    context: dict[str, object] = {
        "me": current.moderator,
        "csrf": current.csrf,
        "sites": sites,
        "site": chosen,
    }
    if chosen is not None:
        version, decisions, heads = learning_actions.report(services, current.moderator, chosen)
        sources = learning_actions.sources(services, current.moderator, chosen)
        context |= {"version": version, "decisions": decisions, "heads": heads, "sources": sources}
    return page(request, "admin/learning.html", context)


@router.post("/admin/sites/{site_id}/learning/reset")
def reset(request: Request, site_id: int, current: Annotated[Session, Depends(checked)]) -> Response:
    learning_actions.reset(services_of(request), current.moderator, site_id)
    return RedirectResponse(f"/admin/learning?site={site_id}", status_code=303)
