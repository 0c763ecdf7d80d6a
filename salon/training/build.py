"""One training run of the built-in model: both stages, their blend, both files.

1. The labelled data (``datasets.load_all``: train splits only) and, when given, the teachers'
   cached soft labels for the same texts (``teacher_cache``).
2. The linear stage (``train.fit``), which keeps a fixed-seed 10 % of the rows aside to calibrate.
3. The context stage (``context.train_network``) on the same 90 %.
4. The blend of the two, fitted on the 10 % neither stage saw (comment-domain rows weighted up).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from salon.moderation.classifiers.base import CATEGORIES
from salon.moderation.classifiers.context import ContextModel
from salon.moderation.classifiers.linear import LinearClassifier
from salon.moderation.classifiers.staged import StagedClassifier
from salon.training import context as ctx
from salon.training.datasets import Example
from salon.training.train import TrainConfig, Trained, example_weights, fit, save, split_rows
from salon.training.word_vectors import WordVectors

__all__ = ["BuildResult", "build", "teacher_targets"]

#: Calibration rows from comment sections (and the hand-written sentences) count this much more
#: than tweets and forum posts when the stages are blended: the product judges comments.
COMMENT_WEIGHT = 3.0
COMMENT_SOURCES = frozenset(("toxic_spans", "fox_news", "ethos", "handwritten", "written"))

#: Which teacher head supervises which of salon's categories (their threat and identity heads are
#: weak, see shared/data/README.md): the teachers' mean.
TEACHER_HEADS = {
    "toxicity": "toxic",
    "severe_toxicity": "severe_toxic",
    "insult": "insult",
    "profanity": "obscene",
}


@dataclass(frozen=True)
class BuildResult:
    """What a run wrote."""

    linear: Trained
    context_version: str
    blend: npt.NDArray[np.float64]


def teacher_targets(
    examples: Sequence[Example], lookup: Callable[[str], dict[str, npt.NDArray[np.float32]] | None]
) -> npt.NDArray[np.float32]:
    """N x K soft targets: the teachers' mean for the mapped categories, NaN elsewhere.

    ``lookup(text)`` gives ``{teacher: scores over heads}`` plus ``"heads"`` names, or None."""
    out = np.full((len(examples), len(CATEGORIES)), np.nan, dtype=np.float32)
    for row, ex in enumerate(examples):
        found = lookup(ex.text)
        if not found:
            continue
        heads = [str(h) for h in found["heads"]]
        per_teacher = [v for k, v in found.items() if k != "heads"]
        for cat, head in TEACHER_HEADS.items():
            j = heads.index(head)
            out[row, CATEGORIES.index(cat)] = float(np.mean([t[j] for t in per_teacher]))
    return out


def stage_logits(
    staged: StagedClassifier, texts: Sequence[str]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Both stages' logits for ``texts``, as ``StagedClassifier.analyze`` blends them."""
    lin, con = [], []
    for i in range(0, len(texts), 512):
        chunk = texts[i : i + 512]
        prepared = staged.linear.prepare(chunk)
        lin.append(staged.linear_logits(prepared))
        con.append(staged.context_run(prepared).logits)
    return np.concatenate(lin), np.concatenate(con)


def build(
    examples: Sequence[Example],
    linear_out: Path,
    context_out: Path,
    soft: npt.NDArray[np.float32] | None = None,
    linear_cfg: TrainConfig | None = None,
    context_cfg: ctx.ContextConfig | None = None,
    echo: Callable[[str], None] = print,
    word_vectors: WordVectors | None = None,
) -> BuildResult:
    """Train both stages on ``examples`` and write ``linear_out`` and ``context_out``."""
    linear_cfg = linear_cfg or TrainConfig()
    context_cfg = context_cfg or ctx.ContextConfig(progress=linear_cfg.progress)
    echo(f"linear stage: {len(examples)} texts")
    trained = fit(examples, linear_cfg, soft=soft)
    save(trained, linear_out)
    fit_rows, cal_rows = split_rows(len(examples), linear_cfg.calib_share, linear_cfg.seed)
    texts = [ex.text for ex in examples]
    labels = np.array([ex.labels for ex in examples], dtype=np.int64)
    echo("context stage: encoding words")
    enc = ctx.encode_words(texts, progress=linear_cfg.progress, vectors=word_vectors)
    arrays = ctx.train_network(
        enc,
        fit_rows,
        labels,
        soft,
        example_weights(examples, linear_cfg.mitigation_weight, linear_cfg.written_weight),
        context_cfg,
    )
    echo("blending the stages on the calibration rows")
    with tempfile.TemporaryDirectory() as tmp:
        provisional = Path(tmp) / "context.npz"
        ctx.save_context(arrays, ctx.context_only_blend(), provisional)
        staged = StagedClassifier(LinearClassifier.load(linear_out), ContextModel.load(provisional))
    lin_logits, ctx_logits = stage_logits(staged, [texts[i] for i in cal_rows])
    weights = np.array([COMMENT_WEIGHT if examples[i].source in COMMENT_SOURCES else 1.0 for i in cal_rows])
    blend = ctx.fit_blend(lin_logits, ctx_logits, labels[cal_rows], weights)
    version = ctx.save_context(arrays, blend, context_out)
    for cat, (a, b, m, c) in zip(CATEGORIES, blend, strict=True):
        echo(f"  {cat}: {a:.2f} · linear + {b:.2f} · context + {m:.2f} · max + {c:.2f}")
    return BuildResult(trained, version, blend)
