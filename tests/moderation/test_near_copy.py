"""The duplicates phase's near-copy check skips rows before their Jaccard only where the answer is
known without it: it finds what comparing every row in turn finds, at any threshold."""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

import pytest

from salon.moderation.phases.duplicates import _near_copy
from salon.moderation.recent import Recent
from salon.moderation.similarity import Fingerprint, fingerprint, jaccard

_WORDS = [
    "train",
    "night",
    "sleeper",
    "vienna",
    "ticket",
    "fare",
    "station",
    "delay",
    "crew",
    "border",
    "morning",
    "route",
    "seat",
]


def _reference(ctx: Any, policy: Any, mine: Fingerprint, rows: list[Recent]) -> Any:
    """The check as first written: every row's Jaccard after the size bound."""
    if mine.words < policy.duplicate_min_words:
        return None
    size = len(mine.shingles)
    for row in rows:
        same_author = ctx.author_id is not None and row.author_id == ctx.author_id
        if not (same_author or row.thread_id != ctx.thread_id):
            continue
        theirs = row.fp.shingles
        if min(size, len(theirs)) < policy.duplicate_threshold * max(size, len(theirs)):
            continue
        similarity = jaccard(mine.shingles, theirs)
        if similarity >= policy.duplicate_threshold:
            who = "the same author" if same_author else "another thread"
            return f"near-duplicate ({similarity:.2f}) of comment {row.id} by {who}", [row.id]
    return None


def _text(rng: random.Random) -> str:
    return " ".join(rng.choices(_WORDS, k=rng.randint(0, 14)))


@pytest.mark.parametrize("threshold", [0.0, 0.3, 0.7, 1.0])
def test_near_copy_finds_what_every_row_compared_finds(threshold: float) -> None:
    rng = random.Random(int(threshold * 10))
    texts = [_text(rng) for _ in range(400)]
    texts += [t + " indeed" for t in texts[:40]] + texts[:20]  # near and exact copies
    rows = [
        Recent(i, rng.choice([None, *range(1, 30)]), rng.randint(1, 8), fingerprint(t))
        for i, t in enumerate(texts)
    ]
    policy = SimpleNamespace(duplicate_min_words=rng.choice([1, 3, 6]), duplicate_threshold=threshold)
    found = 0
    for _ in range(300):
        ctx = SimpleNamespace(author_id=rng.choice([None, *range(1, 30)]), thread_id=rng.randint(1, 8))
        mine = fingerprint(rng.choice(texts))
        start = rng.randrange(len(rows))
        window = rows[start : start + 120]
        expected = _reference(ctx, policy, mine, window)
        assert _near_copy(ctx, policy, mine, window) == expected  # type: ignore[arg-type]
        found += expected is not None
    assert found  # the cases include matches
