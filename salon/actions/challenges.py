"""Issuing proof-of-work challenges: the site's difficulty, raised for an address or a thread
under flood. Challenges are not stored; the ``proof_of_work`` phase checks and spends them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from salon.actions.comments import resolve_site
from salon.actions.identity import client_hash
from salon.db import defence as defence_queries
from salon.db import threads as thread_queries
from salon.db.engine import now
from salon.moderation import proof_of_work as pow
from salon.moderation.policy import Policy
from salon.services import Services


@dataclass(frozen=True)
class Issued:
    """A challenge for the page, or None when the site asks for none."""

    challenge: dict[str, Any] | None
    under_flood: bool = False


def _under_flood(services: Services, site_id: int, url: str, address: str, policy: Policy) -> bool:
    """Whether this address, or the page's thread, posted at a flood's rate in the flood window."""
    since = now() - timedelta(seconds=policy.flood_window_seconds)
    with services.db.read() as conn:
        by_client = defence_queries.recent_from_client(conn, site_id, client_hash(services, address), since)
        if by_client >= max(1, policy.flood_limit // 2):
            return True
        thread = thread_queries.by_url(conn, site_id, url)
        return (
            thread is not None
            and defence_queries.recent_on_thread(conn, thread.id, since) >= policy.pow_thread_flood
        )


def issue(services: Services, url: str, address: str, version: int = 1, *, always: bool = False) -> Issued:
    """A challenge for a page on a registered site (a 4xx for an unknown one).

    A site with ``pow_required`` off and ``min_submit_seconds`` 0 needs none (``challenge`` None)
    unless ``always``. Under flood the difficulty is multiplied by ``pow_flood_factor``.
    """
    site, canonical = resolve_site(services, url)
    policy = Policy.from_settings(site.settings)
    if not (always or policy.pow_required or policy.min_submit_seconds > 0):
        return Issued(None)
    flood = _under_flood(services, site.id, canonical, address, policy)
    factor = policy.pow_flood_factor if flood else 1
    ttl = policy.pow_expiry_seconds
    if version == 2:
        challenge = pow.issue_v2(services.secret, site.id, policy.pow_v2_cost * factor, ttl)
    else:
        challenge = pow.issue_v1(services.secret, site.id, policy.pow_difficulty * factor, ttl)
    return Issued(challenge, flood)
