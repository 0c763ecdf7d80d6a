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
import zipfile
from collections.abc import Iterable, Sequence
from functools import partial
from itertools import chain, compress, pairwise, repeat
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from salon.moderation import incitement, threats
from salon.moderation.classifiers import ngrams
from salon.moderation.classifiers.base import CATEGORIES, Analysis, ClassifierError, Span
from salon.moderation.classifiers.damping import (
    DAMPED_HEADS,
    sentence_ends,
    text_damping,
)
from salon.moderation.classifiers.vocabulary import Ints, Vocabulary
from salon.moderation.normalize import Normalized, mask_links, normalize

__all__ = ["DEFAULT_MODEL_PATH", "LinearClassifier", "Prepared", "text_features", "word_features", "words_of"]

DEFAULT_MODEL_PATH = Path(__file__).with_name("model.npz")
FORMAT_VERSION = 1

_TOKEN = re.compile(r"[a-z0-9*]+(?:'[a-z]+)?")
_URL = re.compile(r"https?://|www\.|\.com\b|\.ly/|\.net\b")
_NGRAMS = (3, 4, 5)
#: A span needs a word whose contribution is at least this share of the positive evidence.
SPAN_SHARE = 0.2
#: Spans are computed only for categories scoring at least this much.
SPAN_MIN_SCORE = 0.4
_CACHE_LIMIT = 16384
#: The threat head learned from a few hundred hand-written sentences; alone it may only hint
#: (stay under the default hold), the patterns in ``threats`` carry the decision.
MODEL_THREAT_WEIGHT = 0.55

DAMPED_INDEX = [CATEGORIES.index(h) for h in DAMPED_HEADS]
_DAMPED = np.array(DAMPED_INDEX)
#: Heads that get spans (spam and threat do not).
SPAN_HEADS = [k for k, c in enumerate(CATEGORIES) if c not in ("spam", "threat")]
_T = TypeVar("_T", bound=np.generic)


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


def tokens(norm: Normalized, names: Sequence[str] | None = None) -> list[tuple[int, int, str]]:
    """Words of a normalised text as ``(begin, end, word)`` in normalised offsets.

    ``names`` are the text's words if already found (``_TOKEN.findall``): each is then looked up
    after the one before, since the text between two words holds no word character."""
    text = norm.text
    if names is None:
        names = _TOKEN.findall(text)
    out = []
    at = 0
    find = text.find
    for w in names:
        at = find(w, at)
        out.append((at, at + len(w), w))
        at += len(w)
    return out


def words_of(text: str) -> list[str]:
    """A raw text's words as every stage reads them: links blanked, normalised, tokenised."""
    return _TOKEN.findall(normalize(mask_links(text)).text)


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


class _FeatureTable:
    """Feature ids of words in one flat array, so a batch is gathered by numpy, not per word.

    A word's slot ``s`` (``slots[word]``) names its ids ``store[starts[s] : starts[s] + lens[s]]``
    (its unigram and character n-grams found in the vocabulary, in ``word_features`` order), and
    ``pair[s]``, its number among the words of the vocabulary's bigrams (or -1). New words are
    looked up together (``add``). Arrays are replaced, never resized in place, and a word enters
    ``slots`` after its entries are written, so a reader that took the arrays after its lookups
    sees every slot it was given. Thread-safe; ``full`` says when to start a new table.
    """

    def __init__(self, vocab: Vocabulary, limit: int) -> None:
        self._vocab, self._limit = vocab, limit
        self._lock = threading.Lock()
        self.slots: dict[str, int] = {}
        self.starts, self.lens, self.pair = (np.zeros(1024, dtype=np.int32) for _ in range(3))
        self.store = np.zeros(16384, dtype=np.int32)
        self._n_slots = self._n_store = 0

    @property
    def full(self) -> bool:
        return self._n_slots >= self._limit

    def add(self, words: list[str]) -> None:
        """Give slots to new words (distinct), looking up all their n-grams at once."""
        if len(words) >= ngrams.BATCH_MIN and "".join(words).isascii():
            grams = ngrams.WordNgrams(words)
            find = self._vocab.find_rows
            ids = grams.scatter(find(grams.unigram, grams.uni_lens), find(grams.ngram, grams.ngram_lens))
            ends = np.cumsum(grams.counts)
        else:
            feats = [word_features(w) for w in words]
            ids = self._vocab.find(list(chain.from_iterable(feats)))
            ends = np.cumsum(np.fromiter(map(len, feats), dtype=np.int64, count=len(feats)))
        begins = np.concatenate(([0], ends[:-1]))
        pair = self._vocab.bigrams.pairs(words, ids[begins])  # the first feature is the unigram
        before = np.concatenate(([0], np.cumsum(ids >= 0)))
        counts = before[ends] - before[begins]
        ids = ids[ids >= 0].astype(np.int32)
        with self._lock:
            fresh = [w not in self.slots for w in words]
            if not all(fresh):  # another thread added some meanwhile
                keep = np.array(fresh)
                ids, counts, pair = ids[np.repeat(keep, counts)], counts[keep], pair[keep]
                words = list(compress(words, fresh))
            slot, at, n = self._n_slots, self._n_store, len(words)
            if slot + n > len(self.starts):
                self.starts, self.lens, self.pair = (
                    _grown(a, slot + n) for a in (self.starts, self.lens, self.pair)
                )
            if at + len(ids) > len(self.store):
                self.store = _grown(self.store, at + len(ids))
            self.store[at : at + len(ids)] = ids
            self.starts[slot : slot + n] = at + np.cumsum(counts) - counts
            self.lens[slot : slot + n], self.pair[slot : slot + n] = counts, pair
            self._n_slots, self._n_store = slot + n, at + len(ids)
            self.slots.update(zip(words, range(slot, slot + n), strict=True))


