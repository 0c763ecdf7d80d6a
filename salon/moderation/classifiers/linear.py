"""The built-in model: a linear classifier over word and character n-grams, numpy only.

Inference loads a plain ``.npz`` (``allow_pickle=False``): the vocabulary as a string array, one
weight column and bias per category, and Platt calibration parameters.  A text is normalised
(``salon.moderation.normalize``), split into words; each word contributes its unigram and the
character 3-5-grams of ``<word>``, each adjacent pair a bigram.  The logit of a category is
``bias + sum(weights of present features) / sqrt(number of features)``; the calibrated score is
``sigmoid(a * logit + c)``.  Spans come from the per-word share of that sum.  The threat patterns
of ``salon.moderation.threats`` are folded in, so callers get one ``Analysis`` per text.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from salon.moderation import threats
from salon.moderation.classifiers.base import CATEGORIES, Analysis, ClassifierError, Span
from salon.moderation.normalize import Normalized, normalize

__all__ = ["DEFAULT_MODEL_PATH", "LinearClassifier", "text_features", "word_features"]

DEFAULT_MODEL_PATH = Path(__file__).with_name("model.npz")
FORMAT_VERSION = 1

_TOKEN = re.compile(r"[a-z0-9*]+(?:'[a-z]+)?")
_URL = re.compile(r"https?://|www\.|\.com\b|\.ly/|\.net\b")
_NGRAMS = (3, 4, 5)
#: A span needs a word whose contribution is at least this share of the positive evidence.
SPAN_SHARE = 0.2
#: Spans are computed only for categories scoring at least this much.
SPAN_MIN_SCORE = 0.3
_CACHE_LIMIT = 200_000


def word_features(word: str) -> list[str]:
    """Feature names for one normalised word: the unigram and its character n-grams."""
    padded = f"<{word}>"
    feats = [f"w:{word}"]
    for n in _NGRAMS:
        feats.extend(f"c:{padded[i : i + n]}" for i in range(len(padded) - n + 1))
    return feats


def _extra_features(norm: Normalized) -> list[str]:
    extra = []
    if _URL.search(norm.text):
        extra.append("x:url")
    letters = [c for c in norm.original if c.isalpha()]
    if len(letters) >= 8 and sum(c.isupper() for c in letters) > 0.7 * len(letters):
        extra.append("x:caps")
    return extra


def tokens(norm: Normalized) -> list[tuple[int, int, str]]:
    """Words of a normalised text as ``(begin, end, word)`` in normalised offsets."""
    return [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(norm.text)]


def text_features(text: str) -> list[str]:
    """All feature names of a raw text, as training sees them (with repeats)."""
    norm = normalize(text)
    words = [w for _, _, w in tokens(norm)]
    feats: list[str] = []
    for w in words:
        feats.extend(word_features(w))
    feats.extend(f"b:{a} {b}" for a, b in zip(words, words[1:], strict=False))
    feats.extend(_extra_features(norm))
    return feats


@dataclass(frozen=True)
class _Encoded:
    """One text as feature ids, with which ids belong to which word (for spans)."""

    norm: Normalized
    words: list[tuple[int, int, str]]
    ids: list[int]
    word_ids: list[tuple[int, ...]]
    bigram_ids: list[int]


class LinearClassifier:
    """Calibrated linear scores for the seven categories, plus threat patterns. Thread-safe.

    The only mutable state is a word → feature-ids cache (a dict; single reads and writes are
    atomic, and a race only recomputes an entry).
    """

    name = "salon-linear"

    def __init__(
        self,
        vocabulary: Sequence[str],
        weights: npt.NDArray[np.float32],
        bias: npt.NDArray[np.float32],
        calibration: npt.NDArray[np.float32],
        version: str = "0",
    ) -> None:
        if weights.shape != (len(vocabulary), len(CATEGORIES)):
            raise ClassifierError(f"weights shape {weights.shape} does not fit the vocabulary")
        self.version = version
        self._index = {f: i for i, f in enumerate(vocabulary)}
        self._weights = np.ascontiguousarray(weights, dtype=np.float32)
        self._bias = np.asarray(bias, dtype=np.float64)
        self._cal = np.asarray(calibration, dtype=np.float64).reshape(len(CATEGORIES), 2)
        self._word_cache: dict[str, tuple[int, ...]] = {}
        self._lock = threading.Lock()

    @classmethod
    def load(cls, path: str | Path | None = None) -> LinearClassifier:
        """Load a model file (default: the one shipped with salon). No pickle is involved."""
        path = Path(path) if path is not None else DEFAULT_MODEL_PATH
        try:
            with np.load(path, allow_pickle=False) as data:
                cats = tuple(str(c) for c in data["categories"])
                if cats != CATEGORIES:
                    raise ClassifierError(f"model categories {cats} differ from {CATEGORIES}")
                return cls(
                    vocabulary=[str(v) for v in data["vocabulary"]],
                    weights=data["weights"],
                    bias=data["bias"],
                    calibration=data["calibration"],
                    version=str(data["version"]),
                )
        except (OSError, KeyError, ValueError) as exc:
            raise ClassifierError(f"cannot load model {path}: {exc}") from exc

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        """Score each text; one ``Analysis`` per input, in order."""
        encoded = [self._encode(t) for t in texts]
        logits = self._logits(encoded)
        probs = self._calibrate(logits)
        return [self._analysis(enc, p) for enc, p in zip(encoded, probs, strict=True)]

    def scores(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """Model probabilities only (no threat patterns, no spans): shape (len(texts), 7)."""
        return self._calibrate(self._logits([self._encode(t) for t in texts]))

    # -- features ---------------------------------------------------------------------------

    def _word_ids(self, word: str) -> tuple[int, ...]:
        ids = self._word_cache.get(word)
        if ids is None:
            index = self._index
            ids = tuple(i for i in (index.get(f) for f in word_features(word)) if i is not None)
            if len(self._word_cache) >= _CACHE_LIMIT:
                with self._lock:
                    self._word_cache = {}
            self._word_cache[word] = ids
        return ids

    def _encode(self, text: str) -> _Encoded:
        norm = normalize(text)
        words = tokens(norm)
        word_ids = [self._word_ids(w) for _, _, w in words]
        index = self._index
        bigram_ids = [index.get(f"b:{a[2]} {b[2]}", -1) for a, b in zip(words, words[1:], strict=False)]
        ids = [i for wid in word_ids for i in wid]
        ids.extend(i for i in bigram_ids if i >= 0)
        ids.extend(i for i in (index.get(f) for f in _extra_features(norm)) if i is not None)
        return _Encoded(norm, words, ids, word_ids, bigram_ids)

    # -- scoring ----------------------------------------------------------------------------

    def _logits(self, encoded: Sequence[_Encoded]) -> npt.NDArray[np.float64]:
        logits = np.tile(self._bias, (len(encoded), 1))
        lengths = np.fromiter((len(e.ids) for e in encoded), dtype=np.int64, count=len(encoded))
        nonempty = lengths > 0
        if not nonempty.any():
            return logits
        flat = np.fromiter((i for e in encoded for i in e.ids), dtype=np.int64, count=int(lengths.sum()))
        starts = np.concatenate(([0], np.cumsum(lengths[nonempty])[:-1]))
        sums = np.add.reduceat(self._weights[flat], starts, axis=0).astype(np.float64)
        logits[nonempty] += sums / np.sqrt(lengths[nonempty])[:, None]
        return logits

    def _calibrate(self, logits: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        z = logits * self._cal[:, 0] + self._cal[:, 1]
        return np.clip(1.0 / (1.0 + np.exp(-z)), 0.0, 0.999)

    def _analysis(self, enc: _Encoded, probs: npt.NDArray[np.float64]) -> Analysis:
        scores = {c: float(p) for c, p in zip(CATEGORIES, probs, strict=True)}
        spans: list[Span] = []
        hot = [k for k, c in enumerate(CATEGORIES) if scores[c] >= SPAN_MIN_SCORE and c != "spam"]
        if hot and enc.words:
            spans = self._spans(enc, hot, scores)
        found = threats.detect(enc.norm)
        if found.threat > 0:
            scores["threat"] = max(scores["threat"], found.threat)
            scores["severe_toxicity"] = max(scores["severe_toxicity"], found.severe)
            scores["toxicity"] = max(scores["toxicity"], found.threat * 0.9)
            spans = _merge(spans + found.spans)
        return Analysis(scores=scores, spans=spans)

    # -- explanation ------------------------------------------------------------------------

    def _word_contributions(self, enc: _Encoded, cats: list[int]) -> npt.NDArray[np.float64]:
        """Per word and category, the word's own features plus half of each adjacent bigram."""
        w = self._weights
        contrib = np.zeros((len(enc.words), len(cats)))
        for k, ids in enumerate(enc.word_ids):
            if ids:
                contrib[k] = w[list(ids)][:, cats].sum(axis=0)
        for k, bid in enumerate(enc.bigram_ids):
            if bid >= 0:
                half = w[bid, cats] / 2.0
                contrib[k] += half
                contrib[k + 1] += half
        return contrib / np.sqrt(max(len(enc.ids), 1))

    def _spans(self, enc: _Encoded, hot: list[int], scores: dict[str, float]) -> list[Span]:
        contrib = self._word_contributions(enc, hot)
        positive = np.clip(contrib, 0.0, None).sum(axis=0)
        marked = (contrib > 0) & (contrib >= SPAN_SHARE * positive)
        spans = []
        for k in np.flatnonzero(marked.any(axis=1)):
            cats = tuple(CATEGORIES[hot[j]] for j in np.flatnonzero(marked[k]))
            b, e = enc.norm.to_original(enc.words[k][0], enc.words[k][1])
            spans.append(Span(b, e, cats, max(scores[c] for c in cats)))
        return _merge(spans)


def _merge(spans: Iterable[Span]) -> list[Span]:
    """Merge overlapping or touching spans (a single space between counts as touching)."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.begin, s.end)):
        if out and s.begin <= out[-1].end + 1:
            last = out[-1]
            cats = tuple(c for c in CATEGORIES if c in last.categories or c in s.categories)
            out[-1] = Span(last.begin, max(last.end, s.end), cats, max(last.score, s.score))
        else:
            out.append(s)
    return out
