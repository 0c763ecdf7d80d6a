"""Fixed-window rate limits, in memory or in Redis when several processes share the limit."""

from __future__ import annotations

import math
import threading
import time
from typing import Protocol


class RateLimiter(Protocol):
    def hit(self, key: str, limit: int, window: int) -> float:
        """Count one event for ``key``; return 0 if allowed, else seconds until it would be."""
        ...


class MemoryRateLimiter:
    """Windows kept in this process; old windows are swept as new ones begin."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()
        self._last_sweep = 0

    def hit(self, key: str, limit: int, window: int) -> float:
        now = time.time()
        slot = int(now // window)
        with self._lock:
            if slot != self._last_sweep:
                self._counts = {k: v for k, v in self._counts.items() if k[1] >= slot - 1}
                self._last_sweep = slot
            count = self._counts.get((key, slot), 0) + 1
            self._counts[(key, slot)] = count
        if count <= limit:
            return 0.0
        return max(1.0, math.ceil((slot + 1) * window - now))


class RedisRateLimiter:
    def __init__(self, url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url)

    def hit(self, key: str, limit: int, window: int) -> float:
        now = time.time()
        slot = int(now // window)
        name = f"salon:rl:{key}:{slot}"
        pipe = self._redis.pipeline()
        pipe.incr(name)
        pipe.expire(name, window * 2)
        count = int(pipe.execute()[0])
        if count <= limit:
            return 0.0
        return max(1.0, math.ceil((slot + 1) * window - now))
