"""The dashboard's one router (listed in app.ROUTERS): every page and action, and its static files."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse, RedirectResponse

from salon.errors import not_found
from salon.web.admin import (
    account_views,
    audit_views,
    auth,
    delivery_views,
    dsa_views,
    heat_views,
    learning_views,
    queues,
    settings_views,
    subject_views,
    suggestion_views,
    views,
)
from salon.web.templating import STATIC_DIR

ADMIN_STATIC = STATIC_DIR / "admin"
#: The files the dashboard serves; nothing else under static/ is reachable through this route.
STATIC_FILES = {"htmx.min.js", "admin.js", "admin.css"}

router = APIRouter(include_in_schema=False)
for part in (
    auth.router,
    queues.router,
    views.router,
    settings_views.router,
    audit_views.router,
    account_views.router,
    suggestion_views.router,
    heat_views.router,
    dsa_views.router,
    learning_views.router,
    delivery_views.router,
    subject_views.router,
):
    router.include_router(part)


@router.get("/admin/")
def slash() -> RedirectResponse:
    return RedirectResponse("/admin", status_code=308)


@router.get("/admin/static/{name}")
def static(name: str) -> FileResponse:
    if name not in STATIC_FILES:
        raise not_found("file")
    media = "text/css" if name.endswith(".css") else "text/javascript"
    return FileResponse(
        ADMIN_STATIC / name, media_type=media, headers={"Cache-Control": "public, max-age=3600"}
    )
