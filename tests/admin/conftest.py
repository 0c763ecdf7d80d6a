"""Dashboard fixtures: accounts, signed-in clients, and held comments with model spans."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from salon.actions.sites import add_site
from salon.actions.users import Moderator, create_user, moderator_for
from salon.db import comments as comment_queries
from salon.db.sites import Site
from salon.models import Role
from salon.services import Services
from tests.conftest import PAGE, post

PASSWORD = "correct horse battery"
OTHER_ORIGIN = "https://news.example.org"
OTHER_PAGE = f"{OTHER_ORIGIN}/a/story"

SPANS = [{"begin": 4, "end": 9, "categories": ["insult"], "score": 0.91}]
MODERATION = {
    "decision": "hold",
    "phase": "classifier",
    "reasons": ["insult 0.91 ≥ 0.60"],
    "scores": {"insult": 0.91, "toxicity": 0.7},
    "spans": SPANS,
    "message": "Your comment is awaiting moderation.",
}


class CountingLimiter:
    """A rate limiter without a clock: counts every hit, so limits are reached deterministically."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def hit(self, key: str, limit: int, window: int) -> float:
        self.counts[key] = self.counts.get(key, 0) + 1
        return 0.0 if self.counts[key] <= limit else float(window)


@pytest.fixture
def limiter(services: Services) -> CountingLimiter:
    services.ratelimiter = CountingLimiter()
    return services.ratelimiter


@pytest.fixture
def other_site(services: Services) -> Site:
    created, _ = add_site(services, "news", [OTHER_ORIGIN])
    return created


@pytest.fixture
def admin_user(services: Services) -> Moderator:
    return moderator_for(services, create_user(services, "boss@example.com", PASSWORD, Role.ADMIN))


@pytest.fixture
def mod_user(services: Services, site: Site, other_site: Site) -> Moderator:
    """A moderator of the blog site only (not of news)."""
    user = create_user(services, "mod@example.com", PASSWORD, Role.MODERATOR, [site.name])
    return moderator_for(services, user)


@dataclass
class Dashboard:
    """A client signed in to the dashboard, and its CSRF token."""

    client: TestClient
    csrf: str

    def get(self, url: str, **kw: Any) -> Any:
        return self.client.get(url, **kw)

    def post(self, url: str, data: dict[str, Any] | None = None, htmx: bool = False, **kw: Any) -> Any:
        headers = {"X-CSRF-Token": self.csrf, **({"HX-Request": "true"} if htmx else {})}
        return self.client.post(url, data=data or {}, headers=headers, follow_redirects=False, **kw)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> Any:
    page = client.get("/admin/login")
    return client.post(
        "/admin/login",
        data={"email": email, "password": password, "csrf": csrf_of(page.text)},
        follow_redirects=False,
    )


def dashboard_for(app: Any, email: str) -> Dashboard:
    client = TestClient(app, base_url="https://testserver")
    response = sign_in(client, email)
    assert response.status_code == 303, response.text
    return Dashboard(client, csrf_of(client.get("/admin").text))


@pytest.fixture
def as_admin(app: Any, admin_user: Moderator) -> Dashboard:
    return dashboard_for(app, admin_user.email)


@pytest.fixture
def as_mod(app: Any, mod_user: Moderator) -> Dashboard:
    return dashboard_for(app, mod_user.email)


def held_comment(
    services: Services,
    client: TestClient,
    body: str = "you idiot, read the article",
    url: str = PAGE,
    **kw: Any,
) -> int:
    """Post a comment through the API, then put it where the pipeline would: held, with scores and spans."""
    response = post(client, body=body, url=url, **kw)
    assert response.status_code == 201, response.text
    comment_id = int(response.json()["id"])
    with services.db.write() as conn:
        before = comment_queries.get(conn, comment_id)
        assert before is not None
        comment_queries.set_fields(conn, comment_id, status="pending", moderation=dict(MODERATION))
        if before.status == "published":
            from salon.db import threads

            threads.refresh_count(conn, before.thread_id)
    return comment_id
