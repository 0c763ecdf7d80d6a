"""A word that a group's members use of themselves, claimed by the speaker ("as a dyke myself",
"every queer I know", "my nigga"), counts for little; the same word aimed at someone still does."""

from __future__ import annotations

import pytest

from salon.moderation.classifiers.staged import load_builtin
from tests.moderation.support import damped


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("As a fag myself, I found this fair.", "fag"),
        ("Speaking as a proud dyke, thank you.", "dyke"),
        ("Every queer I know was at the vigil.", "queer"),
        ("We queers are here to stay.", "queers"),
        ("My nigga, you said it better than the article did.", "nigga"),
        ("Me and my niggas watched the game.", "niggas"),
    ],
)
def test_a_claimed_word_is_damped(text: str, word: str) -> None:
    assert word in damped(text)


@pytest.mark.parametrize(
    "text",
    [
        "You fag.",
        "Shut up, you dyke.",
        "Another faggot in the thread.",
        "Being a fag is a sin.",
        "My faggot neighbour plays music all night.",
    ],
)
def test_the_same_words_aimed_are_not(text: str) -> None:
    assert not {"fag", "dyke", "faggot"} & set(damped(text))


def test_claimed_words_pass_and_aimed_ones_hold() -> None:
    clf = load_builtin()
    civil, aimed = clf.analyze(["As a dyke myself, I loved this piece.", "Shut up, you dyke."])
    assert max(civil.scores[c] for c in ("toxicity", "identity_attack", "insult")) < 0.4
    assert aimed.scores["toxicity"] >= 0.6
