"""The dashboard's text search, page after page, on both databases: with the text index's exact
candidates (PostgreSQL hands over their times and statuses with their ids, and a page filtered by
the text alone is sorted from them), a hand-made cursor, naive or not, is a page and never a 500."""

from __future__ import annotations

import re
from html import unescape
from typing import Any
from urllib.parse import parse_qs

import pytest

from salon.db import comments as comment_queries
from salon.db import queue as queue_queries
from tests.conftest import post


@pytest.fixture(autouse=True)
def small_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows of one comment: past the first, a search goes to the index, as on a large site."""
    monkeypatch.setattr(queue_queries, "WINDOWS", (1, 2))
    monkeypatch.setattr(queue_queries, "FIRST_WINDOW", 1)
    monkeypatch.setattr("salon.web.admin.queues.PAGE_SIZE", 2)


def _rejected(services: Any, client: Any, bodies: list[str]) -> list[int]:
    ids = [post(client, body=body).json()["id"] for body in bodies]
    with services.db.write() as conn:
        for n, cid in enumerate(ids):
            comment_queries.set_fields(conn, cid, status="spam" if n % 2 else "rejected")
    return ids


def _older(html: str) -> str | None:
    """The cursor of the page's "Older" link, if it has one."""
    match = re.search(r'<p class="more"><a href="/admin\?([^"]+)">Older', html)
    if match is None:
        return None
    return parse_qs(unescape(match.group(1)))["before"][0]


def test_a_searched_queue_pages_through_every_match(client, services, site, as_admin):
    ids = _rejected(services, client, [f"a marmoset number {n}" for n in range(5)] + ["nothing here"])
    pages: list[set[str]] = []
    cursor: str | None = None
    for _ in range(5):
        params = {"queue": "rejected", "q": "marmoset", **({"before": cursor} if cursor else {})}
        response = as_admin.get("/admin", params=params)
        assert response.status_code == 200, response.text[:300]
        pages.append(set(re.findall(r"a marmoset number (\d)", response.text)))
        cursor = _older(response.text)
        if cursor is None:
            break
    assert len(ids) == 6
    assert pages == [{"4", "3"}, {"2", "1"}, {"0"}]  # newest first, two a page, every marmoset once


@pytest.mark.parametrize(
    "cursor",
    [
        "2999-01-01T00:00:00|999",
        "2999-01-01T00:00:00+00:00|999",
        "2999-01-01T05:00:00+05:00|1",
        "2000-01-01|1",
        f"2999-01-01T00:00:00+00:00|{2**63}",
        "2999-01-01T00:00:00+00:00|-1",
    ],
    ids=["naive", "utc", "offset", "date only", "huge id", "negative id"],
)
def test_a_hand_made_cursor_on_a_searched_queue_is_never_a_500(client, services, site, as_admin, cursor):
    _rejected(services, client, [f"a marmoset number {n}" for n in range(3)])
    for queue in ("rejected", "held"):
        response = as_admin.get("/admin", params={"queue": queue, "q": "marmoset", "before": cursor})
        assert response.status_code == 200, (queue, response.status_code, response.text[:300])
