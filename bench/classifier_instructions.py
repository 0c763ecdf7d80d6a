"""Score N OLID tweets after a warm-up, for counting the classifier's instructions per comment.

Run under callgrind for N = 0 and N = 2048; the per-tweet count is the difference of the two
``totals:`` lines divided by N (the load, the patterns' compilation and the warm-up cancel out)::

    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg0 .venv/bin/python \\
        bench/classifier_instructions.py 0
    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg1 .venv/bin/python \\
        bench/classifier_instructions.py 2048

Unlike CPU time, the count does not move with the load of a shared machine.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from salon.moderation.classifiers.staged import load_builtin
from salon.moderation.incitement_patterns import PATTERNS
from salon.training import speed

_WARM = 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    args = parser.parse_args()
    with (args.data / "olid" / "testset-levela.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    texts = speed.unique([r[1] for r in rows if len(r) > 1], _WARM + args.n)
    clf = load_builtin()
    for pat in PATTERNS:  # compiled on first use otherwise, inside the counted part
        _ = pat.regex, pat.before
    for i in range(0, _WARM, 512):
        clf.analyze(texts[i : i + 512])
    for i in range(_WARM, len(texts), 256):
        clf.analyze(texts[i : i + 256])


if __name__ == "__main__":
    main()
