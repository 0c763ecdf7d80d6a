"""The staff badge and a signed-in reader's picture in the public thread; nothing in it that
identifies a reader across sites (no bare e-mail hash)."""

from __future__ import annotations

import hashlib
import time

import pytest
from joserfc import jwt
from joserfc.jwk import OctKey

from salon.actions.sites import add_site, update_settings
from salon.actions.users import create_user
from tests.conftest import PAGE, post

SECRET = "the-blog's-own-sso-secret-0123456789"
STAFF = "Mod.Erator@Example.org"


def signed_in(client, **claims) -> str:
    body = {"id": "u-1", "name": "Reader", "email": "reader@example.org", "exp": int(time.time()) + 300}
    body.update(claims)
    token = jwt.encode({"alg": "HS256"}, body, OctKey.import_key(SECRET))
    r = client.post("/api/auth/sso", json={"url": PAGE, "token": token})
    assert r.status_code == 200, r.text
    return str(r.json()["author_token"])


@pytest.fixture
def team(services, site):
    update_settings(services, site.id, {"sso_secret": SECRET}, "cli")
    create_user(
        services, STAFF, "correct horse battery", site_names=["blog"], display_name="Mia from the blog"
    )
    return site


def authors(client) -> dict[str, dict]:
    data = client.get("/api/comments", params={"url": PAGE}).json()
    return {c["html"]: c["author"] for c in data["comments"]}


def test_the_sites_moderator_signed_in_carries_the_staff_badge(client, team):
    token = signed_in(client, id="mia", name="Mia from the blog", email=STAFF.lower())
    r = post(
        client, "Thanks, we fixed the typo.", name="Mia from the blog", headers={"X-Salon-Author": token}
    )
    assert r.status_code == 201, r.text  # staff may post under their own (kept) name
    assert r.json()["author"]["staff"] is True
    post(client, "A guest", name="Gus", author={"email": STAFF})  # the address alone proves nothing
    reader = signed_in(
        client, id="r-2", name="Rea", email="rea@example.org", avatar="https://img.example.org/r.png"
    )
    post(client, "A reader", name="Rea", headers={"X-Salon-Author": reader})
    shown = authors(client)
    assert shown["<p>Thanks, we fixed the typo.</p>"]["staff"] is True
    assert shown["<p>A guest</p>"]["staff"] is False and shown["<p>A guest</p>"]["picture"] is None
    assert shown["<p>A reader</p>"] == {
        "name": "Rea",
        "website": None,
        "avatar": shown["<p>A reader</p>"]["avatar"],
        "picture": "https://img.example.org/r.png",
        "staff": False,
    }


def test_a_guest_still_cannot_post_under_a_staff_name(client, team):
    r = post(client, "Official notice", name="Mia from the blog")
    assert r.status_code == 422 and r.json()["error"]["code"] == "name_taken"


def test_a_moderator_of_another_site_is_not_staff_here(client, services, team):
    add_site(services, "other", ["https://other.example.net"])
    create_user(services, "elsewhere@example.org", "correct horse battery", site_names=["other"])
    token = signed_in(client, id="e", name="Elsa", email="elsewhere@example.org")
    post(client, "Hello", name="Elsa", headers={"X-Salon-Author": token})
    assert authors(client)["<p>Hello</p>"]["staff"] is False


def test_no_bare_email_hash_and_a_different_avatar_key_on_every_site(client, services, site):
    add_site(services, "other", ["https://other.example.net"])
    email = "same.person@example.org"
    post(client, "On the blog", name="Sam", author={"email": email})
    post(client, "On the other site", name="Sam", author={"email": email}, url="https://other.example.net/p")
    here = authors(client)["<p>On the blog</p>"]["avatar"]
    there = client.get("/api/comments", params={"url": "https://other.example.net/p"}).json()["comments"][0]
    assert here and there["author"]["avatar"] and here != there["author"]["avatar"]
    for plain in (hashlib.md5(email.encode()).hexdigest(), hashlib.sha256(email.encode()).hexdigest()):
        assert plain[:16] not in client.get("/api/comments", params={"url": PAGE}).text
