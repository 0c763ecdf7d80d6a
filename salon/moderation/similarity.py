"""Text fingerprints for spotting repeats: word-shingle sets, long sentences, a closing line.

Two texts are near-duplicates when the Jaccard similarity of their 3-word shingle sets reaches
a threshold (exact, not MinHash-estimated: the duplicate phase compares against a bounded window
of recent comments, so exact sets are cheap).  Texts are folded first (NFKC, case, accents), so
those do not make a copy look new; leetspeak is not undone, since digits matter in ordinary
text ("level 0" and "level 1" differ).  Fingerprints are memoised by text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

SHINGLE = 3
#: A sentence must have this many words to count as evidence of pasting.
SENTENCE_WORDS = 6
#: A closing line must have this many words to count as a signature.
SIGNATURE_WORDS = 4
_SENTENCE = re.compile(r"[^.!?\n]+")
_WORD = re.compile(r"\w+(?:'\w+)?")


def fold(text: str) -> str:
    """Compatibility form, no accents, lower case."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@dataclass(frozen=True)
class Fingerprint:
    words: int
    shingles: frozenset[int]
    sentences: frozenset[str]
    signature: str | None


@lru_cache(maxsize=8192)
def fingerprint(text: str) -> Fingerprint:
    """The text's shingles, long sentences and closing line, all normalised."""
    folded = fold(text[:20_000])
    tokens = words(folded)
    if len(tokens) < SHINGLE:
        shingles = frozenset({hash(tuple(tokens))}) if tokens else frozenset()
    else:
        shingles = frozenset(hash(tuple(tokens[i : i + SHINGLE])) for i in range(len(tokens) - SHINGLE + 1))
    sentences = set()
    for m in _SENTENCE.finditer(folded):
        sentence_words = words(m.group(0))
        if len(sentence_words) >= SENTENCE_WORDS:
            sentences.add(" ".join(sentence_words))
    lines = [line for line in folded.splitlines() if line.strip()]
    signature = None
    if len(lines) >= 2:
        last = words(lines[-1])
        if len(last) >= SIGNATURE_WORDS:
            signature = " ".join(last)
    return Fingerprint(len(tokens), shingles, frozenset(sentences), signature)


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """Size of the intersection over size of the union; 0 when either set is empty."""
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)
