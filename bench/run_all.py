"""`make bench`: the load benchmark, then every bench/bench_*.py, one after another.

Each runs in its own process from the repository root, so one failing does not stop the rest;
the exit status is non-zero if any failed. Arguments after ``--load`` go to the load benchmark,
e.g. ``python bench/run_all.py --load --seconds 5``.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def jobs(load_args: list[str]) -> list[tuple[str, list[str]]]:
    out = [("load", [sys.executable, "-m", "bench.load", *load_args])]
    for script in sorted((ROOT / "bench").glob("bench_*.py")):
        out.append((script.stem, [sys.executable, str(script)]))
    return out


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    load_args = argv[argv.index("--load") + 1 :] if "--load" in argv else []
    failed = []
    for name, cmd in jobs(load_args):
        print(f"\n== {name}: {' '.join(cmd[1:])}", flush=True)
        start = time.monotonic()
        code = subprocess.run(cmd, cwd=ROOT).returncode
        print(f"== {name}: {'ok' if code == 0 else f'FAILED ({code})'} in {time.monotonic() - start:.0f} s")
        if code != 0:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
