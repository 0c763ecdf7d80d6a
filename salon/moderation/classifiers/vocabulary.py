"""The model's vocabulary as numpy arrays: feature name → row, with no Python string per name.

``Vocabulary`` reads the model file's string array block by block and keeps the names as code
points in one array, found through an open-addressing hash table (``StringTable``) whose hits are
checked against the stored code points, so a lookup answers exactly what a ``dict`` would.
``Bigrams`` finds the vocabulary's bigrams ``b:a b`` of a whole batch with one ``searchsorted``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any, cast

import numpy as np
import numpy.typing as npt

__all__ = ["Bigrams", "Ints", "StringTable", "Vocabulary"]

Codes = npt.NDArray[np.integer[Any]]
Ints = npt.NDArray[np.integer[Any]]


class StringTable:
    """Distinct strings and an exact lookup by hash, in a few numpy arrays (no Python strings).

    String ``k`` is ``chars[start[k] : start[k] + length[k]]`` (code points). ``table`` is an
    open-addressing table in buckets of 16 slots, filled from the left, keyed by a 64-bit
    polynomial hash of the code points; a full bucket overflows into the next. A slot holds a
    string's number and 7 more bits of its hash (a tag, when numbers fit in 24 bits). A candidate
    is a hit only when its length and code points equal the query's: no false hits.
    """

    def __init__(self, chars: Codes, start: Ints, length: Ints, capacity: int) -> None:
        self.chars, self.start, self.length = chars, start, length
        self.width = int(length.max(initial=0))
        bits = max((capacity * 3 // 32).bit_length(), 4)  # at most 2/3 full
        self._shift, self._mask = np.uint64(64 - bits), (1 << bits) - 1
        self._tagged = len(start) < 2**24
        self.table = np.full((1 << bits, 16), -1, dtype=np.int32 if self._tagged else np.int64)

    def find(self, names: Sequence[str]) -> Ints:
        """Number of each name, or -1 (a block of names at a time: the rows are as wide as the longest)."""
        if len(names) > _CHUNK:
            return np.concatenate([self.find(names[at : at + _CHUNK]) for at in range(0, len(names), _CHUNK)])
        lengths = np.fromiter(map(len, names), dtype=np.int64, count=len(names))
        if len(names) and int(lengths.max()) > self.width:
            names = [s if len(s) <= self.width else "" for s in names]  # cannot be there
        codes = _codes(np.array(names, dtype=str) if len(names) else np.zeros(0, dtype="<U1"))
        return self._probe(codes, lengths, np.flatnonzero((lengths > 0) & (lengths <= codes.shape[1])))

    def find_rows(self, codes: Codes, lengths: Ints) -> Ints:
        """``find`` for names given as rows of code points (zero-padded) and their lengths."""
        todo = np.flatnonzero((lengths > 0) & (lengths <= min(self.width, codes.shape[1])))
        return self._probe(codes, lengths, todo)

    def numbers(self) -> Ints:
        """The numbers of the strings in the table."""
        slots = self.table[self.table >= 0]
        return slots & 0xFFFFFF if self._tagged else slots

    def add_all(self) -> Ints:
        """Put every string in the table (of equal ones, the first); the number each is found under."""
        out = np.empty(len(self.start), dtype=np.int64)
        for at in range(0, len(self.start), _CHUNK):
            ids = np.arange(at, min(at + _CHUNK, len(self.start)))
            rows = _gather(self.chars, self.start[ids], self.length[ids], self.width)
            out[ids] = self._probe(rows, self.length[ids], np.arange(len(ids)), ids)
        return out

    def _probe(
        self, codes: Codes, lengths: Ints, todo: Ints, ids: Ints | None = None, last: bool = False
    ) -> Ints:
        """For rows ``todo`` of ``codes`` (zero-padded code points), the number of the equal string
        in the table, else -1; or with ``ids``, add the rows not there under those numbers (a
        bucket takes one new string a round: equal rows meet) and, with ``last``, an equal
        string already there gives way to the later number, as in a dict built in order."""
        out = np.full(len(codes), -1, dtype=np.int64)
        mixed = _hash(codes[todo]) * _MIX
        pos = (mixed >> self._shift).astype(np.int64)
        tag = ((mixed >> (self._shift - np.uint64(7))) & np.uint64(0x7F)).astype(np.int64) << 24
        if not self._tagged:
            tag[:] = 0
        lens = lengths[todo]
        while len(todo):
            slots = self.table[pos]
            done = np.zeros(len(todo), dtype=bool)
            q, j = np.nonzero((slots & ~0xFFFFFF) == tag[:, None] if self._tagged else slots >= 0)
            c = slots[q, j] & 0xFFFFFF if self._tagged else slots[q, j]
            keep = (slots[q, j] >= 0) & (self.length[c] == lens[q])
            q, j, c = q[keep], j[keep], c[keep]
            if len(q):
                same = (_gather(self.chars, self.start[c], lens[q], codes.shape[1]) == codes[todo[q]]).all(1)
                q, j, c = q[same], j[same], c[same]
                done[q], out[todo[q]] = True, c
                if last and ids is not None:
                    self.table[pos[q], j] = np.maximum(c, ids[todo[q]]) | tag[q]
            free = slots[:, -1] < 0
            if ids is None:
                done |= free  # an empty slot ends the probe: not there
            else:
                new = np.flatnonzero(~done & free)
                new = new[np.unique(pos[new], return_index=True)[1]]
                col = np.argmax(self.table[pos[new]] < 0, axis=1)
                self.table[pos[new], col] = ids[todo[new]] | tag[new]
                out[todo[new]] = ids[todo[new]]
                done[new] = True
            step = ~done & ~free  # the others of a bucket that took a new string look again
            pos[step] = (pos[step] + 1) & self._mask
            todo, pos, tag, lens = todo[~done], pos[~done], tag[~done], lens[~done]
        return out


_POLY = np.uint64(0x100000001B3)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_POWERS = np.concatenate((np.ones(1, dtype=np.uint64), np.cumprod(np.full(255, _POLY, dtype=np.uint64))))
_CHUNK = 2048


def _hash(codes: Codes) -> npt.NDArray[np.uint64]:
    """``sum(codes[:, j] * P**j)`` mod 2**64 per row: trailing zeros (padding) add nothing."""
    if codes.shape[1] > len(_POWERS):
        h = np.zeros(len(codes), dtype=np.uint64)
        for j in range(codes.shape[1] - 1, -1, -1):
            h *= _POLY
            h += codes[:, j]
        return h
    return cast(npt.NDArray[np.uint64], codes.astype(np.uint64) @ _POWERS[: codes.shape[1]])


def _gather(chars: Codes, start: Ints, length: Ints, width: int) -> Codes:
    """Strings ``(start, length)`` of ``chars`` as rows of ``width`` code points, zero-padded."""
    j = np.arange(width, dtype=start.dtype)
    at = np.minimum(start[:, None] + j, len(chars) - 1)
    return np.where(j < length[:, None], chars[at], 0).astype(chars.dtype)


def _bigram_rows(block: npt.NDArray[np.uint32]) -> Ints:
    """Rows of names ``b:a b`` (with one space)."""
    if block.shape[1] < 3:
        return np.zeros(0, dtype=np.int64)
    prefix = (block[:, 0] == ord("b")) & (block[:, 1] == ord(":"))
    return np.flatnonzero(prefix & ((block == ord(" ")).sum(axis=1) == 1))


def _codes(arr: npt.NDArray[np.str_]) -> npt.NDArray[np.uint32]:
    """A string array as rows of code points (numpy pads with zeros)."""
    arr = arr.astype(arr.dtype.newbyteorder("="), copy=False)
    return arr.view(np.uint32).reshape(len(arr), arr.dtype.itemsize // 4)


class Vocabulary:
    """Feature name → row of the weight matrix, held as code points, not as 166k Python strings.

    Built in two passes over blocks of the name array (lengths, then code points, hashes and
    bigrams), so the fixed-width array (40 code points of 4 bytes a name) never exists whole and
    the build's temporaries stay small. Of equal names the last counts, as in a dict.
    """

    def __init__(self, blocks: Callable[[], Iterator[npt.NDArray[np.uint32]]], size: int, width: int) -> None:
        # The arrays that stay are made before the temporaries of each pass, not among them.
        length: Ints = np.zeros(size, dtype=np.uint8 if width < 256 else np.int32)
        at, top, n_bigrams = 0, 0, 0
        for block in blocks():
            nonzero = block != 0
            last = block.shape[1] - np.argmax(nonzero[:, ::-1], axis=1)
            length[at : at + len(block)] = np.where(nonzero.any(axis=1), last, 0)
            at, top, n_bigrams = (
                at + len(block),
                max(top, int(block.max(initial=0))),
                n_bigrams + len(_bigram_rows(block)),
            )
        if at != size:
            raise ValueError(f"vocabulary has {at} names, not {size}")
        total = int(length.sum(dtype=np.int64))
        start: Ints = np.zeros(size, dtype=np.int32 if total < 2**31 else np.int64)
        np.cumsum(length[:-1], dtype=start.dtype, out=start[1:])
        chars: Codes = np.zeros(total + 1, dtype=np.uint8 if top < 256 else np.uint32)  # a final 0
        self.size, self.names = size, StringTable(chars, start, length, size)
        refs = np.zeros((5, n_bigrams), dtype=start.dtype)  # a bigram's row, where its a and b are
        at = k = 0
        for block in blocks():
            n, lens = len(block), length[at : at + len(block)].astype(np.int64)
            chars[start[at] : start[at] + int(lens.sum())] = block[np.arange(block.shape[1]) < lens[:, None]]
            self.names._probe(block, lens, np.flatnonzero(lens > 0), np.arange(at, at + n), last=True)
            rows = _bigram_rows(block)
            cut, begin = np.argmax(block[rows] == ord(" "), axis=1), start[at + rows]
            refs[:, k : k + len(rows)] = (
                at + rows,
                begin + 2,
                begin + cut,
                begin + cut + 1,
                begin + lens[rows],
            )
            at, k = at + n, k + len(rows)
        self.bigrams = Bigrams(self.names, refs)

    @classmethod
    def read(cls, open_npy: Callable[[], IO[bytes]]) -> Vocabulary:
        """From an ``.npy`` stream of a 1-d unicode array (opened twice), a block at a time."""

        def header(fp: IO[bytes]) -> tuple[tuple[int, ...], np.dtype[Any]]:
            fmt = np.lib.format
            read = fmt.read_array_header_1_0 if fmt.read_magic(fp) == (1, 0) else fmt.read_array_header_2_0
            shape, _, dtype = read(fp)
            if dtype.kind != "U" or len(shape) != 1:
                raise ValueError(f"vocabulary must be a 1-d string array, not {dtype} {shape}")
            return shape, dtype

        def blocks() -> Iterator[npt.NDArray[np.uint32]]:
            with open_npy() as fp:
                (n,), dtype = header(fp)
                for at in range(0, n, _CHUNK):
                    k = min(_CHUNK, n - at)
                    yield _codes(np.frombuffer(fp.read(k * dtype.itemsize), dtype=dtype))

        with open_npy() as fp:
            (size,), dtype = header(fp)
        return cls(blocks, size, dtype.itemsize // 4)

    @classmethod
    def of(cls, names: Sequence[str]) -> Vocabulary:
        def blocks() -> Iterator[npt.NDArray[np.uint32]]:
            for at in range(0, len(names), _CHUNK):
                yield _codes(np.array(names[at : at + _CHUNK], dtype=str))

        return cls(blocks, len(names), max(map(len, names), default=0))

    def find(self, names: Sequence[str]) -> Ints:
        """Row of each feature name, or -1."""
        return self.names.find(names)

    def find_rows(self, codes: Codes, lengths: Ints) -> Ints:
        """``find`` for names given as rows of code points (zero-padded) and their lengths."""
        return self.names.find_rows(codes, lengths)

    def get(self, name: str, default: int | None = None) -> int | None:
        row = int(self.find([name])[0])
        return default if row < 0 else row

    def __getitem__(self, name: str) -> int:
        row = self.get(name)
        if row is None:
            raise KeyError(name)
        return row

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def __len__(self) -> int:
        return self.size


class Bigrams:
    """The vocabulary's bigrams ``b:a b`` as sorted codes ``pair(a) * n + pair(b)``, so the
    bigrams of a whole batch are found with one ``searchsorted``. A word's ``pair`` is the row of
    its unigram ``w:word``; a word of a bigram without one (pruned) is numbered by ``extra``."""

    def __init__(self, names: StringTable, refs: Ints) -> None:
        """``refs``: per bigram name, its row and where its words begin and end in ``chars``."""
        kept = np.zeros(len(names.start), dtype=bool)
        kept[names.numbers()] = True  # of equal names, the one the vocabulary keeps
        if not kept[refs[0]].all():
            refs = refs[:, kept[refs[0]]]
        ids = refs[0].copy()
        ref_start, ref_len = refs[1:4:2].T.ravel(), (refs[2:5:2] - refs[1:4:2]).T.ravel()  # a, b, a...
        del refs, kept
        pair = np.empty(len(ref_start), dtype=np.int32)
        prefix = np.array([ord("w"), ord(":")], dtype=names.chars.dtype)
        for at in range(0, len(ref_start), _CHUNK):
            part = slice(at, at + _CHUNK)
            rows = _gather(names.chars, ref_start[part], ref_len[part], names.width - 2)
            unigram = np.hstack((np.tile(prefix, (len(rows), 1)), rows))
            pair[part] = names._probe(unigram, ref_len[part] + 2, np.arange(len(rows)))
        missing = np.flatnonzero(pair < 0)
        self.words_offset = len(names.start)
        self.extra = StringTable(names.chars, ref_start[missing], ref_len[missing], len(missing))
        pair[missing] = self.words_offset + self.extra.add_all()
        self.n = self.words_offset + len(missing)
        codes = pair[0::2] * np.int64(self.n) + pair[1::2]
        del pair
        order = np.argsort(codes, kind="stable")
        self.codes, self.ids = codes[order], ids[order]

    def pairs(self, words: Sequence[str], unigram: Ints) -> Ints:
        """``pair`` of each word, given the row of its unigram (or -1)."""
        if len(self.extra.start) and (unigram < 0).any():
            at = np.flatnonzero(unigram < 0)
            found = self.extra.find([words[k] for k in at.tolist()])
            unigram = unigram.copy()
            unigram[at] = np.where(found >= 0, self.words_offset + found, -1)
        return unigram

    def lookup(self, left: Ints, right: Ints) -> Ints:
        """Feature id of each bigram (left[k], right[k]) given as pair numbers, or -1."""
        codes = left.astype(np.int64) * self.n + right
        # Searched in sorted order, the queries walk the table once (several times quicker than
        # the text order's jumps), then the places are put back in text order.
        order = np.argsort(codes)
        at = np.empty(len(codes), dtype=np.int64)
        at[order] = np.searchsorted(self.codes, codes[order])
        at = np.minimum(at, max(len(self.codes) - 1, 0))
        hit = (left >= 0) & (right >= 0) & (self.codes[at] == codes) if len(self.codes) else left < -1
        return np.where(hit, self.ids[at] if len(self.ids) else -1, -1)
