"""X-Forwarded-For / X-Forwarded-Proto count only with ``trust_forwarded`` and from an allowed proxy."""

from __future__ import annotations

from fastapi.testclient import TestClient

from salon.app import create_app
from tests.conftest import post

FORGED = [{"X-Forwarded-For": f"203.0.113.{i}"} for i in range(6)]


def _client(settings, services, **changes):
    changed = settings.model_copy(update={"rate_limit_posts": 3, **changes})
    object.__setattr__(services, "settings", changed)
    return TestClient(create_app(changed, services), raise_server_exceptions=False)


def _codes(client):
    return [post(client, f"Comment {i}.", name=f"N{i}", headers=h).status_code for i, h in enumerate(FORGED)]


def test_forwarded_for_is_ignored_when_not_trusted(settings, services, site):
    with _client(settings, services, trust_forwarded=False, forwarded_allow="*") as client:
        assert _codes(client) == [201, 201, 201, 429, 429, 429]


def test_forwarded_for_is_ignored_from_a_peer_not_on_the_allow_list(settings, services, site):
    with _client(settings, services, trust_forwarded=True, forwarded_allow="10.0.0.1") as client:
        assert _codes(client) == [201, 201, 201, 429, 429, 429]


def test_forwarded_for_names_the_client_behind_an_allowed_proxy(settings, services, site):
    # The test client's peer is called "testclient"; a real deployment lists addresses.
    with _client(settings, services, trust_forwarded=True, forwarded_allow="testclient") as client:
        assert _codes(client) == [201] * 6
        # The same forwarded client is limited like any other.
        again = [post(client, f"Again {i}.", headers=FORGED[0]).status_code for i in range(3)]
        assert again == [201, 201, 429]


def _login_cookie(client):
    page = client.get("/admin/login", headers={"X-Forwarded-Proto": "https"})
    return page.headers["set-cookie"]


def test_forwarded_proto_makes_cookies_secure_only_when_trusted(settings, services, site):
    with _client(settings, services, trust_forwarded=False) as client:
        assert "secure" not in _login_cookie(client).lower()
    with _client(settings, services, trust_forwarded=True, forwarded_allow="testclient") as client:
        assert "secure" in _login_cookie(client).lower()
