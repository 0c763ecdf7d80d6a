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
        # A negated word of attack takes back the group named before it too (test below).
        ("Muslims are not terrorists.", ["muslims", "terrorists"]),
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


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Muslims are not criminals.", "muslims"),
        ("Black people are not stupid.", "black"),
        ("Refugees are never a burden on anyone.", "refugees"),
        ("I think Kurds are not vermin at all.", "kurds"),
    ],
)
def test_a_negated_attack_takes_back_the_naming_of_the_group_before_it(text: str, group: str) -> None:
    assert group in damped(text)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Muslims are not welcome here.", "muslims"),  # a negated good word: a slight
        ("Jews should never be allowed to teach.", "jews"),  # nothing negative is negated
        ("Kurds, not criminals, are the victims here.", "kurds"),  # the group in another clause
        ("Turks are vermin and not criminals.", "turks"),
    ],
)
def test_the_group_stays_when_no_attack_on_it_is_negated_in_its_clause(text: str, group: str) -> None:
    assert group not in damped(text)
