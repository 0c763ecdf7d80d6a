"""Run the whole load benchmark in one go: seed, serve, load, measure, compare, write, print.

    .venv/bin/python -m bench.load            # everything: salon 1w and 2w+Redis, nginx, Isso
    .venv/bin/python -m bench.load --seconds 2 --only salon --workers 1   # a quick look

Servers run one at a time on 127.0.0.1, each on its own port; all are stopped on exit.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.load import corpus, report, targets, wrk
from bench.load.procs import MemorySampler, Reaper, free_port, tree_cpu_seconds

HERE = Path(__file__).resolve().parent
BENCH = HERE.parent
GET_CONNECTIONS = 16
POST_CONNECTIONS = 8


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--seconds", type=float, default=10, help="measured seconds per workload [10]")
    p.add_argument("--warmup", type=float, default=2, help="unmeasured seconds before each [2]")
    p.add_argument("--only", default="salon,nginx,isso", help="comma list of salon, nginx, isso")
    p.add_argument("--workers", default="1,2", help="salon worker counts to run [1,2]; >1 uses Redis")
    p.add_argument("--sizes", default=",".join(map(str, corpus.SIZES)), help="thread sizes [10,200,2000]")
    p.add_argument("--no-post", action="store_true", help="GET workloads only")
    p.add_argument("--classifier", default="builtin", help="salon's SALON_CLASSIFIER while serving [builtin]")
    p.add_argument("--redis", default="redis://127.0.0.1:6379/0", help="Redis for salon with several workers")
    p.add_argument("--isso-venv", type=Path, default=BENCH / ".isso-venv", help="where Isso is installed")
    p.add_argument("--isso-workers", type=int, default=4)
    p.add_argument(
        "--isso-min-seconds", type=float, default=20, help="measured seconds for Isso at least [20]"
    )
    p.add_argument("--out", type=Path, default=BENCH / "results" / "load.json")
    p.add_argument("--keep", action="store_true", help="keep the scratch directory (databases, logs)")
    return p.parse_args(argv)


def _redis_up(url: str) -> bool:
    hostport = url.split("://", 1)[-1].split("/", 1)[0]
    host, _, port = hostport.rpartition(":")
    try:
        with socket.create_connection((host or "127.0.0.1", int(port or 6379)), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def wait_idle(url: str, timeout: float = 180) -> None:
    """Until a small request is answered: a sync server (Isso under gunicorn) keeps working on
    requests wrk gave up on, and that backlog must not eat into the next measurement."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=timeout) as resp:
                resp.read()
            return
        except OSError:
            time.sleep(0.5)


