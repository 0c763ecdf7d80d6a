"""Sites and their settings. Admins change settings; moderators see their own sites' read-only.

The form is built from the moderation policy's keys (salon/moderation/policy.py), plus the site
keys the policy does not own (origins, edit window, report threshold). Changes are validated by
the policy, stored by actions.sites.update_settings (audited, and announced as site.changed so
every process uses them at once).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException

from salon.actions.sites import update_settings
from salon.db import queue as queue_queries
from salon.db import sites as site_queries
from salon.db.queue import QueueFilter
from salon.db.sites import SITE_DEFAULTS, Site
from salon.errors import SalonError, not_found
from salon.moderation import backtest
from salon.moderation import policy as site_policy
from salon.moderation.classifiers.base import CATEGORIES
from salon.web.admin.auth import Session, checked, page, services_of, session

router = APIRouter()
ORIGIN = re.compile(r"^https?://[^\s/?#]+/?$", re.IGNORECASE)


@dataclass(frozen=True)
class Field:
    """One input on the settings page."""

    key: str
    label: str
    kind: str  # bool | int | float | words | text | choice | thresholds | origins
    help: str = ""
    choices: tuple[str, ...] = ()
    lo: float = 0
    hi: float = 0


#: Site keys outside the moderation policy, with their bounds.
SITE_FIELDS: tuple[Field, ...] = (
    Field(
        "edit_window_seconds", "Edit window (seconds)", "int", "how long authors may edit", lo=0, hi=86400 * 7
    ),
    Field(
        "report_threshold",
        "Report threshold",
        "int",
        "open reader reports that hold a comment (0: never)",
        hi=1000,
    ),
)
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Pre-moderation and trust", ("premoderation", "trust_new_count", "trust_window", "trust_reject_ratio")),
    ("Words and links", ("banned_words", "suspect_words", "link_limit", "first_time_links")),
    ("Model thresholds", ("thresholds", "unjudged_languages")),
    ("Nudge and names", ("nudge_enabled", "nudge_threshold", "name_threshold")),
    (
        "Flood and duplicates",
        (
            "flood_limit",
            "flood_window_seconds",
            "duplicate_threshold",
            "duplicate_window",
            "duplicate_min_words",
        ),
    ),
    ("Messages", ("held_message", "held_messages")),
)


def _policy_fields() -> dict[str, Field]:
    out: dict[str, Field] = {}
    for f in fields(site_policy.Policy):
        doc = site_policy.POLICY_KEYS.get(f.name, "")
        default = getattr(site_policy.Policy(), f.name)
        label = f.name.replace("_", " ").capitalize()
        if f.name == "thresholds":
            kind = "thresholds"
        elif f.name == "premoderation":
            out[f.name] = Field(f.name, "Pre-moderation", "choice", doc, ("off", "new", "all"))
            continue
        elif f.name == "unjudged_languages":
            out[f.name] = Field(f.name, "Languages the model cannot judge", "choice", doc, ("score", "hold"))
            continue
        elif isinstance(default, bool):
            kind = "bool"
        elif isinstance(default, int):
            kind = "int"
        elif isinstance(default, float):
            kind = "float"
        elif isinstance(default, tuple):
            kind = "words"
        else:
            kind = "text"
        out[f.name] = Field(f.name, label, kind, doc)
    return out


def _groups() -> list[tuple[str, list[Field]]]:
    known = _policy_fields()
    grouped: list[tuple[str, list[Field]]] = []
    seen: set[str] = set()
    for title, keys in GROUPS:
        chosen = [known[k] for k in keys if k in known]
        seen.update(f.key for f in chosen)
        if chosen:
            grouped.append((title, chosen))
    rest = [f for k, f in known.items() if k not in seen]
    if rest:
        grouped.append(("Other", rest))
    grouped.append(("Site", list(SITE_FIELDS)))
    return grouped


def _current(site: Site) -> dict[str, Any]:
    """Every key's effective value: the site's own, else the default."""
    values = {**site_policy.defaults(), **{f.key: SITE_DEFAULTS.get(f.key) for f in SITE_FIELDS}}
    for key, value in site.settings.items():
        if key == "thresholds" and isinstance(value, dict):
            values["thresholds"] = {**values["thresholds"], **value}
        else:
            values[key] = value
    values["origins"] = list(site.origins)
    return values


def _number(raw: str, field: Field, cast: type) -> Any:
    try:
        return cast(raw.strip())
    except ValueError as exc:
        raise SalonError(422, "invalid_setting", f"{field.label}: give a number", field.key) from exc


def _thresholds(form: FormData, f: Field, current: dict[str, Any]) -> dict[str, list[float]]:
    """The categories whose [hold, reject] the form changes; absent inputs keep their value."""
    changed: dict[str, list[float]] = {}
    for cat in CATEGORIES:
        have = [float(v) for v in current["thresholds"].get(cat, [1.0, 1.0])]
        pair = [
            _number(str(form[name]), f, float) if (name := f"thresholds.{cat}.{part}") in form else have[i]
            for i, part in enumerate(("hold", "reject"))
        ]
        if pair != have:
            changed[cat] = pair
    return changed


def _value(form: FormData, f: Field) -> Any:
    raw = str(form[f.key])
    if f.kind == "int":
        return _number(raw, f, int)
    if f.kind == "float":
        return _number(raw, f, float)
    if f.kind == "words":
        return [w.strip() for w in raw.splitlines() if w.strip()]
    return raw.strip()


def _read_form(form: FormData, current: dict[str, Any]) -> dict[str, Any]:
    """What the form changes, in the types the policy validator accepts. Absent inputs change nothing,
    except unticked boxes on the full page form (marked ``_form=full``), which send nothing."""
    changes: dict[str, Any] = {}
    if "origins" in form:
        origins = [line.strip() for line in str(form["origins"]).splitlines() if line.strip()]
        if not origins:
            raise SalonError(422, "no_origins", "a site needs at least one origin", "origins")
        for origin in origins:
            if not ORIGIN.match(origin):
                raise SalonError(
                    422, "bad_origin", f"{origin}: origins look like https://example.com", "origins"
                )
        if origins != current["origins"]:
            changes["origins"] = origins
    full = form.get("_form") == "full"
    for _, group in _groups():
        for f in group:
            if f.kind == "thresholds":
                if changed := _thresholds(form, f, current):
                    changes["thresholds"] = changed
                continue
            if f.kind == "bool":
                if f.key not in form and not full:
                    continue
                value: Any = f.key in form
            elif f.key not in form:
                continue
            else:
                value = _value(form, f)
            if value != current.get(f.key):
                changes[f.key] = value
    return changes


def _check_site_fields(changes: dict[str, Any]) -> None:
    for f in SITE_FIELDS:
        if f.key in changes and not f.lo <= changes[f.key] <= f.hi:
            raise SalonError(422, "invalid_setting", f"{f.label} must be from {f.lo:g} to {f.hi:g}", f.key)


def _site_for(request: Request, current: Session, site_id: int) -> Site:
    current.moderator.require(site_id)
    with services_of(request).db.read() as conn:
        site = site_queries.get(conn, site_id)
    if site is None:
        raise not_found("site")
    return site


def _settings_page(
    request: Request,
    current: Session,
    site: Site,
    error: str = "",
    field: str = "",
    status_code: int = 200,
    values: dict[str, Any] | None = None,
    saved: bool = False,
    preview: dict[str, Any] | None = None,
) -> Response:
    return page(
        request,
        "admin/settings.html",
        {
            "me": current.moderator,
            "csrf": current.csrf,
            "site": site,
            "values": values or _current(site),
            "groups": _groups(),
            "categories": CATEGORIES,
            "editable": current.moderator.is_admin,
            "error": error,
            "error_field": field,
            "saved": saved,
            "preview": preview,
        },
        status_code=status_code,
    )


@router.get("/admin/sites")
def sites_page(request: Request, current: Annotated[Session, Depends(session)]) -> Response:
    me = current.moderator
    services = services_of(request)
    with services.db.read() as conn:
        sites = [s for s in site_queries.all_sites(conn) if me.can(s.id)]
        held = {s.id: queue_queries.count(conn, QueueFilter("held", frozenset({s.id}))) for s in sites}
        reported = {
            s.id: queue_queries.count(conn, QueueFilter("reported", frozenset({s.id}))) for s in sites
        }
    return page(
        request,
        "admin/sites.html",
        {
            "me": me,
            "csrf": current.csrf,
            "sites": sites,
            "held": held,
            "reported": reported,
            "cap": queue_queries.COUNT_CAP,
        },
    )


@router.get("/admin/sites/{site_id}/settings")
def settings_form(
    request: Request, site_id: int, current: Annotated[Session, Depends(session)], saved: bool = False
) -> Response:
    return _settings_page(request, current, _site_for(request, current, site_id), saved=saved)


def _preview_part(
    request: Request, current: Session, site: Site, context: dict[str, Any], status_code: int = 200
) -> Response:
    """The preview block for htmx, or the whole settings page (with the form as sent) without it."""
    if request.headers.get("hx-request"):
        return page(request, "admin/_backtest.html", {"preview": context}, status_code=status_code)
    return _settings_page(
        request,
        current,
        site,
        context.get("error", ""),
        context.get("error_field", ""),
        status_code,
        values=context.get("values"),
        preview=context,
    )


@router.post("/admin/sites/{site_id}/settings/preview")
async def preview_settings(
    request: Request, site_id: int, current: Annotated[Session, Depends(checked)]
) -> Response:
    """What the form's changes would have done on the site's recent comments (salon backtest,
    the current policy against the proposed one). Changes nothing."""
    from fastapi.concurrency import run_in_threadpool

    site = _site_for(request, current, site_id)
    form = await request.form()
    values = _current(site)
    try:
        changes = _read_form(form, values)
        _check_site_fields(changes)
        cleaned = site_policy.validate_changes(changes)
    except SalonError as exc:
        context: dict[str, Any] = {"error": exc.message, "error_field": exc.field or "", "values": None}
        return _preview_part(request, current, site, context, 422)
    policy = {k: v for k, v in cleaned.items() if k in _policy_fields()}
    result = await run_in_threadpool(backtest.preview, services_of(request), site, policy)
    shown = {**values, **{k: v for k, v in changes.items() if k != "thresholds"}}
    shown["thresholds"] = {**values["thresholds"], **changes.get("thresholds", {})}
    context = {
        "result": result,
        "changed": sorted(policy),
        "limit": backtest.PREVIEW_COMMENTS,
        "values": shown,
    }
    return _preview_part(request, current, site, context)


@router.post("/admin/sites/{site_id}/settings")
async def save_settings(
    request: Request, site_id: int, current: Annotated[Session, Depends(checked)]
) -> Response:
    site = _site_for(request, current, site_id)
    if not current.moderator.is_admin:
        raise HTTPException(403, "only admins change site settings")
    form = await request.form()
    values = _current(site)
    try:
        changes = _read_form(form, values)
        _check_site_fields(changes)
        cleaned = site_policy.validate_changes(changes)
    except SalonError as exc:
        return _settings_page(request, current, site, exc.message, exc.field or "", 422)
    if cleaned:
        from fastapi.concurrency import run_in_threadpool

        try:
            await run_in_threadpool(
                update_settings, services_of(request), site_id, cleaned, current.moderator.actor
            )
        except SalonError as exc:
            return _settings_page(request, current, site, exc.message, exc.field or "", 422)
    return RedirectResponse(f"/admin/sites/{site_id}/settings?saved=1", status_code=303)
