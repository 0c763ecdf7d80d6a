"""Several processes on one site share events and rate limits through a real Redis."""

from __future__ import annotations

import os
import time
import uuid

import pytest
from fastapi.testclient import TestClient

from salon.app import create_app
from salon.db.engine import Database
from salon.notify.events import RedisEventBus
from salon.ratelimit import RedisRateLimiter
from salon.services import Services
from tests.conftest import PAGE, post, sleep_until_late_in_a_second

REDIS_URL = os.environ.get("SALON_TEST_REDIS", "redis://127.0.0.1:6379/15")


def _redis_skip_reason() -> str | None:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        return None
    except Exception as exc:  # any failure to connect means: skip, and say why
        return f"Redis not reachable at {REDIS_URL} ({type(exc).__name__}); set SALON_TEST_REDIS"


pytestmark = pytest.mark.skipif(bool(_redis_skip_reason()), reason=_redis_skip_reason() or "")


def wait_for(predicate, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_an_event_published_in_one_process_reaches_the_others():
    a, b = RedisEventBus(REDIS_URL), RedisEventBus(REDIS_URL)
    seen_a: list[dict] = []
    seen_b: list[dict] = []
    a.subscribe(seen_a.append)
    b.subscribe(seen_b.append)
    marker = str(uuid.uuid4())
    try:
        time.sleep(0.2)  # both subscriptions are live
        a.publish({"type": "test.ping", "marker": marker})
        assert wait_for(lambda: any(e.get("marker") == marker for e in seen_b))
        assert wait_for(lambda: any(e.get("marker") == marker for e in seen_a))  # and the sender itself
    finally:
        a.close()
        b.close()


def test_rate_limits_are_shared():
    key = f"test:{uuid.uuid4()}"
    one, two = RedisRateLimiter(REDIS_URL), RedisRateLimiter(REDIS_URL)
    assert one.hit(key, 2, 60) == 0.0
    assert two.hit(key, 2, 60) == 0.0
    assert 1 <= one.hit(key, 2, 60) <= 60


def test_a_post_in_one_process_drops_the_cached_page_in_another(settings, site, services):
    """Two app processes on one database: B's new comment must not leave A serving a stale page."""
    a = Services(
        settings=settings,
        db=Database(settings.database_url),
        secret="test-secret",
        events=RedisEventBus(REDIS_URL),
    )
    b = Services(
        settings=settings,
        db=Database(settings.database_url),
        secret="test-secret",
        events=RedisEventBus(REDIS_URL),
    )
    try:
        time.sleep(0.2)
        with TestClient(create_app(settings, a)) as ca, TestClient(create_app(settings, b)) as cb:
            assert ca.get("/api/comments", params={"url": PAGE}).json()["thread"]["count"] == 0  # cached in A
            assert post(cb, "written through process B").status_code == 201
            assert wait_for(
                lambda: ca.get("/api/comments", params={"url": PAGE}).json()["thread"]["count"] == 1
            )
    finally:
        a.close()
        b.close()


def test_the_shared_window_moves_with_the_clock():
    """Two processes, two posts just before a second's boundary, one just after: still refused."""
    key = f"test:{uuid.uuid4()}"
    one, two = RedisRateLimiter(REDIS_URL), RedisRateLimiter(REDIS_URL)
    sleep_until_late_in_a_second()
    assert one.hit(key, 2, 1) == 0.0
    assert two.hit(key, 2, 1) == 0.0
    time.sleep(0.25)
    assert one.hit(key, 2, 1) == 1.0
    time.sleep(1.0)
    assert two.hit(key, 2, 1) == 0.0