class Bench:
    def __init__(self, args: argparse.Namespace, workdir: Path) -> None:
        self.args = args
        self.workdir = workdir
        self.reaper = Reaper()
        self.runs: list[dict[str, Any]] = []
        self.memory: dict[str, dict[str, Any]] = {}
        self.skipped: dict[str, str] = {}
        self.info: dict[str, Any] = {}
        self.sizes = [int(s) for s in args.sizes.split(",") if s]
        #: The server process being measured, whose CPU time (its whole tree's) each run reports.
        self.server_pid: int | None = None

    def log(self, msg: str) -> None:
        print(f"[load {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    def load(
        self,
        server: str,
        workload: str,
        url: str,
        script: str,
        conns: int,
        *,
        timeout: int = 10,
        min_seconds: float = 0,
        settle: str | None = None,
    ) -> None:
        """Warm up, then measure; ``settle`` is a URL to wait on first, until the server is idle."""
        seconds = max(self.args.seconds, min_seconds)
        if settle:
            wait_idle(settle)
        if self.args.warmup > 0:
            wrk.run(url, script, self.workdir, connections=conns, seconds=self.args.warmup, timeout_s=timeout)
            if settle:
                wait_idle(settle)
        # The machine may be shared: the 1-minute load average before each run says how much.
        load = round(os.getloadavg()[0], 2)
        cpu = tree_cpu_seconds(self.server_pid) if self.server_pid else None
        res = wrk.run(url, script, self.workdir, connections=conns, seconds=seconds, timeout_s=timeout)
        row = {"server": server, "workload": workload, "connections": conns, **res.as_dict()}
        row["loadavg_before"] = load
        per_request = ""
        if cpu is not None and self.server_pid and res.requests:
            # The server's CPU per request (every process and thread of it): steadier than req/s
            # on a shared machine, though it too grows when the cores are contended.
            row["server_cpu_ms_per_request"] = round(
                (tree_cpu_seconds(self.server_pid) - cpu) * 1000 / res.requests, 3
            )
            per_request = f"  server CPU {row['server_cpu_ms_per_request']:.2f} ms/req"
        self.runs.append(row)
        self.log(
            f"{server:10} {workload:9} {res.rps:10,.1f} req/s  p50 {res.p50_ms:8.2f} ms  "
            f"p99 {res.p99_ms:8.2f} ms  errors {res.errors}{per_request}"
        )

    # -- salon --------------------------------------------------------------------------------

    def salon(self) -> dict[int, bytes]:
        threads = {n: corpus.thread(n) for n in self.sizes}
        template = self.workdir / "salon-template.db"
        t0 = time.monotonic()
        statuses = targets.seed_salon(template, threads)
        self.info["salon_seed"] = {"seconds": round(time.monotonic() - t0, 1), "statuses": statuses}
        self.log(
            f"salon seeded {sum(map(len, threads.values()))} comments in "
            f"{time.monotonic() - t0:.1f} s: {statuses}"
        )
        bodies: dict[int, bytes] = {}
        for workers in [int(w) for w in self.args.workers.split(",") if w]:
            if workers > 1 and not _redis_up(self.args.redis):
                self.skipped[f"salon-{workers}w"] = f"Redis not reachable at {self.args.redis}"
                self.log(f"skipping salon with {workers} workers: Redis not reachable at {self.args.redis}")
                continue
            db = self.workdir / f"salon-{workers}w.db"
            shutil.copy(template, db)
            log = self.workdir / f"salon-{workers}w.log"
            running = targets.start_salon(
                self.reaper,
                db,
                log,
                workers=workers,
                redis_url=self.args.redis,
                classifier=self.args.classifier,
            )
            self.server_pid = running.proc.pid
            try:
                with MemorySampler(running.proc.pid) as mem:
                    for size in self.sizes:
                        url = running.base + targets.salon_get_path(size)
                        with urllib.request.urlopen(url, timeout=30) as resp:
                            bodies.setdefault(size, resp.read())
                        self.load(running.name, f"GET {size}", url, wrk.get_script(), GET_CONNECTIONS)
                    if not self.args.no_post:
                        script = wrk.post_script(
                            "/api/comments", targets.salon_post_prefix(), corpus.post_bodies()
                        )
                        self.load(
                            running.name, "POST", running.base + "/api/comments", script, POST_CONNECTIONS
                        )
                self.memory[running.name] = mem.report()
                self.log(f"{running.name} memory: {mem.report()}")
            finally:
                self.server_pid = None
                self.reaper.stop(running.proc)
        return bodies

    # -- nginx --------------------------------------------------------------------------------

    def nginx(self, bodies: dict[int, bytes]) -> None:
        binary = targets.nginx_binary()
        if binary is None:
            self.skipped["nginx"] = "nginx not found (apt-get install nginx-light)"
            self.log("skipping nginx: not installed (apt-get install nginx-light)")
            return
        if not bodies:
            self.skipped["nginx"] = "no salon responses to serve (run salon too)"
            return
        try:
            running = targets.start_nginx(
                self.reaper, binary, self.workdir, bodies, self.workdir / "nginx.log"
            )
        except RuntimeError as exc:
            self.skipped["nginx"] = f"nginx did not start: {str(exc)[:300]}"
            self.log(self.skipped["nginx"])
            return
        try:
            for size in self.sizes:
                url = running.base + targets.nginx_get_path(size)
                self.load("nginx", f"GET {size}", url, wrk.get_script(), GET_CONNECTIONS)
        finally:
            self.reaper.stop(running.proc)

    # -- Isso ---------------------------------------------------------------------------------

    def isso(self) -> None:
        self.log(f"Isso venv at {self.args.isso_venv} (pip install isso gunicorn on first use)")
        bin_dir, why = targets.ensure_isso(self.args.isso_venv)
        if bin_dir is None:
            self.skipped["isso"] = why
            self.log(f"skipping Isso: {why}")
            return
        self.info["isso_version"] = targets.isso_version(bin_dir)
        threads = {n: corpus.thread(n) for n in self.sizes}
        port = free_port()
        t0 = time.monotonic()
        cfg = targets.seed_isso(bin_dir, self.workdir, threads, port)
        self.log(f"Isso {self.info['isso_version']} seeded in {time.monotonic() - t0:.1f} s")
        running = targets.start_isso(
            self.reaper, bin_dir, cfg, port, self.workdir / "isso.log", workers=self.args.isso_workers
        )
        self.server_pid = running.proc.pid
        try:
            with MemorySampler(running.proc.pid) as mem:
                # Slow answers: measure longer so even the 2,000-comment thread gets a sample.
                slow = {
                    "timeout": 60,
                    "min_seconds": self.args.isso_min_seconds,
                    "settle": running.base + targets.isso_get_path(min(self.sizes)),
                }
                for size in self.sizes:
                    url = running.base + targets.isso_get_path(size)
                    self.load(running.name, f"GET {size}", url, wrk.get_script(), GET_CONNECTIONS, **slow)
                if not self.args.no_post:
                    path = "/new?uri=" + targets.POST_PATH
                    script = wrk.post_script(path, targets.isso_post_prefix(), corpus.post_bodies())
                    self.load(running.name, "POST", running.base + path, script, POST_CONNECTIONS, **slow)
            self.memory[running.name] = mem.report()
        finally:
            self.server_pid = None
            self.reaper.stop(running.proc)

    def result(self) -> dict[str, Any]:
        report.ratios(self.runs)
        return {
            "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "machine": report.machine(),
            "settings": {
                "seconds": self.args.seconds,
                "warmup": self.args.warmup,
                "get_connections": GET_CONNECTIONS,
                "post_connections": POST_CONNECTIONS,
                "salon_classifier": self.args.classifier,
                "isso_workers": self.args.isso_workers,
            },
            "info": self.info,
            "runs": self.runs,
            "memory": self.memory,
            "goals": report.goals(self.runs, self.memory),
            "skipped": self.skipped,
        }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = parse_args(argv)
    if wrk.available() is None:
        sys.exit("wrk is needed for the load benchmark: apt-get install wrk")
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    workdir = Path(tempfile.mkdtemp(prefix="salon-load-"))
    bench = Bench(args, workdir)
    try:
        bodies = bench.salon() if "salon" in only else {}
        if "nginx" in only:
            bench.nginx(bodies)
        if "isso" in only:
            bench.isso()
    finally:
        bench.reaper.stop_all()
        if args.keep:
            bench.log(f"scratch kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    result = bench.result()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(report.markdown(result))
    print(f"\nwritten to {args.out}")
    return result
