"""Webhooks to a real local HTTP receiver, verified with the reference `standardwebhooks` package:
every event kind, retries through the outbox with a stable id, secret rotation, presets."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from standardwebhooks import Webhook as Verifier
from standardwebhooks.webhooks import WebhookVerificationError

from salon.actions import decisions, reports, sanctions
from salon.actions import webhooks as webhook_actions
from salon.actions.comments import NewComment, create_comment, delete_comment, edit_comment
from salon.actions.users import create_user, moderator_for
from salon.db import outbox as outbox_queries
from salon.db import tables as t
from salon.db.engine import now
from salon.errors import SalonError
from salon.models import Decision, ReportReason, Role, SanctionKind
from salon.moderation.pipeline import Context, PhaseResult
from salon.notify import webhooks
from salon.notify.outbox import OutboxWorker
from tests.conftest import PAGE


class Receiver:
    """An HTTP server on 127.0.0.1 that records each request and answers with the next status."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                receiver.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                status = receiver.statuses.pop(0) if receiver.statuses else 204
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/salon"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def events(self) -> list[dict[str, Any]]:
        return [json.loads(body) for _, body in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


class HoldEverything:
    name = "test_hold"

    def __call__(self, ctx: Context) -> PhaseResult:
        return PhaseResult(decision=Decision.HOLD, reasons=["held by the test"])


def _post(services, body="Hello there", parent_id=None, address="1.2.3.4"):
    return create_comment(
        services,
        NewComment(url=PAGE, body=body, author_name="Ann", client_address=address, parent_id=parent_id),
    )


@pytest.fixture
def boss(mail_services):
    return moderator_for(mail_services, create_user(mail_services, "boss@example.com", "x" * 12, Role.ADMIN))


def test_every_event_arrives_signed_and_verifies(mail_services, blog, receiver, boss):
    _, secret = webhook_actions.add(mail_services, blog.id, receiver.url)
    assert secret.startswith("whsec_")
    worker = OutboxWorker(mail_services)
    first = _post(mail_services)
    edit_comment(mail_services, first.comment.id, first.edit_token, "Hello there, edited")
    reports.report(mail_services, first.comment.id, ReportReason.SPAM, "looks odd", "9.9.9.9", None)
    mail_services.phases = [HoldEverything()]
    held = _post(mail_services, "Wait for me", address="1.2.3.6")
    decisions.approve(mail_services, boss, held.comment.id)
    other = _post(mail_services, "Reject me", address="1.2.3.7")
    decisions.reject(mail_services, boss, other.comment.id, "no thanks")
    sanctions.sanction(mail_services, boss, other.comment.author_id, SanctionKind.BAN, "spammer")
    delete_comment(mail_services, first.comment.id, first.edit_token)
    worker.drain()
    verifier = Verifier(secret)
    kinds = []
    for headers, body in receiver.requests:
        event = verifier.verify(body, headers)
        assert headers["webhook-id"].startswith("msg_")
        kinds.append(event["type"])
    assert kinds == [
        "comment.created",
        "comment.published",
        "comment.edited",
        "report.filed",
        "comment.created",
        "comment.held",
        "comment.published",
        "comment.created",
        "comment.held",
        "comment.rejected",
        "sanction.applied",
        "comment.deleted",
    ]
    published = receiver.events()[1]["data"]
    assert published["comment"]["id"] == first.comment.id and published["thread"]["url"] == PAGE
    assert published["comment"]["author"] == {"name": "Ann"}, "no address, no e-mail, no hash"
    assert "Hello there" in published["comment"]["body"]


def test_a_wrong_secret_or_a_changed_body_does_not_verify(mail_services, blog, receiver):
    _, secret = webhook_actions.add(mail_services, blog.id, receiver.url, ["comment.published"])
    _post(mail_services)
    OutboxWorker(mail_services).drain()
    [(headers, body)] = receiver.requests
    with pytest.raises(WebhookVerificationError):
        Verifier(webhooks.new_secret()).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Verifier(secret).verify(body.replace(b"Hello", b"Howdy"), headers)


def test_only_the_events_asked_for(mail_services, blog, receiver):
    webhook_actions.add(mail_services, blog.id, receiver.url, ["comment.held"])
    _post(mail_services)
    mail_services.phases = [HoldEverything()]
    _post(mail_services, "held one", address="5.5.5.5")
    OutboxWorker(mail_services).drain()
    assert [e["type"] for e in receiver.events()] == ["comment.held"]


def test_failures_are_retried_with_the_same_id_until_delivered(mail_services, blog, receiver):
    _, secret = webhook_actions.add(mail_services, blog.id, receiver.url, ["comment.published"])
    receiver.statuses = [500, 503]
    worker = OutboxWorker(mail_services)
    _post(mail_services)
    for _ in range(3):
        assert worker.run_once() == 1
    assert len(receiver.requests) == 3
    ids = {headers["webhook-id"] for headers, _ in receiver.requests}
    assert len(ids) == 1, "a retry is the same message"
    for headers, body in receiver.requests:
        Verifier(secret).verify(body, headers)
    with mail_services.db.read() as conn:
        [row] = outbox_queries.recent(conn, None, 10)
    assert (row.status, row.attempts) == ("sent", 3)


def test_an_unreachable_receiver_is_retried_not_lost(mail_services, blog, receiver):
    webhook_actions.add(mail_services, blog.id, receiver.url, ["comment.published"])
    receiver.close()
    worker = OutboxWorker(mail_services)
    _post(mail_services)
    worker.run_once()
    with mail_services.db.read() as conn:
        [row] = outbox_queries.recent(conn, None, 10)
    assert row.status == "pending" and row.attempts == 1 and row.last_error


def test_rotation_signs_with_both_secrets_during_the_overlap(mail_services, blog, receiver):
    hook, old = webhook_actions.add(mail_services, blog.id, receiver.url, ["comment.published"])
    new = webhook_actions.rotate(mail_services, hook.id, overlap_seconds=3600)
    assert new != old
    _post(mail_services)
    OutboxWorker(mail_services).drain()
    [(headers, body)] = receiver.requests
    assert len(headers["webhook-signature"].split(" ")) == 2
    Verifier(old).verify(body, headers)
    Verifier(new).verify(body, headers)


def test_after_the_overlap_only_the_new_secret_signs(mail_services, blog, receiver):
    hook, old = webhook_actions.add(mail_services, blog.id, receiver.url, ["comment.published"])
    new = webhook_actions.rotate(mail_services, hook.id, overlap_seconds=0)
    _post(mail_services)
    OutboxWorker(mail_services).drain()
    [(headers, body)] = receiver.requests
    Verifier(new).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Verifier(old).verify(body, headers)


def test_a_switched_off_webhook_gets_nothing_more(mail_services, blog, receiver):
    hook, _ = webhook_actions.add(mail_services, blog.id, receiver.url, ["comment.published"])
    _post(mail_services)
    webhook_actions.set_active(mail_services, hook.id, False)
    OutboxWorker(mail_services).drain()
    assert receiver.requests == []
    with mail_services.db.read() as conn:
        [row] = outbox_queries.recent(conn, None, 10)
    assert row.status == "skipped"


@pytest.mark.parametrize("preset", ["slack", "matrix"])
def test_chat_presets_post_a_message(mail_services, blog, receiver, preset):
    _, secret = webhook_actions.add(mail_services, blog.id, receiver.url, ["comment.published"], preset)
    _post(mail_services)
    OutboxWorker(mail_services).drain()
    [(headers, body)] = receiver.requests
    doc = Verifier(secret).verify(body, headers)
    assert doc["text"].startswith("salon: comment.published by Ann")
    assert f"{PAGE}#salon-c-" in doc["text"]
    if preset == "matrix":
        assert doc["msgtype"] == "m.notice" and doc["body"] == doc["text"]


def test_bad_webhook_settings_are_clear_422s(mail_services, blog):
    with pytest.raises(SalonError) as bad_url:
        webhook_actions.add(mail_services, blog.id, "ftp://example.org/x")
    assert bad_url.value.status == 422 and bad_url.value.field == "url"
    with pytest.raises(SalonError) as bad_event:
        webhook_actions.add(mail_services, blog.id, "https://example.org/x", ["comment.exploded"])
    assert bad_event.value.code == "bad_event"
    with pytest.raises(SalonError) as bad_preset:
        webhook_actions.add(mail_services, blog.id, "https://example.org/x", [], "discord")
    assert bad_preset.value.code == "bad_preset"


def test_the_signature_is_the_spec_s_hmac():
    """Known-answer check against the spec's construction, independent of the library."""
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    sig = webhooks.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}')
    assert sig == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    verifier = Verifier(secret)
    assert verifier.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", _at(1614265330), '{"test": 2432232314}') == sig


