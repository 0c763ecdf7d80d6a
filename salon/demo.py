"""The demo site: one article and a handful of comments, so a new user sees salon working."""

from __future__ import annotations

from salon.actions.comments import NewComment, create_comment
from salon.actions.sites import add_site
from salon.db import threads as thread_queries
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
    ("Ines", "What nobody mentions: you keep your evening **and** your morning.", None),
    ("Tomás", "The article skips the border stops at 3 a.m. Bring earplugs.", None),
]


def demo_origins(settings: Settings) -> list[str]:
    return [
        f"http://{settings.host}:{settings.port}",
        f"http://localhost:{settings.port}",
        f"http://127.0.0.1:{settings.port}",
    ]


def seed_demo(services: Services, settings: Settings) -> str:
    """Create the demo site and seed its article once; return the article's URL."""
    site, _ = add_site(services, "demo", demo_origins(settings))
    url = f"http://{settings.host}:{settings.port}{DEMO_PATH}"
    with services.db.read() as conn:
        existing = thread_queries.by_url(conn, site.id, url)
    if existing is not None and existing.comment_count:
        return url
    ids: list[int] = []
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
    return url
