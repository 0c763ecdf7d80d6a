"""The classifier contract: texts in, calibrated per-category scores and explaining spans out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

#: Category names, aligned with Perspective's attribute names (lower case), plus spam.
CATEGORIES: tuple[str, ...] = (
    "toxicity",
    "severe_toxicity",
    "identity_attack",
    "insult",
    "profanity",
    "threat",
    "spam",
)


@dataclass(frozen=True)
class Span:
    """A stretch of the original text (character offsets, end exclusive) and what it drives."""

    begin: int
    end: int
    categories: tuple[str, ...]
    score: float = 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "begin": self.begin,
            "end": self.end,
            "categories": list(self.categories),
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class Analysis:
    """One text's result: a probability in [0, 1] per category and the spans that explain it."""

    scores: dict[str, float]
    spans: list[Span] = field(default_factory=list)


class ClassifierError(RuntimeError):
    """Raised by a classifier that cannot score; the pipeline then holds the comment."""


class Classifier(Protocol):
    """Anything that scores texts. Implementations must be safe to call from several threads."""

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str:
        """Identifies the model, stored with every verdict it contributed to."""
        ...

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        """Score each text; the result list has one Analysis per input, in order."""
        ...


class NullClassifier:
    """Scores everything zero: for tests and deployments that want rules only."""

    name = "null"
    version = "0"

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        return [Analysis(scores={c: 0.0 for c in CATEGORIES}) for _ in texts]
