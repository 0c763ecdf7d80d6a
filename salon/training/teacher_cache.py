"""The teacher-score cache: Jigsaw-trained teachers' six scores per training text, numpy only.

``salon model teach`` (:mod:`salon.training.teachers`, which needs the separate ``teachers``
environment with TensorFlow) writes it; training reads it with :func:`load_teacher_scores`,
which needs nothing but numpy.

The file is a plain ``.npz`` (no pickle):

| array | dtype, shape | meaning |
| --- | --- | --- |
| ``keys`` | ``<U40``, (n,) | sha1 hex of the text's exact UTF-8 bytes (:func:`text_key`) |
| ``heads`` | ``<U13``, (6,) | the Jigsaw heads, in column order (:data:`HEADS`) |
| ``teachers`` | ``<U32``, (t,) | the names of the teachers' score arrays |
| ``versions`` | ``<U64``, (t,) | what produced each teacher's scores (package and version) |
| one array per teacher | ``float32``, (n, 6) | that teacher's probability per head; NaN = not scored |
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["HEADS", "TeacherScores", "load_teacher_scores", "save_teacher_scores", "text_key"]

HEADS: tuple[str, ...] = ("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate")
_META = frozenset({"keys", "heads", "teachers", "versions"})


def text_key(text: str) -> str:
    """The cache key of ``text``: sha1 hex of its exact UTF-8 bytes (no normalisation)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class TeacherScores:
    """Teacher scores by text. ``scores[teacher]`` is a float32 (n, 6) matrix, rows in ``keys`` order."""

    keys: np.ndarray
    heads: tuple[str, ...]
    scores: Mapping[str, np.ndarray]
    versions: Mapping[str, str]
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {str(k): i for i, k in enumerate(self.keys)})

    @property
    def teachers(self) -> tuple[str, ...]:
        return tuple(self.scores)

    def __len__(self) -> int:
        return len(self.keys)

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and text_key(text) in self._index

    def for_text(self, text: str) -> dict[str, np.ndarray] | None:
        """Each teacher's six scores for ``text`` (NaN where a teacher did not score it), or None."""
        row = self._index.get(text_key(text))
        if row is None:
            return None
        return {name: m[row] for name, m in self.scores.items()}

    def __call__(self, text: str) -> dict[str, np.ndarray] | None:
        """As :meth:`for_text`, plus ``"heads"``: the head names in column order (a string array)."""
        found = self.for_text(text)
        if found is None:
            return None
        return {**found, "heads": np.asarray(self.heads)}

    def matrix(self, texts: Sequence[str], teacher: str) -> np.ndarray:
        """One teacher's scores for ``texts`` as a float32 (len(texts), 6) matrix; NaN rows where missing."""
        source = self.scores[teacher]
        out = np.full((len(texts), len(self.heads)), np.nan, dtype=np.float32)
        for i, text in enumerate(texts):
            row = self._index.get(text_key(text))
            if row is not None:
                out[i] = source[row]
        return out

    def mean(self, texts: Sequence[str], teachers: Iterable[str] | None = None) -> np.ndarray:
        """The mean over ``teachers`` (default: all) of their scores for ``texts``, ignoring NaN.

        Rows no teacher scored stay NaN: mask them out (``np.isnan(m[:, 0])``) before training.
        """
        names = list(self.teachers if teachers is None else teachers)
        stack = np.stack([self.matrix(texts, name) for name in names])
        valid = ~np.isnan(stack)
        total = np.where(valid, stack, 0.0).sum(axis=0)
        count = valid.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(count > 0, total / np.maximum(count, 1), np.nan).astype(np.float32)


def load_teacher_scores(path: str | Path) -> TeacherScores:
    """Read a cache written by ``salon model teach`` (numpy only, no pickle).

    Raises ``ValueError`` when the file is not a teacher cache (missing or mis-shaped arrays).
    """
    with np.load(Path(path), allow_pickle=False) as data:
        missing = {"keys", "heads", "teachers"} - set(data.files)
        if missing:
            raise ValueError(f"{path}: not a teacher cache (missing {sorted(missing)})")
        keys = data["keys"].astype(str)
        heads = tuple(str(h) for h in data["heads"])
        teachers = [str(t) for t in data["teachers"]]
        versions = [str(v) for v in data["versions"]] if "versions" in data.files else [""] * len(teachers)
        scores: dict[str, np.ndarray] = {}
        for name in teachers:
            if name in _META or name not in data.files:
                raise ValueError(f"{path}: teacher array {name!r} missing")
            matrix = np.asarray(data[name], dtype=np.float32)
            if matrix.shape != (len(keys), len(heads)):
                raise ValueError(
                    f"{path}: {name} has shape {matrix.shape}, expected {(len(keys), len(heads))}"
                )
            scores[name] = matrix
    return TeacherScores(
        keys=keys, heads=heads, scores=scores, versions=dict(zip(teachers, versions, strict=True))
    )


def save_teacher_scores(
    path: str | Path,
    keys: Sequence[str] | np.ndarray,
    scores: Mapping[str, np.ndarray],
    versions: Mapping[str, str] | None = None,
    heads: Sequence[str] = HEADS,
) -> None:
    """Write a cache atomically (a temporary file renamed over ``path``)."""
    path = Path(path)
    key_array = np.asarray(keys, dtype="<U40")
    names = list(scores)
    for name in names:
        if name in _META:
            raise ValueError(f"teacher name {name!r} is reserved")
        if scores[name].shape != (len(key_array), len(heads)):
            raise ValueError(f"{name}: shape {scores[name].shape}, expected {(len(key_array), len(heads))}")
    versions = versions or {}
    arrays = {name: np.asarray(scores[name], dtype=np.float32) for name in names}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp.npz")
    payload: dict[str, Any] = {
        "keys": key_array,
        "heads": np.asarray(list(heads), dtype="<U13"),
        "teachers": np.asarray(names, dtype="<U32"),
        "versions": np.asarray([versions.get(n, "") for n in names], dtype="<U64"),
        **arrays,
    }
    np.savez_compressed(tmp, **payload)
    os.replace(tmp, path)
