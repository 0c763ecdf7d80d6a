"""Before posting: what posting a draft would do (the nudge), and the draft rendered (the preview),
neither stored."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from salon import i18n, markup
from salon.actions.comments import resolve_site
from salon.actions.identity import client_hash
from salon.api.errors import ERROR_RESPONSES
from salon.api.moderation_schemas import CheckIn, CheckOut, PreviewIn, PreviewOut
from salon.api.public import client_address, services_of
from salon.errors import SalonError
from salon.limits import strip_controls
from salon.moderation.analysis import check_text
from salon.services import Services

router = APIRouter(prefix="/api", tags=["moderation"], responses=ERROR_RESPONSES)

#: A check costs little; allow this many per posting-rate allowance.
CHECKS_PER_POST = 10
#: A preview is rendered as the reader writes (after a pause): a few dozen per post.
PREVIEWS_PER_POST = 30


def throttle(services: Services, key: str, per_post: int, what: str) -> None:
    """429 once this client has made ``per_post`` times the posting allowance of these requests."""
    s = services.settings
    wait = services.ratelimiter.hit(key, s.rate_limit_posts * per_post, s.rate_limit_window)
    if wait:
        raise SalonError(
            429,
            "rate_limited",
            f"too many {what}; try again in {int(wait)} seconds",
            headers={"Retry-After": str(int(wait))},
        )


@router.post("/comments:check", response_model=CheckOut, summary="Analyse a draft before posting (the nudge)")
async def check_comment(request: Request, body: CheckIn) -> dict[str, Any]:
    services = services_of(request)
    site, _ = resolve_site(services, body.url)
    chash = client_hash(services, client_address(request))
    throttle(services, f"check:{site.id}:{chash}", CHECKS_PER_POST, "checks")
    name = " ".join(body.author.name.split()) if body.author else ""
    result = await run_in_threadpool(
        check_text,
        services,
        site.id,
        site.settings,
        body.body.replace("\r\n", "\n").strip(),
        name,
        chash,
        i18n.choose(None, request.headers),
    )
    v = result.verdict
    return {
        "decision": v.decision.value,
        "nudge": result.nudge,
        "message": result.message,
        "scores": {k: round(x, 4) for k, x in v.scores.items()},
        "spans": [{"begin": sp.begin, "end": sp.end, "categories": list(sp.categories)} for sp in v.spans],
    }


@router.post(
    "/comments:preview",
    response_model=PreviewOut,
    summary="Render a draft as it would show once posted, without storing it",
)
def preview_comment(request: Request, body: PreviewIn) -> dict[str, Any]:
    services = services_of(request)
    site, _ = resolve_site(services, body.url)
    chash = client_hash(services, client_address(request))
    throttle(services, f"preview:{site.id}:{chash}", PREVIEWS_PER_POST, "previews")
    text = strip_controls(body.body.replace("\r\n", "\n").replace("\r", "\n")).strip()
    limit = services.settings.max_body_chars
    if len(text) > limit:
        raise SalonError(422, "body_too_long", f"comments are at most {limit} characters", "body")
    return {"html": markup.render(text) if text else ""}
