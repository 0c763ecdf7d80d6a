"""The load benchmark: salon against Isso and nginx on the same threads. See bench/README.md."""

from __future__ import annotations

from typing import Any


def main(argv: list[str] | None = None) -> dict[str, Any]:
    from bench.load.run import main as run_main

    return run_main(argv)
