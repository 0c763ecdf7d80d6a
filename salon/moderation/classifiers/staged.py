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
from pathlib import Path

import numpy as np
import numpy.typing as npt

from salon.moderation.classifiers.base import CATEGORIES, Analysis
from salon.moderation.classifiers.context import DEFAULT_CONTEXT_PATH, ContextModel, ContextOutput
from salon.moderation.classifiers.linear import (
    DAMPED_INDEX,
    SENTENCE,
    SPAN_HEADS,
    SPAN_MIN_SCORE,
    SPAN_SHARE,
    LinearClassifier,
    Prepared,
    WordMark,
)

__all__ = ["LONG_TEXT_WORDS", "StagedClassifier", "load_builtin"]

#: A text of this many words or more is scored sentence by sentence by the linear stage.
LONG_TEXT_WORDS = 25


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
        out = self.context_run(prepared)
        probs = self._blend(self.linear_logits(texts, prepared), out.logits)
        return self.linear.finish(prepared, probs, self._marks(out, probs))

    def scores(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """Blended probabilities only (no patterns, no spans): shape (len(texts), K)."""
        prepared = self.linear.prepare(texts)
        return self._blend(self.linear_logits(texts, prepared), self.context_run(prepared).logits)

    def context_run(self, prepared: Prepared) -> ContextOutput:
        """The context stage over the prepared words, with the linear stage's damping applied to
        it twice over: a word after a negator, inside quotes or in a sentence condemning a way of
        speaking enters the windows scaled by its multiplier, and then loses the same share of
        what its windows still add to the abuse heads."""
        out = self.context.run(prepared.words, prepared.damping)
        damped = [(row, d) for row, d in enumerate(prepared.damping) if d is not None]
        if not damped:
            return out
        logits = out.logits.copy()
        heads = np.asarray(DAMPED_INDEX)
        for row, damp in damped:
            contrib = np.clip(self.context.contributions(out, row)[:, heads], 0.0, None)
            keep = np.asarray(damp[: len(contrib)], dtype=np.float64)
            logits[row, heads] -= ((1.0 - keep)[:, None] * contrib).sum(axis=0)
        return replace(out, logits=logits)

    def linear_logits(self, texts: Sequence[str], prepared: Prepared) -> npt.NDArray[np.float64]:
        """The linear stage's logits, for a long text the highest over its sentences.

        The linear stage adds evidence over a whole text: in a long comment, one insult is
        diluted by the civil words around it, and many mildly negative words add up. Scoring
        each sentence and keeping the highest makes length stop mattering both ways."""
        logits = prepared.logits
        pieces: list[str] = []
        owner: list[int] = []
        for row, text in enumerate(texts):
            if len(prepared.words[row]) >= LONG_TEXT_WORDS:
                parts = [m.group(0) for m in SENTENCE.finditer(text) if m.group(0).strip()]
                if len(parts) > 1:
                    pieces += parts
                    owner += [row] * len(parts)
        if not pieces:
            return logits
        logits = logits.copy()
        rows = np.asarray(owner)
        per_sentence = self.linear.prepare(pieces).logits
        longest = np.full((len(texts), logits.shape[1]), -np.inf)
        np.maximum.at(longest, rows, per_sentence)
        hit = np.unique(rows)
        logits[hit] = longest[hit]
        return logits

    def _blend(
        self, linear: npt.NDArray[np.float64], context: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.float64]:
        z = self._a * linear + self._b * context + self._m * np.maximum(linear, context) + self._c
        return np.clip(1.0 / (1.0 + np.exp(-z)), 0.0, 0.999)

    def _marks(self, out: ContextOutput, probs: npt.NDArray[np.float64]) -> dict[int, list[WordMark]]:
        """Words whose windows carry at least ``SPAN_SHARE`` of the context stage's positive
        evidence for a category scoring ``SPAN_MIN_SCORE`` or more."""
        heads = np.asarray(SPAN_HEADS)
        hot = probs[:, heads] >= SPAN_MIN_SCORE
        marks: dict[int, list[WordMark]] = {}
        for row in np.flatnonzero(hot.any(axis=1)).tolist():
            contrib = self.context.contributions(out, row)[:, heads] * (self._b + self._m)[heads]
            if not len(contrib):
                continue
            positive = np.clip(contrib, 0.0, None).sum(axis=0)
            marked = (contrib > 0) & (contrib >= SPAN_SHARE * positive) & hot[row]
            for word in np.flatnonzero(marked.any(axis=1)).tolist():
                cats = tuple(CATEGORIES[heads[j]] for j in np.flatnonzero(marked[word]))
                marks.setdefault(row, []).append((word, cats))
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
