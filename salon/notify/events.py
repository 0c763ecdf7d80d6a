"""Live events: one bus in a process, or Redis pub/sub when several processes serve one site.

Events are small dicts: ``{"type": "comment.published", "site_id": 1, "thread_id": 2, "url": …,
"comment_id": 3}``. Subscribers are callbacks (cache invalidation) or asyncio queues (Server-Sent
Events). Delivery is best-effort: a lost event costs a reader a live update, never data.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

log = logging.getLogger(__name__)

Event = dict[str, Any]
Listener = Callable[[Event], None]

CHANNEL = "salon:events"


class EventBus(Protocol):
    """Publish events to every process; deliver them to this process's listeners."""

    def publish(self, event: Event) -> None: ...
    def subscribe(self, listener: Listener) -> Callable[[], None]: ...
    def close(self) -> None: ...


class LocalEventBus:
    """Delivers events to the listeners of this process only."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def publish(self, event: Event) -> None:
        self._deliver(event)

    def _deliver(self, event: Event) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:  # a broken listener must not break the writer
                log.exception("event listener failed")

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock, contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return unsubscribe

    def close(self) -> None:
        with self._lock:
            self._listeners.clear()


class RedisEventBus(LocalEventBus):
    """Publishes through Redis so that every process (including this one) hears every event."""

    def __init__(self, url: str) -> None:
        super().__init__()
        import redis

        self._redis = redis.Redis.from_url(url)
        self._redis.ping()
        self._pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        self._pubsub.subscribe(**{CHANNEL: self._on_message})
        self._thread = self._pubsub.run_in_thread(sleep_time=0.1, daemon=True)

    def publish(self, event: Event) -> None:
        try:
            self._redis.publish(CHANNEL, json.dumps(event))
        except Exception:
            # Redis down: this process still hears it, and the write it follows has committed.
            log.exception("could not publish event to Redis; delivering locally only")
            self._deliver(event)

    def _on_message(self, message: dict[str, Any]) -> None:
        try:
            event = json.loads(message["data"])
        except (ValueError, TypeError):
            return
        self._deliver(event)

    def close(self) -> None:
        super().close()
        self._thread.stop()
        self._thread.join(timeout=2)  # let the listener finish its read before its socket goes
        self._pubsub.close()
        self._redis.close()


class AsyncSubscription:
    """An asyncio queue fed by a bus, for one Server-Sent Events client."""

    def __init__(self, bus: EventBus, predicate: Callable[[Event], bool], maxsize: int = 100) -> None:
        self.queue: asyncio.Queue[Event] = asyncio.Queue(maxsize=maxsize)
        self._loop = asyncio.get_running_loop()
        self._predicate = predicate
        self._unsubscribe = bus.subscribe(self._listener)

    def _listener(self, event: Event) -> None:
        if self._predicate(event):
            self._loop.call_soon_threadsafe(self._put, event)

    def _put(self, event: Event) -> None:
        with contextlib.suppress(asyncio.QueueFull):
            self.queue.put_nowait(event)

    def close(self) -> None:
        self._unsubscribe()
