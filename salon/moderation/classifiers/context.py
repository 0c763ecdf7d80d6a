"""The context stage: a small convolutional network over word positions, numpy only.

Where the linear stage adds up evidence over the whole text (so a long polite comment collects
many mildly negative words, and one insult is diluted by the words around it), this stage reads
windows of three words and keeps, per feature channel, the strongest window (max-pooling): one
insult counts the same in a long comment as alone, and length stops mattering. The window lets
it learn what a bag of words cannot see: "not", "never respect", "are to be", "calling … is".

Architecture (arrays of ``context.npz``, written by ``salon.training.context``):

- a word's vector is the mean of the hashed rows (``emb``, ``BUCKETS`` x d, float16) of its
  features: the unigram and the character 3-5-grams of ``<word>`` (``linear.word_features``),
  hashed with CRC-32, so unseen spellings still land near their pieces; plus, when the file has
  them, the word's row of ``pre`` (V x d, float16; ``pre_words`` names the rows): a pretrained
  encoder's vector of the word projected into this space at training time
  (``salon.training.word_vectors``), so a word met rarely or never in training reads like the
  words it means;
- ``conv`` (3·d x C) over each word and its two neighbours, plus ``conv_b``, then ReLU;
- max over positions per channel, then ``hid`` (C x H) + ReLU, then ``out`` (H x K): one logit per
  category of ``CATEGORIES``.

Spans: the positions that won the max for the channels pushing a category up, weighted by the
gradient of that category's logit; the centre word of each strong window is marked.
"""

from __future__ import annotations

import threading
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from pathlib import Path

import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits

from salon.moderation.classifiers import ngrams
from salon.moderation.classifiers.base import CATEGORIES, ClassifierError

__all__ = ["BUCKETS", "DEFAULT_CONTEXT_PATH", "ContextModel", "ContextOutput", "feature_buckets"]

DEFAULT_CONTEXT_PATH = Path(__file__).with_name("context.npz")
FORMAT_VERSION = 1
BUCKETS = 1 << 17
#: Words beyond this many are not read (a comment is rarely longer; the cost stays bounded).
MAX_WORDS = 400
_CACHE_LIMIT = 32768

F32 = npt.NDArray[np.float32]
F16 = npt.NDArray[np.float16]


def feature_buckets(features: Sequence[str]) -> list[int]:
    """Hash rows of a word's feature names (the same function at training and at inference)."""
    return [zlib.crc32(f.encode("utf-8")) % BUCKETS for f in features]


@dataclass(frozen=True)
class ContextOutput:
    """Logits per text (N x K), and what ``ContextModel.contributions`` needs to explain them."""

    logits: npt.NDArray[np.float64]
    windows: F32  # every word's window activations, texts one after the other
    starts: npt.NDArray[np.int64]
    lens: npt.NDArray[np.int64]
    pooled: F32
    hidden_pre: F32


class _VectorCache:
    """Word vectors in one matrix, so a batch's words are gathered by numpy, not one by one.

    ``rows[word]`` is the word's row of ``matrix``. New words are written under a lock into a
    matrix that is replaced (grown), never resized in place, and enter ``rows`` after their row is
    written: a reader that takes the matrix after its lookups sees every row it was given. A full
    cache is replaced by an empty one, not cleared."""

    def __init__(self, dim: int, limit: int) -> None:
        self.rows: dict[str, int] = {}
        self.matrix: F32 = np.zeros((1024, dim), dtype=np.float32)
        self._limit = limit
        self._lock = threading.Lock()

    @property
    def full(self) -> bool:
        return len(self.rows) >= self._limit

    def add(self, words: list[str], vectors: F32) -> None:
        with self._lock:
            fresh = [k for k, w in enumerate(words) if w not in self.rows]
            at, n = len(self.rows), len(fresh)
            if at + n > len(self.matrix):
                grown = np.zeros((max(at + n, 2 * len(self.matrix)), self.matrix.shape[1]), dtype=np.float32)
                grown[:at] = self.matrix[:at]
                self.matrix = grown
            self.matrix[at : at + n] = vectors[fresh]
            self.rows.update((words[k], at + j) for j, k in enumerate(fresh))


