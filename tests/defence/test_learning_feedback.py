"""Perspective feedback (``comments:suggestscore``) trains the site's adjustment through the same
update as moderators' decisions: suggested scores become labels at the thresholds, repeats train
once, held-out feedback measures it, the dashboard shows it as a source, a reset clears it, and
a bad request changes nothing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from salon.actions import learning as learning_actions
from salon.actions.apikeys import create_key
from salon.actions.sites import update_settings
from salon.db import tables as t
from salon.moderation import learning
from tests.conftest import post
from tests.defence.test_learning import BASE, FlatClassifier

URL = "/v1alpha1/comments:suggestscore"
TOPICS = ["trains", "prices", "the mayor", "tickets", "the weather", "schools", "roads", "taxes"]


@pytest.fixture
def classifier() -> FlatClassifier:
    return FlatClassifier()


@pytest.fixture
def key(services, site):
    secret, _ = create_key(services, "coral", site_name=site.name)
    return secret


def suggest(client, key, text, scores, token):
    body = {
        "comment": {"text": text},
        "attributeScores": {name: {"summaryScore": {"value": v}} for name, v in scores.items()},
        "clientToken": token,
        "communityId": "Coral:https://talk.example.com",
    }
    return client.post(URL, params={"key": key}, json=body)


def stored(services, site_id):
    with services.db.read() as conn:
        return learning_actions.load(conn, site_id)


def feed(client, key, n=60, start=0):
    """Coral's way: one suggestion per moderator decision, TOXICITY 1 rejected, 0 approved."""
    trained = 0
    for i in range(start, start + n):
        bad = i % 2 == 0
        text = (
            f"the brigade is here about {TOPICS[i % 8]} again, {i}"
            if bad
            else f"harbour photos, {TOPICS[i % 8]} {i}"
        )
        r = suggest(client, key, text, {"TOXICITY": 1 if bad else 0}, f"comment:{i}")
        assert r.status_code == 200, r.text
        trained += not learning.suggestion_held_out(0, f"comment:{i}")
    return trained


def test_suggested_scores_become_labels_at_the_thresholds():
    assert learning.labels_from_suggestion({"TOXICITY": 1}) == {"abuse": 1}
    assert learning.labels_from_suggestion({"TOXICITY": 0.0}) == {"abuse": 0}
    assert learning.labels_from_suggestion({"INSULT": 0.75, "TOXICITY": 0.1}) == {"abuse": 1}
    assert learning.labels_from_suggestion({"SPAM": 0.9}) == {"spam": 1}
    assert learning.labels_from_suggestion({"LIKELY_TO_REJECT": 0.2, "SPAM": 0.1}) == {"abuse": 0, "spam": 0}
    assert learning.labels_from_suggestion({"TOXICITY": 0.5}) == {}  # not sure: no label
    assert learning.labels_from_suggestion({"FLIRTATION": 1}) == {}  # no category for it


def test_feedback_trains_the_adjustment_and_the_pipeline_applies_it(client, services, site, key, admin_user):
    update_settings(services, site.id, {"learning_min_decisions": 20, "flood_limit": 1000}, "t")
    trained = feed(client, key)
    adj = stored(services, site.id)
    assert adj.decisions == trained and adj.version == trained
    assert adj.sources == {"perspective": trained}
    assert adj.heads["abuse"].seen == trained and adj.heads["spam"].seen == 0  # TOXICITY says nothing of spam
    assert adj.probability("the brigade is here about the ferries again", BASE, "abuse") > 0.6
    assert adj.probability("harbour photos, kites", BASE, "abuse") < 0.3
    up, down = adj.heads["abuse"].top(10)
    assert any("brigade" in name for name, _ in up) and any("harbour" in name for name, _ in down)
    assert learning_actions.sources(services, admin_user, site.id) == {"decision": 0, "perspective": trained}

    # Measured on the held-out feedback: the flat model never holds, the adjusted one does.
    _, _, heads = learning_actions.report(services, admin_user, site.id)
    abuse = next(h for h in heads if h.head == "abuse")
    assert abuse.from_feedback == 60 - trained == abuse.before.examples
    assert abuse.before.recall == 0.0 and abuse.after.recall == 1.0 and abuse.after.precision == 1.0

    held = post(client, body="the brigade has arrived", name="New")
    assert held.status_code == 201 and held.json()["status"] == "pending"
    assert post(client, body="harbour photos from this morning", name="Other").json()["status"] == "published"


