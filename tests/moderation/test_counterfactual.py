"""The counterfactual twin: group names replaced by neutral words, and the shipped model's scores
kept below the hold when the twin reads as civil."""

from __future__ import annotations

import numpy as np
import pytest

from salon.moderation.classifiers import staged
from salon.moderation.classifiers.staged import StagedClassifier, load_builtin
from salon.moderation.counterfactual import neutral_twin
from salon.training.functional_eval import is_held


@pytest.mark.parametrize(
    ("text", "twin"),
    [
        ("I am a gay man.", "I am a man."),
        ("She is a deaf woman.", "She is a person."),
        ("Jews are my neighbours.", "people are my neighbours."),
        ("Our neighbours are Somali.", "Our neighbours are local."),
        ("I am Jewish and proud", "I am local and proud"),
        ("Gay Muslims exist", "people exist"),
        ("Chinese food is great", "food is great"),
        ("asylum seekers are welcome here", "people are welcome here"),
        ("I met a Kurd today", "I met a person today"),
        # an adjective fused with a hyphen
        ("A Black-owned bookshop opened.", "A local-owned bookshop opened."),
        ("She is Somali-born and Jewish-American.", "She is local-born and local-American."),
        # what a faith or a people has: places of worship, dress, scripture, feasts, languages
        ("The mosque is two blocks from my house.", "The hall is two blocks from my house."),
        ("Can non-Jews attend a bar mitzvah?", "Can others attend a party?"),
        ("Our Hindu neighbours' Diwali lights", "Our neighbours' festival lights"),
        ("How did Islam spread to Indonesia?", "How did religion spread to Indonesia?"),
        ("She wears a hijab to Hebrew class.", "She wears a hat to local class."),
    ],
)
def test_group_names_become_neutral_words(text: str, twin: str) -> None:
    assert neutral_twin(text) == twin


def test_a_text_naming_no_group_has_no_twin_and_slurs_stay() -> None:
    assert neutral_twin("The council met on Tuesday.") is None
    assert neutral_twin("Jews and kikes") == "people and kikes"


@pytest.fixture(scope="module")
def model() -> StagedClassifier:
    clf = load_builtin()
    assert isinstance(clf, StagedClassifier)
    return clf


# Each of these is held by the shipped model on the group's name alone (identity_attack or
# toxicity at the hold) before the twin is read. (``NO_LONGER_HELD`` were too, until the context
# stage read pretrained word vectors, 2026-12-03.)
NAME_ONLY = [
    "I am a feminist.",
    "Jews are my neighbours.",
    "Black people live here.",
    "The mosque is two blocks from my house.",
    "The synagogue on our street is very old.",
    "We have a new mosque in town.",
]
#: Held on the name alone by earlier models, and now published by the model itself.
NO_LONGER_HELD = [
    "I am a black woman.",
    "A Black-owned bakery opened on our street, go and support them!",
    "Our new neighbours are Somali.",
    "We are Roma.",
]
STILL_HELD = [
    "kill muslims",
    "Jewish-owned banks control everything.",
    "Muslim-majority areas are breeding grounds for terror.",
    "Muslims are disgusting.",
    "Women are stupid.",
    "Immigrants are lazy.",
    "I hate gay people.",
    "Roma are vermin.",
    "Ban all mosques, they breed terrorists.",
    "Mosques should be bulldozed.",
    "No more mosques in our country.",
]


def _raw(model: StagedClassifier, texts: list[str]) -> np.ndarray:
    return model.scores(texts)


@pytest.mark.parametrize("text", NAME_ONLY)
def test_a_group_named_in_a_civil_sentence_is_not_held(model: StagedClassifier, text: str) -> None:
    assert is_held(dict(zip(staged.CATEGORIES, _raw(model, [text])[0], strict=True)))  # before
    assert not is_held(model.analyze([text])[0].scores), text


@pytest.mark.parametrize("text", NO_LONGER_HELD)
def test_a_group_named_in_a_civil_sentence_was_held_once_and_is_published(
    model: StagedClassifier, text: str
) -> None:
    assert not is_held(model.analyze([text])[0].scores), text


@pytest.mark.parametrize("text", STILL_HELD)
def test_abuse_of_a_group_is_still_held(model: StagedClassifier, text: str) -> None:
    assert is_held(model.analyze([text])[0].scores), text


def test_a_hostile_twin_leaves_the_scores_alone(
    model: StagedClassifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = ["kill muslims", "Muslims are disgusting.", "You are an idiot, and so are your Kurdish friends."]
    checked = [a.scores for a in model.analyze(texts)]
    monkeypatch.setattr(staged, "TWIN_FROM", 99.0)  # no text is read again
    unchecked = [a.scores for a in model.analyze(texts)]
    assert checked == unchecked


def test_the_twin_only_lowers_scores_and_only_below_the_hold(
    model: StagedClassifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = NAME_ONLY + STILL_HELD + ["The weather is lovely today.", "Kurds live in four countries."]
    checked = [a.scores for a in model.analyze(texts)]
    monkeypatch.setattr(staged, "TWIN_FROM", 99.0)
    unchecked = [a.scores for a in model.analyze(texts)]
    for text, a, b in zip(texts, checked, unchecked, strict=True):
        for cat in a:
            assert a[cat] <= b[cat] + 1e-12, (text, cat)
            if a[cat] < b[cat]:
                hold = dict(zip(staged._ABUSE_HEADS, staged._HOLD, strict=True))[cat]
                assert a[cat] < hold, (text, cat)
