"""An unregistered origin can read why it is refused (CORS on errors only), and the refusal is logged."""

from __future__ import annotations

import logging

from tests.conftest import PAGE

STRANGER = "https://new-blog.example"


def test_an_unregistered_origin_reads_the_error_and_its_fix(client, site, caplog):
    with caplog.at_level(logging.WARNING, logger="salon.api.cors"):
        for _ in range(3):
            response = client.get(
                "/api/comments", params={"url": f"{STRANGER}/post"}, headers={"Origin": STRANGER}
            )
    assert response.status_code == 404
    assert response.headers["access-control-allow-origin"] == STRANGER
    error = response.json()["error"]
    assert error["code"] == "unknown_site"
    assert STRANGER in error["message"] and f"salon site add NAME --origin {STRANGER}" in error["message"]
    logged = [r.getMessage() for r in caplog.records if STRANGER in r.getMessage()]
    assert len(logged) == 1 and "salon site add" in logged[0]


def test_an_unregistered_origin_still_cannot_read_comments_or_preflight(client, site):
    ok = client.get("/api/comments", params={"url": PAGE}, headers={"Origin": STRANGER})
    assert ok.status_code == 200 and "access-control-allow-origin" not in ok.headers
    preflight = client.options(
        "/api/comments",
        headers={
            "Origin": STRANGER,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_an_empty_install_answers_with_cors_and_the_fix(client):
    response = client.get("/api/comments", params={"url": f"{STRANGER}/x"}, headers={"Origin": STRANGER})
    assert response.status_code == 404
    assert response.headers["access-control-allow-origin"] == STRANGER
    assert "salon site add" in response.json()["error"]["message"]
