"""Words a group's members use of themselves, and when a text claims one rather than aims it.

"As a dyke myself", "every queer I know", "speaking as a proud tranny", "my nigga": the speaker
takes the word for themself or their own. The damping (``classifiers.damping``) counts such a
word for little, and the slur patterns (``incitement``) do not hold it; aimed ("you fag", "my
faggot neighbour") it counts in full in both.
"""

from __future__ import annotations

import re

__all__ = ["RECLAIMABLE", "claimed"]

#: Words that a group's own members use of themselves.
RECLAIMABLE = frozenset(
    [
        "fag",
        "fags",
        "faggot",
        "faggots",
        "dyke",
        "dykes",
        "queer",
        "queers",
        "tranny",
        "trannies",
        "nigga",
        "niggas",
        "homo",
        "homos",
        "poof",
        "poofs",
        "lezza",
        "lesbo",
        "lesbos",
        "crip",
        "crips",
    ]
)
#: What claims such a word before it: "as a", "i'm a", "proud", "fellow", "us", "we".
_BEFORE = re.compile(
    r"\b(?:as an?|i'm an?|i am an?|im an?|i'm|i am|we're|we are|we|us|fellow|proud|speaking as an?)"
    r"(?: proud| fellow| old| big| fat| little| queer| black)?\s*$"
)
#: ... or after it: "myself", "like me", "i know".
_AFTER = re.compile(r"\s*(?:myself|like me|like us|i know|here,? (?:and|i)|and proud|pride)\b")
#: "my nigga", "me and my niggas": only for that word ("my faggot neighbour" is aimed).
_MY = re.compile(r"\b(?:my|me and my)\s*$")


def claimed(text: str, begin: int, end: int) -> bool:
    """Whether the word at ``text[begin:end]`` (normalised text) is claimed by its speaker."""
    if _BEFORE.search(text, max(0, begin - 30), begin) or _AFTER.match(text, end):
        return True
    return text[begin:end] in ("nigga", "niggas") and _MY.search(text, max(0, begin - 12), begin) is not None
