"""The pre-submit check: what posting a draft would do, and the nudge, without storing it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from salon.actions.comments import resolve_site
from salon.actions.identity import client_hash
from salon.api.errors import ERROR_RESPONSES
from salon.api.moderation_schemas import CheckIn, CheckOut
from salon.api.public import client_address, services_of
from salon.errors import SalonError
from salon.moderation.analysis import check_text

router = APIRouter(prefix="/api", tags=["moderation"], responses=ERROR_RESPONSES)

#: A check costs little; allow this many per posting-rate allowance.
CHECKS_PER_POST = 10


@router.post("/comments:check", response_model=CheckOut, summary="Analyse a draft before posting (the nudge)")
async def check_comment(request: Request, body: CheckIn) -> dict[str, Any]:
    services = services_of(request)
    site, _ = resolve_site(services, body.url)
    chash = client_hash(services, client_address(request))
    s = services.settings
    wait = services.ratelimiter.hit(
        f"check:{site.id}:{chash}", s.rate_limit_posts * CHECKS_PER_POST, s.rate_limit_window
    )
    if wait:
        raise SalonError(
            429,
            "rate_limited",
            f"too many checks; try again in {int(wait)} seconds",
            headers={"Retry-After": str(int(wait))},
        )
    name = " ".join(body.author.name.split()) if body.author else ""
    result = await run_in_threadpool(
        check_text, services, site.id, site.settings, body.body.replace("\r\n", "\n").strip(), name, chash
    )
    v = result.verdict
    return {
        "decision": v.decision.value,
        "nudge": result.nudge,
        "message": result.message,
        "scores": {k: round(x, 4) for k, x in v.scores.items()},
        "spans": [{"begin": sp.begin, "end": sp.end, "categories": list(sp.categories)} for sp in v.spans],
    }
