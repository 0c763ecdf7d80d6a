"""The frame of an incitement pattern: its gates, its family's scores and the helper that makes
one. ``incitement_patterns`` (against groups) and ``reader_abuse`` (against one reader) write
their patterns with it; ``incitement`` runs them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

__all__ = ["CATEGORIES", "KEY_LENGTH", "Gate", "Pattern", "pattern"]

KEY_LENGTH = 6


def _key(literal: str) -> tuple[str, ...]:
    """The word prefixes a gate literal stands for: its first and last word, cut."""
    ws = re.findall("[a-z]+", literal)
    return tuple(dict.fromkeys((ws[0][:KEY_LENGTH], ws[-1][:KEY_LENGTH])))


@dataclass(frozen=True)
class Gate:
    """One gate set: holds when the words of a text start with all the prefixes of one key."""

    singles: frozenset[str]
    pairs: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, literals: list[str]) -> Gate:
        keys = [_key(lit) for lit in literals]
        return cls(frozenset(k[0] for k in keys if len(k) == 1), tuple(k for k in keys if len(k) > 1))

    def holds(self, prefixes: set[str] | frozenset[str]) -> bool:
        """True when ``prefixes`` (see ``prefixes``) has every prefix of one key."""
        if not self.singles.isdisjoint(prefixes):
            return True
        return any(pair[1] in prefixes for pair in self.pairs if pair[0] in prefixes)


@dataclass(frozen=True)
class Pattern:
    """One incitement frame: its family, regex, scores and what must be present to run it.

    ``gate`` holds sets of literals, written ``word`` or ``word_word``: every text the regex can
    match has, for each set, words starting with the (first and last) words of one literal (the
    first set also feeds the trigger that most texts fail).  A pattern with ``substrings`` needs
    one of them inside a word instead of a trigger word.  ``group`` says the regex needs a group
    name (it runs only on the sentences that have one); ``before`` must match the text just
    before a match; ``context`` is ``"group"`` or ``"death"`` when the text must also mention a group or a
    death, ``"near-group"`` when a group must be named close to the match (a pronoun pointing at it).
    ``negation_inside``: the match's own words may hold a negation and still mean it ("won't shed a
    tear", "couldn't happen to nicer people"); else one takes a violence, glee or degrade match back.
    """

    name: str
    family: str
    source: str
    threat: float
    severe: float
    identity: float
    insult: float
    toxicity: float
    gate: tuple[Gate, ...]
    group: bool
    context: str = ""
    substrings: tuple[str, ...] = ()
    before_source: str = ""
    negation_inside: bool = False

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The compiled regex (compiled on first use: all of them take a while)."""
        return re.compile(self.source)

    @cached_property
    def before(self) -> re.Pattern[str] | None:
        """What must match the text just before a match, compiled on first use."""
        return re.compile(self.before_source) if self.before_source else None

    @property
    def excused_by_negation(self) -> bool:
        """Whether a negated clause takes the match back: not for a slur or an insulting name,
        which is one in any clause ("nobody wants you kikes here")."""
        return self.family not in ("name", "slur")

    def passes(self, prefixes: set[str] | frozenset[str]) -> bool:
        """True when every gate set after the first holds (``triggered`` checks the first)."""
        gate = self.gate
        return len(gate) == 1 or all(g.holds(prefixes) for g in gate[1:])  # most have one set


_FAMILY_SCORES: dict[str, tuple[float, float, float, float, float]] = {
    # threat, severe, identity, insult, toxicity
    "violence": (0.9, 0.8, 0.85, 0.0, 0.9),
    "glee": (0.7, 0.5, 0.75, 0.0, 0.75),
    "expel": (0.0, 0.3, 0.75, 0.0, 0.7),
    "dehumanise": (0.0, 0.55, 0.85, 0.6, 0.85),
    "name": (0.0, 0.3, 0.0, 0.75, 0.7),
    "hatred": (0.0, 0.3, 0.75, 0.0, 0.75),
    "degrade": (0.0, 0.4, 0.0, 0.7, 0.8),
    "slur": (0.0, 0.4, 0.8, 0.6, 0.85),
}
CATEGORIES: dict[str, tuple[str, ...]] = {
    "violence": ("threat", "identity_attack"),
    "glee": ("threat", "identity_attack"),
    "expel": ("identity_attack",),
    "dehumanise": ("identity_attack", "toxicity"),
    "name": ("insult",),
    "hatred": ("identity_attack",),
    "degrade": ("insult", "toxicity"),
    "slur": ("identity_attack", "insult"),
}


def pattern(
    name: str,
    family: str,
    regex: str,
    gate: str,
    *,
    group: bool = True,
    context: str = "",
    substrings: str = "",
    before: str = "",
    negation_inside: bool = False,
    **scores: float,
) -> Pattern:
    threat, severe, identity, insult, toxicity = _FAMILY_SCORES[family]
    return Pattern(
        name,
        family,
        regex,
        scores.get("threat", threat),
        scores.get("severe", severe),
        scores.get("identity", identity),
        scores.get("insult", insult),
        scores.get("toxicity", toxicity),
        tuple(Gate.of(part.split()) for part in gate.split("|")),
        group,
        context,
        tuple(substrings.split()),
        before,
        negation_inside,
    )
