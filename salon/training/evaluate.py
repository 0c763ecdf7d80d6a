"""Evaluate a model file on the held-out test splits.

Reports per category: ROC-AUC, precision and recall at the hold threshold of
``DEFAULT_THRESHOLDS``; per source: the same for toxicity; and the false-positive rate on neutral
sentences that mention an identity (ToxiGen neutral seeds and hand-written ones): the share
scoring at or above the hold threshold on toxicity, identity_attack or insult.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from salon.moderation.classifiers.base import CATEGORIES, Classifier
from salon.moderation.classifiers.thresholds import DEFAULT_THRESHOLDS
from salon.training.comment_datasets import SpanExample
from salon.training.datasets import Example
from salon.training.train import identity_words_in

__all__ = ["Report", "Row", "evaluate", "format_report", "span_f1"]

#: A civil comment this long (characters) counts as "long" for the identity-mention hold rate.
LONG_COMMENT = 200

_IDENTITY_FPR_HEADS = ("toxicity", "identity_attack", "insult")


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    name: str
    n: int
    positives: int
    auc: float
    threshold: float
    precision: float
    recall: float


@dataclass(frozen=True)
class Report:
    """The evaluation of one model on one test set."""

    categories: list[Row]
    sources: list[Row]
    identity_fpr: float
    identity_n: int
    civil_violent_fpr: float
    civil_violent_n: int
    identity_long_fpr: float = float("nan")
    identity_long_n: int = 0


def _row(name: str, probs: npt.NDArray[np.float64], y: npt.NDArray[np.int64], threshold: float) -> Row:
    from sklearn.metrics import roc_auc_score

    known = y >= 0
    p, t = probs[known], y[known]
    pos = int(t.sum())
    auc = float(roc_auc_score(t, p)) if 0 < pos < len(t) else float("nan")
    flagged = p >= threshold
    tp = int((flagged & (t == 1)).sum())
    precision = tp / int(flagged.sum()) if flagged.any() else float("nan")
    recall = tp / pos if pos else float("nan")
    return Row(name, int(known.sum()), pos, auc, threshold, precision, recall)


def _scores(model: Classifier, texts: Sequence[str]) -> npt.NDArray[np.float64]:
    out = []
    for start in range(0, len(texts), 512):
        for a in model.analyze(texts[start : start + 512]):
            out.append([a.scores[c] for c in CATEGORIES])
    return np.array(out).reshape(-1, len(CATEGORIES))


def _fpr(probs: npt.NDArray[np.float64], mask: npt.NDArray[np.bool_], heads: Sequence[str]) -> float:
    if not mask.any():
        return float("nan")
    over = np.zeros(int(mask.sum()), dtype=bool)
    for h in heads:
        over |= probs[mask, CATEGORIES.index(h)] >= DEFAULT_THRESHOLDS[h][0]
    return float(over.mean())


def evaluate(model: Classifier, test: Sequence[Example]) -> Report:
    """Score ``test`` with ``model`` (threat patterns included) and summarise."""
    probs = _scores(model, [ex.text for ex in test])
    y = np.array([ex.labels for ex in test], dtype=np.int64).reshape(-1, len(CATEGORIES))
    cats = [_row(c, probs[:, k], y[:, k], DEFAULT_THRESHOLDS[c][0]) for k, c in enumerate(CATEGORIES)]
    tox = CATEGORIES.index("toxicity")
    sources = []
    for src in sorted({ex.source for ex in test if ex.labels[tox] >= 0}):
        sel = np.array([ex.source == src for ex in test])
        sources.append(
            _row(f"{src}:toxicity", probs[sel, tox], y[sel, tox], DEFAULT_THRESHOLDS["toxicity"][0])
        )
    ident = np.array(["neutral_identity" in ex.tags for ex in test])
    civil = np.array(["civil_violent" in ex.tags for ex in test])
    # Long comments judged civil on every head that mention an identity (news-site comments).
    long_civil = np.array(
        [
            len(ex.text) >= LONG_COMMENT and all(v == 0 for v in ex.labels[:6]) and identity_words_in(ex.text)
            for ex in test
        ]
    )
    return Report(
        categories=cats,
        sources=sources,
        identity_fpr=_fpr(probs, ident, _IDENTITY_FPR_HEADS),
        identity_n=int(ident.sum()),
        civil_violent_fpr=_fpr(probs, civil, ("threat", "severe_toxicity", "toxicity")),
        civil_violent_n=int(civil.sum()),
        identity_long_fpr=_fpr(probs, long_civil, _IDENTITY_FPR_HEADS),
        identity_long_n=int(long_civil.sum()),
    )


def span_f1(model: Classifier, examples: Sequence[SpanExample]) -> float:
    """SemEval-2021 Task 5's measure: the mean over texts of the F1 between the characters the
    model's spans cover (any category but spam) and the gold toxic characters; a text where both
    are empty scores 1, where only one is empty 0."""
    scores = []
    texts = [ex.text for ex in examples]
    for start in range(0, len(texts), 512):
        batch = examples[start : start + 512]
        for ex, a in zip(batch, model.analyze(texts[start : start + 512]), strict=True):
            pred = {i for s in a.spans if set(s.categories) - {"spam"} for i in range(s.begin, s.end)}
            gold = set(ex.offsets)
            if not pred and not gold:
                scores.append(1.0)
            elif not pred or not gold:
                scores.append(0.0)
            else:
                tp = len(pred & gold)
                scores.append(2 * tp / (len(pred) + len(gold)))
    return float(np.mean(scores)) if scores else float("nan")


def format_report(report: Report) -> str:
    """The report as a Markdown table (also fine in a terminal)."""
    lines = [
        "| category | n | positives | ROC-AUC | hold at | precision | recall |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in report.categories + report.sources:
        lines.append(
            f"| {r.name} | {r.n} | {r.positives} | {r.auc:.3f} | {r.threshold:.2f} "
            f"| {r.precision:.3f} | {r.recall:.3f} |"
        )
    lines.append("")
    lines.append(
        f"neutral identity mentions flagged (toxicity/identity_attack/insult ≥ hold): "
        f"{report.identity_fpr:.1%} of {report.identity_n}"
    )
    lines.append(
        f"long civil comments (≥ {LONG_COMMENT} characters) naming an identity flagged: "
        f"{report.identity_long_fpr:.1%} of {report.identity_long_n}"
    )
    lines.append(
        f"civil sentences with violent words flagged (threat/severe/toxicity ≥ hold): "
        f"{report.civil_violent_fpr:.1%} of {report.civil_violent_n}"
    )
    return "\n".join(lines)
