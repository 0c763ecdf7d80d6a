"""``salon model teach``: score every training text with the Jigsaw-trained teacher models.

Two MIT-licensed packages ship BiLSTM models trained on the Jigsaw Wikipedia-comment data, with their
weights inside the package: ``tox-block`` (a Keras 2 ``.h5`` model and a pickled tokenizer, loaded with
``tf_keras`` under ``TF_USE_LEGACY_KERAS=1``) and ``toxic-comment-classifier`` (a Keras 3 model whose
weights and tokenizer are files in the package). Their scores become soft labels for training
(distillation); they are never needed at run time.

TensorFlow is imported only in the worker processes, one per teacher, started by :func:`teach`:
the two packages need different Keras versions (legacy Keras 2 and Keras 3), which cannot share a
process. The parent only collects texts, hands them to each worker in a file, and merges the rows the
worker appends (six float32 per text) into the cache, so an interrupted run keeps what was scored and a
re-run scores only the missing texts. The cache format and its numpy-only reader live in
:mod:`salon.training.teacher_cache`.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from salon.training.teacher_cache import HEADS, load_teacher_scores, save_teacher_scores, text_key

__all__ = [
    "TEACHERS",
    "TeachReport",
    "TeachersUnavailable",
    "agreement",
    "collect_texts",
    "missing_packages",
    "teach",
]

#: Teacher name (the cache array) → (what produced it, extra environment for its worker).
TEACHERS: dict[str, tuple[str, dict[str, str]]] = {
    "tox_block": ("tox-block 0.1.2, raw sigmoid (no rescale)", {"TF_USE_LEGACY_KERAS": "1"}),
    "toxic_comment_classifier": ("toxic-comment-classifier 0.3.0, raw sigmoid", {"TF_USE_LEGACY_KERAS": "0"}),
}
_MODULES = (
    "tensorflow",
    "tf_keras",
    "keras_preprocessing",
    "tox_block",
    "toxic_classifier",
    "pandas",
    "sklearn",
)


class TeachersUnavailable(RuntimeError):
    """This interpreter lacks the ``teachers`` extra."""


def missing_packages() -> list[str]:
    """The modules the teacher workers need that this interpreter cannot import (none are imported)."""
    import importlib.util

    return [name for name in _MODULES if importlib.util.find_spec(name) is None]


# Comment-domain files read directly (path under the data root, reader, column).
_COMMENT_FILES: tuple[tuple[str, str, str], ...] = (
    ("toxic-spans-civil-comments/comments.csv", "csv", "comment_text"),
    ("toxic-spans-civil-comments/semeval2021/tsd_train.csv", "csv", "text"),
    ("toxic-spans-civil-comments/semeval2021/tsd_trial.csv", "csv", "text"),
    ("toxic-spans-civil-comments/semeval2021/tsd_test.csv", "csv", "text"),
    ("fox-news-comments/fox-news-comments.json", "jsonl", "text"),
    ("ethos/Ethos_Dataset_Binary.csv", "csv;", "comment"),
)


# --------------------------------------------------------------------------- collecting texts


def _read_rows(path: Path, kind: str) -> list[dict[str, str]]:
    if kind == "jsonl":
        with path.open(encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";" if kind == "csv;" else ","))


def _held_out_texts(root: Path) -> set[str]:
    """Texts of the rows that each dataset's ``heldout_overlap.csv`` says to drop."""
    dropped: set[str] = set()
    for overlap in sorted(root.glob("*/heldout_overlap.csv")):
        folder = overlap.parent
        with overlap.open(encoding="utf-8", newline="") as f:
            entries = list(csv.DictReader(f))
        for name in {e["file"] for e in entries}:
            wanted = {e["value"] for e in entries if e["file"] == name}
            key = next(e["key"] for e in entries if e["file"] == name)
            path = folder / name
            if not path.is_file():
                continue
            rows = _read_rows(path, "jsonl" if path.suffix == ".json" else "csv")
            for i, row in enumerate(rows):
                ident = (
                    str(i) if key.startswith("row_index") or key.startswith("line_index") else row.get(key)
                )
                if ident in wanted:
                    dropped.update(str(row.get(c) or "") for c in ("comment_text", "text", "comment"))
    dropped.discard("")
    return dropped


