"""`salon serve` as a real process starts the outbox worker: a held comment's notice reaches a
real SMTP server, with no test code driving the worker; a row written while the server was down
goes out once it is back."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import httpx
import pytest

from tests.notify.conftest import free_port
from tests.test_serve import ORIGIN, start

pytestmark = pytest.mark.slow


def _serve(db, port, smtp_port):
    env = {
        "SALON_SMTP_HOST": "127.0.0.1",
        "SALON_SMTP_PORT": str(smtp_port),
        "SALON_ADMIN_EMAIL": "mod@example.org",
        "SALON_PUBLIC_URL": "https://comments.example.org",
        "SALON_OUTBOX_POLL_SECONDS": "0.2",
        "SALON_OUTBOX_RETRY_SECONDS": "0.2",
    }
    return start(db, port, env)


def test_serve_delivers_held_notices_through_an_smtp_outage(tmp_path, smtp_port):
    from aiosmtpd.controller import Controller

    from tests.notify.conftest import Inbox

    db = tmp_path / "serve.db"
    subprocess.run(
        [sys.executable, "-m", "salon", "site", "add", "blog", "--origin", ORIGIN, "--db", str(db)],
        check=True,
        capture_output=True,
    )
    subprocess.run(  # every comment is held for review: each one is a notice
        [sys.executable, "-c", _PREMODERATE, str(db)], check=True, capture_output=True
    )
    port = free_port()
    proc = _serve(db, port, smtp_port)  # no SMTP server yet: the outage
    try:
        r = httpx.post(
            f"http://127.0.0.1:{port}/api/comments",
            json={"url": f"{ORIGIN}/a", "author": {"name": "Ann"}, "body": "please review"},
        )
        assert r.status_code == 201 and r.json()["status"] == "pending", r.text
        time.sleep(1.0)  # a few failed attempts while the mail server is away
        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        try:
            deadline = time.monotonic() + 30
            while not inbox.messages and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            controller.stop()
        assert len(inbox.messages) == 1, "the notice arrives once the server is back"
        assert inbox.messages[0]["To"] == "mod@example.org"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(15)


_PREMODERATE = """
import sys
from salon.actions.sites import update_settings
from salon.services import build_services
from salon.settings import load_settings
services = build_services(load_settings(database_url=sys.argv[1], classifier="null"))
site = services.sites.for_url("https://blog.example.com/a")
update_settings(services, site.id, {"premoderation": "all"}, "test")
services.close()
"""
