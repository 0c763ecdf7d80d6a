"""Learning from a site's own decisions: a per-site adjustment on top of the shipped model.

Each approve / reject / spam a moderator gives a scored comment is one example. Two heads are
learned: **abuse** (rejected vs approved) and **spam** (marked spam vs approved). For each, the
site's probability that a text is bad is::

    p = sigmoid(logit(base) + b + Σ w[h(f)] · x_f)

where ``base`` is the shipped model's score for the head (the highest abuse category, or spam),
``f`` runs over the text's words and word pairs (hashed into 2**20 buckets: the hashing trick)
and ``w``, ``b`` are the site's own weights. They start at zero, so an untrained site scores
exactly as the shipped model; each decision moves them by one step of online logistic
regression with an L2 pull toward zero (``L2``), so a handful of decisions cannot swing it. The
adjustment is applied as the same logit offset to every category of the head, so the site's
thresholds keep their meaning.

Perspective feedback (``comments:suggestscore``, e.g. Coral's one suggestion per moderator
decision: 0 approved, 1 rejected) trains the same heads through the same step, as a second
*source*: the attributes suggested are mapped to salon's categories, and a head's label is 1
when its highest suggested score is at least ``SUGGESTED_BAD``, 0 when it is at most
``SUGGESTED_FINE``; between the two the suggestion says too little and that head is not trained
(a soft label would let a client's "0.5, not sure" pull the site). A suggestion weighs as much
as one decision: it is one. It speaks only of the heads whose attributes it names.

One decision in five (by comment id; a suggestion by its client token, else its id) is kept out
of training as the site's held-out set, on which the dashboard compares precision and recall at
the hold before and after the adjustment. The shipped model is not touched: this is a separate
stage over its outputs and the text.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from salon.moderation.perspective_attributes import SCORED

HEADS = ("abuse", "spam")
#: Where what the adjustment learns from comes from: moderators' decisions here, and
#: Perspective feedback (``comments:suggestscore``).
SOURCES = ("decision", "perspective")
#: A suggested score at least this high labels its head bad; at most ``SUGGESTED_FINE``, fine.
SUGGESTED_BAD = 0.7
SUGGESTED_FINE = 0.3
#: Categories whose scores make up the abuse head (every Perspective category but spam).
ABUSE = ("toxicity", "severe_toxicity", "identity_attack", "insult", "profanity", "threat")
BUCKETS = 1 << 20
LEARNING_RATE = 0.2
#: The pull toward zero per step, on the weights a step touches (lazy L2).
L2 = 0.002
#: No single weight or bias moves the logit by more than this.
CLIP = 4.0
#: At most this many weights are kept per head; the smallest go first.
MAX_WEIGHTS = 50_000
HELD_OUT_EVERY = 5

_WORD = re.compile(r"[a-z0-9']+")
_EPS = 1e-4


def is_held_out(comment_id: int) -> bool:
    """One decision in ``HELD_OUT_EVERY`` is kept for evaluation, never trained on."""
    return comment_id % HELD_OUT_EVERY == 0


def features(text: str) -> dict[str, float]:
    """Words and adjacent word pairs of the lower-cased text, each weighted 1/sqrt(count)."""
    words = _WORD.findall(text.lower())
    grams = words + [f"{a} {b}" for a, b in pairwise(words)]
    if not grams:
        return {}
    scale = 1.0 / math.sqrt(len(grams))
    out: dict[str, float] = {}
    for g in grams:
        out[g] = out.get(g, 0.0) + scale
    return out


def bucket(gram: str) -> int:
    return zlib.crc32(gram.encode()) % BUCKETS


def _logit(p: float) -> float:
    p = min(1 - _EPS, max(_EPS, p))
    return math.log(p / (1 - p))


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


def base_score(scores: Mapping[str, float], head: str) -> float:
    """The shipped model's score for a head."""
    if head == "spam":
        return float(scores.get("spam", 0.0))
    return max((float(scores.get(c, 0.0)) for c in ABUSE), default=0.0)


def labels_for(action: str) -> dict[str, int]:
    """What a decision says about each head: approve → neither; reject → abuse; spam → spam.

    A spam decision says nothing about abuse, so abuse learns only from approve and reject.
    """
    if action == "approve":
        return {"abuse": 0, "spam": 0}
    if action == "reject":
        return {"abuse": 1, "spam": 0}
    if action == "spam":
        return {"spam": 1}
    return {}


def _head_of(category: str | None) -> str | None:
    if category == "spam":
        return "spam"
    return "abuse" if category in ABUSE or category == "likely_to_reject" else None


def labels_from_suggestion(scores: Mapping[str, float]) -> dict[str, int]:
    """What a Perspective suggestion says about each head it names (see the module's text).

    ``{"TOXICITY": 1}`` → abuse 1; ``{"TOXICITY": 0}`` → abuse 0; ``{"SPAM": 0.9}`` → spam 1;
    ``{"TOXICITY": 0.5}`` → nothing; attributes salon has no category for are left out.
    """
    top: dict[str, float] = {}
    for attribute, value in scores.items():
        head = _head_of(SCORED.get(str(attribute).upper()))
        if head is not None:
            top[head] = max(top.get(head, 0.0), float(value))
    out = {}
    for head, value in top.items():
        if value >= SUGGESTED_BAD:
            out[head] = 1
        elif value <= SUGGESTED_FINE:
            out[head] = 0
    return out


def suggestion_held_out(suggestion_id: int, client_token: str | None) -> bool:
    """Held out by the comment it is about (its client token), so that every suggestion about one
    comment falls on the same side; by its own id when it names none."""
    key = zlib.crc32(client_token.encode()) if client_token else suggestion_id
    return is_held_out(key)


