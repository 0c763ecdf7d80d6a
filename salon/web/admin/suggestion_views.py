"""The Perspective feedback page: scores clients suggested through ``comments:suggestscore``.

Coral sends one per moderator decision (0 approved, 1 rejected); they are kept as training signal
for learning from a site's decisions (``salon.actions.perspective_feedback``) and listed here,
newest first, for the sites the signed-in moderator may see.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from salon.db import sites as site_queries
from salon.db import suggestions
from salon.web.admin.auth import Session, page, services_of, session

router = APIRouter()
PAGE_SIZE = 50


@router.get("/admin/suggestions")
def suggestions_page(
    request: Request,
    current: Annotated[Session, Depends(session)],
    site: int | None = None,
    community: Annotated[str | None, Query(max_length=200)] = None,
    token: Annotated[str | None, Query(max_length=200)] = None,
    before: int | None = None,
) -> Response:
    me = current.moderator
    if site is not None:
        me.require(site)
    f = suggestions.SuggestionFilter(
        site_ids=me.site_ids, site_id=site, community_id=community or None, client_token=token or None
    )
    with services_of(request).db.read() as conn:
        rows, next_before = suggestions.page(conn, f, PAGE_SIZE, before)
        sites = {s.id: s for s in site_queries.all_sites(conn) if me.can(s.id)}
    return page(
        request,
        "admin/suggestions.html",
        {
            "me": me,
            "csrf": current.csrf,
            "rows": rows,
            "next_before": next_before,
            "sites": sites,
            "filters": {"site": site, "community": community or "", "token": token or ""},
        },
    )
