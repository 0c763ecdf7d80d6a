"""The audit log page: who did what, when and why; filtered by site, actor, action and target."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from salon.db import auditlog
from salon.db import sites as site_queries
from salon.web.admin.auth import Session, page, services_of, session

router = APIRouter()
PAGE_SIZE = 100


@router.get("/admin/audit")
def audit_page(
    request: Request,
    current: Annotated[Session, Depends(session)],
    site: int | None = None,
    actor: Annotated[str | None, Query(max_length=100)] = None,
    action: Annotated[str | None, Query(max_length=60)] = None,
    target_type: Annotated[str | None, Query(max_length=30)] = None,
    target_id: Annotated[str | None, Query(max_length=64)] = None,
    before: int | None = None,
) -> Response:
    me = current.moderator
    if site is not None:
        me.require(site)
    services = services_of(request)
    f = auditlog.AuditFilter(
        site_ids=frozenset({site}) if site is not None else me.site_ids,
        actor=actor or None,
        action=action or None,
        target_type=target_type or None,
        target_id=target_id or None,
    )
    with services.db.read() as conn:
        rows, next_before = auditlog.entries(conn, f, PAGE_SIZE, before)
        sites = {s.id: s for s in site_queries.all_sites(conn) if me.can(s.id)}
    return page(
        request,
        "admin/audit.html",
        {
            "me": me,
            "csrf": current.csrf,
            "rows": rows,
            "next_before": next_before,
            "sites": sites,
            "filters": {
                "site": site,
                "actor": actor or "",
                "action": action or "",
                "target_type": target_type or "",
                "target_id": target_id or "",
            },
        },
    )
