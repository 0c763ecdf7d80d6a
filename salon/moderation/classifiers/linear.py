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
from itertools import chain, pairwise
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
SPAN_MIN_SCORE = 0.4
_CACHE_LIMIT = 200_000
#: The threat head learned from a few hundred hand-written sentences; alone it may only hint
#: (stay under the default hold), the patterns in ``threats`` carry the decision.
MODEL_THREAT_WEIGHT = 0.55

#: Heads whose evidence is damped inside negation, quotation and counter-speech; profanity and
#: spam are not (a quoted swear word is still on the page).
DAMPED_HEADS = ("toxicity", "severe_toxicity", "identity_attack", "insult")
_NEGATORS = frozenset(
    (
        "not",
        "no",
        "never",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "don't",
        "doesn't",
        "didn't",
        "nobody",
        "noone",
        "nothing",
        "neither",
        "nor",
        "hardly",
        "cannot",
        "can't",
        "won't",
        "wouldn't",
        "shouldn't",
    )
)
_NEGATION_REACH = 3
_NEGATION_DAMP = 0.3
_QUOTE_DAMP = 0.5
_COUNTER_DAMP = 0.3
_CLAUSE_BREAK = re.compile(r"[.,;:!?()]|\bbut\b")
_SPEECH = re.compile(
    r"\b(?:call|calls|calling|called|say|says|saying|said|use|uses|using|word|words|"
    r"term|terms|slur|slurs|label|labels|labelling|labeling|name|names)\b"
)
_CONDEMN = re.compile(
    r"\b(?:disgusting|wrong|unacceptable|not ok|not okay|racist|sexist|hateful|"
    r"offensive|bigoted|bigotry|shameful|vile|appalling|stop|never|don't|shouldn't|"
    r"should not|is not acceptable|isn't acceptable|hurtful|dehumanising|dehumanizing)\b"
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")


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
    if len(norm.original) >= 12 and norm.original.isupper():
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
    feats.extend(f"b:{a} {b}" for a, b in pairwise(words))
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
    damp: list[float] | None


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
        names = [w for _, _, w in words]
        cache = self._word_cache
        word_ids = [cache[w] if w in cache else self._word_ids(w) for w in names]
        get = self._index.get
        bigram_ids = [get(f"b:{a} {b}", -1) for a, b in pairwise(names)]
        ids = list(chain.from_iterable(word_ids))
        ids.extend(i for i in bigram_ids if i >= 0)
        ids.extend(i for i in (get(f) for f in _extra_features(norm)) if i is not None)
        return _Encoded(norm, words, ids, word_ids, bigram_ids, context_damping(norm.text, words))

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
        heads = [CATEGORIES.index(h) for h in DAMPED_HEADS]
        for row, enc in enumerate(encoded):
            if enc.damp is not None:
                logits[row, heads] -= self._damped_evidence(enc)[heads]
        return logits

    def _damped_evidence(self, enc: _Encoded) -> npt.NDArray[np.float64]:
        """How much of the logit the damped words would remove: sum of (1 - m) * contribution."""
        assert enc.damp is not None
        total = np.zeros(len(CATEGORIES))
        for ids, m in zip(enc.word_ids, enc.damp, strict=True):
            if m < 1.0 and ids:
                total += (1.0 - m) * self._weights[list(ids)].sum(axis=0)
        return total / np.sqrt(max(len(enc.ids), 1))

    def _calibrate(self, logits: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        z = logits * self._cal[:, 0] + self._cal[:, 1]
        return np.clip(1.0 / (1.0 + np.exp(-z)), 0.0, 0.999)

    def _analysis(self, enc: _Encoded, probs: npt.NDArray[np.float64]) -> Analysis:
        scores = {c: float(p) for c, p in zip(CATEGORIES, probs, strict=True)}
        scores["threat"] *= MODEL_THREAT_WEIGHT
        spans: list[Span] = []
        hot = [
            k for k, c in enumerate(CATEGORIES) if scores[c] >= SPAN_MIN_SCORE and c not in ("spam", "threat")
        ]
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
        n = len(enc.words)
        lengths = [len(ids) for ids in enc.word_ids]
        flat = [i for ids in enc.word_ids for i in ids]
        owner = np.repeat(np.arange(n), lengths)
        contrib = np.zeros((n, len(cats)))
        if flat:
            np.add.at(contrib, owner, self._weights[flat][:, cats])
        bigrams = np.asarray(enc.bigram_ids, dtype=np.int64)
        if bigrams.size and (bigrams >= 0).any():
            at = np.flatnonzero(bigrams >= 0)
            half = self._weights[bigrams[at]][:, cats] / 2.0
            np.add.at(contrib, at, half)
            np.add.at(contrib, at + 1, half)
        if enc.damp is not None:
            contrib *= np.asarray(enc.damp)[:, None]
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


def context_damping(text: str, words: Sequence[tuple[int, int, str]]) -> list[float] | None:
    """Per-word multipliers for the abuse heads, or None when nothing is damped.

    Words up to three after a negator in the same clause ("you are not an idiot"), words inside
    double quotes, and every word of a sentence that condemns a way of speaking ("calling people
    X is disgusting") count for less: the model is a bag of words and cannot see that frame.
    """
    if '"' not in text and _NEGATORS.isdisjoint(w for _, _, w in words) and not _SPEECH.search(text):
        return None
    damp = [1.0] * len(words)
    _damp_negation(text, words, damp)
    _damp_quotes(text, words, damp)
    _damp_counter_speech(text, words, damp)
    return damp if any(m < 1.0 for m in damp) else None


def _damp_negation(text: str, words: Sequence[tuple[int, int, str]], damp: list[float]) -> None:
    for k, (_, end, w) in enumerate(words):
        if w not in _NEGATORS:
            continue
        for j in range(k + 1, min(k + 1 + _NEGATION_REACH, len(words))):
            if _CLAUSE_BREAK.search(text, end, words[j][0]):
                break
            damp[j] = min(damp[j], _NEGATION_DAMP)


def _damp_quotes(text: str, words: Sequence[tuple[int, int, str]], damp: list[float]) -> None:
    if '"' not in text:
        return
    for k, (b, _, _) in enumerate(words):
        if text.count('"', 0, b) % 2 == 1:
            damp[k] = min(damp[k], _QUOTE_DAMP)


def _damp_counter_speech(text: str, words: Sequence[tuple[int, int, str]], damp: list[float]) -> None:
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0)
        if not (_SPEECH.search(sentence) and _CONDEMN.search(sentence)):
            continue
        for k, (b, _, _) in enumerate(words):
            if m.start() <= b < m.end():
                damp[k] = min(damp[k], _COUNTER_DAMP)


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
