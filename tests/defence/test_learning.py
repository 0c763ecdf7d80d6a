"""Learning from a site's decisions: the adjustment starts at zero, learns the site's norm from
its moderators' decisions, is held back by its pull toward zero, applies in the pipeline once
trained enough, shows what it learned with held-out precision, and resets."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest

from salon.actions import decisions
from salon.actions import learning as learning_actions
from salon.actions.sites import update_settings
from salon.moderation import learning
from salon.moderation.classifiers.base import CATEGORIES, Analysis
from tests.conftest import post


class FlatClassifier:
    """A twin of the shipped model that scores every text the same: 0.2 abuse, 0.05 spam, so
    what the adjustment adds is all that changes a decision."""

    name = "flat"
    version = "1"

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        return [Analysis(scores={c: (0.05 if c == "spam" else 0.2) for c in CATEGORIES}) for _ in texts]


@pytest.fixture
def classifier() -> FlatClassifier:
    return FlatClassifier()


BASE = {c: (0.05 if c == "spam" else 0.2) for c in CATEGORIES}


def test_an_untrained_adjustment_changes_nothing_and_a_few_decisions_cannot_swing_it():
    adj = learning.Adjustment()
    scores, offsets = adj.adjusted("anything at all", BASE)
    assert offsets == {"abuse": 0.0, "spam": 0.0}
    assert scores == pytest.approx(BASE)
    for _ in range(3):
        adj.learn("the brigade is here again", BASE, "reject")
    assert adj.probability("the brigade is here again", BASE, "abuse") < 0.6  # the hold stays out of reach
    topics = ["trains", "prices", "the mayor", "tickets", "the weather", "schools", "roads", "taxes"]
    for n in range(40):
        adj.learn(f"the brigade is here about {topics[n % 8]} again", BASE, "reject")
        adj.learn(f"lovely photos of the harbour and {topics[n % 8]}", BASE, "approve")
    assert adj.probability("the brigade is here about the ferries again", BASE, "abuse") > 0.6
    assert adj.probability("another brigade post", BASE, "abuse") > 0.4  # the word alone: twice the base
    assert adj.probability("lovely photos of the harbour and kites", BASE, "abuse") < 0.2
    up, down = adj.heads["abuse"].top(10)
    assert any("brigade" in name for name, _ in up) and any("harbour" in name for name, _ in down)
    # Spam decisions teach spam and say nothing about abuse.
    abuse_seen, spam_seen = adj.heads["abuse"].seen, adj.heads["spam"].seen
    adj.learn("buy cheap watches", BASE, "spam")
    assert adj.heads["abuse"].seen == abuse_seen and adj.heads["spam"].seen == spam_seen + 1


def test_decisions_train_the_site_and_the_pipeline_applies_it(services, client, site, admin_user):
    relaxed = {"learning_min_decisions": 20, "flood_limit": 1000, "duplicate_threshold": 1.0}
    update_settings(services, site.id, {**relaxed, "premoderation": "all"}, "t")
    ids = []
    for n in range(60):
        bad = n % 2 == 0
        text = f"the brigade strikes again, number {n}" if bad else f"nice harbour photos, set {n}"
        r = post(client, body=text, name=f"R{n}")
        assert r.status_code == 201 and r.json()["status"] == "pending", r.text
        ids.append((r.json()["id"], bad))
    for cid, bad in ids:
        decisions.decide(services, admin_user, cid, "reject" if bad else "approve")
    update_settings(services, site.id, {"premoderation": "off"}, "t")
    version, trained, heads = learning_actions.report(services, admin_user, site.id)
    held_out = sum(1 for cid, _ in ids if learning.is_held_out(cid))
    assert trained == 60 - held_out and version == trained  # each decision learned once, a version each
    abuse = next(h for h in heads if h.head == "abuse")
    assert abuse.before.examples == held_out and abuse.before.recall == 0.0  # the flat model never holds
    assert abuse.after.precision == 1.0 and abuse.after.recall == 1.0
    assert any("brigade" in n for n, _ in abuse.up)

    held = post(client, body="the brigade has arrived", name="New")
    assert held.json()["status"] == "pending"
    fine = post(client, body="harbour photos from this morning", name="Other")
    assert fine.json()["status"] == "published"
    with services.db.read() as conn:
        from salon.db import comments as comment_queries

        row = comment_queries.get(conn, held.json()["id"])
    assert any(r.startswith("site adjustment v") for r in row.moderation["reasons"])
    assert row.moderation["phase"] == "classifier"

    # A repeated decision does not train twice; a change of mind does.
    again = ids[1][0] if not learning.is_held_out(ids[1][0]) else ids[3][0]
    decisions.decide(services, admin_user, again, "approve")
    assert learning_actions.report(services, admin_user, site.id)[1] == trained
    decisions.decide(services, admin_user, again, "reject")
    assert learning_actions.report(services, admin_user, site.id)[1] == trained + 1


def test_the_learning_page_and_reset(services, client, site, as_admin, admin_user):
    update_settings(services, site.id, {"flood_limit": 1000, "duplicate_threshold": 1.0}, "t")
    for n in range(12):
        cid = post(client, body=f"the brigade again {n}", name=f"B{n}").json()["id"]
        decisions.decide(services, admin_user, cid, "reject")  # published → rejected: a decision
    page = as_admin.get(f"/admin/learning?site={site.id}").text
    assert re.search(r"trained on <strong data-decisions>\d+</strong> decisions", page)
    assert "<code>brigade</code>" in page and 'data-row="before"' in page and 'data-row="after"' in page
    r = as_admin.post(f"/admin/sites/{site.id}/learning/reset")
    assert r.status_code == 303
    version, trained, heads = learning_actions.report(services, admin_user, site.id)
    assert trained == 0 and all(not h.up and not h.down for h in heads)
    page = as_admin.get(f"/admin/learning?site={site.id}").text
    assert f'data-version="{version}"' in page and "<code>brigade</code>" not in page
