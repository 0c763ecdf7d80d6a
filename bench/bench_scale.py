"""Benchmark reads at scale: a 10,000-comment database beside a large one (1,000,000 by default).

Run: ``.venv/bin/python bench/bench_scale.py [--comments 1000000] [--db sqlite|postgres|both]
[--keep DIR] [--only TEXT ...]``.

Both databases are seeded in bulk (``salon.db.imports.insert_bulk``, the import's writer, with the
comments table's secondary indexes built after the rows) with the same shape: one site, a thread
per 100 comments, 60 % of comments replies (depth up to 4), 93 % published, 2 % spam, 1 %
rejected, 1 % deleted, an author per 10 comments, the model's scores on every comment (5 % over
0.5 for insult), a rare word in 1 %, another in exactly 300 comments (whichever the size), a third
in exactly 50 of the rejected queue's comments (so its pages show a full page of 25 at either
size), 0.5 % of comments reported. Held comments (3 %) and open reports (a tenth) are among the newest 10,000
comments only, older ones decided: a backlog that moderators work through does not grow with the
site's history, so both databases hold the same ~300 held comments. Thread 0 has the same
structure and texts in both, so its page costs the same work at either size; only the database
around it grows.

Then, through the ASGI app in-process (no network, no server), each request is timed ``--repeat``
times and the median kept: the uncached thread page (JSON, the cache emptied before each), the
server-rendered page, ``POST /api/counts`` for 20 pages, and every dashboard queue and filter
(site, thread, author, category, text search), and the queries of the rejected queue's rare-word
and category pages alone (``queue.page()``, no rendering). The result is the ratio of each median at the large
size to the small one (goal: at most 1.5), with the number of comments each dashboard page shows
at either size, printed as a table and written to ``bench/results/scale-<db>.json``.

SQLite is opened as ``salon serve`` opens it, so the planner has what the server gives it on open
(``PRAGMA optimize``); PostgreSQL gets ``ANALYZE`` after the bulk load, as autovacuum would.
PostgreSQL databases are scratch ones on SALON_BENCH_PG (default: the local server), dropped
afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

# The same site, words and PostgreSQL server as the import benchmark (run from bench/).
from bench_import import ORIGIN, PG_ADMIN, WORDS
from fastapi.testclient import TestClient
from sqlalchemy import Connection, create_engine, text

from salon.actions.sites import add_site
from salon.actions.users import create_user
from salon.app import create_app
from salon.db import imports as bulk
from salon.db import queue as queue_queries
from salon.db import tables as t
from salon.db.engine import Database
from salon.models import Role
from salon.moderation.classifiers.base import CATEGORIES, NullClassifier
from salon.services import Services
from salon.settings import load_settings

RESULTS = Path(__file__).parent / "results"
SMALL = 10_000
PER_THREAD = 100
EMAIL = "bench@example.com"
PASSWORD = "bench bench bench"
START = datetime(2021, 1, 1, tzinfo=UTC)
#: In about 1 % of comments: the text search for a rare word.
RARE = "zeppelin"
#: In exactly NEEDLES comments of either database, spread evenly over its history: the search
#: whose pages show the same comments at every size (a rare word's pages do not: 1 % of a
#: 300-comment queue is 3 comments, of a 30,000-comment one a full page).
NEEDLE = "quokka"
NEEDLES = 300
#: In exactly FIXED_REJECTED comments of the rejected queue (rejected or spam) of either database,
#: spread over its history: the rare-word search whose page is full (25) at both sizes, so its two
#: figures compare the same rendering (the 1 % word's rejected page shows 1-3 comments at 10,000).
FIXED = "wombat"
FIXED_REJECTED = 50
BATCH = 20_000
#: Held comments and open reports are among this many newest comments in either database: a
#: queue that moderators work through is as long on a large site as on a small one.
BACKLOG = 10_000


def thread_url(n: int) -> str:
    return f"{ORIGIN}/posts/{n}/"


# -- seeding ---------------------------------------------------------------------------------


def _status(rng: random.Random) -> str:
    x = rng.random()
    if x < 0.93:
        return "published"
    if x < 0.96:
        return "pending"
    if x < 0.98:
        return "spam"
    if x < 0.99:
        return "rejected"
    return "deleted"


def _comment_rows(
    total: int, threads: int, authors: list[int], thread_ids: list[int]
) -> Iterator[dict[str, Any]]:
    """Comments in time order; comment ``i`` is on thread ``i % threads`` (threads interleave).

    Each thread's structure (parents, statuses, texts) comes from a generator seeded by the
    thread's number, so thread 0 is the same in every database.
    """
    rngs = [random.Random(n) for n in range(threads)]
    placed: list[list[tuple[int, int, int]]] = [[] for _ in range(threads)]  # (id, root, depth)
    pick = random.Random(1)
    # Every ``step``-th rejected or spam comment (outside thread 0) gets FIXED, up to
    # FIXED_REJECTED of them: the queue holds about 3 % of comments, the step is counted on 2.5 %
    # so that the last one is placed before the end (at about five sixths of the history).
    step, rejected_seen, fixed = max(1, int(total * 0.025) // FIXED_REJECTED), 0, 0
    for i in range(total):
        n = i % threads
        rng = rngs[n]
        cid = i + 1
        mine = placed[n]
        parent: tuple[int, int, int] | None = None
        if mine and rng.random() < 0.6:
            parent = rng.choice(mine)
            if parent[2] >= 4:
                parent = None
        root, depth = (parent[1], parent[2] + 1) if parent else (cid, 0)
        mine.append((cid, root, depth))
        status = _status(rng)
        if status == "pending" and i < total - BACKLOG:
            status = "published"  # decided long ago: only the newest comments still wait
        words = [rng.choice(WORDS) for _ in range(rng.randrange(5, 40))]
        if rng.random() < 0.01:
            words.insert(rng.randrange(len(words)), RARE)
        if i % max(1, total // NEEDLES) == 7:  # not drawn from rng: thread 0 stays the same
            words.append(NEEDLE)
        if n and status in ("rejected", "spam"):
            rejected_seen += 1
            if rejected_seen % step == 0 and fixed < FIXED_REJECTED:
                words.append(FIXED)
                fixed += 1
        body = " ".join(words) + f". #{i}"
        scores = {c: round(rng.random() ** 6, 3) for c in CATEGORIES}
        scores["insult"] = round(rng.random() ** 14, 3)  # about 5 % at 0.5 or more
        author = authors[pick.randrange(len(authors))] if n else authors[rng.randrange(len(authors))]
        yield {
            "id": cid,
            "thread_id": thread_ids[n],
            "parent_id": parent[0] if parent else None,
            "root_id": root,
            "depth": depth,
            "author_id": author,
            "author_name": f"Reader {author}",
            "author_email_hash": None,
            "author_website": None,
            "body": body,
            "html": f"<p>{body}</p>",
            "status": status,
            "shadow": False,
            "pinned": False,
            "created_at": START + timedelta(seconds=37 * i),
            "score": 0,
            "upvotes": 0,
            "downvotes": 0,
            "report_count": 0,
            "moderation": json.dumps(
                {"decision": "publish", "phase": "classifier", "reasons": [], "scores": scores}
            ),
        }


def seed(services: Services, total: int) -> dict[str, Any]:
    """Fill an empty, migrated database; return what the measurements need."""
    site, _ = add_site(services, "bench", [ORIGIN])
    create_user(services, EMAIL, PASSWORD, Role.ADMIN)
    threads = max(1, total // PER_THREAD)
    n_authors = max(1, total // 10)
    started = time.perf_counter()
    db = services.db
    with db.write() as conn:
        bulk.tune_for_bulk(conn)
        bulk.drop_bulk_indexes(conn)
        author_rows = [
            {
                "id": a + 1,
                "site_id": site.id,
                "key": f"guest:bench{a}",
                "name": f"Reader {a + 1}",
                "first_seen": START,
                "last_seen": START,
                "published_count": 0,
            }
            for a in range(n_authors)
        ]
        for part in bulk.chunks(author_rows, BATCH):
            bulk.insert_bulk(conn, t.authors, list(part))
        thread_rows = [
            {"id": n + 1, "site_id": site.id, "url": thread_url(n), "title": f"Post {n}", "created_at": START}
            for n in range(threads)
        ]
        for part in bulk.chunks(thread_rows, BATCH):
            bulk.insert_bulk(conn, t.threads, list(part))
    rng = random.Random(3)
    reports: list[dict[str, Any]] = []
    batch: list[dict[str, Any]] = []
    for row in _comment_rows(total, threads, list(range(1, n_authors + 1)), list(range(1, threads + 1))):
        batch.append(row)
        if row["status"] in ("published", "pending") and rng.random() < 0.005:
            still_open = row["id"] > total - BACKLOG and rng.random() < 0.1
            resolved = None if still_open else row["created_at"] + timedelta(hours=1)
            reports.append(
                {
                    "comment_id": row["id"],
                    "reporter": f"r{row['id']}",
                    "reason": "spam",
                    "created_at": row["created_at"],
                    "resolved_at": resolved,
                }
            )
        if len(batch) >= BATCH:
            with db.write() as conn:
                bulk.insert_bulk(conn, t.comments, batch, raw=frozenset({"moderation"}))
            batch = []
    with db.write() as conn:
        bulk.insert_bulk(conn, t.comments, batch, raw=frozenset({"moderation"}))
        bulk.insert_bulk(conn, t.reports, reports)
        bulk.ensure_indexes(conn)
        _sync_sequences(conn)
        bulk.recount_threads(conn, range(1, threads + 1))
        bulk.recount_authors(conn, range(1, n_authors + 1))
    if not db.is_sqlite:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    return {
        "site_id": site.id,
        "threads": threads,
        "author_id": _busiest_author(db),
        "seed_seconds": time.perf_counter() - started,
    }


def _sync_sequences(conn: Connection) -> None:
    if conn.dialect.name != "postgresql":
        return
    for table in ("authors", "threads", "comments", "reports"):
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        )


def _busiest_author(db: Database) -> int:
    """An author of thread 0's first comment: the author filter's subject (about 10 comments)."""
    with db.read() as conn:
        return int(conn.execute(text("SELECT author_id FROM comments WHERE id = 1")).scalar_one())


# -- measuring -------------------------------------------------------------------------------


def _ok(response: Any) -> Any:
    if response.status_code != 200:
        raise RuntimeError(f"{response.request.url}: {response.status_code} {response.text[:300]}")
    return response


def sign_in(client: TestClient) -> None:
    login = client.get("/admin/login").text
    csrf = login.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    signed = client.post(
        "/admin/login", data={"email": EMAIL, "password": PASSWORD, "csrf": csrf}, follow_redirects=False
    )
    if signed.status_code != 303:
        raise RuntimeError(f"dashboard sign-in failed: {signed.status_code}")


def workloads(services: Services, client: TestClient, facts: dict[str, Any]) -> dict[str, Callable[[], Any]]:
    """What is timed on one database, by name: each a request through the app (or the queries
    behind the dashboard's tabs)."""
    page = thread_url(0)

    def uncached(path: str) -> Callable[[], Any]:
        def go() -> Any:
            services.cache.clear()
            return _ok(client.get(path, params={"url": page}))

        return go

    urls = [thread_url(n) for n in range(0, facts["threads"], max(1, facts["threads"] // 20))][:20]
    out: dict[str, Callable[[], Any]] = {
        "thread page (JSON, uncached)": uncached("/api/comments"),
        "thread page (SSR, uncached)": uncached("/embed/thread"),
        "counts, 20 pages": lambda: _ok(client.post("/api/counts", json={"urls": urls})),
    }
    filters: dict[str, dict[str, Any]] = {
        "": {},
        "site": {"site": facts["site_id"]},
        "thread": {"thread": 1},
        "author": {"author": facts["author_id"]},
        "category": {"category": "insult"},
        "text": {"q": "sleeper"},
        "rare text": {"q": RARE},
        "needle": {"q": NEEDLE},
    }

    def dashboard(params: dict[str, Any]) -> Callable[[], Any]:
        return lambda: _ok(client.get("/admin", params=params))

    for queue in queue_queries.QUEUES:
        for name, params in filters.items():
            out[f"dashboard {queue}" + (f", {name}" if name else "")] = dashboard({"queue": queue, **params})
    # The rejected queue's rare-word and category pages with the same number of comments shown at
    # both sizes (a full page): the rows above show 1 and 13 of them at 10,000, 25 at 1,000,000.
    out["dashboard rejected, fixed text"] = dashboard({"queue": "rejected", "q": FIXED})
    out["dashboard rejected, category, full page"] = dashboard(
        {"queue": "rejected", "category": "toxicity", "min_score": 0.4}
    )
    # The queries alone behind the rows whose pages show fewer comments at 10,000: what the
    # search and the category filter themselves cost as the database grows.
    for name, f in {
        "rare text": queue_queries.QueueFilter("rejected", text=RARE),
        "category": queue_queries.QueueFilter("rejected", category="insult", min_score=0.5),
        "fixed text": queue_queries.QueueFilter("rejected", text=FIXED),
    }.items():
        out[f"queue.page() rejected, {name} (queries)"] = _page_query(services, f)
    every = queue_queries.QueueFilter(site_ids=None)

    def tab_counts() -> Any:
        with services.db.read() as conn:
            return queue_queries.counts(conn, every)

    out["dashboard tab counts (queries)"] = tab_counts
    return out


def _page_query(services: Services, f: queue_queries.QueueFilter) -> Callable[[], Any]:
    def go() -> Any:
        with services.db.read() as conn:
            return queue_queries.page(conn, f)

    return go


def shown(response: Any) -> int | None:
    """How many comments a dashboard page shows, or a ``queue.page()`` returns (None for the rest)."""
    if isinstance(response, tuple):
        return len(response[0])
    if not hasattr(response, "text") or "/admin" not in str(response.request.url):
        return None
    return int(response.text.count('<article class="item '))


def measure(
    sides: dict[int, dict[str, Callable[[], Any]]], repeat: int
) -> tuple[dict[int, dict[str, float]], dict[int, dict[str, int | None]]]:
    """Median milliseconds of each workload on each database, the databases taking turns (so a
    change in the machine's load falls on both alike); and how many comments each dashboard
    page showed."""
    out: dict[int, dict[str, float]] = {size: {} for size in sides}
    items: dict[int, dict[str, int | None]] = {size: {} for size in sides}
    names = next(iter(sides.values()))
    for name in names:
        times: dict[int, list[float]] = {size: [] for size in sides}
        for size, fns in sides.items():
            items[size][name] = shown(fns[name]())  # warm: templates compiled, statements cached
        for _ in range(repeat):
            for size, fns in sides.items():
                start = time.perf_counter()
                fns[name]()
                times[size].append((time.perf_counter() - start) * 1000)
        for size in sides:
            out[size][name] = statistics.median(times[size])
    return out, items


# -- databases -------------------------------------------------------------------------------


def _services(url: str) -> Services:
    settings = load_settings(database_url=url, classifier="null")
    db = Database(url)
    db.upgrade()
    return Services(settings=settings, db=db, secret="bench", classifier=NullClassifier())


@contextmanager
def database(kind: str, size: int, workdir: Path, keep: bool) -> Iterator[tuple[str, dict[str, Any] | None]]:
    """The database's URL, and the facts of an earlier seeding kept with ``--keep`` (else None)."""
    facts_file = workdir / f"scale-{kind}-{size}.json"
    kept = json.loads(facts_file.read_text()) if keep and facts_file.exists() else None
    if kind == "sqlite":
        path = workdir / f"scale-{size}.db"
        if kept is None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        yield f"sqlite:///{path}", kept
    else:
        name = f"salon_bench_scale_{size}"
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        if kept is None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", kept
        finally:
            if not keep:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def run(
    kind: str, sizes: list[int], repeat: int, workdir: Path, keep: bool, only: list[str] | None = None
) -> dict[int, dict[str, Any]]:
    with ExitStack() as stack:
        opened: dict[int, tuple[Services, dict[str, Any]]] = {}
        for size in sizes:
            url, facts = stack.enter_context(database(kind, size, workdir, keep))
            if facts is None:
                services = _services(url)
                try:
                    facts = seed(services, size)
                finally:
                    services.close()
                print(f"{kind}: seeded {size:,} comments in {facts['seed_seconds']:.0f} s", flush=True)
                if keep:
                    (workdir / f"scale-{kind}-{size}.json").write_text(json.dumps(facts))
            # A fresh open, as `salon serve` would open the seeded database.
            services = _services(url)
            stack.callback(services.close)
            opened[size] = (services, facts)
        sides = {}
        for size, (services, facts) in opened.items():
            client = stack.enter_context(
                TestClient(create_app(services.settings, services), base_url="https://testserver")
            )
            sign_in(client)
            every_workload = workloads(services, client, facts)
            sides[size] = {
                name: fn
                for name, fn in every_workload.items()
                if not only or any(part in name for part in only)
            }
            if not sides[size]:
                raise SystemExit(f"--only {only}: no workload's name contains it")
        load = os.getloadavg()[0]
        times, items = measure(sides, repeat)
        load_after = os.getloadavg()[0]
    return {
        size: {
            "facts": opened[size][1],
            "load_before": load,
            "load_after": load_after,
            "ms": times[size],
            "shown": items[size],
        }
        for size in sizes
    }


def report(kind: str, runs: dict[int, dict[str, Any]]) -> dict[str, Any]:
    small, large = sorted(runs)
    rows = []
    print(
        f"\n{kind}: median ms at {small:,} and {large:,} comments (1-minute load average "
        f"{runs[small]['load_before']:.1f} before the measurements, {runs[small]['load_after']:.1f} after)"
    )
    print(f"| workload | {small:,} ms | {large:,} ms | ratio | comments shown |\n|---|---:|---:|---:|---:|")
    for name, a in runs[small]["ms"].items():
        b = runs[large]["ms"][name]
        ratio = b / a if a else float("inf")
        n_small, n_large = runs[small]["shown"].get(name), runs[large]["shown"].get(name)
        rows.append(
            {"workload": name, "small_ms": a, "large_ms": b, "ratio": ratio, "shown": [n_small, n_large]}
        )
        flag = "" if ratio <= 1.5 else " ✗"
        count = "" if n_small is None else f"{n_small} / {n_large}"
        print(f"| {name} | {a:.1f} | {b:.1f} | {ratio:.2f}{flag} | {count} |")
    worst = max(r["ratio"] for r in rows)
    print(f"worst ratio: {worst:.2f} (goal ≤ 1.5)")
    return {"db": kind, "sizes": [small, large], "rows": rows, "worst_ratio": worst, "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=1_000_000, help="size of the large database")
    parser.add_argument("--small", type=int, default=SMALL, help="size of the small database")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="keep the seeded databases (SQLite files in DIR, PostgreSQL databases not dropped) and "
        "reuse them on the next run with the same sizes",
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="TEXT",
        help="time only the workloads whose name contains TEXT (repeatable; the databases are seeded "
        "whole either way), e.g. --only 'rejected, rare text'",
    )
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)", flush=True)
    for kind in kinds:
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            runs = run(kind, [args.small, args.comments], args.repeat, args.keep, keep=True, only=args.only)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                runs = run(
                    kind, [args.small, args.comments], args.repeat, Path(tmp), keep=False, only=args.only
                )
        result = report(kind, runs)
        result["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version()}
        result["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
        result["only"] = args.only
        # A run of some rows keeps its results apart from a whole run's.
        name = f"scale-{kind}-only.json" if args.only else f"scale-{kind}.json"
        (RESULTS / name).write_text(json.dumps(result, indent=1, default=str) + "\n")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
