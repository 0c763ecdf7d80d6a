"""A negator takes back the abuse words after it ("not an idiot"), but a negated good word is a
slight, not a retraction ("I will never respect Kurds"): it damps nothing. Quotation stacks on
the other frames."""

from __future__ import annotations

import pytest

from tests.moderation.support import damped, damping_by_word


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("You are not an idiot.", ["an", "idiot"]),
        ("I don't hate Kurds.", ["hate", "kurds"]),
        ("Muslims are not terrorists.", ["terrorists"]),
        # The clause ends the negation's reach.
        ("Not now, you moron.", ["now"]),
    ],
)
def test_a_negator_damps_the_words_after_it(text: str, words: list[str]) -> None:
    assert damped(text) == words


@pytest.mark.parametrize(
    "text",
    [
        "I will never respect Kurds.",
        "I could never trust a Jew.",
        "Women are not equal to men.",
        "Immigrants don't deserve a home here.",
        "Refugees are not human.",
    ],
)
def test_a_negated_good_word_damps_nothing(text: str) -> None:
    assert damped(text) == []


def test_a_quotation_inside_a_condemning_sentence_counts_less_than_either_frame() -> None:
    damp = dict(damping_by_word('He called her a "stupid bitch", and that is unacceptable.'))
    assert damp["bitch"] == pytest.approx(0.15)  # quoted (0.5) in counter-speech (0.3)
    assert damp["he"] == pytest.approx(0.3)
    assert dict(damping_by_word('She wrote "stupid bitch" on the wall.'))["bitch"] == pytest.approx(0.5)