def _grown(arr: npt.NDArray[_T], need: int) -> npt.NDArray[_T]:
    out = np.empty(max(need, 2 * len(arr)), dtype=arr.dtype)
    out[: len(arr)] = arr
    return out


class _Batch:
    """Texts encoded together. Per text: the normalised text, its words and damping. For the
    batch, numpy arrays over all words (slots, and the bigram each starts) and one flat array
    of feature ids, text by text: words' n-grams, bigrams, extras (a CSR layout: text ``r``
    owns ``flat[first[r] : first[r] + count[r]]``)."""

    def __init__(self, n: int) -> None:
        self.norms: list[Normalized] = []
        self.words: list[list[str]] = []
        self.damp: list[list[float] | None] = [None] * n
        self.slot_list: list[int] = []  # -1 for a word not in the table yet (then see slots)
        self.extra_list: list[int] = []
        self.n_extras: list[int] = []
        empty = np.zeros(0, dtype=np.int64)
        self.word_start, self.n_words, self.slots, self.bigram = empty, empty, empty, empty
        self.first, self.count, self.word_flat = empty, empty, empty
        self.slot_lens: Ints = empty
        self.flat: npt.NDArray[np.int32] = np.zeros(0, dtype=np.int32)
        self.rows: npt.NDArray[np.float32] = np.zeros((0, len(CATEGORIES)), dtype=np.float32)  # weights[flat]
        self._tokens: dict[int, list[tuple[int, int, str]]] = {}

    def tokens(self, row: int) -> list[tuple[int, int, str]]:
        """``tokens`` of a text's normalised form, found once (damping and spans both read them)."""
        found = self._tokens.get(row)
        if found is None:
            found = self._tokens[row] = tokens(self.norms[row], self.words[row])
        return found


