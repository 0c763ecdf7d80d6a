"""salon's functional test suite for the moderation model: the cases.

A functionality is one behaviour a comment section needs from the model: hold a passive call to
shoot a people, pass a sports fan saying "we killed them 4-0", and so on.  Its cases are expanded
deterministically from the templates in functional_cases.py over the target groups and fillers
there; each case knows whether it should be held.  ``suite()`` returns them all, in a fixed order.
Scoring lives in functional_eval.py.  The cases are an evaluation set: never train on them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from salon.training.functional_cases import EXTRA, GROUPS, SPECS, SPELLING_BASES, Group, Spec

__all__ = ["FUNCTIONALITIES", "Case", "functionality", "suite"]


@dataclass(frozen=True)
class Case:
    """One sentence of the suite."""

    functionality: str
    text: str
    held: bool  # what a good model does with it: True = hold for review
    target: str | None  # the target group's key, None for a person or no one


_LEET = str.maketrans({"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "A": "4", "E": "3", "I": "1"})
_VOWELS = "aeiouAEIOU"


def _leet(word: str) -> str:
    return word.translate(_LEET)


def _spaced(word: str) -> str:
    return " ".join(word)


def _swapped(word: str) -> str:
    """Two letters after the first swapped: vermin -> vremin, hate -> htae."""
    return word[0] + word[2] + word[1] + word[3:]


def _elongated(word: str) -> str:
    """The last vowel held: vermin -> vermiiiin, kill -> kiiiill."""
    for k in range(len(word) - 1, -1, -1):
        if word[k] in _VOWELS:
            return word[: k + 1] + word[k] * 3 + word[k + 1 :]
    return word + word[-1] * 3


def _dropped(word: str) -> str:
    """The first vowel after the first letter left out: vermin -> vrmin, hate -> hte."""
    for k in range(1, len(word)):
        if word[k] in _VOWELS:
            return word[:k] + word[k + 1 :]
    return word[:-1]


_SPELLINGS = {
    "spelling_leet": (_leet, "hate with letters replaced by digits (leetspeak)"),
    "spelling_spacing": (_spaced, "hate with the key word s p a c e d out"),
    "spelling_swap": (_swapped, "hate with two letters of the key word swapped"),
    "spelling_elongation": (_elongated, "hate with a letter of the key word drawn out"),
    "spelling_deletion": (_dropped, "hate with a letter of the key word left out"),
}

_BRACKETED = re.compile(r"\[([^\]]+)\]")


def _respelt(template: str, change: Callable[[str], str]) -> str:
    return _BRACKETED.sub(lambda m: change(m.group(1)), template)


def _joined(template: str) -> str:
    """The key word run into the word after it, or the word before it at the end of a
    sentence: "killall Muslims", "Muslims arevermin"."""
    if (m := re.search(r"\[([^\]]+)\] ", template)) is not None:
        return template[: m.start()] + m.group(1) + template[m.end() :]
    return re.sub(r" \[([^\]]+)\]", lambda m: m.group(1), template)


def _spelling_specs() -> dict[str, Spec]:
    out = {}
    for name, (change, about) in _SPELLINGS.items():
        templates = tuple(_respelt(t, change) for t in SPELLING_BASES)
        out[name] = Spec(True, about, ((templates, "groups"),))
    joined = tuple(_joined(t) for t in SPELLING_BASES)
    out["spelling_joined"] = Spec(True, "hate with a missing space at the key word", ((joined, "groups"),))
    return out


def _specs() -> dict[str, Spec]:
    specs = dict(SPECS)
    specs.update(_spelling_specs())
    specs.update(EXTRA)
    return specs


def _fill(template: str, group: Group | None, filler: str) -> str:
    values = {"X": filler}
    if group is not None:
        values.update(
            P=group.plural,
            Pc=group.plural[0].upper() + group.plural[1:],
            S=group.singular,
            Sc=group.singular[0].upper() + group.singular[1:],
        )
    return template.format(**values)


def _expand(name: str, spec: Spec) -> list[Case]:
    cases = []
    for templates, fills in spec.blocks:
        for template in templates:
            if isinstance(fills, str):  # "groups"
                for group in GROUPS:
                    cases.append(Case(name, _fill(template, group, ""), spec.held, group.key))
            else:
                for filler, target in fills:
                    cases.append(Case(name, _fill(template, None, filler), spec.held, target))
    return cases


#: Every functionality: name -> (held, what it tests), in the suite's order.
FUNCTIONALITIES: dict[str, tuple[bool, str]] = {n: (s.held, s.about) for n, s in _specs().items()}


@cache
def suite() -> tuple[Case, ...]:
    """Every case of the suite, functionality by functionality, in a fixed order."""
    out: list[Case] = []
    for name, spec in _specs().items():
        out.extend(_expand(name, spec))
    return tuple(out)


def functionality(name: str) -> list[Case]:
    """The cases of one functionality."""
    if name not in FUNCTIONALITIES:
        raise KeyError(f"unknown functionality {name!r}")
    return [c for c in suite() if c.functionality == name]