def collect_texts(root: str | Path) -> list[str]:
    """Every text the model trains or is evaluated on, deduplicated, in a stable order.

    The training and test examples of :func:`salon.training.datasets.load_all`, and the texts of the
    comment-domain files (toxic spans with the SemEval files, Fox News comments, ETHOS), less the rows
    listed in each ``heldout_overlap.csv``.
    """
    from salon.training.datasets import load_all

    root = Path(root)
    train, test = load_all(root)
    texts: list[str] = [ex.text for ex in train] + [ex.text for ex in test]
    for name, kind, column in _COMMENT_FILES:
        path = root / name
        if path.is_file():
            texts.extend(str(row.get(column) or "") for row in _read_rows(path, kind))
    dropped = _held_out_texts(root)
    seen: set[str] = set()
    out: list[str] = []
    for text in texts:
        if text.strip() and text not in seen and text not in dropped:
            seen.add(text)
            out.append(text)
    return out


# --------------------------------------------------------------------------- the parent


@dataclass
class TeacherRun:
    """What one teacher's worker did."""

    name: str
    scored: int = 0
    load_seconds: float = 0.0
    score_seconds: float = 0.0
    peak_rss_mib: float = 0.0

    @property
    def texts_per_second(self) -> float:
        return self.scored / self.score_seconds if self.score_seconds else 0.0


@dataclass
class TeachReport:
    """The outcome of :func:`teach`."""

    texts: int
    cached: int
    runs: list[TeacherRun] = field(default_factory=list)
    seconds: float = 0.0


def _merge(
    path: Path, texts: list[str], new: dict[str, tuple[list[int], np.ndarray]], versions: dict[str, str]
) -> None:
    """Add ``new[teacher] = (indexes into texts, rows)`` to the cache at ``path``."""
    keys: list[str] = []
    scores: dict[str, np.ndarray] = {}
    old_versions: dict[str, str] = {}
    if path.exists():
        old = load_teacher_scores(path)
        keys = [str(k) for k in old.keys]
        scores = {name: m.copy() for name, m in old.scores.items()}
        old_versions = dict(old.versions)
    index = {k: i for i, k in enumerate(keys)}
    added = []
    for rows, _ in new.values():
        for i in rows:
            key = text_key(texts[i])
            if key not in index:
                index[key] = len(keys)
                keys.append(key)
                added.append(key)
    n = len(keys)
    for name in set(scores) | set(new) | set(TEACHERS):
        grown = np.full((n, len(HEADS)), np.nan, dtype=np.float32)
        if name in scores:
            grown[: len(scores[name])] = scores[name]
        scores[name] = grown
    for name, (rows, values) in new.items():
        at = [index[text_key(texts[i])] for i in rows]
        scores[name][at] = values
    merged_versions = {**old_versions, **versions}
    save_teacher_scores(path, keys, {name: scores[name] for name in sorted(scores)}, merged_versions)


def _missing(path: Path, texts: list[str]) -> dict[str, list[int]]:
    """Per teacher, the indexes of ``texts`` it has not scored yet (or scored with another version)."""
    if not path.exists():
        return {name: list(range(len(texts))) for name in TEACHERS}
    cache = load_teacher_scores(path)
    out: dict[str, list[int]] = {}
    for name, (version, _) in TEACHERS.items():
        if name not in cache.scores or cache.versions.get(name) != version:
            out[name] = list(range(len(texts)))
            continue
        m = cache.matrix(texts, name)
        out[name] = [int(i) for i in np.flatnonzero(np.isnan(m).any(axis=1))]
    return out


def teach(
    root: str | Path,
    out: str | Path,
    limit: int | None = None,
    batch_size: int = 256,
    threads: int = 2,
    progress: bool = True,
    echo: Callable[[str], None] = print,
) -> TeachReport:
    """Score the texts under ``root`` that the cache at ``out`` lacks, with every teacher, and save.

    Each teacher runs in a worker process of this interpreter (which must have the ``teachers`` extra
    installed), with TensorFlow limited to ``threads`` threads.
    """
    missing_modules = missing_packages()
    if missing_modules:
        raise TeachersUnavailable(
            f"the teacher models need the 'teachers' extra (missing: {', '.join(missing_modules)}); "
            "install it in its own environment: python -m venv .venv-teachers && "
            ".venv-teachers/bin/pip install -e '.[teachers]'"
        )
    started = time.perf_counter()
    out = Path(out)
    texts = collect_texts(root)
    if limit is not None:
        texts = texts[:limit]
    missing = _missing(out, texts)
    report = TeachReport(
        texts=len(texts), cached=len(texts) - max((len(v) for v in missing.values()), default=0)
    )
    echo(f"{len(texts)} distinct texts; to score: " + ", ".join(f"{n} {len(v)}" for n, v in missing.items()))
    with tempfile.TemporaryDirectory(prefix="salon-teach-") as tmp:
        for name, rows in missing.items():
            if not rows:
                continue
            run = _run_worker(name, [texts[i] for i in rows], Path(tmp), batch_size, threads, progress)
            values = run[1]
            done = rows[: len(values)]
            _merge(out, texts, {name: (done, values)}, {name: TEACHERS[name][0]})
            report.runs.append(run[0])
            echo(
                f"{name}: {run[0].scored} texts in {run[0].score_seconds:.0f} s "
                f"({run[0].texts_per_second:.0f} texts/s, model load {run[0].load_seconds:.1f} s, "
                f"peak RSS {run[0].peak_rss_mib:.0f} MiB)"
            )
            if len(values) < len(rows):
                raise RuntimeError(f"{name}: the worker stopped after {len(values)} of {len(rows)} texts")
    report.seconds = time.perf_counter() - started
    return report


