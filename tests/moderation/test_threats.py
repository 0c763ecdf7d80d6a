"""Threat patterns: polite incitement caught, civil uses of violent words left alone."""

from __future__ import annotations

import pytest

from salon.moderation.threats import detect_text

THREATS = [
    "X should be hanged",
    "They are all to be shot.",
    "Line them up against a wall.",
    "I know where you live.",
    "Someone should put a bullet in him.",
    "I hope your house burns down.",
    "The judges should be lynched",
    "kill yourself",
    "I will find you and make you pay",
    "Hang them all.",
]

CIVIL = [
    "The army shot down a drone.",
    "He was hanged in 1946.",
    "That was a killer analysis.",
    "This joke kills me.",
    "The shooting of the film took months.",
    "They executed the plan.",
    "The scene should be shot at night.",
    "The painting should be hung in the hall.",
    "I will shoot you a message tomorrow.",
    "We need to kill the process.",
    "Nobody should be hanged for stealing bread.",
    '"I know where you live" is a line from a thriller.',
]


@pytest.mark.parametrize("text", THREATS)
def test_threats_are_caught(text: str) -> None:
    result = detect_text(text)
    assert result.threat >= 0.7
    assert result.spans


@pytest.mark.parametrize("text", CIVIL)
def test_civil_violent_words_stay_quiet(text: str) -> None:
    assert detect_text(text).threat == 0.0


def test_spans_point_at_the_threat_in_original_text() -> None:
    text = "Nice article. Someone should put a bullet in him."
    (span,) = detect_text(text).spans
    assert text[span.begin : span.end] == "Someone should put a bullet in him"
    assert span.categories == ("threat",)


def test_obfuscated_threat_is_caught() -> None:
    assert detect_text("they should all be h@ng3d").threat >= 0.7


@pytest.mark.parametrize(
    "text",
    [
        "You are a moron and should be shot",
        "they are all scum and need to be wiped out",
        "She is a liar and deserves to be shot",
    ],
)
def test_threat_after_and_with_the_subject_stated_once(text: str) -> None:
    assert detect_text(text).threat >= 0.8


@pytest.mark.parametrize(
    "text",
    [
        "You are right and the scene should be shot at night",
        "She was a director and should be hired again",
        "he was sentenced and was hanged in 1946",
        "They were outnumbered and had to be rescued",
        "You are a moron and nobody should be shot for that",
    ],
)
def test_and_clauses_without_a_threat_stay_quiet(text: str) -> None:
    assert detect_text(text).threat == 0.0
