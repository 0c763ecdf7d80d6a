"""Spans the way Perspective reports them: sentences, in UTF-16 code units.

Perspective's offsets count UTF-16 code units (what JavaScript's ``String.slice`` and Java's
``substring`` count), so an emoji before a span moves it by two, not one.  salon works in code
points; ``Utf16`` converts.  With ``spanAnnotations`` Perspective scores each sentence on its
own; ``sentences`` finds them (after ``.``, ``!``, ``?``, ``…`` and their CJK forms when
followed by a space or the end, and at line breaks).
"""

from __future__ import annotations

import re
from itertools import accumulate

_SENTENCE_END = re.compile(r"(?:[.!?…]+[\"'”’)\]]*(?=\s|$)|[。！？]+|\n+)")

#: More sentences than this are scored as one span each up to the limit, the rest as one.
MAX_SENTENCES = 200


class Utf16:
    """Code-point offsets of one text -> UTF-16 code-unit offsets."""

    def __init__(self, text: str) -> None:
        if text.isascii():
            self._table: list[int] | None = None
        else:
            widths = (2 if ord(ch) > 0xFFFF else 1 for ch in text)
            self._table = [0, *accumulate(widths)]
        self.length = self.at(len(text))

    def at(self, index: int) -> int:
        if self._table is None:
            return index
        return self._table[index]


def sentences(text: str) -> list[tuple[int, int]]:
    """``(begin, end)`` code-point offsets of each sentence, surrounding space left out."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        _add(out, text, start, m.end())
        start = m.end()
    _add(out, text, start, len(text))
    if len(out) > MAX_SENTENCES:
        out = [*out[: MAX_SENTENCES - 1], (out[MAX_SENTENCES - 1][0], out[-1][1])]
    return out


def _add(out: list[tuple[int, int]], text: str, begin: int, end: int) -> None:
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    if begin < end:
        out.append((begin, end))
