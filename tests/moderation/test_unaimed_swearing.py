"""Swearing aimed at nobody counts for less on the abuse heads; aimed swearing does not."""

from __future__ import annotations

import pytest

from salon.moderation.classifiers.damping import _damp_unaimed_swearing
from salon.moderation.classifiers.staged import load_builtin
from salon.moderation.classifiers.thresholds import DEFAULT_THRESHOLDS
from tests.moderation.support import damped


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Fuck, the ferry is cancelled again.", ["fuck"]),
        ("The damn printer jammed on my last page.", ["damn"]),
        ("Holy shit, that second half was incredible.", ["holy", "shit"]),
        ("Fuck this weather.", ["fuck"]),
        ("Spilled coffee on my keyboard. Fuck my life.", ["fuck"]),
        # After "the" the word is a noun, not a verb on its object.
        ("What the fuck happened to the price of butter??", ["fuck"]),
        # Only the sentence without a target is damped.
        ("Shit, the bus is late. You are a fucking moron.", ["shit"]),
    ],
)
def test_swearing_at_nobody_is_damped(text: str, words: list[str]) -> None:
    # the swearing frame alone: a thing talked of ("the ferry") is damped by its own frame too
    assert damped(text, _damp_unaimed_swearing) == words
    assert set(words) <= set(damped(text))


@pytest.mark.parametrize(
    "text",
    [
        "Fuck you.",
        "You are a fucking moron.",
        "Fuck off back to where you came from.",
        "Shut the fuck up.",
        "Fuck Trump.",  # a swearing verb straight on its object
        "Fuck the council and everyone on it.",  # "the" then a target: aimed all the same
        "Fuck all Muslims.",  # a group
        "They can go to hell.",
        "Those people are shit.",
    ],
)
def test_aimed_swearing_is_not_damped(text: str) -> None:
    assert damped(text) == []


def test_the_shipped_model_passes_swearing_at_nobody_and_holds_it_aimed() -> None:
    clf = load_builtin()
    hold = {c: t[0] for c, t in DEFAULT_THRESHOLDS.items()}
    unaimed, aimed = clf.analyze(["Shit, I left my umbrella on the train again.", "Shit, you are a moron."])
    assert unaimed.scores["profanity"] >= 0.5  # still profane
    assert all(
        unaimed.scores[c] < hold[c] for c in ("toxicity", "insult", "identity_attack", "severe_toxicity")
    )
    assert aimed.scores["insult"] >= hold["insult"] or aimed.scores["toxicity"] >= hold["toxicity"]


def test_numbers_count_for_nothing_on_the_abuse_heads() -> None:
    # A number is nobody's insult: "48" had picked up identity-attack weight from three tweets.
    assert damped("Top 48") == ["48"]
    assert damped("The bridge opened in 1994 and cost 48 million.") == ["1994", "48"]
    clf = load_builtin()
    hold = {c: t[0] for c, t in DEFAULT_THRESHOLDS.items()}
    (plain,) = clf.analyze(["Top 48"])
    assert all(
        plain.scores[c] < hold[c] for c in ("toxicity", "insult", "identity_attack", "severe_toxicity")
    )
    (insult,) = clf.analyze(["Comment number 48, you idiot."])
    assert insult.scores["insult"] >= hold["insult"]
