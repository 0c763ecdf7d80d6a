"""Quotation marks: double quotes, and single quotes used as quotation marks (not apostrophes)."""

from __future__ import annotations

import pytest

from salon.moderation.classifiers.damping import context_damping
from salon.moderation.classifiers.linear import tokens
from salon.moderation.normalize import normalize
from salon.moderation.quotes import quoted


def _at(text: str, word: str) -> bool:
    return quoted(text, text.index(word))


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ('he wrote "muslims should die" on the wall', "die"),
        ("when you write 'muslims should die' you show your hatred", "die"),
        ("the sign read: 'kurds out' and was removed", "out"),
        ("'death to kurds' was chanted at the rally", "death"),
    ],
)
def test_inside_a_quotation(text: str, word: str) -> None:
    assert _at(text, word)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("i don't think they should die", "die"),
        ("the kurds' homes were burned and they should die", "die"),
        ("kill 'em all", "all"),
        ('he wrote "hello" and then said muslims should die', "die"),
        ("when you write 'hello' you show muslims should die", "die"),
    ],
)
def test_outside_a_quotation(text: str, word: str) -> None:
    assert not _at(text, word)


def test_words_in_single_quotes_are_damped_like_double_quotes() -> None:
    for text in (
        "when you write 'kurds are vermin' you show your own hatred",
        'when you write "kurds are vermin" you show your own hatred',
    ):
        words = tokens(normalize(text))
        damp = context_damping(text, words)
        assert damp is not None
        by_word = dict(zip([w for _, _, w in words], damp, strict=True))
        assert by_word["vermin"] < 1.0 and by_word["hatred"] == 1.0, by_word
