"""The built-in classifier: the fast linear stage and the context stage, composed.

Every text goes through both (the context stage costs about as much as the linear one, see
docs/model-card.md): the linear stage normalises and tokenises once and gives its logits; the
context stage reads the same words; per category the two logits are blended by weights fitted
on comment-domain calibration data (``logit = a · linear + b · context + m · max(linear,
context) + c``); then the linear stage finishes
the analysis — its spans, the context stage's marked words, the threat and incitement patterns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import chain
from pathlib import Path

import numpy as np
import numpy.typing as npt

from salon.moderation.classifiers.base import CATEGORIES, Analysis
from salon.moderation.classifiers.context import DEFAULT_CONTEXT_PATH, ContextModel, ContextOutput
from salon.moderation.classifiers.linear import (
    DAMPED_INDEX,
    SPAN_HEADS,
    SPAN_MIN_SCORE,
    LinearClassifier,
    Prepared,
    WordMark,
)
from salon.moderation.classifiers.thresholds import DEFAULT_THRESHOLDS
from salon.moderation.counterfactual import neutral_twin

__all__ = ["LONG_TEXT_WORDS", "StagedClassifier", "load_builtin"]

#: A text of this many words or more with more than one sentence is scored sentence by sentence
#: by the linear stage ("You are a moron. Thanks for the article." is an insult, then thanks).
LONG_TEXT_WORDS = 6

#: The heads of abuse that a group's name can push up, and their default holds.
_ABUSE_HEADS = ("toxicity", "severe_toxicity", "identity_attack", "insult", "threat")
_ABUSE = np.asarray([CATEGORIES.index(c) for c in _ABUSE_HEADS])
_HOLD = np.asarray([DEFAULT_THRESHOLDS[c][0] for c in _ABUSE_HEADS])
#: A text naming a group is read again without the names (``counterfactual.neutral_twin``) when
#: one of its abuse heads reaches this share of its hold.
TWIN_FROM = 0.75
#: How much nearer its hold the text may stand than its twin does: with the twin at a share h of
#: its nearest hold, each abuse head of the text is kept at or below ``TWIN_ROOM`` · h of its own
#: hold — when that is below the hold; a twin at or past it leaves the text's scores alone.
TWIN_ROOM = 2.0
#: A word is marked for the context stage when its windows carry this share of the stage's
#: positive evidence for a hot category, or the most of any word of the text: the stage spreads
#: its evidence over more words than the linear stage, and at the linear stage's share it marked
#: words around the abuse too (span F1 on the toxic-spans training split 0.46 → 0.50 at 0.5).
CONTEXT_SPAN_SHARE = 0.5


class StagedClassifier:
    """Linear + context stages behind the ``Classifier`` protocol. Thread-safe."""

    name = "salon"

    def __init__(self, linear: LinearClassifier, context: ContextModel) -> None:
        self.linear, self.context = linear, context
        blend = context.blend
        self._a, self._b, self._m, self._c = blend[:, 0], blend[:, 1], blend[:, 2], blend[:, 3]

    @property
    def version(self) -> str:
        return f"{self.linear.version}+{self.context.version}"

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        prepared = self.linear.prepare(texts)
        out, known = self._context_run(prepared)
        probs = self._names_only(texts, self._blend(self.linear_logits(prepared), out.logits))
        return self.linear.finish(prepared, probs, self._marks(out, probs, known))

    def _names_only(self, texts: Sequence[str], probs: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Scores with the evidence of group names alone taken back.

        Each text near a hold that names a group is scored again as its neutral twin ("I am a
        gay man." as "I am a man."). Where the twin stands at a share h < 1 of its
        nearest hold, the name was the evidence: the text's abuse heads are kept at
        ``TWIN_ROOM`` · h of their holds. Patterns (threats, incitement, slurs) are applied
        after this, in ``finish``, and are not affected."""
        near = (probs[:, _ABUSE] / _HOLD).max(axis=1) >= TWIN_FROM
        pairs = [(row, neutral_twin(texts[row])) for row in np.flatnonzero(near).tolist()]
        found = [(row, twin) for row, twin in pairs if twin is not None]
        if not found:
            return probs
        twin_probs = self.scores([twin for _, twin in found])
        share = TWIN_ROOM * (twin_probs[:, _ABUSE] / _HOLD).max(axis=1)
        civil = share < 1.0
        if not civil.any():
            return probs
        rows = np.asarray([row for row, _ in found])[civil]
        out = probs.copy()
        block = np.ix_(rows, _ABUSE)
        out[block] = np.minimum(out[block], _HOLD[None, :] * share[civil][:, None])
        return out

    def scores(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """Blended probabilities only (no patterns, no spans): shape (len(texts), K)."""
        prepared = self.linear.prepare(texts)
        return self._blend(self.linear_logits(prepared), self.context_run(prepared).logits)

    def context_run(self, prepared: Prepared) -> ContextOutput:
        """The context stage over the prepared words, with the linear stage's damping applied to
        it twice over: a word after a negator, inside quotes or in a sentence condemning a way of
        speaking enters the windows scaled by its multiplier, and then loses the same share of
        what its windows still add to the abuse heads."""
        return self._context_run(prepared)[0]

    def _context_run(self, prepared: Prepared) -> tuple[ContextOutput, dict[int, npt.NDArray[np.float64]]]:
        """``context_run``, and the contributions it computed (by row): they depend only on the
        windows, not on the damped logits, so ``_marks`` reads them again instead of computing
        them twice."""
        out = self.context.run(prepared.words, prepared.damping)
        damped = [(row, d) for row, d in enumerate(prepared.damping) if d is not None]
        if not damped:
            return out, {}
        logits = out.logits.copy()
        heads = np.asarray(DAMPED_INDEX)
        rows = [row for row, _ in damped]
        every = self.context.contributions(out, rows)
        # All damped texts' words at once, then summed text by text: ``.sum(axis=0)`` of a long
        # text does not add its words one after the other (``bincount`` would), and the figures
        # stay those of the per-text computation.
        n = [len(c) for c in every]
        contrib = np.clip(np.concatenate(every)[:, heads], 0.0, None)
        keep = np.fromiter(
            chain.from_iterable(d[:k] for (_, d), k in zip(damped, n, strict=True)),
            dtype=np.float64,
            count=sum(n),
        )
        parts = np.split((1.0 - keep)[:, None] * contrib, np.cumsum(n)[:-1])
        logits[np.ix_(np.asarray(rows), heads)] -= np.array([p.sum(axis=0) for p in parts]).reshape(
            len(rows), len(heads)
        )
        return replace(out, logits=logits), dict(zip(rows, every, strict=True))

    def linear_logits(self, prepared: Prepared) -> npt.NDArray[np.float64]:
        """The linear stage's logits, for a text of ``LONG_TEXT_WORDS`` words or more the highest
        over its sentences (``LinearClassifier.sentence_logits``)."""
        return self.linear.sentence_logits(prepared, LONG_TEXT_WORDS)

    def _blend(
        self, linear: npt.NDArray[np.float64], context: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.float64]:
        z = self._a * linear + self._b * context + self._m * np.maximum(linear, context) + self._c
        return np.clip(1.0 / (1.0 + np.exp(-z)), 0.0, 0.999)

    def _marks(
        self,
        out: ContextOutput,
        probs: npt.NDArray[np.float64],
        known: dict[int, npt.NDArray[np.float64]] | None = None,
    ) -> dict[int, list[WordMark]]:
        """Words whose windows carry at least ``CONTEXT_SPAN_SHARE`` of the context stage's
        positive evidence for a category scoring ``SPAN_MIN_SCORE`` or more, or the most of the
        text's. ``known``: contributions already computed, by row (``_context_run``)."""
        heads = np.asarray(SPAN_HEADS)
        hot = probs[:, heads] >= SPAN_MIN_SCORE
        marks: dict[int, list[WordMark]] = {}
        rows = np.flatnonzero(hot.any(axis=1)).tolist()
        known = dict(known or {})
        todo = [row for row in rows if row not in known]
        known.update(zip(todo, self.context.contributions(out, todo), strict=True))
        rows = [row for row in rows if len(known[row])]
        if not rows:
            return marks
        # All rows' words at once; each row's positive evidence summed on its own (``.sum``, as
        # per row before: the same figures).
        n = [len(known[row]) for row in rows]
        contrib = np.concatenate([known[row] for row in rows])[:, heads] * (self._b + self._m)[heads]
        clipped = np.clip(contrib, 0.0, None)
        bounds = np.cumsum(n)
        positive = np.array([clipped[e - k : e].sum(axis=0) for k, e in zip(n, bounds.tolist(), strict=True)])
        owner = np.repeat(np.arange(len(rows)), n)
        first = bounds - np.asarray(n)
        top = np.maximum.reduceat(contrib, first, axis=0)  # per row, the strongest word
        strong = (contrib >= CONTEXT_SPAN_SHARE * positive[owner]) | (contrib >= top[owner])
        marked = (contrib > 0) & strong & hot[rows][owner]
        for at in np.flatnonzero(marked.any(axis=1)).tolist():
            j = int(owner[at])
            cats = tuple(CATEGORIES[heads[c]] for c in np.flatnonzero(marked[at]))
            marks.setdefault(rows[j], []).append((at - int(first[j]), cats))
        return marks


def load_builtin(linear_path: str | Path | None = None) -> StagedClassifier | LinearClassifier:
    """The shipped model, or the linear-stage file given and the ``context.npz`` beside it (the
    linear stage alone when a given file has none: ``salon model train --linear-only``).
    Raises ClassifierError when a file cannot be loaded."""
    linear = LinearClassifier.load(linear_path)
    context_path = DEFAULT_CONTEXT_PATH if linear_path is None else Path(linear_path).with_name("context.npz")
    if linear_path is not None and not context_path.is_file():
        return linear
    return StagedClassifier(linear, ContextModel.load(context_path))
