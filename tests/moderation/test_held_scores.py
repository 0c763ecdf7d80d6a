"""A comment held by a check after the model still carries the model's scores for the moderator."""

from __future__ import annotations

import pytest

from salon.moderation.classifiers.base import CATEGORIES
from salon.moderation.classifiers.linear import LinearClassifier
from tests.conftest import post


@pytest.fixture
def classifier() -> LinearClassifier:
    return LinearClassifier.load()


def test_link_hold_keeps_the_scores(client, services, site):
    body = "Read these: https://a.example/1 https://b.example/2 https://c.example/3 about the trains"
    posted = post(client, body)
    assert posted.json()["status"] == "pending"
    from salon.db import comments as comment_queries

    with services.db.read() as conn:
        row = comment_queries.get(conn, posted.json()["id"])
    assert row.moderation["phase"] == "links"
    assert set(row.moderation["scores"]) == set(CATEGORIES)
    assert any(span["categories"] == ["link"] for span in row.moderation["spans"])
