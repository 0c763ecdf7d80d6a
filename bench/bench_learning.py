"""Replay a labelled comment stream through a simulated moderator and measure what the per-site
adjustment (``salon.moderation.learning``) learns from their decisions.

Run: ``.venv/bin/python bench/bench_learning.py [--data ../shared/data] [--png docs/learning.png]``.

Two streams. The first is the Fox News comments set (Gao & Huang 2017, MIT; 1,528 comments under
ten news articles, 435 labelled hateful): a community's notion of hate that is often implicit,
where a general model is weakest. Its README lists two lines that collide with held-out sets;
they are dropped. The second is a site that allows swearing but not hate: 4,000 of Davidson et
al.'s tweets (2017, MIT), where the moderators reject only hate speech while the shipped model
holds offensive language too. (The shipped model saw Davidson's data in training; that stream
shows a site's norm being learned, not the model meeting new text.)

In both, one comment in five (by position) is held out; the simulated moderator decides every
other comment in stream order: hateful → reject, else approve. After every ``--step`` decisions
the held-out comments are scored by the shipped model alone and with the adjustment, and
precision and recall at the site's hold are printed (CSV on stdout) and plotted. The shipped
model is never changed.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from salon.moderation import learning
from salon.moderation.classifiers.linear import LinearClassifier
from salon.moderation.policy import Policy

FOX = Path("fox-news-comments")
DAVIDSON = Path("davidson-hate-offensive")
#: Davidson's tweets are many; a fixed, shuffled sample keeps the run to seconds.
DAVIDSON_SAMPLE = 4000


def load_stream(data: Path) -> list[tuple[str, int]]:
    folder = data / FOX
    drop: set[int] = set()
    with (folder / "heldout_overlap.csv").open(newline="") as f:
        for row in csv.DictReader(f):
            if row["key"] == "line_index_0based":
                drop.add(int(row["value"]))
    out = []
    with (folder / "fox-news-comments.json").open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i in drop or not line.strip():
                continue
            item = json.loads(line)
            out.append((str(item["text"]), int(item["label"])))
    return out


def load_tolerant_site(data: Path) -> list[tuple[str, int]]:
    """A site that allows swearing but not hate: Davidson et al. 2017 (MIT) tweets, where its
    moderators reject hate speech (class 0) and approve offensive language and the rest."""
    import random

    with (data / DAVIDSON / "labeled_data.csv").open(newline="", encoding="utf-8") as f:
        rows = [(r["tweet"], 1 if r["class"] == "0" else 0) for r in csv.DictReader(f)]
    random.Random(12).shuffle(rows)
    return rows[:DAVIDSON_SAMPLE]


STREAMS = {"fox": (FOX, load_stream), "tolerant": (DAVIDSON, load_tolerant_site)}


def held(policy: Policy, scores: dict[str, float]) -> bool:
    return any(scores.get(c, 0.0) >= policy.hold_at(c) for c in learning.ABUSE if c in policy.thresholds)


def run(data: Path, step: int, name: str = "fox") -> list[dict[str, float | int | None]]:
    stream = STREAMS[name][1](data)
    model = LinearClassifier.load(None)
    scores = [dict(a.scores) for a in model.analyze([t for t, _ in stream])]
    policy = Policy()
    test = [i for i in range(len(stream)) if i % learning.HELD_OUT_EVERY == 0]
    train = [i for i in range(len(stream)) if i % learning.HELD_OUT_EVERY != 0]
    actual = [stream[i][1] for i in test]
    base = learning.quality([held(policy, scores[i]) for i in test], actual)
    adj = learning.Adjustment()
    rows: list[dict[str, float | int | None]] = []

    def measure(n: int) -> None:
        predicted = [held(policy, adj.adjusted(stream[i][0], scores[i])[0]) for i in test]
        after = learning.quality(predicted, actual)
        rows.append(
            {
                "decisions": n,
                "base_precision": base.precision,
                "base_recall": base.recall,
                "adjusted_precision": after.precision,
                "adjusted_recall": after.recall,
            }
        )

    measure(0)
    for n, i in enumerate(train, start=1):
        text, label = stream[i]
        adj.learn(text, scores[i], "reject" if label else "approve")
        if n % step == 0 or n == len(train):
            measure(n)
    return rows


TITLES = {
    "fox": "News site, hate (Fox News comments)",
    "tolerant": "Site that allows swearing, not hate (Davidson tweets)",
}


def plot(runs: dict[str, list[dict[str, float | int | None]]], png: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(runs), figsize=(6 * len(runs), 4), dpi=110, squeeze=False)
    for ax, (name, rows) in zip(axes[0], runs.items(), strict=True):
        x = [r["decisions"] for r in rows]
        for key, label, style in (
            ("adjusted_precision", "precision, with the site's adjustment", "-"),
            ("adjusted_recall", "recall, with the site's adjustment", "-"),
            ("base_precision", "precision, shipped model", "--"),
            ("base_recall", "recall, shipped model", "--"),
        ):
            ax.plot(x, [r[key] if r[key] is not None else float("nan") for r in rows], style, label=label)
        ax.set_xlabel("moderator decisions learned from")
        ax.set_ylabel("at the hold, on held-out comments")
        ax.set_ylim(0, 1)
        ax.set_title(TITLES[name], fontsize=10)
        ax.grid(alpha=0.3)
        ax.legend(loc="lower right", fontsize=7)
    fig.tight_layout()
    fig.savefig(png)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--png", type=Path, default=None, help="write the plot here")
    parser.add_argument("--step", type=int, default=100, help="measure after every STEP decisions")
    parser.add_argument("--stream", choices=[*STREAMS, "all"], default="all")
    args = parser.parse_args()
    names = list(STREAMS) if args.stream == "all" else [args.stream]
    runs = {}
    for name in names:
        folder = args.data / STREAMS[name][0]
        if not folder.is_dir():
            print(f"no {folder}", file=sys.stderr)
            return 2
        runs[name] = run(args.data, args.step, name)
    writer = csv.writer(sys.stdout)
    writer.writerow(["stream", *runs[names[0]][0]])
    for name, rows in runs.items():
        for r in rows:
            writer.writerow([name, *(f"{v:.3f}" if isinstance(v, float) else v for v in r.values())])
    if args.png:
        plot(runs, args.png)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