class ContextModel:
    """The context stage's network. Thread-safe: the word cache is written under a lock and
    replaced when full (``_VectorCache``)."""

    def __init__(self, arrays: dict[str, npt.NDArray[np.generic]], version: str) -> None:
        self._emb = np.asarray(arrays["emb"], dtype=np.float16)
        self._conv = np.asarray(arrays["conv"], dtype=np.float32)
        self._conv_b = np.asarray(arrays["conv_b"], dtype=np.float32)
        self._hid = np.asarray(arrays["hid"], dtype=np.float32)
        self._hid_b = np.asarray(arrays["hid_b"], dtype=np.float32)
        self._out = np.asarray(arrays["out"], dtype=np.float32)
        self._out_b = np.asarray(arrays["out_b"], dtype=np.float32)
        self.blend = np.asarray(arrays["blend"], dtype=np.float64)  # K x 4, see staged.py
        # Pretrained word vectors projected into the word space (optional): added to the hashed
        # vector of each word that has one. The words are kept as sorted UTF-8 bytes and searched
        # (a few MiB less than a dict of them), only for the words the cache does not hold.
        self._pre: tuple[npt.NDArray[np.bytes_], F16] | None = None  # (sorted words, their rows)
        if "pre" in arrays and len(arrays["pre_words"]):
            named: npt.NDArray[np.bytes_] = np.asarray(arrays["pre_words"])  # sorted UTF-8, as trained
            if named.dtype.kind != "S" or bool((named[1:] < named[:-1]).any()):
                raise ClassifierError("context model's word vectors are not sorted UTF-8 words")
            self._pre = (named, np.asarray(arrays["pre"], dtype=np.float16))
        self.version = version
        self._dim = self._emb.shape[1]
        self._cache = _VectorCache(self._dim, _CACHE_LIMIT)
        # The products here are small (a batch's words x 144 by 96): BLAS threads spin more than
        # they compute (twice the CPU time per comment, measured in bench/bench_classifier.py),
        # and a server scales with worker processes. One BLAS thread for the process.
        threadpool_limits(limits=1, user_api="blas")
        if (
            self._conv.shape[0] != 3 * self._dim
            or self._out.shape[1] != len(CATEGORIES)
            or self.blend.shape != (len(CATEGORIES), 4)
            or (self._pre is not None and self._pre[1].shape != (len(self._pre[0]), self._dim))
        ):
            raise ClassifierError("context model arrays do not fit together")

    @classmethod
    def load(cls, path: str | Path | None = None) -> ContextModel:
        """Load ``context.npz``; raises ClassifierError when it is missing or malformed."""
        path = Path(path) if path is not None else DEFAULT_CONTEXT_PATH
        try:
            with np.load(path, allow_pickle=False) as data:
                if int(data["format"]) != FORMAT_VERSION:
                    raise ClassifierError(f"context model {path} has format {int(data['format'])}")
                arrays = {k: data[k] for k in data.files}
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise ClassifierError(f"cannot load context model {path}: {exc}") from exc
        return cls(arrays, str(arrays["version"]))

    # -- words ------------------------------------------------------------------------------

    def word_vectors(self, words: Sequence[str]) -> F32:
        """(len(words), d) vectors, from the cache or computed together for the new ones."""
        cache = self._cache
        if cache.full:
            cache = self._cache = _VectorCache(self._dim, _CACHE_LIMIT)
        # One pass over the words finds the rows of the known ones and which are new.
        idx = np.fromiter(map(cache.rows.get, words, repeat(-1)), dtype=np.int64, count=len(words))
        missing = np.flatnonzero(idx < 0).tolist()
        if missing:
            named = [words[k] for k in missing]
            new = [w for w in dict.fromkeys(named) if w not in cache.rows]
            if new:
                cache.add(new, self._embed(new))
            idx[missing] = list(map(cache.rows.__getitem__, named))
        # The matrix read after the additions holds every row handed out so far.
        return np.take(cache.matrix, idx, axis=0)

    def _embed(self, words: list[str]) -> F32:
        if len(words) >= ngrams.BATCH_MIN and "".join(words).isascii():
            grams = ngrams.WordNgrams(words)
            flat = (grams.crc32() % BUCKETS).astype(np.int64)
            lens = grams.counts
        else:
            from salon.moderation.classifiers.linear import word_features

            ids = [feature_buckets(word_features(w)) for w in words]
            lens = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
            flat = np.fromiter((i for row in ids for i in row), dtype=np.int64, count=int(lens.sum()))
        rows = np.take(self._emb, flat, axis=0).astype(np.float32)
        starts = np.cumsum(lens) - lens
        vectors = (np.add.reduceat(rows, starts, axis=0) / lens[:, None]).astype(np.float32)
        if self._pre is not None:
            named, pre = self._pre
            keys = np.asarray([w.encode("utf-8") for w in words])
            at = np.minimum(np.searchsorted(named, keys), len(named) - 1)
            has = np.flatnonzero(named[at] == keys)  # whole words: a longer key never matches
            vectors[has] += pre[at[has]].astype(np.float32)
        return vectors

    # -- network ----------------------------------------------------------------------------

    def run(
        self,
        texts_words: Sequence[Sequence[str]],
        scale: Sequence[Sequence[float] | None] | None = None,
    ) -> ContextOutput:
        """Logits for each text's words (a text without words reads as all-zero windows).

        ``scale`` optionally gives, per text, a multiplier per word applied to its vector before
        the windows read it (None: all 1)."""
        n = len(texts_words)
        words = [ws if len(ws) <= MAX_WORDS else ws[:MAX_WORDS] for ws in texts_words]
        lens = np.fromiter(map(len, words), dtype=np.int64, count=n)
        pooled = np.zeros((n, self._conv.shape[1]), dtype=np.float32)
        live = np.flatnonzero(lens > 0)
        starts = np.cumsum(lens) - lens
        h = np.zeros((0, self._conv.shape[1]), dtype=np.float32)
        if len(live):
            vecs = self.word_vectors(list(chain.from_iterable(words)))
            if scale is not None and any(m is not None for m in scale):
                per_word = [
                    (list(m[: len(ws)]) if m is not None else [1.0] * len(ws))
                    for ws, m in zip(words, scale, strict=True)
                ]
                vecs = (
                    vecs
                    * np.fromiter(chain.from_iterable(per_word), dtype=np.float32, count=len(vecs))[:, None]
                )
            h = self._windows(vecs, lens)
            pooled[live] = np.maximum.reduceat(h, starts[live], axis=0)
        hidden_pre = pooled @ self._hid + self._hid_b
        logits = (np.maximum(hidden_pre, 0.0) @ self._out + self._out_b).astype(np.float64)
        return ContextOutput(logits, h, starts, lens, pooled, hidden_pre)

    def contributions(self, out: ContextOutput, rows: Sequence[int]) -> list[npt.NDArray[np.float64]]:
        """Per row of ``rows``, (words x K): the part of each category's logit that flows through
        each word.

        The gradient of the logits with respect to the pooled channels (through the hidden
        layer's ReLU) times the pooled value, given to the word whose window won the channel (the
        first one on a tie). All rows at once: one batched product for the gradients, one pass
        over the windows for the winners."""
        empty = np.zeros((0, len(CATEGORIES)))
        live = [r for r in rows if out.lens[r] > 0]
        if not live:
            return [empty for _ in rows]
        sel = np.asarray(live)
        lens, starts = out.lens[sel], out.starts[sel]
        mask = (out.hidden_pre[sel] > 0).astype(np.float32)  # R x H
        # hid @ (mask * out), not (hid * mask) @ out: the mask is 0 or 1, so every product in the
        # sums is the same number, the products are of the same shapes, and the masked matrix is
        # H x K per row instead of C x H.
        grad = self._hid @ (mask[:, :, None] * self._out[None, :, :])  # R x C x K
        contrib = out.pooled[sel][:, :, None].astype(np.float64) * grad
        # Each row's windows, one after the other; the first word per channel reaching the max.
        owner = np.repeat(np.arange(len(sel)), lens)
        local = np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens, lens)
        seg = np.take(out.windows, np.repeat(starts, lens) + local, axis=0)
        first = np.where(
            seg == np.take(out.pooled[sel], owner, axis=0), local[:, None], np.iinfo(np.int64).max
        )
        bounds = np.cumsum(lens) - lens
        winner = np.minimum.reduceat(first, bounds, axis=0)  # R x C, word number in its text
        flat_at = (bounds[:, None] + winner).ravel()
        total = int(lens.sum())
        per_word = np.empty((total, contrib.shape[2]))
        weights = contrib.reshape(-1, contrib.shape[2])
        for k in range(contrib.shape[2]):
            per_word[:, k] = np.bincount(flat_at, weights=weights[:, k], minlength=total)
        found = dict(zip(live, np.split(per_word, bounds[1:]), strict=True))
        return [found.get(r, empty) for r in rows]

    def _windows(self, vecs: F32, lens: npt.NDArray[np.int64]) -> F32:
        """The convolution over every word of the batch: each text's words with a zero row before
        and after (texts one after the other), so no window reaches into the next text."""
        total, d = len(vecs), self._dim
        padded = np.zeros((total + len(lens) + 1, d), dtype=np.float32)
        at = np.arange(total) + np.repeat(np.arange(len(lens)), lens) + 1
        padded[at] = vecs
        h = np.take(padded, at - 1, axis=0) @ self._conv[:d]
        h += vecs @ self._conv[d : 2 * d]  # the rows ``at`` of padded are vecs
        h += np.take(padded, at + 1, axis=0) @ self._conv[2 * d :]
        h += self._conv_b
        return np.maximum(h, 0.0, out=h)
