"""Train the built-in linear model and write it as a plain ``.npz``.

Reproducible: fixed seeds, deterministic solver, sorted vocabulary.  The held-out test splits
(see ``datasets``) are never seen here; a further 10 % of the training rows is kept aside to fit
the Platt calibration and to suggest thresholds.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy import sparse
from tqdm import tqdm

from salon.moderation.classifiers.base import CATEGORIES
from salon.moderation.classifiers.damping import DAMPED_HEADS
from salon.moderation.classifiers.linear import FORMAT_VERSION, text_features
from salon.training.datasets import SEED, Example

__all__ = ["TrainConfig", "Trained", "fit", "identity_terms", "save", "split_rows", "suggest_thresholds"]

#: Words that name an identity; their positive weight on the abuse heads is damped (mitigation).
IDENTITY_WORDS = (
    "jew",
    "jews",
    "jewish",
    "muslim",
    "muslims",
    "islam",
    "islamic",
    "christian",
    "christians",
    "black",
    "blacks",
    "white",
    "whites",
    "gay",
    "gays",
    "lesbian",
    "lesbians",
    "trans",
    "transgender",
    "women",
    "woman",
    "men",
    "immigrant",
    "immigrants",
    "refugee",
    "refugees",
    "mexican",
    "mexicans",
    "asian",
    "asians",
    "arab",
    "arabs",
    "hindu",
    "hindus",
    "catholic",
    "catholics",
    "disabled",
    "african",
    "africans",
    "chinese",
    "latino",
    "latinos",
    "latina",
    "bisexual",
    "queer",
    "lgbt",
    "lgbtq",
    "native",
    "indian",
    "indians",
    "jewish",
    "girls",
    "female",
)
_IDENTITY_SET = frozenset(IDENTITY_WORDS)


@dataclass(frozen=True)
class TrainConfig:
    """Knobs of a training run; the defaults made the shipped model."""

    min_df: int = 2
    max_features: int = 250_000
    c: float = 8.0
    mitigation: bool = True
    identity_damping: float = 0.25
    mitigation_weight: float = 3.0
    #: Weight of the written comments (``written_comments.jsonl``), in both stages.
    written_weight: float = 6.0
    calib_share: float = 0.1
    teacher_weight: float = 0.5
    seed: int = SEED
    progress: bool = True


@dataclass
class Trained:
    """The arrays of a model file."""

    vocabulary: list[str]
    weights: npt.NDArray[np.float32]
    bias: npt.NDArray[np.float32]
    calibration: npt.NDArray[np.float32]
    thresholds: npt.NDArray[np.float32]
    version: str


def identity_words_in(text: str) -> bool:
    """True when ``text`` names an identity from ``IDENTITY_WORDS`` (as a whole word)."""
    from salon.moderation.classifiers.linear import words_of

    return not _IDENTITY_SET.isdisjoint(words_of(text))


def identity_terms(vocabulary: Iterable[str] = ()) -> set[str]:
    """Feature names of identity words: unigrams, the character 4- and 5-grams at a word's start
    or end (``<tran``, ``jews>``: they rarely come from other words) or n-grams spanning nearly
    all of it, and
    the ``vocabulary``'s bigrams with an identity word in them (``b:women are``), where a bag of
    words learns that naming a group is the attack."""
    names = set()
    for w in IDENTITY_WORDS:
        names.add(f"w:{w}")
        padded = f"<{w}>"
        names.update(
            f"c:{padded[i : i + n]}"
            for n in (3, 4, 5)
            for i in range(len(padded) - n + 1)
            if (n >= 4 and (padded[i] == "<" or padded[i + n - 1] == ">")) or n >= len(padded) - 1
        )
    names.update(
        f for f in vocabulary if f.startswith("b:") and not _IDENTITY_SET.isdisjoint(f[2:].split(" "))
    )
    return names


def _featurize(texts: Sequence[str], progress: bool) -> list[list[str]]:
    return [text_features(t) for t in tqdm(texts, desc="features", disable=not progress, unit="text")]


def _vocabulary(feats: list[list[str]], cfg: TrainConfig) -> list[str]:
    df: Counter[str] = Counter()
    for f in feats:
        df.update(set(f))
    kept = [(n, name) for name, n in df.items() if n >= cfg.min_df]
    kept.sort(key=lambda x: (-x[0], x[1]))
    return sorted(name for _, name in kept[: cfg.max_features])


def _matrix(feats: list[list[str]], index: dict[str, int]) -> sparse.csr_matrix:
    """Counts of in-vocabulary features, each row divided by sqrt(its number of features)."""
    rows, cols, vals = [], [], []
    for r, f in enumerate(feats):
        ids = [index[x] for x in f if x in index]
        if not ids:
            continue
        scale = 1.0 / np.sqrt(len(ids))
        rows.extend([r] * len(ids))
        cols.extend(ids)
        vals.extend([scale] * len(ids))
    m = sparse.csr_matrix((vals, (rows, cols)), shape=(len(feats), len(index)), dtype=np.float64)
    m.sum_duplicates()
    return m


def split_rows(n: int, share: float, seed: int) -> tuple[list[int], list[int]]:
    order = list(range(n))
    random.Random(seed).shuffle(order)
    cut = int(n * share)
    return sorted(order[cut:]), sorted(order[:cut])


def _weights_for(examples: Sequence[Example], cfg: TrainConfig) -> npt.NDArray[np.float64]:
    boost = cfg.mitigation_weight if cfg.mitigation else 1.0
    return example_weights(examples, boost, cfg.written_weight)


def example_weights(examples: Sequence[Example], boost: float, written: float) -> npt.NDArray[np.float64]:
    """Per-row training weights: the written comments count ``written``, the other hand-written and
    tagged rows ``boost``, the public sets 1."""
    return np.array(
        [
            written if ex.source == "written" else boost if ex.source == "handwritten" or ex.tags else 1.0
            for ex in examples
        ]
    )


def _fit_head(
    x: sparse.csr_matrix,
    y: npt.NDArray[np.int64],
    w: npt.NDArray[np.float64],
    cfg: TrainConfig,
    soft: npt.NDArray[np.float32] | None = None,
) -> tuple[npt.NDArray[np.float64], float]:
    """One head by logistic regression on the rows with a human label, plus, where ``soft`` has
    a teacher's probability ``p`` for a row without one, that row twice: positive with weight
    ``p`` and negative with weight ``1 - p`` (soft labels in a hard-label solver)."""
    from sklearn.linear_model import LogisticRegression

    known = y >= 0
    if len(set(y[known].tolist())) < 2:
        return np.zeros(x.shape[1]), -4.0
    xs, ys, ws = x[known], y[known], w[known]
    if soft is not None:
        taught = ~known & ~np.isnan(soft)
        if taught.any():
            p = soft[taught].astype(np.float64)
            xt = x[taught]
            xs = sparse.vstack([xs, xt, xt]).tocsr()
            ys = np.concatenate([ys, np.ones(len(p), dtype=np.int64), np.zeros(len(p), dtype=np.int64)])
            ws = np.concatenate(
                [ws, cfg.teacher_weight * w[taught] * p, cfg.teacher_weight * w[taught] * (1 - p)]
            )
    clf = LogisticRegression(
        C=cfg.c, solver="liblinear", class_weight="balanced", random_state=cfg.seed, max_iter=200
    )
    clf.fit(xs, ys, sample_weight=ws)
    return clf.coef_[0].astype(np.float64), float(clf.intercept_[0])


def _platt(logits: npt.NDArray[np.float64], y: npt.NDArray[np.int64]) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    known = y >= 0
    if len(set(y[known].tolist())) < 2:
        return 1.0, 0.0
    lr = LogisticRegression(C=100.0, solver="lbfgs")
    lr.fit(logits[known].reshape(-1, 1), y[known])
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def suggest_thresholds(
    probs: npt.NDArray[np.float64], y: npt.NDArray[np.int64], precision: float = 0.8
) -> float:
    """Lowest score at which precision on ``y`` reaches ``precision`` (1.0 if never)."""
    known = y >= 0
    p, t = probs[known], y[known]
    order = np.argsort(-p)
    p, t = p[order], t[order]
    hits = np.cumsum(t)
    prec = hits / np.arange(1, len(t) + 1)
    ok = np.flatnonzero((prec >= precision) & (hits >= 3))
    return float(p[ok[-1]]) if ok.size else 1.0


def fit(
    examples: Sequence[Example], cfg: TrainConfig | None = None, soft: npt.NDArray[np.float32] | None = None
) -> Trained:
    """Train all heads on ``examples`` (training rows only) and calibrate them; ``soft`` (N x K,
    NaN where none) are teachers' probabilities for rows whose source has no label."""
    cfg = cfg or TrainConfig()
    feats = _featurize([ex.text for ex in examples], cfg.progress)
    fit_rows, cal_rows = split_rows(len(examples), cfg.calib_share, cfg.seed)
    vocab = _vocabulary([feats[i] for i in fit_rows], cfg)
    index = {f: i for i, f in enumerate(vocab)}
    x = _matrix(feats, index)
    y = np.array([ex.labels for ex in examples], dtype=np.int64)
    w = _weights_for(examples, cfg)
    weights = np.zeros((len(vocab), len(CATEGORIES)))
    bias = np.zeros(len(CATEGORIES))
    heads = tqdm(list(enumerate(CATEGORIES)), desc="heads", disable=not cfg.progress)
    for k, _cat in heads:
        taught = None if soft is None else soft[fit_rows, k]
        weights[:, k], bias[k] = _fit_head(x[fit_rows], y[fit_rows, k], w[fit_rows], cfg, taught)
    if cfg.mitigation:
        _damp_identity(weights, index, cfg.identity_damping)
    logits = np.asarray(x[cal_rows] @ weights) + bias
    calibration = np.array([_platt(logits[:, k], y[cal_rows, k]) for k in range(len(CATEGORIES))])
    probs = 1.0 / (1.0 + np.exp(-(logits * calibration[:, 0] + calibration[:, 1])))
    thresholds = np.array([suggest_thresholds(probs[:, k], y[cal_rows, k]) for k in range(len(CATEGORIES))])
    return _prune(vocab, weights, bias, calibration, thresholds)


