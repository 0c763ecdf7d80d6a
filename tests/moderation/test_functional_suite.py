"""salon's functional suite: its shape, its scorer, and the shipped model against its recorded floors."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from salon.cli import main
from salon.models import Decision
from salon.moderation.classifiers.base import CATEGORIES, Analysis
from salon.moderation.phases.classifier import ClassifierPhase
from salon.moderation.pipeline import Context
from salon.moderation.policy import Policy
from salon.services import LazyClassifier
from salon.training import augment, examples, written_comments
from salon.training.functional import FUNCTIONALITIES, Case, functionality, suite
from salon.training.functional_eval import (
    FLOORS_PATH,
    TOLERANCE,
    Result,
    below_floors,
    figures,
    is_held,
    load_floors,
    record_floors,
    run,
)


@pytest.fixture(scope="module")
def shipped() -> Result:
    return run(LazyClassifier(None))


# --- the suite's shape -------------------------------------------------------------------------


def test_enough_functionalities_cases_and_groups() -> None:
    cases = suite()
    per = Counter(c.functionality for c in cases)
    assert len(FUNCTIONALITIES) >= 25
    assert set(per) == set(FUNCTIONALITIES)
    small = {name: n for name, n in per.items() if n < 20}
    assert not small, small
    groups = {c.target for c in cases if c.target is not None}
    assert len(groups) >= 7, groups


def test_both_labels_and_each_functionality_has_one() -> None:
    labels = Counter(c.held for c in suite())
    assert labels[True] >= 200 and labels[False] >= 200, labels
    for name, (held, about) in FUNCTIONALITIES.items():
        assert about
        assert {c.held for c in functionality(name)} == {held}, name
    assert {held for held, _ in FUNCTIONALITIES.values()} == {True, False}


def test_no_duplicate_texts_even_ignoring_case_and_spaces() -> None:
    seen = Counter(" ".join(c.text.lower().split()) for c in suite())
    assert [t for t, n in seen.items() if n > 1] == []


def test_every_template_is_filled() -> None:
    for case in suite():
        assert case.text.strip() == case.text and case.text
        assert not re.search(r"[{}\[\]]", case.text), case.text


def test_group_functionalities_cover_every_group() -> None:
    groups = {c.target for c in suite() if c.target is not None}
    for name in ("derogation_explicit", "call_passive", "counter_quote", "identity_neutral"):
        assert {c.target for c in functionality(name)} == groups, name


def test_spelling_variants_really_change_the_spelling() -> None:
    plain = {c.text for c in suite() if c.functionality not in _SPELLING}
    for name in _SPELLING:
        cases = functionality(name)
        assert len(cases) >= 20
        assert not plain & {c.text for c in cases}, name
    assert "Armenians are v3rm1n." in {c.text for c in functionality("spelling_leet")}
    assert "Armenians are v e r m i n." in {c.text for c in functionality("spelling_spacing")}
    assert "Armenians are vremin." in {c.text for c in functionality("spelling_swap")}
    assert "Armenians are vermiiiin." in {c.text for c in functionality("spelling_elongation")}
    assert "Armenians are vrmin." in {c.text for c in functionality("spelling_deletion")}
    assert "Armenians arevermin." in {c.text for c in functionality("spelling_joined")}
    assert "Kill all Armenians." not in {c.text for c in functionality("spelling_joined")}


_SPELLING = (
    "spelling_leet",
    "spelling_spacing",
    "spelling_swap",
    "spelling_elongation",
    "spelling_deletion",
    "spelling_joined",
)


def test_the_suite_is_deterministic_and_kept_out_of_training_templates() -> None:
    from salon.training import functional

    fresh = [c for name in FUNCTIONALITIES for c in functional._expand(name, functional._specs()[name])]
    assert tuple(fresh) == suite()
    trained = set(examples.threats()) | set(examples.civil_violent()) | set(examples.neutral_identity())
    trained |= {text for text, _ in augment.sentences("all")}
    trained |= {text for _, _, text, _ in written_comments.rows()}
    trained = {" ".join(t.lower().split()) for t in trained}
    assert not [c.text for c in suite() if " ".join(c.text.lower().split()) in trained]


# --- the scorer ----------------------------------------------------------------------------------


def _scores(**given: float) -> dict[str, float]:
    return {c: given.get(c, 0.0) for c in CATEGORIES}


def test_is_held_uses_the_policy_holds_and_ignores_spam() -> None:
    policy = Policy()
    assert not is_held(_scores())
    assert not is_held(_scores(spam=0.999))
    for category in CATEGORIES:
        if category == "spam":
            continue
        hold = policy.hold_at(category)
        assert is_held(_scores(**{category: hold})), category
        assert not is_held(_scores(**{category: hold - 0.01})), category
    strict = Policy.from_settings({"thresholds": {"insult": [0.2, 0.9]}})
    assert is_held(_scores(insult=0.25), strict) and not is_held(_scores(insult=0.25))


def test_is_held_agrees_with_the_classifier_phase_on_every_case(shipped: Result) -> None:
    model = LazyClassifier(None)
    cases = suite()
    analyses = model.analyze([c.text for c in cases])
    phase = ClassifierPhase()
    for case, analysis, held in zip(cases, analyses, shipped.held, strict=True):
        # The phase also holds on spam; the suite asks about harm only, so spam is set aside.
        scores = {**analysis.scores, "spam": 0.0}
        result = phase(Context(text=case.text, analysis=Analysis(scores, analysis.spans)))
        phase_held = result is not None and result.decision in (Decision.HOLD, Decision.REJECT)
        assert phase_held == held == is_held(analysis.scores), case


def test_accuracy_counts_matches_with_the_labels() -> None:
    cases = (
        Case("a", "one", True, "kurds"),
        Case("a", "two", True, "kurds"),
        Case("b", "three", False, "roma"),
        Case("b", "four", False, None),
    )
    result = Result("test", cases, (True, False, True, False))
    assert result.overall == 0.5
    rows = {r.name: r for r in result.groups()}
    assert rows["kurds"].accuracy == 0.5 and rows["roma"].accuracy == 0.0 and set(rows) == {"kurds", "roma"}
    assert result.rate(True) == 0.5 and result.rate(False) == 0.5
    assert [c.text for c in result.misses()] == ["two", "three"]


# --- floors ----------------------------------------------------------------------------------------


def test_floors_cover_exactly_the_suite() -> None:
    floors = load_floors()
    assert floors["cases"] == len(suite())
    assert set(floors["functionalities"]) == set(FUNCTIONALITIES)
    assert set(floors["groups"]) == {c.target for c in suite() if c.target is not None}


def test_shipped_model_does_not_fall_below_the_recorded_floors(shipped: Result) -> None:
    assert TOLERANCE <= 0.02
    assert below_floors(shipped, load_floors()) == []


def test_below_floors_reports_a_worse_model(shipped: Result) -> None:
    floors = figures(shipped)
    worse = Result("worse", shipped.cases, tuple(not c.held for c in shipped.cases))
    lines = below_floors(worse, floors)
    assert any(line.startswith("overall") for line in lines)
    # every functionality the shipped model gets at least one case right in must be reported
    for name, value in floors["functionalities"].items():
        if value > TOLERANCE:
            assert any(line.startswith(f"{name} ") for line in lines), name
    assert below_floors(shipped, floors) == []
    renamed = dict(floors, functionalities={**floors["functionalities"], "new_one": 0.5})
    assert any("new_one" in line for line in below_floors(shipped, renamed))


def test_record_floors_round_trips(shipped: Result, tmp_path: Path) -> None:
    path = tmp_path / "floors.json"
    written = record_floors(shipped, path)
    assert json.loads(path.read_text()) == written == load_floors(path)
    assert written["overall"] == round(shipped.overall, 4)
    assert FLOORS_PATH.name == "functional_floors.json" and FLOORS_PATH.exists()


def test_cli_prints_every_functionality_and_the_overall_figure(shipped: Result) -> None:
    out = CliRunner().invoke(main, ["model", "functional"], catch_exceptions=False).output
    for name in FUNCTIONALITIES:
        assert f"| {name} |" in out
    assert f"| {shipped.overall:.3f} |" in out
    assert "below the recorded figures" not in out
