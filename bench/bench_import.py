"""Benchmark `salon import`: generate a Disqus export and time importing it.

Run: ``.venv/bin/python bench/bench_import.py [--comments 1000000] [--db sqlite|postgres|both]``.
The generated file has one thread per 100 comments; a third of the comments are replies (some
to parents later in the file), 2 % spam, 1 % deleted; half the authors have a user name and an
e-mail address; bodies are short HTML. It is written once under bench/results/ as .xml.tmp (not
committed) and reused. The import runs through the command's own code
(salon.actions.imports.import_file) into a fresh database, and the time covers parsing,
conversion, writing, linking and recounting. PostgreSQL gets a scratch database on
SALON_BENCH_PG (default: the local server), dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from salon.actions.imports import import_file
from salon.actions.sites import add_site
from salon.db.engine import Database
from salon.moderation.classifiers.base import NullClassifier
from salon.services import Services
from salon.settings import load_settings

RESULTS = Path(__file__).parent / "results"
PG_ADMIN = os.environ.get("SALON_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
ORIGIN = "https://blog.example.com"
WORDS = [
    "night",
    "train",
    "vienna",
    "sleeper",
    "cabin",
    "ticket",
    "border",
    "coffee",
    "window",
    "station",
    "morning",
    "slow",
    "travel",
]


def generate(path: Path, comments: int, seed: int = 7) -> None:
    """A Disqus export with ``comments`` posts (written streaming; a few MB per 10,000 posts)."""
    rng = random.Random(seed)
    threads = max(1, comments // 100)
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n')
        out.write('<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n')
        for n in range(threads):
            out.write(
                f'<thread dsq:id="t{n}"><link>{ORIGIN}/posts/{n}/</link><title>Post {n}</title>'
                f"<createdAt>2020-01-01T00:00:00Z</createdAt><isClosed>false</isClosed></thread>\n"
            )
        for n in range(comments):
            thread = n % threads
            parent = ""
            if n >= threads and rng.random() < 0.33:
                # a reply to an earlier post on the same thread; 1 in 50 to a later one
                back = rng.randrange(1, min(n // threads, 50) + 1) * threads
                target = n - back if rng.random() > 0.02 else n + threads
                if target < comments:
                    parent = f'<parent dsq:id="{target}"/>'
            spam = "true" if rng.random() < 0.02 else "false"
            deleted = "true" if rng.random() < 0.01 else "false"
            user = rng.randrange(comments // 10 + 1)
            author = (
                f"<author><email>reader{user}@example.com</email><name>Reader {user}</name>"
                f"<isAnonymous>false</isAnonymous><username>reader{user}</username></author>"
                if user % 2
                else f"<author><name>Guest {user}</name><isAnonymous>true</isAnonymous></author>"
            )
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(5, 40)))
            out.write(
                f'<post dsq:id="{n}"><id/><message><![CDATA[<p>{words}.</p><p>#{n}</p>]]></message>'
                f"<createdAt>2021-{1 + n % 12:02d}-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:00Z</createdAt>"
                f"<isDeleted>{deleted}</isDeleted><isSpam>{spam}</isSpam>{author}"
                f'<ipAddress>192.0.2.{n % 250}</ipAddress><thread dsq:id="t{thread}"/>{parent}</post>\n'
            )
        out.write("</disqus>\n")


def _services(url: str) -> Services:
    settings = load_settings(database_url=url, classifier="null")
    db = Database(url)
    db.upgrade()
    return Services(settings=settings, db=db, secret="bench", classifier=NullClassifier())


def run_once(url: str, export: Path, batch_size: int, parallel: bool | None = None) -> dict[str, float]:
    services = _services(url)
    try:
        site, _ = add_site(services, "bench", [ORIGIN])
        cpu0, children0 = time.process_time(), _children_cpu()
        start = time.perf_counter()
        report = import_file(services, site, export, "disqus", batch_size=batch_size, parallel=parallel)
        wall = time.perf_counter() - start
        cpu = time.process_time() - cpu0
        reader_cpu = _children_cpu() - children0
    finally:
        services.close()
    n = report.comments.imported
    return {
        "comments": n,
        "seconds": wall,
        "cpu_seconds": cpu,
        "reader_cpu": reader_cpu,
        "per_second": n / wall,
    }


def _children_cpu() -> float:
    """CPU seconds of finished child processes (the reader process, when the file is read in one)."""
    times = os.times()
    return times.children_user + times.children_system


def _pg_scratch() -> tuple[str, object]:
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text('DROP DATABASE IF EXISTS "salon_bench_import" WITH (FORCE)'))
        conn.execute(text('CREATE DATABASE "salon_bench_import"'))
    return PG_ADMIN.rsplit("/", 1)[0] + "/salon_bench_import", admin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument(
        "--reader",
        choices=["auto", "process", "inline"],
        default="auto",
        help="read the file in a second process, in the importing one, or as salon import does (auto)",
    )
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    export = RESULTS / f"disqus-{args.comments}.xml.tmp"  # large: kept out of git (.gitignore)
    if not export.exists():
        start = time.perf_counter()
        generate(export, args.comments)
        took = time.perf_counter() - start
        print(f"generated {export} ({export.stat().st_size / 1e6:.0f} MB) in {took:.0f} s")
    parallel = {"auto": None, "process": True, "inline": False}[args.reader]
    print(f"load average before: {os.getloadavg()[0]:.2f} (2 cores)")
    if args.db in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            got = run_once(f"sqlite:///{tmp}/bench.db", export, args.batch_size, parallel)
        print(
            f"sqlite:     {got['comments']:,} comments in {got['seconds']:.1f} s "
            f"({got['per_second']:,.0f}/s, {got['cpu_seconds']:.1f} CPU s writing, "
            f"{got['reader_cpu']:.1f} reading)"
        )
    if args.db in ("postgres", "both"):
        url, admin = _pg_scratch()
        try:
            got = run_once(url, export, args.batch_size, parallel)
        finally:
            with admin.connect() as conn:  # type: ignore[attr-defined]
                conn.execute(text('DROP DATABASE IF EXISTS "salon_bench_import" WITH (FORCE)'))
        print(
            f"postgresql: {got['comments']:,} comments in {got['seconds']:.1f} s "
            f"({got['per_second']:,.0f}/s, {got['cpu_seconds']:.1f} CPU s writing, "
            f"{got['reader_cpu']:.1f} reading)"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MiB; load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
