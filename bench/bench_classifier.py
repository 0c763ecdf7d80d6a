"""Benchmark the built-in classifier: comments/s batched on one core, single-comment latency.

Run: ``.venv/bin/python bench/bench_classifier.py [--data ../shared/data] [--model PATH]``.
Texts come from the OLID test set when the data folder exists, else from built-in sentences;
a second batched figure reads the Fox News comments (a real news-site comment section, longer
texts) when that folder exists.
Each text is made unique (``salon.training.speed.unique``: a nonsense word, not a number) so
the caches do not flatter the figures.
Throughput is reported by wall clock and per CPU second of this process; on a busy machine
the second is the steadier figure, and the load average is printed so runs can be compared.
On Linux it also prints what loading the model and the run added to the resident memory
(VmRSS) and to its peak (VmHWM).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
from pathlib import Path

from salon.moderation.classifiers.staged import load_builtin
from salon.training import speed

_FALLBACK = [
    "Thanks for the thoughtful article, I learned a lot about the council budget.",
    "You are a complete idiot and everyone knows it.",
    "They should all be hanged for what they did.",
    "Check out my channel and subscribe!! http://example.com/promo",
    "As a Jewish reader I found the piece fair and well sourced.",
]


def _texts(data: Path, n: int) -> list[str]:
    path = data / "olid" / "testset-levela.tsv"
    base = _FALLBACK
    if path.exists():
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
        base = [r[1] for r in rows if len(r) > 1]
    return speed.unique(base, n)


def _news_comments(data: Path, n: int) -> list[str]:
    path = data / "fox-news-comments" / "fox-news-comments.json"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        base = [json.loads(line)["text"] for line in f if line.strip()]
    return speed.unique(base, n)


def _memory() -> dict[str, float]:
    """VmRSS and VmHWM of this process in MiB (empty where /proc is missing)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            lines = [line.split(":", 1) for line in f]
    except OSError:
        return {}
    return {k: int(v.split()[0]) / 1024 for k, v in lines if k in ("VmRSS", "VmHWM")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=256)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    texts = _texts(args.data, args.n)
    mem_before = _memory()
    clf = load_builtin(args.model)
    mem_loaded = _memory()
    clf.analyze(texts[:512])  # warm the word cache, as a running server would be
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    run = speed.batched(clf, texts, args.batch)
    latency = speed.single(clf, [t + " single" for t in _texts(args.data, 2_000)])
    mean_len = statistics.mean(len(t) for t in texts)
    print(f"model {clf.version}; {len(texts)} texts, mean {mean_len:.0f} characters, one core")
    print(f"batched (batch {args.batch}): {run.wall:,.0f} comments/s, {run.cpu:,.0f} per CPU second")
    news = _news_comments(args.data, 6_000)
    if news:
        clf.analyze(news[:256])
        news_run = speed.batched(clf, news, args.batch)
        mean_news = statistics.mean(len(t) for t in news)
        print(
            f"news comments (Fox News, mean {mean_news:.0f} characters): {news_run.wall:,.0f} comments/s, "
            f"{news_run.cpu:,.0f} per CPU second"
        )
    print(f"single comment: p50 {latency.p50:.3f} ms, p99 {latency.p99:.3f} ms")
    mem_after = _memory()
    if mem_before:
        rss, hwm = (mem_before[k] for k in ("VmRSS", "VmHWM"))
        loaded, after, peak = mem_loaded["VmRSS"] - rss, mem_after["VmRSS"] - rss, mem_after["VmHWM"] - hwm
        print(f"memory: load +{loaded:.1f} MiB RSS; after the run +{after:.1f} MiB RSS, peak +{peak:.1f} MiB")
    if hasattr(os, "getloadavg"):
        cores = os.cpu_count()
        print(f"load average (1 min) {load_before:.2f} before, {os.getloadavg()[0]:.2f} after, {cores} cores")


if __name__ == "__main__":
    main()
