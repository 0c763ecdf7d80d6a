"""Rendered thread responses, kept until the thread changes.

A GET of a thread is the hot path: it is answered from here without touching the database. Any
event about a thread drops that thread's entries; an event about a site drops everything. Bounded
LRU, safe across threads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from salon.notify.events import Event


class ThreadCache:
    def __init__(self, max_entries: int = 2000) -> None:
        self._entries: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._by_url: dict[str, set[tuple[Any, ...]]] = {}
        self._lock = threading.Lock()
        self._max = max_entries
        self._generation = 0
        self._builders: dict[tuple[Any, ...], tuple[threading.Lock, int]] = {}

    @contextmanager
    def building(self, key: tuple[Any, ...]) -> Iterator[None]:
        """Hold while building the value for ``key``: concurrent builders of one key queue here."""
        with self._lock:
            lock, users = self._builders.get(key, (threading.Lock(), 0))
            self._builders[key] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._lock:
                lock, users = self._builders[key]
                if users == 1:
                    del self._builders[key]
                else:
                    self._builders[key] = (lock, users - 1)

    @property
    def generation(self) -> int:
        """Changes whenever anything is invalidated; a filler that started before must not store."""
        return self._generation

    def get(self, key: tuple[Any, ...]) -> Any | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, url: str, key: tuple[Any, ...], value: Any, generation: int) -> None:
        with self._lock:
            if generation != self._generation:
                return  # something changed while the value was being built
            self._entries[key] = value
            self._entries.move_to_end(key)
            self._by_url.setdefault(url, set()).add(key)
            while len(self._entries) > self._max:
                old, _ = self._entries.popitem(last=False)
                keys = self._by_url.get(old[0])
                if keys is not None:
                    keys.discard(old)

    def invalidate_url(self, url: str) -> None:
        with self._lock:
            self._generation += 1
            for key in self._by_url.pop(url, ()):
                self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._generation += 1
            self._entries.clear()
            self._by_url.clear()

    def on_event(self, event: Event) -> None:
        """Bus listener: thread events drop that thread, site events drop everything."""
        if event.get("url"):
            self.invalidate_url(str(event["url"]))
        elif str(event.get("type", "")).startswith("site."):
            self.clear()
