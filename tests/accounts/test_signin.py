"""Reader sign-in: the site's own SSO token (valid, expired, wrongly signed), one-time e-mail links
through a real SMTP server, "your comments", and the longer edit window for accounts."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from joserfc import jwt
from joserfc.jwk import OctKey

from salon.actions.sites import update_settings
from salon.db import tables as t
from salon.db.engine import now
from salon.notify.outbox import OutboxWorker
from tests.conftest import PAGE, post
from tests.notify.conftest import text_of

SECRET = "the-blog's-own-sso-secret-0123456789"


def sso_token(secret: str = SECRET, exp_in: int = 300, **claims) -> str:
    body = {"id": "wp-42", "name": "Ann Author", "email": "ann@example.org", "exp": int(time.time()) + exp_in}
    body.update(claims)
    return jwt.encode({"alg": "HS256"}, body, OctKey.import_key(secret))


@pytest.fixture
def sso_site(mail_services, blog):
    update_settings(
        mail_services,
        blog.id,
        {"sso_secret": SECRET, "signin_email": True, "account_edit_window_seconds": 86400},
        "cli",
    )
    return blog


def test_sso_signs_in_and_comments_under_the_sites_identity(mail_client, sso_site):
    r = mail_client.post("/api/auth/sso", json={"url": PAGE, "token": sso_token()})
    assert r.status_code == 200, r.text
    signed = r.json()
    assert signed["name"] == "Ann Author" and signed["provider"] == "sso"
    posted = post(
        mail_client,
        "Signed in now",
        "whatever the form says",
        headers={"X-Salon-Author": signed["author_token"]},
    )
    assert posted.status_code == 201
    assert posted.json()["author"]["name"] == "Ann Author", "the site's name, not the form's"
    again = mail_client.post("/api/auth/sso", json={"url": PAGE, "token": sso_token(name="Ann A.")}).json()
    second = post(mail_client, "Again", "x", headers={"X-Salon-Author": again["author_token"]})
    assert second.json()["author_token"] == again["author_token"]
    with mail_client.app.state.services.db.read() as conn:
        authors = conn.execute(t.authors.select().where(t.authors.c.key.like("account:%"))).all()
        accounts = conn.execute(t.reader_accounts.select()).all()
    assert len(accounts) == 1 and len(authors) == 1, "the same SSO id is the same reader"
    assert accounts[0].name == "Ann A."
    mine = mail_client.get(
        "/api/me/comments", params={"url": PAGE}, headers={"X-Salon-Author": again["author_token"]}
    )
    assert [c["html"] for c in mine.json()["comments"]] == ["<p>Again</p>", "<p>Signed in now</p>"]


def test_sso_refuses_expired_and_wrongly_signed_tokens(mail_client, sso_site):
    expired = mail_client.post("/api/auth/sso", json={"url": PAGE, "token": sso_token(exp_in=-600)})
    assert expired.status_code == 401 and expired.json()["error"]["code"] == "token_expired"
    forged = mail_client.post(
        "/api/auth/sso", json={"url": PAGE, "token": sso_token(secret="another-secret-another-secret-00")}
    )
    assert forged.status_code == 401 and forged.json()["error"]["code"] == "bad_token"
    garbage = mail_client.post("/api/auth/sso", json={"url": PAGE, "token": "not.a.jwt"})
    assert garbage.status_code == 401
    no_exp = jwt.encode({"alg": "HS256"}, {"id": "1", "name": "A"}, OctKey.import_key(SECRET))
    assert mail_client.post("/api/auth/sso", json={"url": PAGE, "token": no_exp}).status_code == 401
    nameless = mail_client.post("/api/auth/sso", json={"url": PAGE, "token": sso_token(name="")})
    assert nameless.status_code == 422
    other_alg = jwt.encode(
        {"alg": "HS512"},
        {"id": "1", "name": "A", "exp": int(time.time()) + 60},
        OctKey.import_key(SECRET),
        algorithms=["HS512"],
    )
    refused = mail_client.post("/api/auth/sso", json={"url": PAGE, "token": other_alg})
    assert refused.status_code == 401, "only HS256 is accepted"


def test_sign_in_is_off_unless_the_site_turns_it_on(mail_client, blog):
    r = mail_client.post("/api/auth/sso", json={"url": PAGE, "token": sso_token()})
    assert r.status_code == 403 and r.json()["error"]["code"] == "signin_off"
    r = mail_client.post("/api/auth/email", json={"url": PAGE, "email": "ann@example.org"})
    assert r.status_code == 403


def test_magic_link_signs_in_once(mail_client, mail_services, sso_site, inbox):
    r = mail_client.post("/api/auth/email", json={"url": PAGE, "email": "ann@example.org", "locale": "fr"})
    assert r.status_code == 202
    OutboxWorker(mail_services).drain()
    [mail] = inbox.messages
    assert mail["Subject"].startswith("Connexion pour commenter")
    link = re.search(r"https://comments\.example\.org/auth/email\?t=\S+", text_of(mail)).group(0)
    token = parse_qs(urlsplit(link).query)["t"][0]
    page = mail_client.get(link.replace("https://comments.example.org", ""))
    assert page.status_code == 200 and "<form" in page.text, "GET signs nobody in"
    used = mail_client.post("/auth/email", data={"t": token}, follow_redirects=False)
    assert used.status_code == 303
    where, fragment = used.headers["location"].split("#salon-auth=")
    assert where == PAGE
    author_token = unquote(fragment)
    posted = post(mail_client, "By magic", "Ann M.", headers={"X-Salon-Author": author_token})
    assert posted.status_code == 201
    assert posted.json()["author"]["name"] == "Ann M.", "a link proves an address, not a name"
    again = mail_client.post("/auth/email", data={"t": token}, follow_redirects=False)
    assert again.status_code == 400, "a magic link works once"
    assert mail_client.post("/auth/email", data={"t": token[:-3] + "abc"}).status_code == 400


def test_magic_link_refuses_bad_addresses(mail_client, sso_site):
    r = mail_client.post("/api/auth/email", json={"url": PAGE, "email": "nope"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "email"


def test_accounts_edit_beyond_the_guest_window(mail_client, mail_services, sso_site):
    signed = mail_client.post("/api/auth/sso", json={"url": PAGE, "token": sso_token()}).json()
    mine = post(mail_client, "Mine", "x", headers={"X-Salon-Author": signed["author_token"]}).json()
    guest = post(mail_client, "A guest's", "Bob").json()
    with mail_services.db.write() as conn:  # both comments are two hours old
        conn.execute(t.comments.update().values(created_at=now() - timedelta(hours=2)))
    ok = mail_client.patch(
        f"/api/comments/{mine['id']}",
        json={"body": "Mine, later"},
        headers={"Authorization": f"Bearer {mine['edit_token']}"},
    )
    assert ok.status_code == 200
    closed = mail_client.patch(
        f"/api/comments/{guest['id']}",
        json={"body": "too late"},
        headers={"Authorization": f"Bearer {guest['edit_token']}"},
    )
    assert closed.status_code == 403 and closed.json()["error"]["code"] == "edit_window_closed"


def test_a_reader_the_site_signed_in_is_not_held_as_new(mail_client, mail_services, sso_site):
    update_settings(mail_services, sso_site.id, {"premoderation": "new"}, "cli")
    guest = post(mail_client, "A first comment from a guest", "Gus")
    assert guest.json()["status"] == "pending"
    signed = mail_client.post("/api/auth/sso", json={"url": PAGE, "token": sso_token()}).json()
    member = post(
        mail_client, "A first comment from a member", "x", headers={"X-Salon-Author": signed["author_token"]}
    )
    assert member.json()["status"] == "published"
