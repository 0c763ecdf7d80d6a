"""The POST path with moderation on (built-in model, all phases) and off (NullClassifier, no
phases): requests per second and latency percentiles, in-process through the whole ASGI app.

    .venv/bin/python bench/bench_post_moderation.py [--requests 1000]

Each mode gets a fresh SQLite file and the same stream of distinct comments (mostly ordinary,
some rude, some with links, some long) over 20 threads, from 200 authors at 200 addresses, so
flood and duplicate checks see a realistic history rather than refusing the benchmark itself.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402

from salon.actions.sites import add_site  # noqa: E402
from salon.app import create_app  # noqa: E402
from salon.db.engine import Database  # noqa: E402
from salon.moderation.classifiers.base import NullClassifier  # noqa: E402
from salon.moderation.classifiers.linear import LinearClassifier  # noqa: E402
from salon.moderation.phases import PHASES  # noqa: E402
from salon.services import Services  # noqa: E402
from salon.settings import load_settings  # noqa: E402

ORIGIN = "https://bench.example.com"
_VOCAB = (  # noqa: SIM905 - a readable paragraph of words
    "train night sleeper vienna brussels timetable couchette ticket fare station platform delay "
    "cancelled crew staff service carriage border morning evening journey route connection city "
    "weekend holiday price booking window seat bunk breakfast coffee conductor signal track works "
    "summer winter snow rain late early fast slow quiet loud clean cramped comfortable expensive "
    "cheap reliable useful interesting article piece writer reader question answer agree disagree "
    "think believe remember travelled tried booked missed caught changed waited slept woke enjoyed"
).split()
_RUDE = ["What a stupid take, you idiot.", "This is garbage written by a moron."]


def body(n: int) -> str:
    """A distinct text per request: mostly ordinary prose, some rude, some with links, some long."""
    rng = random.Random(n)
    words = rng.choices(_VOCAB, k=rng.randint(8, 30) if n % 10 else 120)
    text = " ".join(words).capitalize() + "."
    if n % 17 == 0:
        text = f"{_RUDE[n % 2]} {text}"
    if n % 13 == 0:
        text += f" More at https://trains.example/{n}"
    return text


def comment(n: int) -> dict[str, Any]:
    return {
        "url": f"{ORIGIN}/thread/{n % 20}",
        "author": {"name": f"Reader {n % 200}", "email": f"reader{n % 200}@example.org"},
        "body": body(n),
    }


def address(n: int) -> dict[str, str]:
    return {"X-Forwarded-For": f"10.0.{n % 200 // 250}.{n % 200}"}


def run(mode: str, requests: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            database_url=f"{tmp}/bench.db", classifier="null", rate_limit_posts=10**9, trust_forwarded=True
        )
        db = Database(settings.database_url)
        db.upgrade()
        if mode == "on":
            services = Services(settings=settings, db=db, secret="bench", classifier=LinearClassifier.load())
        else:
            services = Services(
                settings=settings, db=db, secret="bench", classifier=NullClassifier(), phases=[]
            )
        add_site(services, "bench", [ORIGIN])
        latencies = []
        statuses: dict[str, int] = {}
        with TestClient(create_app(settings, services)) as client:
            for n in range(20):  # warm up: model caches, connection pool
                client.post("/api/comments", json=comment(10**6 + n), headers=address(10**6 + n))
            start = time.perf_counter()
            for n in range(requests):
                t0 = time.perf_counter()
                r = client.post("/api/comments", json=comment(n), headers=address(n))
                latencies.append(time.perf_counter() - t0)
                assert r.status_code == 201, r.text
                statuses[r.json()["status"]] = statuses.get(r.json()["status"], 0) + 1
            elapsed = time.perf_counter() - start
        services.close()
    latencies.sort()
    return {
        "rps": requests / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "statuses": statuses,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args()
    results = {mode: run(mode, args.requests) for mode in ("off", "on")}
    print(f"POST /api/comments, {args.requests} requests per mode, in-process, SQLite, {len(PHASES)} phases")
    print("| moderation | requests/s | p50 ms | p99 ms | outcomes |")
    print("|---|---:|---:|---:|---|")
    labels = {"off": "off (NullClassifier, no phases)", "on": "on (built-in model, all phases)"}
    for mode, r in results.items():
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(r["statuses"].items()))
        print(f"| {labels[mode]} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {outcomes} |")
    print(f"moderation on / off: {results['on']['rps'] / results['off']['rps']:.2f}x throughput")


if __name__ == "__main__":
    main()