def _run_worker(
    name: str, texts: list[str], tmp: Path, batch_size: int, threads: int, progress: bool
) -> tuple[TeacherRun, np.ndarray]:
    source, scores, stats = tmp / f"{name}.jsonl", tmp / f"{name}.f32", tmp / f"{name}.json"
    with source.open("w", encoding="utf-8") as f:
        for text in texts:
            f.write(json.dumps(text) + "\n")
    env = {
        **os.environ,
        **TEACHERS[name][1],
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "OMP_NUM_THREADS": str(threads),
        "CUDA_VISIBLE_DEVICES": "",
    }
    cmd = [sys.executable, "-m", "salon.training.teachers", name, str(source), str(scores), str(stats)]
    cmd += [str(batch_size), str(threads), "1" if progress else "0"]
    code = subprocess.call(cmd, env=env)
    values = np.fromfile(scores, dtype=np.float32) if scores.exists() else np.zeros(0, np.float32)
    values = values[: len(values) // len(HEADS) * len(HEADS)].reshape(-1, len(HEADS))
    run = TeacherRun(name=name, scored=len(values))
    if stats.exists():
        info = json.loads(stats.read_text())
        run.load_seconds, run.score_seconds, run.peak_rss_mib = info["load"], info["score"], info["rss_mib"]
    if code != 0 and len(values) < len(texts):
        print(f"{name}: worker exited with status {code}", file=sys.stderr)
    return run, values


# --------------------------------------------------------------------------- agreement with people

# toxic-spans span type → the teacher head that should agree with it.
_SPAN_HEADS = {
    "Insult": "insult",
    "Profane/Obscene": "obscene",
    "Threat": "threat",
    "Identity based Attack": "identity_hate",
}


def _toxic_spans_labels(root: Path) -> dict[str, dict[str, int]]:
    """Per toxic-spans comment text: ``toxic`` (0 when most raters ticked "not toxic") and, per span
    type, 1 when at least half of the raters marked a span of that type."""
    base = root / "toxic-spans-civil-comments"
    if not (base / "annotations.csv").is_file():
        return {}
    texts = {r["comment_id"]: r["comment_text"] for r in _read_rows(base / "comments.csv", "csv")}
    raters: dict[str, list[str]] = {}
    not_toxic: dict[str, int] = {}
    for r in _read_rows(base / "annotations.csv", "csv"):
        raters.setdefault(r["comment_id"], []).append(r["annotation"])
        not_toxic[r["comment_id"]] = not_toxic.get(r["comment_id"], 0) + (r["not toxic"] == "True")
    types: dict[str, set[str]] = {}
    for r in _read_rows(base / "spans.csv", "csv"):
        types.setdefault(r["annotation"], set()).add(r["type"])
    out: dict[str, dict[str, int]] = {}
    for cid, anns in raters.items():
        if cid not in texts:
            continue
        labels = {"toxic": int(not_toxic[cid] * 2 <= len(anns))}
        for kind, head in _SPAN_HEADS.items():
            labels[head] = int(sum(kind in types.get(a, set()) for a in anns) * 2 >= len(anns))
        out[texts[cid]] = labels
    return out


def agreement(root: str | Path, cache_path: str | Path) -> list[str]:
    """ROC-AUC of each teacher's heads against human labels, as printable lines.

    toxic-spans comments: the toxic head against "most raters did not tick not-toxic", and the insult,
    obscene, threat and identity heads against "half the raters marked a span of that type"; the test
    split of every dataset: the toxic head against its toxicity label.
    """
    from sklearn.metrics import roc_auc_score

    from salon.moderation.classifiers.base import CATEGORIES
    from salon.training.datasets import load_all

    root = Path(root)
    cache = load_teacher_scores(cache_path)
    sets: list[tuple[str, str, list[str], list[int]]] = []
    spans = _toxic_spans_labels(root)
    for head in ("toxic", *_SPAN_HEADS.values()):
        texts = [t for t in spans if t in cache]
        sets.append(
            (
                f"toxic-spans ({'not-toxic majority' if head == 'toxic' else head + ' spans'})",
                head,
                texts,
                [spans[t][head] for t in texts],
            )
        )
    _, test = load_all(root)
    tox = CATEGORIES.index("toxicity")
    by_source: dict[str, list[tuple[str, int]]] = {}
    for ex in test:
        if ex.labels[tox] >= 0 and ex.text in cache:
            by_source.setdefault(ex.source, []).append((ex.text, ex.labels[tox]))
    for source, pairs in sorted(by_source.items()):
        sets.append((f"{source} test (toxicity)", "toxic", [t for t, _ in pairs], [y for _, y in pairs]))
    lines = ["ROC-AUC against human labels: " + " | ".join(cache.teachers) + " | mean of both"]
    for label, head, texts, y in sets:
        if len(set(y)) < 2:
            continue
        col = cache.heads.index(head)
        aucs = [roc_auc_score(y, cache.matrix(texts, name)[:, col]) for name in cache.teachers]
        aucs.append(roc_auc_score(y, cache.mean(texts)[:, col]))
        pos = sum(y)
        lines.append(
            f"  {label} [{head}, n={len(y)}, {pos} positive]: " + " | ".join(f"{a:.3f}" for a in aucs)
        )
    return lines


# --------------------------------------------------------------------------- the workers (TensorFlow)


def _configure_tensorflow(threads: int) -> None:
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    tf.get_logger().setLevel("ERROR")


def _tox_block() -> Callable[[list[str]], np.ndarray]:
    """tox-block's own inference path (``prediction.make_predictions`` without its rescale)."""
    import joblib
    import pandas as pd
    import tf_keras
    from tox_block.config import config

    encoder = joblib.load(config.ENCODER_PATH)  # the package's fitted TokenSequencer
    model = tf_keras.models.load_model(config.MODEL_PATH, compile=False)
    if list(config.LIST_CLASSES) != list(HEADS):
        raise RuntimeError(f"tox-block heads {config.LIST_CLASSES} differ from {HEADS}")

    def score(batch: list[str]) -> np.ndarray:
        encoded = encoder.transform(pd.DataFrame(batch, columns=["text"]))
        return np.asarray(model.predict_on_batch(encoded), dtype=np.float32)

    return score


def _toxic_comment_classifier() -> Callable[[list[str]], np.ndarray]:
    """toxic-comment-classifier's ``classify`` (tokenize, pad to 100, model), for a whole batch."""
    from toxic_classifier import model as package

    clf = package.ToxicCommentClassifier()
    if list(package.LIST_CLASSES) != list(HEADS):
        raise RuntimeError(f"toxic-comment-classifier heads {package.LIST_CLASSES} differ from {HEADS}")

    def score(batch: list[str]) -> np.ndarray:
        padded = package.pad_sequences(clf.tokenizer.texts_to_sequences(batch), maxlen=package.MAXLEN)
        return np.asarray(clf.model.predict_on_batch(padded), dtype=np.float32)

    return score


_LOADERS: dict[str, Callable[[], Callable[[list[str]], np.ndarray]]] = {
    "tox_block": _tox_block,
    "toxic_comment_classifier": _toxic_comment_classifier,
}


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _worker(
    name: str, source: Path, out: Path, stats: Path, batch_size: int, threads: int, bar: bool
) -> None:
    import resource

    from tqdm import tqdm

    with source.open(encoding="utf-8") as f:
        texts = [json.loads(line) for line in f]
    t0 = time.perf_counter()
    _configure_tensorflow(threads)
    score = _LOADERS[name]()
    loaded = time.perf_counter()
    scored = 0
    with (
        out.open("ab") as sink,
        tqdm(
            total=len(texts), desc=name, unit="text", disable=not bar, mininterval=5.0, file=sys.stderr
        ) as progress,
    ):
        for batch in _batches(texts, batch_size):
            values = score(batch)
            if values.shape != (len(batch), len(HEADS)):
                raise RuntimeError(f"{name}: scores of shape {values.shape} for {len(batch)} texts")
            sink.write(values.astype("<f4").tobytes())
            sink.flush()
            scored += len(batch)
            progress.update(len(batch))
            progress.set_postfix(rate=f"{scored / (time.perf_counter() - loaded):.0f}/s", refresh=False)
    done = time.perf_counter()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stats.write_text(json.dumps({"load": loaded - t0, "score": done - loaded, "rss_mib": rss, "n": scored}))


def _iter_args(argv: Iterable[str]) -> tuple[str, Path, Path, Path, int, int, bool]:
    name, source, out, stats, batch, threads, bar = list(argv)
    if name not in _LOADERS:
        raise SystemExit(f"unknown teacher {name!r}")
    return name, Path(source), Path(out), Path(stats), int(batch), int(threads), bar == "1"


if __name__ == "__main__":
    _worker(*_iter_args(sys.argv[1:]))
