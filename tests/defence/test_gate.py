"""The gate's small phases: the honeypot, the time to submit, and the form without JavaScript
falling back to holding when the site requires a proof-of-work."""

from __future__ import annotations

import re
import time

from sqlalchemy import func, select

from salon.actions.sites import update_settings
from salon.db import tables as t
from salon.moderation import proof_of_work as pow
from tests.conftest import PAGE, post
from tests.defence.test_proof_of_work import _solve_v1


def _comments(services) -> list:
    with services.db.read() as conn:
        return list(
            conn.execute(select(t.comments.c.status, t.comments.c.moderation).order_by(t.comments.c.id))
        )


def _thread_form(client) -> str:
    html = client.get("/embed/thread", params={"url": PAGE}).text
    form = re.search(r'<form class="salon-form".*?</form>', html, flags=re.S)
    assert form
    return form.group(0)


def test_a_filled_honeypot_is_refused_through_the_api_and_the_form(services, client, site):
    refused = post(client, body="Buy now", homepage_url="https://spam.example")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "bot_suspected"
    form = client.post(
        "/embed/comment",
        data={"url": PAGE, "name": "Bot", "body": "spam", "homepage_url": "http://x.example"},
        follow_redirects=False,
    )
    assert form.status_code == 403
    assert _comments(services) == []
    assert post(client, body="A person leaves it empty.", homepage_url="").status_code == 201


def test_the_plain_form_hides_the_honeypot_and_signs_its_render_time(services, client, site):
    form = _thread_form(client)
    hp = re.search(r'<div class="salon-hp" aria-hidden="true">.*?</div>', form, flags=re.S)
    assert hp and 'name="homepage_url" tabindex="-1" autocomplete="off"' in hp.group(0)
    token = re.search(r'name="form_token" value="([^"]+)"', form)
    assert token
    found = pow.read_form_token(services.secret, token.group(1))
    assert found is not None and found[0] == site.id and abs(found[1] - time.time()) < 5
    signed = token.group(1)
    tampered = signed[:-1] + ("1" if signed[-1] == "0" else "0")
    assert pow.read_form_token(services.secret, tampered) is None
    assert pow.read_form_token("another secret", token.group(1)) is None


def test_a_post_sooner_than_the_minimum_after_its_form_is_held(services, client, site):
    update_settings(services, site.id, {"min_submit_seconds": 20}, "test")
    fresh = pow.form_token(services.secret, site.id)
    r = client.post(
        "/embed/comment",
        data={"url": PAGE, "name": "Fast", "body": "posted at once", "form_token": fresh},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"].endswith("#salon-held")
    earlier = pow.form_token(services.secret, site.id, at=time.time() - 60)
    r = client.post(
        "/embed/comment",
        data={"url": PAGE, "name": "Slow", "body": "read, then wrote", "form_token": earlier},
        follow_redirects=False,
    )
    assert r.status_code == 303 and "#salon-c-" in r.headers["location"]
    (held, published) = _comments(services)
    assert held.status == "pending" and held.moderation["phase"] == "time_to_submit"
    assert any("after the form was shown (minimum 20s)" in r for r in held.moderation["reasons"])
    assert published.status == "published"

    # The widget's clock is its challenge's signed issue time.
    quick = client.get("/api/challenge", params={"url": PAGE}).json()
    assert post(client, body="Quick with a challenge.", altcha=_solve_v1(quick)).json()["status"] == "pending"
    old = pow.issue_v1(services.secret, site.id, 50_000, ttl=600, at=time.time() - 60)
    assert post(client, body="Took my time.", altcha=_solve_v1(old)).json()["status"] == "published"


def test_the_form_without_javascript_is_held_when_a_proof_is_required(services, client, site):
    update_settings(services, site.id, {"pow_required": True}, "test")
    r = client.post(
        "/embed/comment",
        data={"url": PAGE, "name": "Nora", "body": "no scripts here"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"].endswith("#salon-held")
    (row,) = _comments(services)
    assert row.status == "pending" and row.moderation["phase"] == "proof_of_work"
    assert "no proof-of-work: posted from the form without JavaScript" in row.moderation["reasons"]
    # ... but a script posting the JSON API is refused, and a solved form post goes through.
    assert post(client, body="json without proof").status_code == 403
    challenge = client.get("/api/challenge", params={"url": PAGE}).json()
    r = client.post(
        "/embed/comment",
        data={"url": PAGE, "name": "Ola", "body": "form with a proof", "altcha": _solve_v1(challenge)},
        follow_redirects=False,
    )
    assert r.status_code == 303 and "#salon-c-" in r.headers["location"]


def test_a_stronger_verdict_than_the_gates_hold_stands(services, client, site):
    update_settings(services, site.id, {"pow_required": True, "banned_words": ["casino"]}, "test")
    client.post(
        "/embed/comment", data={"url": PAGE, "name": "N", "body": "casino night"}, follow_redirects=False
    )
    (row,) = _comments(services)
    assert row.status == "rejected" and row.moderation["phase"] == "words"
    assert "no proof-of-work: posted from the form without JavaScript" in row.moderation["reasons"]
    with services.db.read() as conn:
        assert conn.execute(select(func.count()).select_from(t.pow_spent)).scalar_one() == 0
