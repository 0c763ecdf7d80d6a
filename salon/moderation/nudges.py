"""Which texts the pre-submit nudge warned about, so a re-post of the same text is recognised.

``POST /api/comments:check`` remembers a keyed hash of (site, client, normalised text) when it
nudges; the nudge phase holds a comment whose hash is remembered, even if the widget did not say
``nudged: true``.  The store is in-process and bounded (``capacity`` entries, ``ttl`` seconds,
oldest dropped first): several app processes each remember their own checks, so behind a load
balancer the ``nudged`` flag the widget sends remains the primary signal.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict

from salon.moderation.normalize import normalize


def text_key(site_id: int | None, client: str | None, text: str) -> str:
    """A hash of who posted what where; the text is normalised so trivial edits don't evade it."""
    folded = " ".join(normalize(text).text.split())
    raw = f"{site_id}\x1f{client or ''}\x1f{folded}".encode()
    return hashlib.sha256(raw).hexdigest()


class NudgeMemory:
    """A bounded, thread-safe set of recently nudged text keys."""

    def __init__(self, capacity: int = 10_000, ttl: float = 3600.0) -> None:
        self.capacity = capacity
        self.ttl = ttl
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, key: str) -> None:
        with self._lock:
            self._seen[key] = time.monotonic()
            self._seen.move_to_end(key)
            while len(self._seen) > self.capacity:
                self._seen.popitem(last=False)

    def seen(self, key: str) -> bool:
        with self._lock:
            stamp = self._seen.get(key)
            if stamp is None:
                return False
            if time.monotonic() - stamp > self.ttl:
                del self._seen[key]
                return False
            return True

    def __len__(self) -> int:
        return len(self._seen)
