"""Where a normalised text quotes someone: inside double quotes, or inside single quotes used
as quotation marks ('they should die'), not apostrophes (don't, the Kurds' homes).

Normalisation folds curly quotes to straight ones, so these two marks are all there is.
"""

from __future__ import annotations

import re

__all__ = ["inside", "quoted", "stretches"]

# An opening single quote stands after a space, a bracket or a colon and before a word; the
# closing one after a word or a stop and before a space, a stop or the end. An apostrophe
# inside the stretch ends the candidate ("'they don't belong'" is not taken as a quotation:
# missing one is cheaper than taking "kill 'em" for a quotation).
_SINGLE = re.compile(r"(?:^|(?<=[\s(\[:,]))'(?=[a-z0-9])[^'\n]{1,200}?(?<=[a-z0-9.!?])'(?=$|[\s.,!?;:)\]])")


def stretches(text: str) -> list[tuple[int, int]]:
    """The quotations of a text as ``(begin, end)``: inside a pair of double quotes (an unpaired
    one runs to the end), or a single-quoted stretch. Found once per text; ``inside`` reads them."""
    found = []
    at = text.find('"')
    while at >= 0:
        close = text.find('"', at + 1)
        found.append((at, len(text) if close < 0 else close))
        at = -1 if close < 0 else text.find('"', close + 1)
    if "'" in text and _may_open(text):
        found += [(m.start(), m.end() - 1) for m in _SINGLE.finditer(text)]
    return found


_OPENS_AFTER = frozenset("([:,")
_OPENS_BEFORE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _may_open(text: str) -> bool:
    """Whether some single quote of ``text`` stands where ``_SINGLE`` opens a quotation (at the
    start or after a space, a bracket, a colon or a comma, and before a letter or digit): most
    are apostrophes (don't), and then the pattern need not be tried at every position."""
    at = text.find("'")
    while at >= 0:
        opens = at == 0 or text[at - 1].isspace() or text[at - 1] in _OPENS_AFTER
        if opens and at + 1 < len(text) and text[at + 1] in _OPENS_BEFORE:
            return True
        at = text.find("'", at + 1)
    return False


def inside(spans: list[tuple[int, int]], at: int) -> bool:
    """Whether offset ``at`` falls strictly inside one of ``stretches``."""
    return any(b < at <= e for b, e in spans)


def quoted(text: str, begin: int) -> bool:
    """Whether the character at ``begin`` stands inside a quotation."""
    return inside(stretches(text), begin)
