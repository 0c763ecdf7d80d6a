"""The outbox: rows written with their event, delivered by a worker to a real SMTP server, retried
with back-off through an outage, taken over after a worker dies, and never lost."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from salon.actions.comments import NewComment, create_comment
from salon.db import outbox as outbox_queries
from salon.db import tables as t
from salon.db.engine import now
from salon.models import Decision
from salon.moderation.pipeline import Context, PhaseResult
from salon.notify.outbox import MAX_DELAY_SECONDS, OutboxWorker, backoff
from tests.conftest import PAGE
from tests.notify.conftest import Inbox, text_of


class HoldEverything:
    name = "test_hold"

    def __call__(self, ctx: Context) -> PhaseResult:
        return PhaseResult(decision=Decision.HOLD, reasons=["held by the test"])


def _post(services, body="hmm", name="Bob", **kw):
    return create_comment(
        services, NewComment(url=PAGE, body=body, author_name=name, client_address="1.2.3.5", **kw)
    )


def _rows(services):
    with services.db.read() as conn:
        return outbox_queries.recent(conn, None, 100)


@pytest.fixture
def mail_overrides():
    return {"admin_email": "mod@example.org"}


def test_held_comment_is_an_outbox_row_then_one_mail(mail_services, blog, worker, inbox):
    published = _post(mail_services, "fine", "Ann")
    assert published.comment.status == "published"
    assert _rows(mail_services) == [], "a published comment asks nothing of the operator"
    mail_services.phases = [HoldEverything()]
    held = _post(mail_services)
    assert held.comment.status == "pending"
    [row] = _rows(mail_services)
    assert (row.kind, row.status, row.recipient) == ("held", "pending", "mod@example.org")
    assert inbox.messages == [], "nothing is sent on the request path"
    assert worker.drain() == 1
    [mail] = inbox.messages
    assert mail["To"] == "mod@example.org" and "awaits moderation" in mail["Subject"]
    text = text_of(mail)
    assert PAGE in text and f"https://comments.example.org/admin/comments/{held.comment.id}" in text
    [row] = _rows(mail_services)
    assert (row.status, row.attempts) == ("sent", 1) and row.sent_at is not None
    assert worker.drain() == 0 and len(inbox.messages) == 1, "a sent row is not sent again"


def test_smtp_outage_retries_with_backoff_and_loses_nothing(mail_services, blog, smtp_port):
    """No server listens at first: the row waits, backs off, and goes once the server is up."""
    mail_services.settings = mail_services.settings.model_copy(update={"outbox_retry_seconds": 60.0})
    worker = OutboxWorker(mail_services)
    mail_services.phases = [HoldEverything()]
    held = _post(mail_services)
    assert held.comment.status == "pending", "the comment is stored whatever mail does"
    before = now()
    assert worker.run_once() == 1
    [row] = _rows(mail_services)
    assert row.status == "pending" and row.attempts == 1
    assert "Connection" in (row.last_error or "") or "refused" in (row.last_error or "")
    assert row.available_at >= before + timedelta(seconds=59), "the next try waits the back-off"
    assert worker.run_once() == 0, "not due again yet"
    # time passes: make the row due (what the clock would do), then the server comes up
    with mail_services.db.write() as conn:
        conn.execute(t.outbox.update().values(available_at=now()))
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        assert worker.run_once() == 1
    finally:
        controller.stop()
    [mail] = box.messages
    assert str(held.comment.id) in text_of(mail)
    [row] = _rows(mail_services)
    assert (row.status, row.attempts) == ("sent", 2)


def test_gives_up_after_the_last_attempt(mail_services, blog):
    mail_services.settings = mail_services.settings.model_copy(update={"outbox_max_attempts": 3})
    worker = OutboxWorker(mail_services)
    mail_services.phases = [HoldEverything()]
    _post(mail_services)
    for attempt in range(1, 4):
        assert worker.run_once() == 1, f"attempt {attempt}"
    [row] = _rows(mail_services)
    assert (row.status, row.attempts) == ("failed", 3)
    assert row.last_error
    assert worker.run_once() == 0


def test_a_worker_that_dies_mid_delivery_leaves_the_row_to_another(mail_services, blog, worker, inbox):
    mail_services.phases = [HoldEverything()]
    _post(mail_services)
    with mail_services.db.write() as conn:  # a worker claims the row for 1 ms and then dies
        [claimed] = outbox_queries.claim(conn, 10, 0.001, skip_locked=not mail_services.db.is_sqlite)
    time.sleep(0.01)
    assert worker.run_once() == 1, "the lease ran out: another worker takes the row"
    assert len(inbox.messages) == 1
    [row] = _rows(mail_services)
    assert row.id == claimed.id and (row.status, row.attempts) == ("sent", 2)


def test_a_held_row_is_not_taken_while_its_lease_runs(mail_services, blog, worker, inbox):
    mail_services.phases = [HoldEverything()]
    _post(mail_services)
    with mail_services.db.write() as conn:
        outbox_queries.claim(conn, 10, 300, skip_locked=not mail_services.db.is_sqlite)
    assert worker.run_once() == 0
    assert inbox.messages == []


def test_rows_roll_back_with_their_transaction(mail_services, blog):
    with pytest.raises(RuntimeError), mail_services.db.write() as conn:
        outbox_queries.enqueue(conn, "mail", "test", "a@example.org", {"to": "a@example.org"})
        raise RuntimeError("the event's transaction fails")
    assert _rows(mail_services) == []


def test_the_worker_thread_delivers_on_its_own(mail_services, blog, inbox):
    mail_services.phases = [HoldEverything()]
    mail_services.start_outbox()
    _post(mail_services)
    deadline = time.monotonic() + 10
    while not inbox.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(inbox.messages) == 1
    mail_services.close()
    with mail_services.db.read() as conn:
        status = conn.execute(select(t.outbox.c.status)).scalar_one()
    assert status == "sent"


def test_held_digest_gathers_notices(mail_services, blog, inbox):
    """held_digest_seconds > 0: one mail for every comment held in the period."""
    mail_services.settings = mail_services.settings.model_copy(update={"held_digest_seconds": 3600})
    worker = OutboxWorker(mail_services)
    mail_services.phases = [HoldEverything()]
    ids = [_post(mail_services, f"held {i}", f"R{i}").comment.id for i in range(3)]
    assert worker.run_once() == 0, "the digest waits for its period"
    with mail_services.db.write() as conn:
        conn.execute(t.outbox.update().values(available_at=now()))
    assert worker.run_once() == 1
    [mail] = inbox.messages
    assert "3 comments await moderation" in mail["Subject"]
    assert all(f"/admin/comments/{i}" in text_of(mail) for i in ids)


def test_backoff_doubles_and_is_capped():
    assert [backoff(30, n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff(30, 40) == MAX_DELAY_SECONDS
