"""A batch of words' feature names (``linear.word_features``) as numpy arrays, not Python strings.

Both stages turn a new word into its unigram ``w:word`` and the character 3-5-grams ``c:…`` of
``<word>``: the linear stage looks their code points up in the vocabulary, the context stage
hashes them with CRC-32. For a batch of words (ASCII, as ``linear._TOKEN`` finds them) both are
done here with a few array operations over all the words at once, in ``word_features`` order, so
the results are exactly those of the per-name computation (``vocabulary.StringTable.find``,
``zlib.crc32``). For a handful of words the per-name code is quicker: ``BATCH_MIN``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["BATCH_MIN", "WordNgrams", "crc32_rows"]

#: Below this many words the per-name path is quicker than the array operations' fixed cost.
BATCH_MIN = 24

_NGRAMS = (3, 4, 5)  # as linear._NGRAMS


def _crc_table() -> npt.NDArray[np.uint32]:
    table = np.arange(256, dtype=np.uint32)
    for _ in range(8):
        table = np.where(table & 1, (table >> 1) ^ np.uint32(0xEDB88320), table >> 1).astype(np.uint32)
    return table


_CRC = _crc_table()
_BYTE = np.uint32(0xFF)


def _crc_step(state: npt.NDArray[np.uint32], byte: npt.NDArray[Any]) -> npt.NDArray[np.uint32]:
    return _CRC[(state ^ byte) & _BYTE] ^ (state >> np.uint32(8))


def _crc_prefix(prefix: bytes) -> np.uint32:
    state = np.full(1, 0xFFFFFFFF, dtype=np.uint32)
    for b in prefix:
        state = _crc_step(state, np.full(1, b, dtype=np.uint32))
    return np.uint32(state[0])


def crc32_rows(
    codes: npt.NDArray[Any], lengths: npt.NDArray[np.int64], start: np.uint32
) -> npt.NDArray[np.uint32]:
    """CRC-32 (``zlib.crc32``) of each row's first ``lengths`` bytes, continuing from the register
    ``start`` (the state after a common prefix; ``0xFFFFFFFF`` for none)."""
    state = np.full(len(codes), start, dtype=np.uint32)
    for j in range(codes.shape[1] if len(codes) else 0):
        live = lengths > j
        if live.all():
            state = _crc_step(state, codes[:, j])
        else:
            state[live] = _crc_step(state[live], codes[live, j])
    return state ^ np.uint32(0xFFFFFFFF)


_W, _C = _crc_prefix(b"w:"), _crc_prefix(b"c:")
_PREFIX_W = np.array([ord("w"), ord(":")], dtype=np.uint32)
_PREFIX_C = np.array([ord("c"), ord(":")], dtype=np.uint32)


class WordNgrams:
    """The feature names of ``words`` (distinct or not, all ASCII), word by word in
    ``word_features`` order: ``counts[k]`` names for word ``k``.

    Names are split in two groups, each as rows of code points: the unigrams (``unigram``, one
    row per word, ``w:`` and the word) and the n-grams (``ngram``, ``c:`` and 3 to 5 characters).
    ``order_uni`` and ``order_ngram`` say where each group's names stand among all of them.
    """

    def __init__(self, words: Sequence[str]) -> None:
        n = len(words)
        lens = np.fromiter(map(len, words), dtype=np.int64, count=n)
        width = int(lens.max(initial=0)) + 2
        # "<word>" as code points, zero-padded (str arrays are UCS-4: one uint32 a character).
        padded = np.array([f"<{w}>" for w in words], dtype=f"<U{width}")
        chars = padded.view(np.uint32).reshape(n, width)
        per_kind = np.maximum(lens[:, None] + 3 - np.array(_NGRAMS), 0)  # n-grams per word and n
        self.counts = 1 + per_kind.sum(axis=1)
        # The n-grams: word, first character, length n, in word_features order within each word.
        kinds = np.repeat(np.tile(np.array(_NGRAMS), n), per_kind.ravel())
        seg = per_kind.ravel()
        owner = np.repeat(np.repeat(np.arange(n), len(_NGRAMS)), seg)
        first = np.arange(int(seg.sum())) - np.repeat(np.cumsum(seg) - seg, seg)
        self.n_names = int(self.counts.sum())
        word_at = np.cumsum(self.counts) - self.counts  # where each word's names begin
        per_word = per_kind.sum(axis=1)
        self.order_uni = word_at
        self.order_ngram = np.repeat(word_at + 1 - (np.cumsum(per_word) - per_word), per_word) + np.arange(
            len(owner)
        )
        self.ngram_lens = kinds + 2
        cols = np.arange(5)
        at = np.minimum(first[:, None] + cols, width - 1)
        self._grams = np.where(cols < kinds[:, None], chars[owner[:, None], at], 0).astype(np.uint32)
        self.ngram = np.hstack((np.tile(_PREFIX_C, (len(owner), 1)), self._grams))
        self.uni_lens = lens + 2
        self._word_lens = lens
        self._word_chars = np.where(np.arange(width - 1) < lens[:, None], chars[:, 1:], 0).astype(np.uint32)
        self.unigram = np.hstack((np.tile(_PREFIX_W, (n, 1)), self._word_chars))

    def scatter(self, unigram: npt.NDArray[Any], ngram: npt.NDArray[Any]) -> npt.NDArray[Any]:
        """Per-name values of the two groups as one array in ``word_features`` order."""
        out = np.empty(self.n_names, dtype=np.result_type(unigram, ngram))
        out[self.order_uni] = unigram
        out[self.order_ngram] = ngram
        return out

    def crc32(self) -> npt.NDArray[np.uint32]:
        """``zlib.crc32`` of every name's UTF-8 bytes (ASCII: one byte a code point)."""
        uni = crc32_rows(self._word_chars, self._word_lens, _W)
        ngram = crc32_rows(self._grams, self.ngram_lens - 2, _C)
        return self.scatter(uni, ngram)
