"""Proof-of-work through the public API, with the ``altcha`` library from PyPI as the client:
ALTCHA v1 and v2 challenges are solved and accepted once; a post without a solution, with a
wrong, expired, replayed, too easy or another site's solution is refused and stores nothing."""

from __future__ import annotations

import base64
import json
import time

import altcha
import pytest
from sqlalchemy import func, select

from salon.actions.sites import add_site, update_settings
from salon.db import tables as t
from salon.db.engine import Database
from salon.moderation import proof_of_work as pow
from tests.conftest import PAGE, post

REQUIRED = {"pow_required": True}


@pytest.fixture
def guarded(services, site):
    update_settings(services, site.id, REQUIRED, "test")
    return site


def _count(services, table) -> int:
    with services.db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _challenge(client, version: int = 1, url: str = PAGE) -> dict:
    response = client.get("/api/challenge", params={"url": url, "v": version})
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    return dict(response.json())


def _solve_v1(challenge: dict) -> str:
    ch = altcha.ChallengeV1(
        challenge["algorithm"],
        challenge["challenge"],
        challenge["maxnumber"],
        challenge["salt"],
        challenge["signature"],
    )
    solution = altcha.solve_challenge_v1(ch)
    assert solution is not None
    payload = altcha.PayloadV1(ch.algorithm, ch.challenge, solution.number, ch.salt, ch.signature)
    return payload.to_base64()


def _solve_v2(challenge: dict) -> str:
    ch = altcha.Challenge.from_dict(challenge)
    solution = altcha.solve_challenge(ch, timeout=30)
    assert solution is not None
    return altcha.Payload(ch, solution).to_base64()


def _refused(response, code: str = "proof_of_work_failed") -> None:
    assert response.status_code == 403, response.text
    assert response.json()["error"]["code"] == code


def test_v1_solved_by_the_altcha_client_posts_once(services, client, guarded):
    challenge = _challenge(client)
    assert challenge["algorithm"] == "SHA-256" and challenge["maxnumber"] == 50_000
    assert set(challenge) >= {"algorithm", "challenge", "salt", "signature"}
    payload = _solve_v1(challenge)
    first = post(client, body="A person with a browser.", altcha=payload)
    assert first.status_code == 201, first.text
    assert first.json()["status"] == "published"
    with services.db.read() as conn:
        stored = conn.execute(select(t.comments.c.moderation)).scalar_one()
    assert any("proof-of-work v1 verified" in r for r in stored["reasons"])
    _refused(post(client, body="The same solution again.", altcha=payload))
    assert _count(services, t.comments) == 1


def test_v2_solved_by_the_altcha_client_posts_once(services, client, guarded):
    challenge = _challenge(client, version=2)
    params = challenge["parameters"]
    assert params["algorithm"] == "PBKDF2/SHA-256" and params["keyPrefix"] == "00"
    assert params["data"]["site"] == guarded.id and challenge["signature"]
    payload = _solve_v2(challenge)
    assert post(client, body="Solved with v2.", altcha=payload).status_code == 201
    _refused(post(client, body="Replayed v2.", altcha=payload))


def test_without_a_solution_a_bot_is_refused_and_nothing_is_stored(services, client, guarded):
    authors_before = _count(services, t.authors)
    _refused(post(client, body="I am a script."))
    _refused(post(client, body="Garbage.", altcha="bm90IGpzb24="))
    _refused(post(client, body="Not base64 at all.", altcha="%%%"))
    assert _count(services, t.comments) == 0 and _count(services, t.authors) == authors_before


def test_wrong_tampered_expired_and_too_easy_solutions_are_refused(services, client, guarded):
    challenge = _challenge(client)
    good = json.loads(base64.b64decode(_solve_v1(challenge)))
    wrong = {**good, "number": good["number"] + 1}
    _refused(post(client, body="Wrong number.", altcha=base64.b64encode(json.dumps(wrong).encode()).decode()))
    forged_salt = good["salt"].replace("difficulty=50000", "difficulty=900000")
    forged = {**good, "salt": forged_salt}
    _refused(post(client, body="Forged salt.", altcha=base64.b64encode(json.dumps(forged).encode()).decode()))

    expired = pow.issue_v1(services.secret, guarded.id, 50_000, ttl=60, at=time.time() - 120)
    _refused(post(client, body="Too late.", altcha=_solve_v1(expired)))
    easy = pow.issue_v1(services.secret, guarded.id, 1_000, ttl=600)
    _refused(post(client, body="Too easy.", altcha=_solve_v1(easy)))
    unsigned = pow.issue_v1("another install's secret", guarded.id, 50_000, ttl=600)
    _refused(post(client, body="Signed elsewhere.", altcha=_solve_v1(unsigned)))
    assert _count(services, t.comments) == 0


def test_a_challenge_for_another_site_is_refused(services, client, guarded):
    other, _ = add_site(services, "news", ["https://news.example.org"])
    update_settings(services, other.id, REQUIRED, "test")
    theirs = _challenge(client, url="https://news.example.org/a/story")
    _refused(post(client, body="Borrowed.", altcha=_solve_v1(theirs)))


def test_spent_solutions_are_refused_in_another_process(services, guarded):
    """Two Database objects (two pools, as two processes have) on one database: spent once."""
    challenge = pow.issue_v1(services.secret, guarded.id, 50_000, ttl=600)
    proof = pow.verify(services.secret, _solve_v1(challenge))
    other = Database(services.settings.database_url)
    try:
        assert pow.spend(other, proof) is True
        assert pow.spend(services.db, proof) is False
        assert pow.spend(other, proof) is False
    finally:
        other.dispose()


def test_difficulty_rises_for_an_address_or_a_thread_under_flood(services, client, site):
    update_settings(services, site.id, {"pow_flood_factor": 4, "flood_limit": 6}, "test")
    assert client.get("/api/challenge", params={"url": PAGE}).status_code == 204
    calm = client.get("/api/challenge", params={"url": PAGE, "always": True}).json()
    assert calm["maxnumber"] == 50_000
    for n in range(3):  # half the flood limit from one address
        assert post(client, body=f"Comment number {n} in a hurry.").status_code == 201
    raised = client.get("/api/challenge", params={"url": PAGE, "always": True}).json()
    assert raised["maxnumber"] == 200_000
    v2 = client.get("/api/challenge", params={"url": PAGE, "v": 2, "always": True}).json()
    assert v2["parameters"]["cost"] == 4_000

    # A thread under flood raises it for everyone posting there, from any address.
    update_settings(services, site.id, {"flood_limit": 1000, "pow_thread_flood": 3}, "test")
    other_page = "https://blog.example.com/2026/11/quiet"
    assert (
        client.get("/api/challenge", params={"url": other_page, "always": True}).json()["maxnumber"] == 50_000
    )
    assert client.get("/api/challenge", params={"url": PAGE, "always": True}).json()["maxnumber"] == 200_000


def test_bad_challenge_requests_are_clear_4xx(client, guarded):
    assert client.get("/api/challenge", params={"url": "https://unknown.example.net/x"}).status_code == 404
    assert client.get("/api/challenge", params={"url": PAGE, "v": 3}).status_code == 422
    assert client.get("/api/challenge").status_code == 422
