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
    deadline = time.monotonic() + 90  # a loaded CI machine can take this long to import and migrate
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.1)
        if proc.poll() is not None:
            raise AssertionError(proc.stdout.read().decode() if proc.stdout else "server exited")
    proc.kill()
    raise AssertionError("salon serve did not answer within 90 s")


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


def _flood(base: str, count: int) -> list[int]:
    """Posts from one peer, each claiming another client address in X-Forwarded-For."""
    codes = []
    for i in range(count):
        r = httpx.post(
            f"{base}/api/comments",
            json={"url": f"{ORIGIN}/flood", "author": {"name": f"Guest {i}"}, "body": f"flood {i}"},
            headers={"X-Forwarded-For": f"198.51.100.{i}", "X-Forwarded-Proto": "https"},
        )
        codes.append(r.status_code)
    return codes


@pytest.mark.parametrize("trusted", [False, True])
def test_serve_forwarded_headers_follow_the_setting(tmp_path, monkeypatch, trusted):
    """A real server: forged X-Forwarded-For from 127.0.0.1 does not walk around the post limit
    unless trust_forwarded is on (and then 127.0.0.1 is an allowed proxy, the default)."""
    db = tmp_path / "flood.db"
    subprocess.run(
        [sys.executable, "-m", "salon", "site", "add", "blog", "--origin", ORIGIN, "--db", str(db)],
        check=True,
        capture_output=True,
    )
    monkeypatch.setenv("SALON_RATE_LIMIT_POSTS", "4")
    monkeypatch.setenv("SALON_TRUST_FORWARDED", "true" if trusted else "false")
    port = free_port()
    proc = start(db, port)
    try:
        codes = _flood(f"http://127.0.0.1:{port}", 8)
    finally:
        proc.terminate()
        proc.wait(10)
    if trusted:
        assert codes == [201] * 8
    else:
        assert codes == [201] * 4 + [429] * 4
