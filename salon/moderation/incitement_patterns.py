"""The incitement patterns against groups, family by family (the abuse of one reader is in
``reader_abuse``, the frame every pattern is made with in ``incitement_frames``).

``salon.moderation.incitement`` runs them and judges each match in its context (negation,
reporting, condemnation, sport, the policy on legal status); docs/moderation.md describes the
families.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import chain

from salon.moderation.incitement_dehumanise import DEHUMANISE
from salon.moderation.incitement_expel import EXPEL
from salon.moderation.incitement_frames import CATEGORIES, KEY_LENGTH, Gate, Pattern
from salon.moderation.incitement_glee import GLEE, GLEE_AFTER
from salon.moderation.incitement_hatred import HATRED
from salon.moderation.incitement_names import NAMES
from salon.moderation.incitement_violence import VIOLENCE
from salon.moderation.reader_abuse import READER_PATTERNS

__all__ = [
    "CATEGORIES",
    "KEY_LENGTH",
    "PATTERNS",
    "SEPARATORS",
    "Gate",
    "Pattern",
    "prefixes",
    "triggered",
    "words_of",
]

#: Every pattern, in the order they are tried: the group families, the abuse of one reader, the
#: slurs made of a group's name.
PATTERNS: tuple[Pattern, ...] = (
    VIOLENCE + GLEE + EXPEL + DEHUMANISE + HATRED + GLEE_AFTER + READER_PATTERNS + NAMES
)


# The trigger: which patterns' first gate set holds, found from the prefixes by lookups; a
# second pair of tables leaves out the patterns that need a group named (``Pattern.group``).
_Tables = tuple[dict[str, list[int]], dict[str, list[tuple[str, int]]], frozenset[str], frozenset[str]]


def _tables(ungrouped_only: bool) -> _Tables:
    by_single: dict[str, list[int]] = {}
    by_pair: dict[str, list[tuple[str, int]]] = {}
    for i, pat in enumerate(PATTERNS):
        if ungrouped_only and pat.group:
            continue
        for k in pat.gate[0].singles:
            by_single.setdefault(k, []).append(i)
        for a, b in pat.gate[0].pairs:
            by_pair.setdefault(a, []).append((b, i))
    return by_single, by_pair, frozenset(by_single), frozenset(by_pair)


_EVERY, _UNGROUPED = _tables(False), _tables(True)


def triggered(prefixes: set[str], grouped: bool = True) -> list[Pattern]:
    """The patterns whose first gate set holds for a text with these word prefixes, in order;
    without those that need a group named if the text names none (``grouped`` false)."""
    by_single, by_pair, single_keys, pair_keys = _EVERY if grouped else _UNGROUPED
    found = {i for k in single_keys.intersection(prefixes) for i in by_single[k]}
    for k in pair_keys.intersection(prefixes):
        found.update(i for second, i in by_pair[k] if second in prefixes)
    return [PATTERNS[i] for i in sorted(found)]


#: Separators for splitting normalised text into words.
SEPARATORS = str.maketrans({c: " " for c in "".join(chr(i) for i in range(128) if not chr(i).isalpha())})
_LENGTHS = tuple(range(2, KEY_LENGTH + 1))
_ALL_KEYS = frozenset(
    k for pat in PATTERNS for g in pat.gate for key in (*((s,) for s in g.singles), *g.pairs) for k in key
)
# Per word, the keys it starts with (most words: none); bounded, filled as words are seen.
_WORD_KEYS: dict[str, tuple[str, ...]] = {}
_WORD_KEYS_MAX = 20_000


_LETTERS = re.compile("[a-z]+")


def words_of(text: str, tokens: Sequence[str] | None = None) -> set[str]:
    """The words of a normalised text (its runs of letters).

    ``tokens``: the text's words as the linear stage found them (``linear._TOKEN.findall``), if
    at hand. In an ASCII text every run of letters lies inside one of them (a token is followed
    by a character that is not a letter), so the runs are read from the tokens, most of which
    are a run already, instead of splitting the text again."""
    if tokens is None or not text.isascii():
        return set(text.translate(SEPARATORS).split())
    found = set(tokens)
    if all(map(str.isalpha, found)):
        return found
    return {run for token in found for run in ((token,) if token.isalpha() else _LETTERS.findall(token))}


def prefixes(words: set[str]) -> set[str]:
    """The gate keys the words start with, for ``Gate.holds`` and ``triggered``."""
    found = list(map(_WORD_KEYS.get, words))
    if None in found:
        found = [_keys_of(w) if keys is None else keys for w, keys in zip(words, found, strict=True)]
    return set(chain.from_iterable(filter(None, found)))


def _keys_of(word: str) -> tuple[str, ...]:
    keys = tuple(dict.fromkeys(word[:n] for n in _LENGTHS if word[:n] in _ALL_KEYS))
    if len(_WORD_KEYS) < _WORD_KEYS_MAX:
        _WORD_KEYS[word] = keys
    return keys
