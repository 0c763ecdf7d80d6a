"""Dashboard actions: decisions on comments, threads and authors. Thin: parse → action → render.

Requests from htmx get the changed item back (or out-of-band swaps for bulk actions); plain form
posts are redirected back to the page they came from.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from salon.actions import decisions, sanctions
from salon.actions.decisions import BulkResult
from salon.db import authors as author_queries
from salon.db import queue as queue_queries
from salon.db import sanctions as sanction_queries
from salon.db import sites as site_queries
from salon.errors import SalonError, not_found
from salon.models import SanctionKind
from salon.web.admin.auth import Session, checked, page, services_of, session
from salon.web.admin.queues import build_items, item_context, page_counts
from salon.web.templating import templates

router = APIRouter()

Text = Annotated[str, Form(max_length=2000)]


def _htmx(request: Request) -> bool:
    return bool(request.headers.get("hx-request"))


def back(request: Request, fallback: str = "/admin") -> RedirectResponse:
    """Redirect to the dashboard page the form was on."""
    referer = request.headers.get("referer", "")
    base = str(request.base_url).rstrip("/")
    target = referer[len(base) :] if referer.startswith(base + "/admin") else fallback
    return RedirectResponse(target, status_code=303)


def _item(request: Request, current: Session, comment_id: int, **extra: Any) -> Response:
    context = item_context(request, current, comment_id, **extra)
    return page(request, "admin/_item.html", context)


def _bulk_response(request: Request, current: Session, result: BulkResult, label: str) -> Response:
    if not _htmx(request):
        return back(request)
    services = services_of(request)
    with services.db.read() as conn:
        rows = list(queue_queries.comments_by_id(conn, result.done).values())
        items = build_items(conn, rows)
        counts = page_counts(conn, current, request.headers.get("hx-current-url"))
    authors = list({i["author"].id: i["author"] for i in items if i["author"] is not None}.values())
    html = templates.get_template("admin/_bulk.html").render(
        items=items,
        csrf=current.csrf,
        me=current.moderator,
        done=label,
        result=result,
        counts=counts,
        cap=queue_queries.COUNT_CAP,
        live_authors=authors,
    )
    return HTMLResponse(html)


@router.post("/admin/comments/{comment_id}/decide")
def decide(
    request: Request,
    comment_id: int,
    current: Annotated[Session, Depends(checked)],
    action: Annotated[str, Form(max_length=20)],
    message: Text = "",
) -> Response:
    decisions.decide(services_of(request), current.moderator, comment_id, action, message=message or None)
    return _item(request, current, comment_id, done=action) if _htmx(request) else back(request)


@router.post("/admin/comments/{comment_id}/pin")
def pin(
    request: Request,
    comment_id: int,
    current: Annotated[Session, Depends(checked)],
    pinned: Annotated[bool, Form()] = True,
) -> Response:
    decisions.pin(services_of(request), current.moderator, comment_id, pinned)
    return _item(request, current, comment_id) if _htmx(request) else back(request)


@router.post("/admin/threads/{thread_id}/lock")
def lock(
    request: Request,
    thread_id: int,
    current: Annotated[Session, Depends(checked)],
    locked: Annotated[bool, Form()] = True,
    comment: Annotated[int | None, Form()] = None,
) -> Response:
    decisions.lock_thread(services_of(request), current.moderator, thread_id, locked)
    if _htmx(request) and comment is not None:
        return _item(request, current, comment)
    return back(request)


@router.get("/admin/comments/{comment_id}/edit")
def edit_form(request: Request, comment_id: int, current: Annotated[Session, Depends(session)]) -> Response:
    context = item_context(request, current, comment_id)
    return page(request, "admin/edit.html", context)


@router.post("/admin/comments/{comment_id}/edit")
def edit(
    request: Request,
    comment_id: int,
    current: Annotated[Session, Depends(checked)],
    body: Annotated[str, Form(max_length=100_000)],
    reason: Text = "",
) -> Response:
    services = services_of(request)
    try:
        decisions.edit(services, current.moderator, comment_id, body, reason or None)
    except SalonError as exc:
        if exc.status != 422:
            raise
        context = item_context(request, current, comment_id, error=exc.message)
        return page(request, "admin/edit.html", context, status_code=422)
    return RedirectResponse(f"/admin/comments/{comment_id}", status_code=303)


@router.get("/admin/comments/{comment_id}")
def one(request: Request, comment_id: int, current: Annotated[Session, Depends(session)]) -> Response:
    context = item_context(request, current, comment_id)
    return page(request, "admin/comment.html", context)


@router.post("/admin/bulk")
def bulk(
    request: Request,
    current: Annotated[Session, Depends(checked)],
    action: Annotated[str, Form(max_length=20)],
    ids: Annotated[list[int] | None, Form()] = None,
    message: Text = "",
) -> Response:
    if not ids:
        raise SalonError(422, "nothing_selected", "select some comments first", "ids")
    result = decisions.bulk(services_of(request), current.moderator, action, ids, message or None)
    return _bulk_response(request, current, result, action)


@router.post("/admin/authors/{author_id}/bulk")
def author_bulk(
    request: Request,
    author_id: int,
    current: Annotated[Session, Depends(checked)],
    action: Annotated[str, Form(max_length=20)],
    message: Text = "",
) -> Response:
    result = decisions.by_author(services_of(request), current.moderator, author_id, action, message or None)
    return _bulk_response(request, current, result, action)


def _duration(hours: float | None) -> timedelta | None:
    return timedelta(hours=hours) if hours else None


def _sanctions_part(request: Request, current: Session, author_id: int, notice: str) -> Response:
    """The sanctions block swapped in place (its id is htmx's target), or back to the page."""
    if not _htmx(request):
        return back(request, f"/admin/authors/{author_id}")
    target = request.headers.get("hx-target")
    context = author_context(request, current, author_id) | {"notice": notice, "target": target}
    return page(request, "admin/_sanctions.html", context)


@router.post("/admin/authors/{author_id}/sanctions")
def sanction(
    request: Request,
    author_id: int,
    current: Annotated[Session, Depends(checked)],
    kind: Annotated[SanctionKind, Form()],
    hours: Annotated[float | None, Form(ge=0, le=24 * 3650)] = None,
    reason: Text = "",
    signals: Annotated[list[str] | None, Form()] = None,
    address_days: Annotated[int, Form(ge=1, le=365)] = sanctions.ADDRESS_DAYS,
) -> Response:
    services = services_of(request)
    duration = _duration(hours) if kind is SanctionKind.SUSPEND else None
    sanctions.sanction(
        services, current.moderator, author_id, kind, reason, duration, signals or (), address_days
    )
    return _sanctions_part(request, current, author_id, f"{kind.value.replace('_', '-')} applied")


@router.post("/admin/sanctions/{sanction_id}/lift")
def lift(
    request: Request,
    sanction_id: int,
    current: Annotated[Session, Depends(checked)],
    author: Annotated[int | None, Form()] = None,
    reason: Text = "",
) -> Response:
    services = services_of(request)
    sanctions.lift(services, current.moderator, sanction_id, reason)
    if author is None:
        return back(request)
    return _sanctions_part(request, current, author, "lifted")


def author_context(request: Request, current: Session, author_id: int) -> dict[str, Any]:
    services = services_of(request)
    with services.db.read() as conn:
        author = author_queries.get(conn, author_id)
        if author is None or not current.moderator.can(author.site_id):
            raise not_found("author")
        active = sanction_queries.active(conn, author_id)
        history = sanction_queries.history(conn, author_id)
        recent = queue_queries.author_recent(conn, author_id, limit=50)
        site = site_queries.get(conn, author.site_id)
    return {
        "me": current.moderator,
        "csrf": current.csrf,
        "author": author,
        "active": active,
        "history": history,
        "recent": recent,
        "site": site,
        "kinds": list(SanctionKind),
    }


@router.get("/admin/authors/{author_id}")
def author_page(request: Request, author_id: int, current: Annotated[Session, Depends(session)]) -> Response:
    return page(request, "admin/author.html", author_context(request, current, author_id))
