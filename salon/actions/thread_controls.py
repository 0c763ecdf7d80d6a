"""A moderator's answers to a heated thread: slow mode, a pause (a lock that lifts itself) and a
cool-down for the authors of an exchange; and the ranking of heated threads they choose from.

Each change is audited and announced (``thread.controls``) so cached pages are dropped. Nothing
here acts by itself: the detector (``salon.moderation.heat``) only ranks.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from salon.actions.audit import audit
from salon.actions.users import Moderator
from salon.db import authors as author_queries
from salon.db import defence as defence_queries
from salon.db import tables as t
from salon.db import threads as thread_queries
from salon.db.engine import now
from salon.errors import SalonError, not_found
from salon.moderation import heat
from salon.services import Services

#: How far back the heated-threads queue looks, and how busy a thread must be to be looked at.
LOOKBACK = timedelta(hours=12)
MIN_REPLIES = 4
MAX_THREADS = 60
COOL_DOWN_MESSAGE = (
    "A moderator asks you to take a short break from this conversation: it has been getting heated."
)


def _thread(conn: Any, moderator: Moderator, thread_id: int) -> Any:
    thread = thread_queries.get(conn, thread_id)
    if thread is None or not moderator.can(thread.site_id):
        raise not_found("thread")
    return thread


def _announce(services: Services, thread: Any) -> None:
    services.events.publish(
        {"type": "thread.controls", "site_id": thread.site_id, "thread_id": thread.id, "url": thread.url}
    )


def set_slow_mode(
    services: Services, moderator: Moderator, thread_id: int, seconds: int, hours: float | None = None
) -> None:
    """Each author may post on the thread once per ``seconds`` (0 turns it off), for ``hours``."""
    if not 0 <= seconds <= 86_400:
        raise SalonError(422, "bad_interval", "slow mode's interval is 0 to 86400 seconds", "seconds")
    until = now() + timedelta(hours=hours) if hours and seconds else None
    with services.db.write() as conn:
        thread = _thread(conn, moderator, thread_id)
        defence_queries.set_controls(
            conn, thread.id, moderator.id, slow_mode_seconds=seconds, slow_mode_until=until
        )
        audit(
            conn,
            moderator.actor,
            "thread.slow_mode" if seconds else "thread.slow_mode_off",
            site_id=thread.site_id,
            target_type="thread",
            target_id=thread.id,
            details={"seconds": seconds, "until": until.isoformat() if until else None},
        )
    _announce(services, thread)


def pause(services: Services, moderator: Moderator, thread_id: int, minutes: int) -> None:
    """Lock the thread for ``minutes`` (0 lifts the pause now); it opens again by itself."""
    if not 0 <= minutes <= 7 * 24 * 60:
        raise SalonError(422, "bad_duration", "a pause lasts 0 minutes to 7 days", "minutes")
    until = now() + timedelta(minutes=minutes) if minutes else None
    with services.db.write() as conn:
        thread = _thread(conn, moderator, thread_id)
        defence_queries.set_controls(conn, thread.id, moderator.id, locked_until=until)
        audit(
            conn,
            moderator.actor,
            "thread.pause" if minutes else "thread.unpause",
            site_id=thread.site_id,
            target_type="thread",
            target_id=thread.id,
            details={"until": until.isoformat() if until else None},
        )
    _announce(services, thread)


def cool_down(
    services: Services,
    moderator: Moderator,
    thread_id: int,
    author_ids: list[int],
    minutes: int,
    message: str = "",
) -> None:
    """Ask these authors to step back from the thread for ``minutes``: until then, their posts
    there are refused with ``message`` (the nudge they see when they try to reply)."""
    if not 1 <= minutes <= 24 * 60:
        raise SalonError(422, "bad_duration", "a cool-down lasts 1 minute to 24 hours", "minutes")
    if not author_ids or len(author_ids) > 3:
        raise SalonError(422, "bad_authors", "cool down one to three authors at a time", "authors")
    text = " ".join((message or COOL_DOWN_MESSAGE).split())[:500]
    stamp = now()
    with services.db.write() as conn:
        thread = _thread(conn, moderator, thread_id)
        for author_id in author_ids:
            author = author_queries.get(conn, author_id)
            if author is None or author.site_id != thread.site_id:
                raise not_found("author")
            conn.execute(
                t.cool_downs.insert().values(
                    thread_id=thread.id,
                    author_id=author_id,
                    message=text,
                    until=stamp + timedelta(minutes=minutes),
                    created_by=moderator.id,
                    created_at=stamp,
                )
            )
        audit(
            conn,
            moderator.actor,
            "thread.cool_down",
            site_id=thread.site_id,
            target_type="thread",
            target_id=thread.id,
            reason=text,
            details={"authors": author_ids, "minutes": minutes},
        )
    _announce(services, thread)


def _messages(rows: list[Any]) -> list[heat.Message]:
    return [
        heat.Message(
            id=int(r.id),
            author_id=int(r.author_id),
            author_name=r.author_name,
            parent_id=int(r.parent_id) if r.parent_id is not None else None,
            created_at=r.created_at,
            body=r.body,
            toxicity=heat.toxicity_of((r.moderation or {}).get("scores")),
        )
        for r in rows
    ]


def heated(services: Services, moderator: Moderator, site_id: int | None = None) -> list[heat.HeatedThread]:
    """The moderator's busy threads of the last ``LOOKBACK``, hottest exchange first."""
    if site_id is not None:
        moderator.require(site_id)
    site_ids = frozenset({site_id}) if site_id is not None else moderator.site_ids
    since = now() - LOOKBACK
    with services.db.read() as conn:
        threads = defence_queries.busy_threads(conn, site_ids, since, MIN_REPLIES, MAX_THREADS)
        candidates = [(th, _messages(defence_queries.recent_comments(conn, th.id, since))) for th in threads]
        ranked = heat.rank(candidates)
        for found in ranked:
            found.controls = defence_queries.controls(conn, found.thread.id)
    return ranked
