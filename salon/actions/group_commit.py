"""Group commit: requests that wait for the writer are written together, and each is answered
only after the commit that holds it.

One writer thread per process takes everything queued while it was busy (at most ``max_batch``)
and hands it to ``write``, which writes the whole batch in one transaction and returns one result
(or exception) per request, in order. Nothing waits on purpose: under light load a batch is one
request and costs what it always did; under load the batch grows by itself, and one fsync
(SQLite, ``synchronous=FULL``) or one commit (PostgreSQL) serves all of its requests.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class Stats:
    """What a writer has done: for tests, ``salon`` diagnostics and benchmarks."""

    batches: int = 0
    requests: int = 0
    largest: int = 0


class GroupCommit(Generic[T, R]):
    """A queue in front of one writer thread (started on the first request)."""

    def __init__(
        self, write: Callable[[list[T]], Sequence[R | BaseException]], *, name: str, max_batch: int = 64
    ) -> None:
        """``write`` writes a batch and returns one result or exception per request, in order."""
        self._write = write
        self._name = name
        self._max = max_batch
        self._queue: deque[tuple[T, Future[R]]] = deque()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopping = False
        self.stats = Stats()

    def submit(self, request: T) -> Future[R]:
        """Queue a request; the future is resolved once its batch is committed (or has failed)."""
        future: Future[R] = Future()
        with self._cond:
            if self._stopping:
                raise RuntimeError(f"{self._name} is stopped")
            self._queue.append((request, future))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            self._cond.notify()
        return future

    def waiting(self) -> int:
        """Requests queued behind the batch being written."""
        with self._cond:
            return len(self._queue)

    def stop(self, timeout: float = 30.0) -> None:
        """Write what is queued, then end the thread."""
        with self._cond:
            self._stopping = True
            self._cond.notify()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _take(self) -> list[tuple[T, Future[R]]]:
        with self._cond:
            while not self._queue and not self._stopping:
                self._cond.wait()
            count = min(len(self._queue), self._max)
            return [self._queue.popleft() for _ in range(count)]

    def _run(self) -> None:
        while True:
            batch = self._take()
            if not batch:
                return
            self._answer(batch)

    def _answer(self, batch: list[tuple[T, Future[R]]]) -> None:
        results: Sequence[R | BaseException]
        try:
            results = self._write([request for request, _ in batch])
            if len(results) != len(batch):
                raise RuntimeError(f"{len(batch)} requests in, {len(results)} results out")
        except BaseException as exc:  # the thread must survive; each request hears why
            log.exception("%s: a batch of %d failed", self._name, len(batch))
            results = [exc] * len(batch)
        self.stats.batches += 1
        self.stats.requests += len(batch)
        self.stats.largest = max(self.stats.largest, len(batch))
        for (_, future), result in zip(batch, results, strict=True):
            if isinstance(result, BaseException):
                future.set_exception(result)
            else:
                future.set_result(result)
