"""Server-side dashboard sessions: a copied cookie stops working at sign-out, from the account
page, and at a password change."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from salon.db import tables as t
from tests.admin.conftest import PASSWORD, dashboard_for


def _copy(board, app):
    """Another client holding the same cookie: what a thief would have."""
    thief = TestClient(app, base_url="https://testserver")
    thief.cookies.set("salon_admin", board.client.cookies.get("salon_admin"), path="/admin")
    return thief


def _signed_in(client) -> bool:
    return client.get("/admin", follow_redirects=False).status_code == 200


def test_sign_out_ends_the_session_on_the_server(app, services, admin_user):
    board = dashboard_for(app, admin_user.email)
    thief = _copy(board, app)
    assert _signed_in(thief)
    assert board.post("/admin/logout").status_code == 303
    assert not _signed_in(thief)
    with services.db.read() as conn:
        rows = conn.execute(select(t.admin_sessions)).all()
    assert len(rows) == 1 and rows[0].ended_at is not None
    assert "salon_admin=" not in str(rows[0])  # only the token's hash is kept


def test_sessions_are_listed_and_can_be_ended_from_the_account_page(app, admin_user):
    laptop = dashboard_for(app, admin_user.email)
    phone = dashboard_for(app, admin_user.email)
    page = laptop.get("/admin/account")
    assert page.status_code == 200
    assert page.headers["content-security-policy"] and page.headers["x-frame-options"] == "DENY"
    ids = [int(i) for i in re.findall(r"/admin/account/sessions/(\d+)/end", page.text)]
    assert len(ids) == 2 and "(this one)" in page.text
    other = max(ids)  # the phone signed in last
    assert laptop.post(f"/admin/account/sessions/{other}/end").status_code == 303
    assert not _signed_in(phone.client)
    assert _signed_in(laptop.client)
    assert laptop.post(f"/admin/account/sessions/{other}/end").status_code == 404  # already over
    assert len(re.findall(r"/admin/account/sessions/(\d+)/end", laptop.get("/admin/account").text)) == 1


def test_one_user_cannot_end_anothers_session(app, admin_user, mod_user):
    admin = dashboard_for(app, admin_user.email)
    mod = dashboard_for(app, mod_user.email)
    (admin_session,) = re.findall(r"/admin/account/sessions/(\d+)/end", admin.get("/admin/account").text)
    assert mod.post(f"/admin/account/sessions/{admin_session}/end").status_code == 404
    assert _signed_in(admin.client)


def test_password_change_on_the_account_page_ends_every_other_session(app, admin_user):
    board = dashboard_for(app, admin_user.email)
    elsewhere = dashboard_for(app, admin_user.email)
    wrong = board.post(
        "/admin/account/password", {"password": "not it", "new_password": "a new long password"}
    )
    assert wrong.status_code == 403 and "not right" in wrong.text
    assert _signed_in(elsewhere.client)
    changed = board.post(
        "/admin/account/password", {"password": PASSWORD, "new_password": "a new long password"}
    )
    assert changed.status_code == 303
    assert not _signed_in(elsewhere.client)
    assert _signed_in(board.client)  # this browser was given a new session
    page = board.get(changed.headers["location"])
    assert "Password changed" in page.text
    assert len(re.findall(r"/admin/account/sessions/(\d+)/end", page.text)) == 1


def test_a_session_past_its_lifetime_is_refused(app, services, admin_user):
    board = dashboard_for(app, admin_user.email)
    with services.db.write() as conn:
        row = conn.execute(select(t.admin_sessions)).one()
        conn.execute(
            t.admin_sessions.update().values(expires_at=row.created_at).where(t.admin_sessions.c.id == row.id)
        )
    assert not _signed_in(board.client)