def _at(stamp: int):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(stamp, UTC)


def test_rotation_overlap_is_recorded(mail_services, blog):
    hook, _ = webhook_actions.add(mail_services, blog.id, "https://example.org/x")
    webhook_actions.rotate(mail_services, hook.id, overlap_seconds=600)
    with mail_services.db.read() as conn:
        row = conn.execute(t.webhooks.select()).one()
    assert row.previous_secret and row.previous_until > now() + timedelta(seconds=590)


def test_cli_adds_rotates_lists_and_runs_the_outbox(mail_settings, mail_services, blog, receiver):
    from click.testing import CliRunner

    from salon.cli import main

    db = ["--db", mail_settings.database_url]
    runner = CliRunner()
    added = runner.invoke(main, ["webhook", "add", "blog", receiver.url, "--event", "comment.published", *db])
    assert added.exit_code == 0, added.output
    secret = added.output.split("secret: ")[1].strip()
    listed = runner.invoke(main, ["webhook", "list", *db])
    assert receiver.url in listed.output and "comment.published" in listed.output
    _post(mail_services)
    env = {"SALON_SMTP_HOST": "", "SALON_CLASSIFIER": "null"}
    ran = runner.invoke(main, ["outbox", "run", *db], env=env)
    assert ran.exit_code == 0 and "1 sent" in ran.output, ran.output
    [(headers, body)] = receiver.requests
    Verifier(secret).verify(body, headers)
    rotated = runner.invoke(main, ["webhook", "rotate", "1", "--overlap", "0", *db])
    assert rotated.exit_code == 0 and rotated.output.startswith("secret: whsec_")
    bad = runner.invoke(main, ["webhook", "add", "nosuchsite", receiver.url, *db])
    assert bad.exit_code != 0 and "no site named" in bad.output
