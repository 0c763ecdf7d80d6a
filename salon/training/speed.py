"""How fast a classifier scores comments: batched throughput and single-comment latency.

Shared by ``salon model eval`` and ``bench/bench_classifier.py``. Throughput is reported per CPU
second of this process as well as by the wall clock: on a busy machine the CPU figure is the
steadier one.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from salon.moderation.classifiers.base import Classifier

__all__ = ["Latency", "Throughput", "batched", "files_mb", "single", "unique"]

_TAG_LETTERS = "bcdfghjklmnpqrstvwxz"


@dataclass(frozen=True)
class Throughput:
    """Comments per second over a batched run."""

    wall: float
    cpu: float


@dataclass(frozen=True)
class Latency:
    """Milliseconds to score one comment alone."""

    p50: float
    p99: float


def unique(texts: Sequence[str], n: int) -> list[str]:
    """``n`` texts cycling through ``texts``, each made unique by a nonsense word of consonants
    ("zqbcd"), so no cache flatters the figures. Not by a number: a number is damped (see
    ``damping.context_damping``), and only 10 to 18 % of comments carry one."""
    out = []
    for i in range(n):
        tag, k = "", i
        while True:
            tag += _TAG_LETTERS[k % len(_TAG_LETTERS)]
            k //= len(_TAG_LETTERS)
            if not k:
                break
        out.append(f"{texts[i % len(texts)]} zq{tag}")
    return out


def batched(classifier: Classifier, texts: Sequence[str], batch: int = 256) -> Throughput:
    """Score ``texts`` in batches of ``batch``; comments per wall and per CPU second."""
    start, cpu_start = time.perf_counter(), time.process_time()
    for i in range(0, len(texts), batch):
        classifier.analyze(texts[i : i + batch])
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    return Throughput(len(texts) / max(wall, 1e-9), len(texts) / max(cpu, 1e-9))


def single(classifier: Classifier, texts: Sequence[str]) -> Latency:
    """Score each text alone; the median and 99th percentile of the time each took."""
    took = []
    for text in texts:
        t0 = time.perf_counter()
        classifier.analyze([text])
        took.append((time.perf_counter() - t0) * 1000)
    took.sort()
    return Latency(took[len(took) // 2], took[min(int(len(took) * 0.99), len(took) - 1)])


def files_mb(paths: Sequence[Path]) -> float:
    """The files' total size in MB (10^6 bytes)."""
    return sum(p.stat().st_size for p in paths if p.is_file()) / 1e6
