"""Rate limits over a moving window, in memory or in Redis when several processes share the limit.

A moving window counts the events of the last ``window`` seconds, whatever the clock reads: a
client cannot double its allowance by posting on both sides of a minute's boundary, as it could
with fixed windows. The counting is the ``limits`` library's; a refused event is not counted.
"""

from __future__ import annotations

import math
import time
from typing import Protocol

from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import MovingWindowRateLimiter


class RateLimiter(Protocol):
    def hit(self, key: str, limit: int, window: int) -> float:
        """Count one event for ``key``; return 0 if allowed, else seconds until it would be."""
        ...


class _MovingWindow:
    def __init__(self, storage: Storage) -> None:
        self._strategy = MovingWindowRateLimiter(storage)

    def hit(self, key: str, limit: int, window: int) -> float:
        item = RateLimitItemPerSecond(limit, window)
        if self._strategy.hit(item, key):
            return 0.0
        reset = self._strategy.get_window_stats(item, key).reset_time
        return max(1.0, math.ceil(reset - time.time()))


class MemoryRateLimiter(_MovingWindow):
    """Events counted in this process."""

    def __init__(self) -> None:
        super().__init__(MemoryStorage())


class RedisRateLimiter(_MovingWindow):
    """Events counted in Redis, shared by every process that uses the same server."""

    def __init__(self, url: str) -> None:
        super().__init__(RedisStorage(url, key_prefix="salon:rl"))
