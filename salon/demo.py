"""The demo site: one article and a handful of comments, so a new user sees salon working."""

from __future__ import annotations

from datetime import timedelta

from salon.actions.comments import NewComment, create_comment
from salon.actions.sites import add_site
from salon.actions.votes import vote
from salon.db import comments as comment_queries
from salon.db import threads as thread_queries
from salon.db.engine import now
from salon.services import Services
from salon.settings import Settings

DEMO_PATH = "/demo"
DEMO_TITLE = "Night trains are back. Are they worth it?"

SEED: list[tuple[str, str, int | None]] = [
    (
        "Mara",
        "I took the Vienna–Brussels sleeper last spring. Slower than flying, but I arrived rested.",
        None,
    ),
    ("Jonas", "Rested, maybe. The couchette cost me more than the flight *and* a hotel.", 0),
    ("Mara", "Fair point. Booking early helped me: the fares climb fast.", 1),
    # Worded without "nobody" beside "you", which the shipped model reads as a put-down (a known
    # false positive: docs/model-card.md, "Known gaps").
    ("Ines", "The part the article leaves out: you keep the evening **and** the morning.", None),
    # "ear plugs" in two words: the model holds "Bring earplugs." (a known false positive: the
    # linear stage's character n-gram "gs>" at a word's end, docs/model-card.md, "Known gaps").
    ("Tomás", "The article skips the border stops at 3 a.m. Bring ear plugs.", None),
    (
        "Ines",
        "Ear plugs and an eye mask. The passport check on the Nightjet was over in a minute, though.",
        4,
    ),
    (
        "Aylin",
        "Worth it for the view alone: waking up to the Danube in the first light. "
        "I would book a bed over a seat every time, though.",
        None,
    ),
]

#: How long ago each seeded comment was written, in hours, so the demo reads like a real thread.
AGES_HOURS: list[float] = [27, 25.5, 24, 19, 8, 7.5, 2]

#: (comment index, votes up, votes down): so that "Top" sorts differently from "Oldest".
VOTES: list[tuple[int, int, int]] = [(3, 4, 0), (0, 2, 1), (6, 3, 0), (4, 1, 0)]


def demo_origins(settings: Settings) -> list[str]:
    return [
        f"http://{settings.host}:{settings.port}",
        f"http://localhost:{settings.port}",
        f"http://127.0.0.1:{settings.port}",
    ]


def _backdate(services: Services, ids: list[int]) -> None:
    """Spread the seeded comments over the last day (demo data only: no audit, no event)."""
    with services.db.write() as conn:
        for comment_id, hours in zip(ids, AGES_HOURS, strict=True):
            comment_queries.set_fields(conn, comment_id, created_at=now() - timedelta(hours=hours))
    services.cache.clear()


def demo_url(settings: Settings) -> str:
    """The demo article's thread URL: the same whichever of the demo origins the reader used."""
    return f"http://{settings.host}:{settings.port}{DEMO_PATH}"


def seed_demo(services: Services, settings: Settings) -> str:
    """Create the demo site and seed its article once; return the article's URL."""
    site, _ = add_site(services, "demo", demo_origins(settings))
    url = demo_url(settings)
    with services.db.read() as conn:
        existing = thread_queries.by_url(conn, site.id, url)
    if existing is not None and existing.comment_count:
        return url
    ids: list[int] = []
    published: set[int] = set()
    for index, (name, body, parent) in enumerate(SEED):
        posted = create_comment(
            services,
            NewComment(
                url=url,
                body=body,
                author_name=name,
                title=DEMO_TITLE,
                client_address=f"192.0.2.{index + 1}",
                parent_id=ids[parent] if parent is not None else None,
            ),
        )
        ids.append(posted.comment.id)
        if posted.comment.status == "published":
            published.add(index)
    _backdate(services, ids)
    for index, ups, downs in VOTES:
        if index not in published:  # held by moderation: in the queue, where readers cannot vote
            continue
        for n in range(ups + downs):
            vote(services, ids[index], 1 if n < ups else -1, f"198.51.100.{n + 1}", None)
    return url
