"""The delivery log: what the outbox sent, is trying to send, or gave up on; a test mail button;
the site's webhooks (add, rotate the secret, switch off, send a test event)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from salon.actions import deliveries as delivery_actions
from salon.actions import webhooks as webhook_actions
from salon.db import outbox as outbox_queries
from salon.db import sites as site_queries
from salon.errors import SalonError, not_found
from salon.notify import webhooks
from salon.web.admin.auth import Session, checked, page, services_of, session

router = APIRouter()
PAGE_SIZE = 100
STATUSES = ("pending", "sent", "failed", "skipped")


def _render(
    request: Request, current: Session, status: str | None, notice: str = "", secret: str = ""
) -> Response:
    me = current.moderator
    services = services_of(request)
    with services.db.read() as conn:
        rows = outbox_queries.recent(conn, me.site_ids, PAGE_SIZE, status)
        counts = outbox_queries.counts(conn, me.site_ids)
        sites = {s.id: s for s in site_queries.all_sites(conn) if me.can(s.id)}
    return page(
        request,
        "admin/deliveries.html",
        {
            "me": me,
            "csrf": current.csrf,
            "rows": rows,
            "counts": counts,
            "statuses": STATUSES,
            "status": status or "",
            "sites": sites,
            "hooks": webhook_actions.for_sites(services, me.site_ids),
            "events": webhooks.EVENTS,
            "presets": webhooks.PRESETS,
            "notice": notice,
            "secret": secret,
        },
    )


@router.get("/admin/deliveries")
def deliveries(
    request: Request,
    current: Annotated[Session, Depends(session)],
    status: Annotated[str | None, Query(max_length=16)] = None,
) -> Response:
    return _render(request, current, status if status in STATUSES else None)


@router.post("/admin/deliveries/test")
async def send_test(request: Request, current: Annotated[Session, Depends(checked)]) -> Response:
    """A test mail to the signed-in moderator's own address, through the outbox like any other."""
    services = services_of(request)
    await run_in_threadpool(delivery_actions.send_test_mail, services, current.moderator)
    return _render(request, current, None, notice=f"A test mail to {current.moderator.email} is queued.")


@router.post("/admin/deliveries/{row_id}/retry")
async def retry(request: Request, row_id: int, current: Annotated[Session, Depends(checked)]) -> Response:
    services = services_of(request)
    await run_in_threadpool(delivery_actions.retry_delivery, services, current.moderator, row_id)
    return RedirectResponse("/admin/deliveries", status_code=303)


def _hook_of(request: Request, current: Session, hook_id: int) -> webhook_actions.Webhook:
    for hook in webhook_actions.for_sites(services_of(request), current.moderator.site_ids):
        if hook.id == hook_id:
            return hook
    raise not_found("webhook")


@router.post("/admin/webhooks")
async def add_webhook(
    request: Request,
    current: Annotated[Session, Depends(checked)],
    site: Annotated[int, Form()],
    url: Annotated[str, Form(max_length=2048)],
    preset: Annotated[str, Form(max_length=16)] = "standard",
    events: Annotated[list[str] | None, Form()] = None,
) -> Response:
    current.moderator.require(site)
    services = services_of(request)
    try:
        hook, secret = await run_in_threadpool(
            webhook_actions.add, services, site, url, events or [], preset, current.moderator.actor
        )
    except SalonError as exc:
        return _render(request, current, None, notice=exc.message)
    return _render(request, current, None, notice=f"Webhook #{hook.id} added. Its secret:", secret=secret)


@router.post("/admin/webhooks/{hook_id}/rotate")
async def rotate_webhook(
    request: Request, hook_id: int, current: Annotated[Session, Depends(checked)]
) -> Response:
    _hook_of(request, current, hook_id)
    secret = await run_in_threadpool(
        webhook_actions.rotate,
        services_of(request),
        hook_id,
        webhook_actions.DEFAULT_OVERLAP_SECONDS,
        current.moderator.actor,
    )
    notice = f"Webhook #{hook_id} has a new secret; the old one keeps signing for 24 hours. The new secret:"
    return _render(request, current, None, notice=notice, secret=secret)


@router.post("/admin/webhooks/{hook_id}/active")
async def toggle_webhook(
    request: Request,
    hook_id: int,
    current: Annotated[Session, Depends(checked)],
    active: Annotated[str, Form(max_length=5)] = "0",
) -> Response:
    _hook_of(request, current, hook_id)
    await run_in_threadpool(
        webhook_actions.set_active, services_of(request), hook_id, active == "1", current.moderator.actor
    )
    return RedirectResponse("/admin/deliveries", status_code=303)


@router.post("/admin/webhooks/{hook_id}/test")
async def test_webhook(
    request: Request, hook_id: int, current: Annotated[Session, Depends(checked)]
) -> Response:
    _hook_of(request, current, hook_id)
    await run_in_threadpool(webhook_actions.send_test, services_of(request), hook_id, current.moderator.actor)
    return _render(request, current, None, notice=f"A test event to webhook #{hook_id} is queued.")