class LinearClassifier:
    """Calibrated linear scores for the seven categories, plus threat patterns. Thread-safe.

    The only mutable state is a word → feature-ids cache (a dict; single reads and writes are
    atomic, and a race only recomputes an entry).
    """

    name = "salon-linear"

    def __init__(
        self,
        vocabulary: Sequence[str] | Vocabulary,
        weights: npt.NDArray[np.float32],
        bias: npt.NDArray[np.float32],
        calibration: npt.NDArray[np.float32],
        version: str = "0",
    ) -> None:
        vocab = vocabulary if isinstance(vocabulary, Vocabulary) else Vocabulary.of(vocabulary)
        if weights.shape != (len(vocab), len(CATEGORIES)):
            raise ClassifierError(f"weights shape {weights.shape} does not fit the vocabulary")
        self.version = version
        self._index = vocab
        self._weights = np.ascontiguousarray(weights, dtype=np.float32)
        self._bias = np.asarray(bias, dtype=np.float64)
        self._cal = np.asarray(calibration, dtype=np.float64).reshape(len(CATEGORIES), 2)
        self._bigrams = vocab.bigrams
        self._extras = {f: i for f in ("x:url", "x:caps") if (i := vocab.get(f)) is not None}
        self._table = _FeatureTable(vocab, _CACHE_LIMIT)

    @classmethod
    def load(cls, path: str | Path | None = None) -> LinearClassifier:
        """Load a model file (default: the one shipped with salon). No pickle is involved."""
        path = Path(path) if path is not None else DEFAULT_MODEL_PATH
        try:
            with np.load(path, allow_pickle=False) as data:
                cats = tuple(str(c) for c in data["categories"])
                if cats != CATEGORIES:
                    raise ClassifierError(f"model categories {cats} differ from {CATEGORIES}")
                vocabulary = Vocabulary.read(lambda: data.zip.open("vocabulary.npy"))
                return cls(
                    vocabulary=vocabulary,
                    weights=data["weights"],
                    bias=data["bias"],
                    calibration=data["calibration"],
                    version=str(data["version"]),
                )
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise ClassifierError(f"cannot load model {path}: {exc}") from exc

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        """Score each text; one ``Analysis`` per input, in order."""
        prepared = self.prepare(texts)
        return self.finish(prepared, self._calibrate(prepared.logits))

    def prepare(self, texts: Sequence[str]) -> Prepared:
        """Encode and score a batch: the stage's raw logits, and the words for later stages.

        Links are blanked first (same length, so spans keep their offsets): the training data
        taught "has a URL" as spam, which would hold every comment that cites a source. Links are
        the links phase's business; the model judges the words around them.
        """
        batch = self._encode([mask_links(t) for t in texts])
        return Prepared(batch, self._logits(batch))

    @property
    def calibration(self) -> npt.NDArray[np.float64]:
        """Per category (a, c): this stage alone scores ``sigmoid(a * logit + c)``."""
        return self._cal.astype(np.float64)

    def finish(
        self,
        prepared: Prepared,
        probs: npt.NDArray[np.float64],
        extra: dict[int, list[WordMark]] | None = None,
    ) -> list[Analysis]:
        """Analyses from final probabilities: this stage's spans (plus ``extra`` words another
        stage marked, as (word number, categories)), then the threat patterns."""
        batch = prepared.batch
        spans = self._spans(batch, probs)
        for row, marks in (extra or {}).items():
            spans.setdefault(row, []).extend(marks)
        return [self._analysis(batch, row, p, spans.get(row)) for row, p in enumerate(probs.tolist())]

    def scores(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """Model probabilities only (no threat patterns, no spans): shape (len(texts), 7)."""
        return self._calibrate(self._logits(self._encode([mask_links(t) for t in texts])))

    def sentence_logits(self, prepared: Prepared, min_words: int) -> npt.NDArray[np.float64]:
        """The stage's logits, with each text of ``min_words`` words or more that has more than one
        sentence scored sentence by sentence, keeping the highest logit per category.

        Summed over a whole text, one insult in a long comment is diluted by the civil words
        around it, and many mildly negative words add up; the highest sentence makes length stop
        mattering both ways. The sentences are read from the batch already encoded: each word's
        n-grams (damped as in the whole text), the bigrams inside the sentence and the text's
        extras, over the square root of their number, as ``_logits`` does for a text."""
        batch, logits = prepared.batch, prepared.logits
        # The number of words of each sentence that has words, texts one after the other.
        sizes: list[int] = []
        rows: list[int] = []
        for row in np.flatnonzero(batch.n_words >= min_words).tolist():
            text = batch.norms[row].text
            ends = sentence_ends(text)
            if len(ends) < 2:
                continue
            sizes += _sentence_sizes(batch, row, ends)
            rows.append(row)
        if not rows:
            return logits
        n = batch.n_words[rows]
        words = np.repeat(batch.word_start[rows] - (np.cumsum(n) - n), n) + np.arange(int(n.sum()))
        # Number every sentence that has words, in order.
        n_sent = len(sizes)
        sentence = np.repeat(np.arange(n_sent), sizes)
        text_of = np.repeat(np.arange(len(rows)), n)
        sentence_text = np.zeros(n_sent, dtype=np.int64)
        sentence_text[sentence] = text_of
        lens = batch.slot_lens[batch.slots[words]]
        pos = np.repeat(batch.word_flat[words] - (np.cumsum(lens) - lens), lens) + np.arange(int(lens.sum()))
        evidence = np.take(batch.rows, pos, axis=0).astype(np.float64, order="F")  # columns for _sum_by
        damp = [batch.damp[r] for r in rows]
        if any(d is not None for d in damp):
            keep = np.fromiter(
                chain.from_iterable(
                    d if d is not None else [1.0] * int(k) for d, k in zip(damp, n, strict=True)
                ),
                dtype=np.float64,
                count=len(words),
            )
            evidence[:, _DAMPED] *= np.repeat(keep, lens)[:, None]
        sums = _sum_by(np.repeat(sentence, lens), evidence, n_sent)
        counts = np.bincount(sentence, weights=lens, minlength=n_sent)
        # A bigram (word, next word) counts when both words are in the same sentence.
        pair = batch.bigram[words]
        inside = np.flatnonzero((pair >= 0)[:-1] & (sentence[:-1] == sentence[1:]))
        if len(inside):
            sums += _sum_by(
                sentence[inside], np.take(self._weights, pair[inside], axis=0).astype(np.float64), n_sent
            )
            counts += np.bincount(sentence[inside], minlength=n_sent)
        extra_at = np.concatenate(([0], np.cumsum(batch.n_extras)))
        for j, row in enumerate(rows):
            if not batch.n_extras[row]:
                continue
            extras = batch.extra_list[extra_at[row] : extra_at[row + 1]]
            mine = sentence_text == j
            sums[mine] += self._weights[extras].sum(axis=0)
            counts[mine] += len(extras)
        per_sentence = self._bias + sums / np.sqrt(np.maximum(counts, 1))[:, None]
        # Each text's sentences are together and every text has one: the highest per text by
        # reduceat (a maximum is the same whatever the order).
        firsts = np.flatnonzero(np.concatenate(([True], sentence_text[1:] != sentence_text[:-1])))
        longest = np.maximum.reduceat(per_sentence, firsts, axis=0)
        logits = logits.copy()
        logits[rows] = longest
        return logits

    # -- features ---------------------------------------------------------------------------

    def _encode(self, texts: Sequence[str]) -> _Batch:
        table = self._table
        if table.full:
            table = self._table = _FeatureTable(self._index, _CACHE_LIMIT)
        batch = _Batch(len(texts))
        slots = table.slots
        get, extra = slots.get, self._extras.get
        unknown = repeat(-1)  # the slot of a word not in the table yet
        for row, text in enumerate(texts):
            norm = normalize(text)
            names = _TOKEN.findall(norm.text)
            batch.norms.append(norm)
            batch.words.append(names)
            batch.slot_list += map(get, names, unknown)
            extras = [i for i in map(extra, _extra_features(norm)) if i is not None]
            batch.extra_list += extras
            batch.n_extras.append(len(extras))
            batch.damp[row] = text_damping(norm.text, names, partial(batch.tokens, row))
        batch.n_words = np.fromiter(map(len, batch.words), dtype=np.int64, count=len(texts))
        batch.word_start = np.cumsum(batch.n_words) - batch.n_words
        batch.slots = np.asarray(batch.slot_list, dtype=np.int64)
        missing = np.flatnonzero(batch.slots < 0).tolist()
        if missing:  # words not seen before: looked up together, then their slots filled in
            every = list(chain.from_iterable(batch.words))
            new = [every[k] for k in missing]
            table.add([w for w in dict.fromkeys(new) if w not in slots])
            batch.slots[missing] = list(map(slots.__getitem__, new))
        # Read the arrays after the lookups: they hold every slot handed out so far.
        starts, lens, pair, store = table.starts, table.lens, table.pair, table.store
        words_pair = pair[batch.slots]
        bigram = np.full(len(words_pair), -1, dtype=np.int64)  # entry k: the pair (k, k + 1)
        bigram[:-1] = self._bigrams.lookup(words_pair[:-1], words_pair[1:])
        bigram[(batch.word_start + batch.n_words - 1)[batch.n_words > 0]] = -1  # not across texts
        batch.bigram = bigram
        _flatten(batch, starts, lens, store)
        return batch

    # -- scoring ----------------------------------------------------------------------------

    def _logits(self, batch: _Batch) -> npt.NDArray[np.float64]:
        logits = np.tile(self._bias, (len(batch.norms), 1))
        # np.take: for rows of a narrow matrix several times quicker than indexing, same values.
        batch.rows = np.take(self._weights, batch.flat, axis=0)  # read again by sentences, damping, spans
        lengths = batch.count
        nonempty = lengths > 0
        if not nonempty.any():
            return logits
        starts = np.concatenate(([0], np.cumsum(lengths[nonempty])[:-1]))
        sums = np.add.reduceat(batch.rows, starts, axis=0).astype(np.float64)
        logits[nonempty] += sums / np.sqrt(lengths[nonempty])[:, None]
        self._damp_logits(batch, logits)
        return logits

    def _damp_logits(self, batch: _Batch, logits: npt.NDArray[np.float64]) -> None:
        """Remove the damped part of the damped words' evidence: sum of (1 - m) * contribution.

        Each word's n-gram rows are added one after the other, as ``.sum(axis=0)`` does, and the
        words of a text in order, so the figures are those of the per-word computation.
        """
        damped_rows = [row for row, damp in enumerate(batch.damp) if damp is not None]
        if not damped_rows:
            return
        n = batch.n_words[damped_rows]
        keep = np.fromiter(
            chain.from_iterable(batch.damp[r] or () for r in damped_rows),
            dtype=np.float64,
            count=int(n.sum()),
        )
        hit = keep < 1.0
        if not hit.any():
            return
        # The damped words (batch word index), their texts and 1 - m, in text and word order.
        at = (np.repeat(batch.word_start[damped_rows] - (np.cumsum(n) - n), n) + np.arange(int(n.sum())))[hit]
        rows = np.repeat(np.asarray(damped_rows, dtype=np.int64), n)[hit]
        scale = (1.0 - keep[hit]).astype(np.float32)
        slots = batch.slots[at]
        lens = batch.slot_lens[slots]
        first = batch.word_flat[at]
        # Longest first, so the words still adding a row at step j are a prefix; each word's rows
        # are added one after the other, then the sums put back in order.
        order = np.argsort(-lens, kind="stable")
        live = np.searchsorted(-lens[order], -np.arange(int(lens.max())), side="left")
        first_sorted = first[order]
        sorted_sums = np.zeros((len(at), len(CATEGORIES)), dtype=np.float32)
        for j, k in enumerate(live.tolist()):
            sorted_sums[:k] += np.take(batch.rows, first_sorted[:k] + j, axis=0)
        sums = np.empty_like(sorted_sums)
        sums[order] = sorted_sums
        total = _sum_by(rows, scale[:, None] * sums, len(batch.norms))
        damped = np.unique(rows)
        evidence = total[damped] / np.sqrt(np.maximum(batch.count[damped], 1))[:, None]
        logits[np.ix_(damped, _DAMPED)] -= evidence[:, _DAMPED]

    def _calibrate(self, logits: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        z = logits * self._cal[:, 0] + self._cal[:, 1]
        return np.clip(1.0 / (1.0 + np.exp(-z)), 0.0, 0.999)

    def _analysis(self, batch: _Batch, row: int, probs: list[float], marked: list[_Mark] | None) -> Analysis:
        scores = dict(zip(CATEGORIES, probs, strict=True))
        scores["threat"] *= MODEL_THREAT_WEIGHT
        spans = _word_spans(batch.norms[row], batch.tokens(row), marked, scores) if marked else []
        spans = fold_patterns(batch.norms[row], scores, spans, batch.words[row])
        return Analysis(scores=scores, spans=spans)

    # -- explanation ------------------------------------------------------------------------

    def _spans(self, batch: _Batch, probs: npt.NDArray[np.float64]) -> dict[int, list[_Mark]]:
        """For texts with a span head at ``SPAN_MIN_SCORE``, the words to mark: per word, its
        own features plus half of each adjacent bigram, damped, over sqrt(features), compared
        with ``SPAN_SHARE`` of the text's positive evidence on each hot head."""
        hot = probs[:, SPAN_HEADS] >= SPAN_MIN_SCORE
        rows = np.flatnonzero(hot.any(axis=1) & (batch.n_words > 0))
        if not len(rows):
            return {}
        w0, n = batch.word_start[rows], batch.n_words[rows]
        words = np.repeat(w0 - (np.cumsum(n) - n), n) + np.arange(int(n.sum()))  # batch word index
        owner = np.repeat(np.arange(len(rows)), n)  # position in rows
        contrib = self._contributions(batch, words)
        damp = [batch.damp[r] or [1.0] * int(batch.n_words[r]) for r in rows]
        if any(batch.damp[r] is not None for r in rows):
            contrib *= np.fromiter(chain.from_iterable(damp), dtype=np.float64, count=len(words))[:, None]
        contrib /= np.sqrt(np.maximum(batch.count[rows], 1))[owner, None]
        positive = _sum_by(owner, np.clip(contrib, 0.0, None), len(rows))
        marked = (contrib > 0) & (contrib >= SPAN_SHARE * positive[owner]) & hot[rows][owner]
        out: dict[int, list[_Mark]] = {}
        for k in np.flatnonzero(marked.any(axis=1)).tolist():
            row = int(rows[owner[k]])
            cats = tuple(CATEGORIES[SPAN_HEADS[j]] for j in np.flatnonzero(marked[k]))
            out.setdefault(row, []).append((int(words[k] - batch.word_start[row]), cats))
        return out

    def _contributions(self, batch: _Batch, words: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """Per word (batch word index) and span head: own n-grams, then half of the bigram it
        starts, then half of the one it ends, added in that order, as the per-text computation did."""
        lens = batch.slot_lens[batch.slots[words]]
        pos = np.repeat(batch.word_flat[words] - (np.cumsum(lens) - lens), lens) + np.arange(int(lens.sum()))
        rows = np.take(batch.rows, pos, axis=0)[:, SPAN_HEADS]
        contrib = _sum_by(np.repeat(np.arange(len(words)), lens), rows, len(words))
        right = batch.bigram[words]
        # The entry before a text's first word is -1 (the last word of the text before).
        left = np.where(words > 0, batch.bigram[np.maximum(words - 1, 0)], -1)
        for ids in (right, left):
            at = np.flatnonzero(ids >= 0)
            if len(at):  # a word starts and ends at most one bigram: no index repeats
                contrib[at] += np.take(self._weights, ids[at], axis=0)[:, SPAN_HEADS] / 2.0
        return contrib


_Mark = tuple[int, tuple[str, ...]]
#: A word to highlight: its number in the text's words, and the categories it drives.
WordMark = _Mark


class Prepared:
    """A batch encoded by the linear stage: its raw logits and each text's words."""

    def __init__(self, batch: _Batch, logits: npt.NDArray[np.float64]) -> None:
        self.batch, self.logits = batch, logits

    @property
    def words(self) -> list[list[str]]:
        return self.batch.words

    @property
    def damping(self) -> list[list[float] | None]:
        """Per text, the per-word multipliers of the abuse heads' evidence (None: undamped)."""
        return self.batch.damp


def _sentence_sizes(batch: _Batch, row: int, ends: list[int]) -> list[int]:
    """How many of a text's words (``_TOKEN``) each stretch up to a sentence end (``ends``) holds,
    leaving out stretches without one. No word runs across a sentence end (a stop, a line
    break or an address's comma stands before it, and a word has none of them) and ``_TOKEN``
    looks neither behind nor ahead, so each stretch is searched alone; should the counts ever
    not add up to the text's words, the words' offsets decide, as they did."""
    text = batch.norms[row].text
    sizes = []
    at = 0
    findall = _TOKEN.findall
    for end in ends:
        k = len(findall(text, at, end))
        if k:
            sizes.append(k)
        at = end
    if sum(sizes) == len(batch.words[row]):
        return sizes
    found = np.searchsorted(np.asarray(ends), np.asarray([b for b, _, _ in batch.tokens(row)]), side="right")
    counts = np.bincount(found)
    return [int(k) for k in counts[counts > 0]]


def _sum_by(owner: npt.NDArray[np.int64], values: npt.NDArray[Any], n: int) -> npt.NDArray[np.float64]:
    """Rows of ``values`` summed per ``owner`` in float64, in order from 0.0 (as ``np.add.at``
    into zeros does; ``bincount`` adds in index order), one column at a time. (Not
    ``np.add.reduceat``: along axis 0 in float64 it does not add one row after the other.)"""
    out = np.empty((n, values.shape[1]))
    for j in range(values.shape[1]):
        out[:, j] = np.bincount(owner, weights=values[:, j], minlength=n)
    return out


def fold_patterns(
    norm: Normalized, scores: dict[str, float], spans: list[Span], names: Sequence[str] | None = None
) -> list[Span]:
    """Raise ``scores`` (in place) to what the threat and incitement patterns found in ``norm``
    and return ``spans`` with theirs merged in. ``names``: the text's words (``_TOKEN``), if
    already found."""
    found = threats.detect(norm)
    if found.threat > 0:
        scores["threat"] = max(scores["threat"], found.threat)
        scores["severe_toxicity"] = max(scores["severe_toxicity"], found.severe)
        scores["toxicity"] = max(scores["toxicity"], found.threat * 0.9)
        spans = _merge(spans + found.spans)
    group = incitement.detect(norm, names)
    if group.spans:
        for category, value in (
            ("threat", group.threat),
            ("severe_toxicity", group.severe),
            ("identity_attack", group.identity),
            ("insult", group.insult),
            ("toxicity", max(group.toxicity, group.threat * 0.9, group.identity * 0.9)),
        ):
            scores[category] = max(scores[category], value)
        spans = _merge(spans + group.spans)
    return spans


def _word_spans(
    norm: Normalized, words: list[tuple[int, int, str]], marked: list[_Mark], scores: dict[str, float]
) -> list[Span]:
    """Spans in original offsets for marked words ``(word number, categories)`` of ``words``."""
    spans = []
    for k, cats in marked:
        b, e = norm.to_original(words[k][0], words[k][1])
        spans.append(Span(b, e, cats, max(scores[c] for c in cats)))
    return _merge(spans)


def _flatten(batch: _Batch, starts: Ints, lens: Ints, store: npt.NDArray[np.int32]) -> None:
    """Lay out the items of each text (word slots, found bigrams, extras) and gather their ids."""
    n_texts = len(batch.norms)
    found = batch.bigram >= 0
    found_before = np.concatenate(([0], np.cumsum(found)))
    n_found = found_before[batch.word_start + batch.n_words] - found_before[batch.word_start]
    n_extras = np.asarray(batch.n_extras, dtype=np.int64)
    per_text = batch.n_words + n_found + n_extras
    text_at = np.cumsum(per_text) - per_text
    items = np.empty(int(per_text.sum()), dtype=np.int64)  # a word's slot, else a feature id
    word_text = np.repeat(np.arange(n_texts), batch.n_words)
    word_at = text_at[word_text] + np.arange(len(batch.slots)) - batch.word_start[word_text]
    found_at = np.flatnonzero(found)
    found_text = word_text[found_at]
    found_rank = found_before[found_at] - found_before[batch.word_start[found_text]]
    items[text_at[found_text] + batch.n_words[found_text] + found_rank] = batch.bigram[found_at]
    extra_text = np.repeat(np.arange(n_texts), n_extras)
    extra_rank = np.arange(len(extra_text)) - (np.cumsum(n_extras) - n_extras)[extra_text]
    items[text_at[extra_text] + batch.n_words[extra_text] + n_found[extra_text] + extra_rank] = (
        batch.extra_list
    )
    single = np.ones(len(items), dtype=bool)
    single[word_at] = False
    item_lens = np.ones(len(items), dtype=np.int64)
    item_lens[word_at] = word_lens = lens[batch.slots]
    ends = np.cumsum(item_lens)
    begin = ends - item_lens
    batch.flat = np.empty(int(ends[-1]) if len(ends) else 0, dtype=np.int32)
    batch.flat[begin[single]] = items[single]
    rank = np.arange(int(word_lens.sum())) - np.repeat(np.cumsum(word_lens) - word_lens, word_lens)
    batch.flat[np.repeat(begin[word_at], word_lens) + rank] = store[
        np.repeat(starts[batch.slots], word_lens) + rank
    ]
    batch.slot_lens = lens
    edges = np.concatenate(([0], ends))
    batch.first = edges[text_at]
    batch.count = edges[text_at + per_text] - batch.first
    batch.word_flat = begin[word_at]  # where each word's ids start in flat


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
