"""`salon serve` as a real process: it answers, and a hard kill loses no acknowledged comment."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow

ORIGIN = "https://blog.example.com"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(db: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SALON_CLASSIFIER": "null"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "salon", "serve", "--db", str(db), "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.1)
        if proc.poll() is not None:
            raise AssertionError(proc.stdout.read().decode() if proc.stdout else "server exited")
    proc.kill()
    raise AssertionError("salon serve did not answer within 30 s")


def test_serve_answers_and_survives_kill(tmp_path):
    db = tmp_path / "serve.db"
    subprocess.run(
        [sys.executable, "-m", "salon", "site", "add", "blog", "--origin", ORIGIN, "--db", str(db)],
        check=True,
        capture_output=True,
    )
    port = free_port()
    proc = start(db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        acked = []
        for i in range(5):
            r = httpx.post(
                f"{base}/api/comments",
                json={"url": f"{ORIGIN}/a", "author": {"name": "Ann"}, "body": f"comment {i}"},
            )
            assert r.status_code == 201
            acked.append(r.json()["id"])
        spec = httpx.get(f"{base}/openapi.json").json()
        assert spec["openapi"].startswith("3.1")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    proc = start(db, port)
    try:
        data = httpx.get(f"{base}/api/comments", params={"url": f"{ORIGIN}/a"}).json()
        assert [c["id"] for c in data["comments"]] == acked
    finally:
        proc.terminate()
        proc.wait(10)
