"""Concurrent POSTs in-process, and where each one's time goes: before the writer's queue, waiting
in it, in its batch's write, and after. The batched write path under load, without wrk.

    .venv/bin/python bench/bench_post_batches.py [--requests 1200] [--clients 8]

``--clients`` coroutines post through the whole ASGI app (httpx's ASGI transport, one event
loop, as ``salon serve`` with one worker runs it), the built-in model and every phase on, into a
fresh SQLite file, with the comments of ``bench_post_moderation.py`` (200 authors at 200
addresses, 20 threads). The writer's batches are timed from outside (its ``write`` function and
``submit`` wrapped): batch sizes, the writer's wall and CPU time per post, and the statements it
runs per post. Nothing in salon is changed; wrapping costs a few microseconds a post.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_post_moderation as corpus  # noqa: E402
import httpx  # noqa: E402
from sqlalchemy import event  # noqa: E402

from salon.actions import comments as comment_actions  # noqa: E402
from salon.actions import posting  # noqa: E402
from salon.actions.sites import add_site  # noqa: E402
from salon.api import public  # noqa: E402
from salon.app import create_app  # noqa: E402
from salon.db.engine import Database  # noqa: E402
from salon.services import Services, load_classifier  # noqa: E402
from salon.settings import load_settings  # noqa: E402


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[max(0, int(len(values) * p) - 1)] * 1000


async def run(requests: int, clients: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            database_url=f"{tmp}/bench.db", classifier="builtin", rate_limit_posts=10**9, trust_forwarded=True
        )
        db = Database(settings.database_url)
        db.upgrade()
        # The shipped model, as `salon serve` loads it (Services' own default is the null classifier).
        services = Services(settings=settings, db=db, secret="bench", classifier=load_classifier(settings))
        add_site(services, "bench", [corpus.ORIGIN])
        app = create_app(settings, services)
        submitted: dict[int, float] = {}
        batches: list[tuple[float, float, float, list[int]]] = []
        stages: dict[str, list[float]] = {"prepare": [], "answer": []}
        statements = [0]
        writer = posting.writer_of(services)
        real_write, real_submit = writer._write, writer.submit
        real_prepare, real_posted = comment_actions.prepare, public._posted

        def write(drafts: list[Any]) -> Any:
            start, cpu = time.perf_counter(), time.thread_time()
            results = real_write(drafts)
            batches.append((start, time.perf_counter(), time.thread_time() - cpu, [id(d) for d in drafts]))
            return results

        def submit(draft: Any) -> Any:
            submitted[id(draft)] = time.perf_counter()
            return real_submit(draft)

        def timed(stage: str, fn: Any) -> Any:
            def call(*args: Any, **kwargs: Any) -> Any:
                start = time.perf_counter()
                try:
                    return fn(*args, **kwargs)
                finally:
                    stages[stage].append(time.perf_counter() - start)

            return call

        def count(*_: Any) -> None:
            if threading.current_thread().name == "salon-post-writer":
                statements[0] += 1

        writer._write = write
        writer.submit = submit  # type: ignore[method-assign,assignment]
        comment_actions.prepare = timed("prepare", real_prepare)
        public._posted = timed("answer", real_posted)
        event.listen(db.engine, "before_cursor_execute", count)
        latencies: list[tuple[float, float]] = []
        numbers = iter(range(10**9))
        try:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                for n in range(20):  # warm up: the model, caches, the connection pool
                    await client.post(
                        "/api/comments", json=corpus.comment(10**6 + n), headers=corpus.address(n)
                    )
                statements[0] = 0
                batches.clear()
                cpu_start = time.process_time()

                async def poster() -> None:
                    while (n := next(numbers)) < requests:
                        start = time.perf_counter()
                        r = await client.post(
                            "/api/comments", json=corpus.comment(n), headers=corpus.address(n)
                        )
                        assert r.status_code == 201, r.text
                        latencies.append((start, time.perf_counter()))

                await asyncio.gather(*[poster() for _ in range(clients)])
                process_cpu = time.process_time() - cpu_start
        finally:
            comment_actions.prepare, public._posted = real_prepare, real_posted
            services.close()
    elapsed = max(e for _, e in latencies) - min(s for s, _ in latencies)
    waits = [(s - submitted[i], e - s) for s, e, _, ids in batches for i in ids if i in submitted]
    return {
        "rps": requests / elapsed,
        "latency": [z - a for a, z in latencies],
        "sizes": [len(ids) for *_, ids in batches],
        "busy": sum(e - s for s, e, _, _ in batches) / elapsed,
        "wall_per_post": sum(e - s for s, e, _, _ in batches) / requests,
        "cpu_per_post": sum(c for _, _, c, _ in batches) / requests,
        "statements_per_post": statements[0] / requests,
        "process_cpu_per_post": process_cpu / requests,
        "queue": [w for w, _ in waits],
        "batch": [b for _, b in waits],
        **stages,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1200)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    r = asyncio.run(run(args.requests, args.clients))
    lat = r["latency"]
    print(f"POST /api/comments, {args.requests} requests from {args.clients} clients, in-process, SQLite")
    print(f"1-minute load average {load:.2f} before the run, {os.getloadavg()[0]:.2f} after")
    p50, p90, p99 = (_pct(lat, p) for p in (0.5, 0.9, 0.99))
    print(f"{r['rps']:.0f} req/s; latency p50 {p50:.1f} ms, p90 {p90:.1f}, p99 {p99:.1f}")
    sizes = r["sizes"]
    print(
        f"batches: {len(sizes)}, {statistics.mean(sizes):.2f} posts on average, at most {max(sizes)};"
        f" writer busy {r['busy'] * 100:.0f} % of the time"
    )
    print(
        f"writer per post: {r['wall_per_post'] * 1000:.2f} ms wall, {r['cpu_per_post'] * 1000:.2f} ms CPU,"
        f" {r['statements_per_post']:.1f} statements"
    )
    print(
        f"process CPU per post: {r['process_cpu_per_post'] * 1000:.2f} ms (every thread, the clients' httpx"
        " included)"
    )
    for stage, label in (
        ("prepare", "before the queue (checks, in a thread)"),
        ("queue", "waiting for the writer"),
        ("batch", "its batch's write (moderation, insert, commit)"),
        ("answer", "after (the answer, in a thread)"),
    ):
        values = r[stage]
        print(f"  {label}: p50 {_pct(values, 0.5):.1f} ms, p99 {_pct(values, 0.99):.1f} ms")


if __name__ == "__main__":
    main()
