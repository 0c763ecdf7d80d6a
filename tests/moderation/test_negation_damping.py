"""A negator takes back the abuse words after it ("not an idiot"), but a negated good word is a
slight, not a retraction ("I will never respect Kurds"): it damps nothing."""

from __future__ import annotations

import pytest

from salon.moderation.classifiers.damping import context_damping
from salon.moderation.classifiers.linear import tokens
from salon.moderation.normalize import normalize


def _damped(text: str) -> list[str]:
    norm = normalize(text)
    words = tokens(norm)
    damp = context_damping(norm.text, words) or [1.0] * len(words)
    return [w for (_, _, w), m in zip(words, damp, strict=True) if m < 1.0]


@pytest.mark.parametrize(
    ("text", "damped"),
    [
        ("You are not an idiot.", ["an", "idiot"]),
        ("I don't hate Kurds.", ["hate", "kurds"]),
        ("Muslims are not terrorists.", ["terrorists"]),
        # The clause ends the negation's reach.
        ("Not now, you moron.", ["now"]),
    ],
)
def test_a_negator_damps_the_words_after_it(text: str, damped: list[str]) -> None:
    assert _damped(text) == damped


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
    assert _damped(text) == []


def test_a_quotation_inside_a_condemning_sentence_counts_less_than_either_frame() -> None:
    norm = normalize('He called her a "stupid bitch", and that is unacceptable.')
    words = tokens(norm)
    damp = dict(zip((w for _, _, w in words), context_damping(norm.text, words) or [], strict=True))
    assert damp["bitch"] == pytest.approx(0.15)  # quoted (0.5) in counter-speech (0.3)
    assert damp["he"] == pytest.approx(0.3)
    quoted_only = normalize('She wrote "stupid bitch" on the wall.')
    qwords = tokens(quoted_only)
    qdamp = dict(zip((w for _, _, w in qwords), context_damping(quoted_only.text, qwords) or [], strict=True))
    assert qdamp["bitch"] == pytest.approx(0.5)
