"""The outbox worker: delivers the rows actions wrote, with retries and exponential back-off.

``salon serve`` starts one in each process (``Services.start_outbox``); tests call ``run_once``.
Each kind of row has one deliverer, listed in ``DELIVERERS``. A deliverer returns when the row is
delivered, raises ``Skip`` when there is nothing left to send (a reply that was deleted since), and
raises anything else to be tried again later. After ``outbox_max_attempts`` the row is ``failed``
and stays in the delivery log with its last error.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from salon.db import outbox as outbox_queries
from salon.db.outbox import OutboxRow
from salon.notify.events import Event
from salon.notify.mail import Mail

if TYPE_CHECKING:
    from salon.services import Services

log = logging.getLogger(__name__)

#: Rows one claim takes; each is delivered in turn.
BATCH = 10
#: How long a claim holds its rows: longer than a batch of slow deliveries takes.
LEASE_SECONDS = 300.0
#: The longest wait between two attempts, whatever the back-off says.
MAX_DELAY_SECONDS = 6 * 3600.0


class Skip(Exception):
    """Nothing to deliver any more (the reason is kept in the log)."""


Deliverer = Callable[["Services", OutboxRow], None]


def deliver_mail(services: Services, row: OutboxRow) -> None:
    services.mailer.send(Mail.from_json(row.payload))


def _deliverers() -> dict[str, Deliverer]:
    from salon.notify import replies, webhooks

    return {
        "mail": deliver_mail,
        "webhook": webhooks.deliver,
        "replies": replies.deliver,
        "held": replies.deliver_held,
    }


def backoff(settings_base: float, attempts: int) -> float:
    """Seconds before attempt ``attempts + 1``: base, twice that, four times… capped."""
    return float(min(settings_base * (2 ** max(attempts - 1, 0)), MAX_DELAY_SECONDS))


class OutboxWorker:
    """Claims due rows, delivers them, records the outcome; a thread when started."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._deliverers = _deliverers()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._unsubscribe: Callable[[], None] | None = None

    # -- one round ---------------------------------------------------------------------------

    def run_once(self, limit: int = BATCH) -> int:
        """Deliver what is due now (up to ``limit`` rows); how many rows were attempted."""
        db = self._services.db
        # Woken by every event (each new comment), the worker mostly finds nothing due: it looks on
        # a read connection first, and takes the write transaction (on SQLite, the process's one
        # write lock, which the post writer waits for) only to claim rows that are there.
        with db.read() as conn:
            if not outbox_queries.any_due(conn):
                return 0
        with db.write() as conn:
            rows = outbox_queries.claim(conn, limit, LEASE_SECONDS, skip_locked=not db.is_sqlite)
        for row in rows:
            self._deliver(row)
        return len(rows)

    def drain(self, rounds: int = 100) -> int:
        """Run rounds until nothing is due (tests, `salon outbox run`); rows attempted."""
        total = 0
        for _ in range(rounds):
            n = self.run_once()
            total += n
            if n == 0:
                break
        return total

    def _deliver(self, row: OutboxRow) -> None:
        settings = self._services.settings
        deliverer = self._deliverers.get(row.kind)
        try:
            if deliverer is None:
                raise Skip(f"no deliverer for {row.kind!r}")
            deliverer(self._services, row)
        except Skip as exc:
            with self._services.db.write() as conn:
                outbox_queries.finish(conn, row.id, "skipped", str(exc) or "nothing to send")
            return
        except Exception as exc:  # any failure is retried; the log keeps what it was
            error = f"{type(exc).__name__}: {exc}"
            final = row.attempts >= settings.outbox_max_attempts
            delay = None if final else backoff(settings.outbox_retry_seconds, row.attempts)
            log.warning(
                "outbox row %s (%s to %s) failed, attempt %s: %s%s",
                row.id,
                row.topic,
                row.recipient,
                row.attempts,
                error,
                "; giving up" if final else f"; next try in {delay:.0f} s",
            )
            with self._services.db.write() as conn:
                outbox_queries.retry_later(conn, row.id, error, delay)
            return
        with self._services.db.write() as conn:
            outbox_queries.finish(conn, row.id, "sent")

    # -- the thread --------------------------------------------------------------------------

    def on_event(self, _event: Event) -> None:
        """Any event may have written rows: look now rather than at the next poll."""
        self._wake.set()

    def start(self) -> None:
        if self._thread is not None:
            return
        self._unsubscribe = self._services.events.subscribe(self.on_event)
        self._thread = threading.Thread(target=self._loop, name="salon-outbox", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        poll = self._services.settings.outbox_poll_seconds
        while not self._stop.is_set():
            try:
                busy = self.run_once() == BATCH
            except Exception:  # database away: wait and try again, the rows are safe where they are
                log.exception("outbox round failed")
                busy = False
            if not busy:
                self._wake.wait(poll)
                self._wake.clear()

    def stop(self, timeout: float = 15.0) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