def test_repeats_train_once_a_change_of_mind_again_and_unsure_scores_not_at_all(client, services, site, key):
    token = next(f"comment:{i}" for i in range(100) if not learning.suggestion_held_out(0, f"comment:{i}"))
    assert suggest(client, key, "the brigade again", {"TOXICITY": 1}, token).status_code == 200
    assert stored(services, site.id).decisions == 1
    assert suggest(client, key, "the brigade again", {"TOXICITY": 0.95}, token).status_code == 200
    assert stored(services, site.id).decisions == 1, "the same verdict again"
    assert suggest(client, key, "the brigade again", {"TOXICITY": 0}, token).status_code == 200
    assert stored(services, site.id).decisions == 2, "a change of mind"
    other = next(
        f"c:{i}" for i in range(100) if f"c:{i}" != token and not learning.suggestion_held_out(0, f"c:{i}")
    )
    assert suggest(client, key, "maybe rude", {"TOXICITY": 0.5}, other).status_code == 200
    assert suggest(client, key, "cheap watches", {"SPAM": 0.9}, other + "s").status_code == 200
    adj = stored(services, site.id)
    spam_trained = not learning.suggestion_held_out(0, other + "s")
    assert adj.decisions == 2 + spam_trained and adj.heads["spam"].seen == spam_trained
    with services.db.read() as conn:  # every suggestion is kept, trained on or not
        assert len(conn.execute(select(t.perspective_suggestions.c.id)).all()) == 5


def test_nothing_is_learned_when_the_site_turns_learning_off(client, services, site, key):
    update_settings(services, site.id, {"learning_enabled": False}, "t")
    feed(client, key, n=10)
    assert stored(services, site.id).decisions == 0


def test_the_dashboard_shows_feedback_as_a_source_and_reset_clears_it(
    client, services, site, key, as_admin, admin_user
):
    trained = feed(client, key, n=24)
    page = as_admin.get(f"/admin/learning?site={site.id}").text
    assert re.search(
        rf'data-source="perspective"><td>[^<]*<code>comments:suggestscore</code>\)</td><td>{trained}</td>',
        page,
    )
    assert re.search(r'data-source="decision"><td>[^<]*</td><td>0</td>', page)
    assert "from Perspective feedback" in page and "<code>brigade</code>" in page
    before = stored(services, site.id).version
    assert as_admin.post(f"/admin/sites/{site.id}/learning/reset").status_code == 303
    adj = stored(services, site.id)
    assert adj.decisions == 0 and adj.sources == {} and adj.version == before + 1
    assert all(not adj.heads[h].weights for h in learning.HEADS)
    page = as_admin.get(f"/admin/learning?site={site.id}").text
    assert re.search(r'data-source="perspective"><td>.*?</td><td>0</td>', page)
    assert "<code>brigade</code>" not in page
    # Feedback after the reset trains the new version.
    feed(client, key, n=4, start=100)
    assert stored(services, site.id).version > before + 1


@pytest.mark.parametrize(
    "scores",
    [{"TOXICITY": 2}, {}, {"TOXICITY": "high"}],
)
def test_a_bad_suggestion_is_a_4xx_and_trains_nothing(client, services, site, key, scores):
    r = suggest(client, key, "the brigade again", scores, "comment:1")
    assert 400 <= r.status_code < 500 and r.json()["error"]["status"] == "INVALID_ARGUMENT"
    r = client.post(URL, params={"key": key}, content=b"{not json")
    assert r.status_code == 400
    adj = stored(services, site.id)
    assert adj.decisions == 0 and adj.version == 0
