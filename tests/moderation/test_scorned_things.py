"""Scorn for a thing ("this printer is a useless piece of junk") counts for less on the abuse
heads, as swearing at nobody does; scorn with a person in the sentence does not."""

from __future__ import annotations

import pytest

from salon.moderation.classifiers.staged import load_builtin
from salon.training.functional_eval import is_held
from tests.moderation.support import damped


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "this printer is a useless piece of junk",
            ["this", "printer", "is", "a", "useless", "piece", "of", "junk"],
        ),
        ("My laptop is garbage.", ["my", "laptop", "is", "garbage"]),
        ("The army shot down a drone.", ["the", "army", "shot", "down", "a", "drone"]),
        # only the sentence about the thing
        ("The new update is trash. Thanks for the article.", ["the", "new", "update", "is", "trash"]),
    ],
)
def test_scorn_for_a_thing_is_damped(text: str, words: list[str]) -> None:
    assert damped(text) == words


@pytest.mark.parametrize(
    "text",
    [
        "this app was written by a useless moron",  # a person, by a noun of scorn
        "The bus driver is a useless idiot.",
        "Your printer is junk and so are you.",  # the reader
        "This phone was made by filthy immigrants.",  # a group
        "Printers are useless.",  # no thing talked of: no determiner
        "Typical female, too stupid to park a car.",  # a person
        "You are garbage.",
    ],
)
def test_scorn_with_someone_to_aim_at_is_not_damped(text: str) -> None:
    assert damped(text) == []


def test_the_shipped_model_publishes_scorn_for_things_and_holds_it_for_people() -> None:
    clf = load_builtin()
    things = [
        "this printer is a useless piece of junk",
        "My router is a brainless blinking plastic box of failure",
        "The army shot down a drone near the border.",  # severe_toxicity 0.65 without the frame
    ]
    people = ["this app was written by a useless moron", "The bus driver is a useless idiot."]
    assert [is_held(a.scores) for a in clf.analyze(things)] == [False, False, False]
    assert [is_held(a.scores) for a in clf.analyze(people)] == [True, True]