@dataclass
class Head:
    """One head's weights: bucket → weight, the bias, and a name per bucket for the dashboard."""

    weights: dict[int, float] = field(default_factory=dict)
    bias: float = 0.0
    names: dict[int, str] = field(default_factory=dict)
    seen: int = 0

    def offset(self, feats: Mapping[str, float]) -> float:
        return self.bias + sum(self.weights.get(bucket(g), 0.0) * x for g, x in feats.items())

    def step(self, feats: Mapping[str, float], base: float, label: int) -> None:
        """One step of online logistic regression with the L2 pull toward zero."""
        z = _logit(base) + self.offset(feats)
        grad = _sigmoid(z) - label
        self.bias = _clip(self.bias - LEARNING_RATE * (grad + L2 * self.bias))
        for g, x in feats.items():
            b = bucket(g)
            w = self.weights.get(b, 0.0)
            w = _clip(w - LEARNING_RATE * (grad * x + L2 * w))
            if abs(w) < 1e-6:
                self.weights.pop(b, None)
                continue
            self.weights[b] = w
            self.names.setdefault(b, g)
        self.seen += 1
        if len(self.weights) > MAX_WEIGHTS:
            keep = sorted(self.weights, key=lambda k: -abs(self.weights[k]))[: MAX_WEIGHTS * 9 // 10]
            self.weights = {k: self.weights[k] for k in keep}
            self.names = {k: self.names[k] for k in keep if k in self.names}

    def top(self, n: int = 10) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
        """The features that push toward bad, and toward fine, most strongly."""
        ranked = sorted(self.weights.items(), key=lambda kv: kv[1])
        name = lambda k: self.names.get(k, f"#{k}")  # noqa: E731
        up = [(name(k), w) for k, w in reversed(ranked[-n:]) if w > 0]
        down = [(name(k), w) for k, w in ranked[:n] if w < 0]
        return up, down

    def to_json(self) -> dict[str, Any]:
        return {
            "bias": self.bias,
            "seen": self.seen,
            "weights": {str(k): round(v, 6) for k, v in self.weights.items()},
            "names": {str(k): v for k, v in self.names.items() if k in self.weights},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Head:
        data = data or {}
        return cls(
            weights={int(k): float(v) for k, v in (data.get("weights") or {}).items()},
            bias=float(data.get("bias") or 0.0),
            names={int(k): str(v) for k, v in (data.get("names") or {}).items()},
            seen=int(data.get("seen") or 0),
        )


def _clip(v: float) -> float:
    return max(-CLIP, min(CLIP, v))


@dataclass
class Adjustment:
    """A site's learned adjustment: one head per kind of decision, and its version."""

    heads: dict[str, Head] = field(default_factory=lambda: {h: Head() for h in HEADS})
    #: Bumped by every decision learned and by a reset: a stored verdict names the one it used.
    version: int = 0
    #: Decisions learned since the last reset.
    decisions: int = 0
    #: Of those, how many came from each of ``SOURCES``.
    sources: dict[str, int] = field(default_factory=dict)

    def learn(self, text: str, scores: Mapping[str, float], action: str) -> bool:
        """Train on one moderator decision; False when it says nothing the heads learn from."""
        return self.train(text, scores, labels_for(action), "decision")

    def train(self, text: str, scores: Mapping[str, float], labels: Mapping[str, int], source: str) -> bool:
        """One step per labelled head (``scores``: the shipped model's); the one update every
        source goes through. False when there is no label."""
        if not labels:
            return False
        feats = features(text)
        for head, label in labels.items():
            self.heads[head].step(feats, base_score(scores, head), label)
        self.version += 1
        self.decisions += 1
        self.sources[source] = self.sources.get(source, 0) + 1
        return True

    def probability(self, text: str, scores: Mapping[str, float], head: str) -> float:
        return _sigmoid(_logit(base_score(scores, head)) + self.heads[head].offset(features(text)))

    def adjusted(self, text: str, scores: Mapping[str, float]) -> tuple[dict[str, float], dict[str, float]]:
        """Every category's score with its head's offset applied, and the offsets (logits)."""
        feats = features(text)
        offsets = {h: self.heads[h].offset(feats) for h in HEADS}
        out = {}
        for category, value in scores.items():
            head = "spam" if category == "spam" else "abuse" if category in ABUSE else None
            out[category] = _sigmoid(_logit(float(value)) + offsets[head]) if head else float(value)
        return out, offsets

    def to_json(self) -> dict[str, Any]:
        return {**{h: self.heads[h].to_json() for h in HEADS}, "sources": dict(self.sources)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None, version: int = 0, decisions: int = 0) -> Adjustment:
        data = data or {}
        # Stored before sources were counted: all of it came from decisions.
        sources = data.get("sources") if isinstance(data.get("sources"), dict) else None
        counts = {str(k): int(v) for k, v in sources.items()} if sources else {}
        if sources is None and decisions:
            counts = {"decision": decisions}
        return cls({h: Head.from_json(data.get(h)) for h in HEADS}, version, decisions, counts)


@dataclass(frozen=True)
class Quality:
    """Precision and recall of "hold" against the moderators' decisions, and how many there were."""

    precision: float | None
    recall: float | None
    examples: int
    positives: int


def quality(predicted: Iterable[bool], actual: Iterable[int]) -> Quality:
    pairs = list(zip(predicted, actual, strict=True))
    tp = sum(1 for p, a in pairs if p and a)
    fp = sum(1 for p, a in pairs if p and not a)
    fn = sum(1 for p, a in pairs if not p and a)
    return Quality(
        precision=tp / (tp + fp) if tp + fp else None,
        recall=tp / (tp + fn) if tp + fn else None,
        examples=len(pairs),
        positives=tp + fn,
    )
