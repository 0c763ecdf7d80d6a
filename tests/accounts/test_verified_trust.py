"""A verified identity feeds trust: signed-in readers leave the newcomer holds sooner (as the site
sets it), rejections still hold them, and a sanction on a signed-in account follows it to other
devices, other sign-ins and new guest tokens that use its proven address."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from salon.actions import decisions, sanctions
from salon.actions.sites import update_settings
from salon.actions.users import create_user, moderator_for
from salon.db import comments as comment_queries
from salon.db import tables as t
from salon.models import Role, SanctionKind
from salon.notify.outbox import OutboxWorker
from tests.accounts.test_signin import SECRET, sso_token
from tests.conftest import PAGE, post
from tests.notify.conftest import text_of


@pytest.fixture
def admin(mail_services):
    return moderator_for(
        mail_services, create_user(mail_services, "boss@example.com", "pw-0123456789", Role.ADMIN)
    )


@pytest.fixture
def trust_site(mail_services, blog):
    update_settings(
        mail_services, blog.id, {"sso_secret": SECRET, "signin_email": True, "trust_new_count": 3}, "cli"
    )
    return blog


def sso(client, **claims) -> str:
    r = client.post("/api/auth/sso", json={"url": PAGE, "token": sso_token(**claims)})
    assert r.status_code == 200, r.text
    return r.json()["author_token"]


def magic(client, services, inbox, email: str) -> str:
    """Sign in with an e-mail link, through the real SMTP server."""
    before = len(inbox.messages)
    assert client.post("/api/auth/email", json={"url": PAGE, "email": email}).status_code == 202
    OutboxWorker(services).drain()
    mail = inbox.messages[before]
    link = re.search(r"https://comments\.example\.org/auth/email\?t=\S+", text_of(mail)).group(0)
    used = client.post(
        "/auth/email", data={"t": parse_qs(urlsplit(link).query)["t"][0]}, follow_redirects=False
    )
    return unquote(used.headers["location"].split("#salon-auth=")[1])


def as_(token: str) -> dict:
    return {"headers": {"X-Salon-Author": token}}


def reasons(services, comment_id: int) -> list[str]:
    with services.db.read() as conn:
        return list((comment_queries.get(conn, comment_id).moderation or {}).get("reasons", []))


def test_a_verified_reader_leaves_the_newcomer_hold_after_one_published(
    mail_client, mail_services, trust_site, inbox, admin
):
    guest = post(mail_client, "A guest's first comment here", "Gus").json()
    assert guest["status"] == "pending"
    token = magic(mail_client, mail_services, inbox, "mia@example.org")
    first = post(mail_client, "Mia's first comment here", "Mia", **as_(token)).json()
    assert first["status"] == "pending", "no history yet: held as any newcomer"
    decisions.approve(mail_services, admin, first["id"])
    decisions.approve(mail_services, admin, guest["id"])

    second = post(mail_client, "Mia's second comment here", "Mia", **as_(token)).json()
    assert second["status"] == "published", "verified, with one published comment"
    assert "verified reader (email), past the newcomer hold" in reasons(mail_services, second["id"])
    guest_again = post(mail_client, "The guest's second one", "Gus", **as_(guest["author_token"])).json()
    assert guest_again["status"] == "pending", "a guest still waits for three"
    assert "new author: comment 2 of the first 3 is reviewed" in reasons(mail_services, guest_again["id"])


def test_verified_history_and_the_switch_are_the_sites(mail_client, mail_services, trust_site, inbox):
    update_settings(mail_services, trust_site.id, {"verified_history": 0}, "cli")
    trusted = post(mail_client, "Signed in by the site", "x", **as_(sso(mail_client))).json()
    assert trusted["status"] == "published", "verified_history 0: from the first comment"

    update_settings(mail_services, trust_site.id, {"verified_trust": False}, "cli")
    other = post(
        mail_client, "Another member's first", "x", **as_(sso(mail_client, id="wp-43", name="Bo"))
    ).json()
    assert other["status"] == "pending", "verified_trust off: treated as a guest"

    update_settings(
        mail_services,
        trust_site.id,
        {"verified_trust": True, "verified_history": 1, "trust_new_count": 0, "premoderation": "new"},
        "cli",
    )
    by_link = post(
        mail_client,
        "First by e-mail link",
        "Em",
        **as_(magic(mail_client, mail_services, inbox, "em@example.org")),
    )
    assert by_link.json()["status"] == "pending", "premoderation new: an e-mail link needs its history"
    site_member = post(
        mail_client, "First from the site", "x", **as_(sso(mail_client, id="wp-44", name="Cy"))
    ).json()
    assert site_member["status"] == "published", "the site's own sign-in is never new to premoderation"
    update_settings(mail_services, trust_site.id, {"verified_history": 0}, "cli")
    second_link = magic(mail_client, mail_services, inbox, "flo@example.org")
    assert (
        post(mail_client, "First by link, trusted", "Flo", **as_(second_link)).json()["status"] == "published"
    )


def test_rejections_still_hold_a_verified_reader(mail_client, mail_services, trust_site, admin):
    update_settings(mail_services, trust_site.id, {"verified_history": 0}, "cli")
    token = sso(mail_client)
    for i in range(3):
        posted = post(mail_client, f"Comment number {i} of the member", "x", **as_(token)).json()
        assert posted["status"] == "published"
        decisions.reject(mail_services, admin, posted["id"])
    held = post(mail_client, "And another one", "x", **as_(token)).json()
    assert held["status"] == "pending"
    assert "3 of the author's last 3 comments were rejected" in reasons(mail_services, held["id"])


def test_a_ban_on_a_verified_account_sticks(mail_client, mail_services, trust_site, inbox, admin):
    update_settings(mail_services, trust_site.id, {"trust_new_count": 0}, "cli")
    phone = sso(mail_client)
    first = post(mail_client, "Before the ban", "x", **as_(phone)).json()
    assert first["status"] == "published"
    with mail_services.db.read() as conn:
        author_id = comment_queries.get(conn, first["id"]).author_id
    sanctions.sanction(mail_services, admin, author_id, SanctionKind.BAN, "abuse")  # no signals chosen

    mail_client.cookies.clear()
    laptop = sso(mail_client)  # another device: nothing kept from the phone, a fresh sign-in
    refused = post(mail_client, "From the laptop", "x", **as_(laptop)).json()
    assert refused["status"] == "rejected" and refused["message"] == "You can no longer comment on this site."

    # A new guest token typing the account's proven address, and another sign-in proving it.
    guest = post(mail_client, "As a guest now", "Someone", author={"email": "Ann@Example.org"}).json()
    assert guest["status"] == "pending"
    assert any("shares the e-mail address of author" in r for r in reasons(mail_services, guest["id"]))
    by_link = post(
        mail_client,
        "Signed in by link",
        "A",
        **as_(magic(mail_client, mail_services, inbox, "ann@example.org")),
    ).json()
    assert by_link["status"] == "pending", "another way of signing in with the same address"
    stranger = post(mail_client, "Someone else entirely", "Zed", author={"email": "zed@example.org"}).json()
    assert stranger["status"] == "published", "other readers are not caught"
    with mail_services.db.read() as conn:
        logged = conn.execute(t.audit_log.select().where(t.audit_log.c.action == "author.ban")).one()
    assert logged.details["signals"] == ["account", "email"]
