"""Sanctions that stick: a ban can cover the author's signals; the same person coming back
without their token, under a new name and e-mail, is held from the same address (or with the
same e-mail from anywhere), with the reason shown; authors who were there before are never held
for sharing an address, and nobody is merged into the banned author."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from salon.actions import sanctions
from salon.db import comments as comment_queries
from salon.db import tables as t
from salon.errors import SalonError
from salon.models import SanctionKind
from tests.conftest import PAGE

_clients: dict[str, TestClient] = {}


@pytest.fixture(autouse=True)
def by_address(app):
    """One test client per address: each is a browser behind its own connection."""
    _clients.clear()
    yield
    for c in _clients.values():
        c.close()


def _post(client, body, name, email=None, address="203.0.113.7", token=None):
    sender = _clients.get(address)
    if sender is None:
        sender = _clients[address] = TestClient(client.app, client=(address, 40000))
    headers = {"X-Salon-Author": token} if token else {}
    author = {"name": name, **({"email": email} if email else {})}
    r = sender.post("/api/comments", json={"url": PAGE, "body": body, "author": author}, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


def _row(services, comment_id):
    with services.db.read() as conn:
        return comment_queries.get(conn, comment_id)


def test_a_banned_person_is_held_again_without_token_name_or_email(services, client, site, admin_user):
    neighbour = _post(client, "I live in the same building.", "Nell")  # same address, before the ban
    troll = _post(client, "First troll post.", "Troll", email="troll@example.com")
    troll_author = _row(services, troll["id"]).author_id
    sanctions.sanction(
        services,
        admin_user,
        troll_author,
        SanctionKind.BAN,
        "abuse",
        signals=["email", "address"],
        address_days=7,
    )
    with services.db.read() as conn:
        kinds = sorted(r.kind for r in conn.execute(select(t.sanction_signals)))
    assert kinds == ["address", "email"]

    # Back with no token, a new name, no e-mail, the same address: held, the reason shown.
    back = _post(client, "Totally new person here.", "Fresh")
    row = _row(services, back["id"])
    assert back["status"] == "pending" and row.moderation["phase"] == "sanction_signals"
    assert any(
        f"shares the address of author #{troll_author}, under a ban (abuse)" in r
        for r in row.moderation["reasons"]
    )
    assert row.author_id != troll_author  # a new author of its own: nobody is merged

    # The same e-mail from another address: held too.
    elsewhere = _post(
        client, "Hello from a café.", "Other", email="Troll@Example.com", address="198.51.100.9"
    )
    assert elsewhere["status"] == "pending"
    assert "e-mail address" in " ".join(_row(services, elsewhere["id"]).moderation["reasons"])

    # Someone new from elsewhere with another e-mail: nothing to go on, published.
    assert (
        _post(client, "Unrelated reader.", "Ula", email="ula@example.org", address="192.0.2.50")["status"]
        == "published"
    )
    # The neighbour who was there before the ban is not held for sharing the address.
    again = _post(client, "Still me, the neighbour.", "Nell", token=neighbour["author_token"])
    assert again["status"] == "published"
    # The banned author themself is refused by the sanctions phase, as before.
    assert _post(client, "with my token", "Troll", token=troll["author_token"])["status"] == "rejected"


def test_lifting_the_sanction_lifts_its_signals_and_warnings_cover_none(services, client, site, admin_user):
    troll = _post(client, "First troll post.", "Troll", email="troll@example.com")
    author_id = _row(services, troll["id"]).author_id
    ban = sanctions.sanction(services, admin_user, author_id, SanctionKind.BAN, signals=["email", "address"])
    assert _post(client, "new me", "New")["status"] == "pending"
    sanctions.lift(services, admin_user, ban, "served")
    assert _post(client, "new me again", "Newer")["status"] == "published"
    warned = sanctions.sanction(
        services, admin_user, author_id, SanctionKind.WARN, signals=["email", "address"]
    )
    with services.db.read() as conn:
        assert (
            conn.execute(select(t.sanction_signals).where(t.sanction_signals.c.sanction_id == warned)).first()
            is None
        )
    try:
        sanctions.sanction(services, admin_user, author_id, SanctionKind.SUSPEND, signals=["cookie"])
    except SalonError as exc:
        assert exc.status == 422 and exc.field == "signals"
    else:
        raise AssertionError("an unknown signal was accepted")


def test_the_dashboard_form_chooses_the_signals(services, client, site, as_admin):
    troll = _post(client, "First troll post.", "Troll", email="troll@example.com")
    author_id = _row(services, troll["id"]).author_id
    page = as_admin.get(f"/admin/authors/{author_id}").text
    assert 'name="signals" value="email" checked' in page and 'name="signals" value="address">' in page
    r = as_admin.post(
        f"/admin/authors/{author_id}/sanctions",
        {"kind": "shadow_ban", "signals": ["address"], "address_days": "1"},
    )
    assert r.status_code == 303
    with services.db.read() as conn:
        rows = list(conn.execute(select(t.sanction_signals)))
    assert [r.kind for r in rows] == ["address"] and rows[0].expires_at is not None
    assert _post(client, "a new face", "Face")["status"] == "pending"
