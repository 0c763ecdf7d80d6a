"""The pipeline end to end: ordering, the stored verdict, edits, shadow bans, classifier errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from salon.models import Decision
from salon.moderation import pipeline
from salon.moderation.phases import GATE_PHASES, PHASES
from salon.moderation.pipeline import Context, PhaseResult
from tests.conftest import PAGE, post
from tests.moderation.support import (
    FailingClassifier,
    FixedClassifier,
    comment_row,
    records,
    sanction,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "moderation.md"


class Says:
    def __init__(self, name: str, decision: Decision | None, reason: str = "") -> None:
        self.name = name
        self.decision = decision
        self.reason = reason
        self.calls = 0

    def __call__(self, ctx: Context) -> PhaseResult | None:
        self.calls += 1
        return PhaseResult(self.decision, [self.reason or self.name], scores={self.name: 0.5})


def test_first_decision_wins_and_later_phases_do_not_run():
    first, second, third = Says("a", None), Says("b", Decision.HOLD), Says("c", Decision.REJECT)
    verdict = pipeline.run([first, second, third], Context(text="hi"))
    assert verdict.decision is Decision.HOLD and verdict.phase == "b"
    assert verdict.reasons == ["a", "b"] and verdict.scores == {"a": 0.5, "b": 0.5}
    assert third.calls == 0


def test_nothing_decides_means_publish():
    verdict = pipeline.run([Says("a", None)], Context(text="hi"))
    assert verdict.decision is Decision.PUBLISH and verdict.phase is None


def test_phase_order_is_the_documented_policy():
    assert [p.name for p in PHASES] == [
        "input_limits",
        "thread_locked",
        "thread_controls",
        "sanctions",
        "sanction_signals",
        "words",
        "display_name",
        "site_learning",
        "classifier",
        "flood",
        "links",
        "duplicates",
        "nudge",
        "trust",
        "premoderation",
    ]


def test_the_gate_runs_the_bot_defences_in_order():
    assert [p.name for p in GATE_PHASES] == ["honeypot", "proof_of_work", "time_to_submit"]


def test_every_phase_is_documented():
    text = DOCS.read_text()
    for phase in [*GATE_PHASES, *PHASES]:
        assert f"`{phase.name}`" in text, f"phase {phase.name} missing from docs/moderation.md"


def test_every_phase_module_states_its_failure_mode():
    import importlib

    for phase in PHASES:
        module = importlib.import_module(type(phase).__module__)
        assert "Failure mode" in (module.__doc__ or ""), type(phase).__module__


@pytest.fixture
def classifier():
    return FixedClassifier(insult=0.55)


def test_verdict_is_stored_on_the_comment_and_in_records(client, services, site):
    r = post(client, "You are wrong about trains.")
    assert r.status_code == 201 and r.json()["status"] == "pending"
    assert r.json()["message"] == "Your comment is awaiting moderation."
    row = comment_row(services, r.json()["id"])
    m = row.moderation
    assert m["decision"] == "hold" and m["phase"] == "classifier"
    assert m["reasons"] == ["insult 0.55 >= hold 0.50"]
    assert m["scores"]["insult"] == 0.55 and m["model_version"] == "fixed:7"
    [rec] = records(services, row.id)
    assert (rec.decision, rec.status, rec.phase, rec.actor) == ("hold", "pending", "classifier", "pipeline")
    assert rec.model_version == "fixed:7" and rec.scores["insult"] == 0.55


def test_edit_is_moderated_again(client, services, site):
    services.classifier = FixedClassifier()
    r = post(client, "A fine first version.")
    assert r.json()["status"] == "published"
    services.classifier = FixedClassifier(threat=0.97)
    edited = client.patch(
        f"/api/comments/{r.json()['id']}",
        json={"body": "An edited version."},
        headers={"Authorization": f"Bearer {r.json()['edit_token']}"},
    )
    assert edited.status_code == 200 and edited.json()["status"] == "rejected"
    assert "reads as a threat" in edited.json()["message"]
    decisions = [rec.decision for rec in records(services, r.json()["id"])]
    assert decisions == ["publish", "reject"]


@pytest.mark.parametrize("classifier", [FailingClassifier()])
def test_classifier_error_holds_with_the_reason(client, services, site, classifier):
    r = post(client, "Perfectly pleasant words.")
    assert r.json()["status"] == "pending"
    m = comment_row(services, r.json()["id"]).moderation
    assert m["phase"] == "classifier" and m["decision"] == "hold"
    assert m["reasons"] == ["classifier error: ClassifierError: model file is corrupt"]


def test_a_crashing_phase_holds_never_raises(client, services, site):
    def broken(ctx: Context) -> PhaseResult | None:
        raise RuntimeError("boom")

    broken.name = "broken"  # type: ignore[attr-defined]
    services.phases = [broken]  # type: ignore[list-item]
    r = post(client, "Hello.")
    assert r.status_code == 201 and r.json()["status"] == "pending"
    m = comment_row(services, r.json()["id"]).moderation
    assert m["phase"] == "error" and "RuntimeError: boom" in m["reasons"][0]


def test_shadow_banned_comment_is_shown_to_its_author_only(client, services, site):
    services.classifier = FixedClassifier()
    first = post(client, "Before the ban.")
    author_id = comment_row(services, first.json()["id"]).author_id
    sanction(services, author_id, "shadow_ban")
    token = first.json()["author_token"]
    r = post(client, "After the ban.", headers={"X-Salon-Author": token})
    assert r.status_code == 201 and r.json()["status"] == "published"
    row = comment_row(services, r.json()["id"])
    assert row.shadow and row.moderation["phase"] == "sanctions" and row.moderation["shadow"]
    others = client.get("/api/comments", params={"url": PAGE}).json()
    assert [c["id"] for c in others["comments"]] == [first.json()["id"]]
    own = client.get("/api/comments", params={"url": PAGE}, headers={"X-Salon-Author": token}).json()
    assert {c["id"] for c in own["comments"]} == {first.json()["id"], r.json()["id"]}