def _damp_identity(weights: npt.NDArray[np.float64], index: dict[str, int], factor: float) -> None:
    heads = [CATEGORIES.index(h) for h in DAMPED_HEADS]
    for name in identity_terms(index):
        i = index.get(name)
        if i is not None:
            for k in heads:
                if weights[i, k] > 0:
                    weights[i, k] *= factor


def _prune(
    vocab: list[str],
    weights: npt.NDArray[np.float64],
    bias: npt.NDArray[np.float64],
    calibration: npt.NDArray[np.float64],
    thresholds: npt.NDArray[np.float64],
) -> Trained:
    """Drop features whose weights are negligible on every head (they cannot move a score).

    A dropped feature also leaves the per-text normaliser, so keep the cut small."""
    keep = np.flatnonzero(np.abs(weights).max(axis=1) >= 1e-6)
    w32 = weights[keep].astype(np.float32)
    vocab_kept = [vocab[i] for i in keep]
    digest = hashlib.sha256(w32.tobytes() + "\n".join(vocab_kept).encode()).hexdigest()[:12]
    return Trained(
        vocab_kept,
        w32,
        bias.astype(np.float32),
        calibration.astype(np.float32),
        thresholds.astype(np.float32),
        f"{FORMAT_VERSION}.{digest}",
    )


def save(model: Trained, path: str | Path) -> Path:
    """Write the model as a compressed ``.npz`` of plain arrays (no pickled objects)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        np.savez_compressed(
            f,
            vocabulary=np.array(model.vocabulary, dtype=str),
            weights=model.weights,
            bias=model.bias,
            calibration=model.calibration,
            suggested_thresholds=model.thresholds,
            categories=np.array(CATEGORIES, dtype=str),
            version=np.array(model.version),
        )
    return path
