"""Who may see and do what: sessions, CSRF, sites, roles, and the login rate limit."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from salon.actions.users import set_password
from salon.db import comments as comment_queries
from salon.db import tables as t
from salon.db import users as user_queries
from tests.admin.conftest import OTHER_PAGE, PASSWORD, csrf_of, dashboard_for, held_comment, sign_in


def _status(services, comment_id):
    with services.db.read() as conn:
        return comment_queries.get(conn, comment_id).status


def test_pages_need_a_session(app, services, client, site):
    anon = TestClient(app)
    response = anon.get("/admin?queue=held", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/admin/login?next=")
    htmx = anon.get("/admin", headers={"HX-Request": "true"})
    assert htmx.status_code == 401 and htmx.headers["HX-Redirect"] == "/admin/login"
    for path in ("/admin/sites", "/admin/audit", "/admin/comments/1", "/admin/authors/1"):
        assert anon.get(path, follow_redirects=False).status_code == 303


def test_no_action_without_session(app, services, client, site):
    cid = held_comment(services, client)
    anon = TestClient(app)
    response = anon.post(f"/admin/comments/{cid}/decide", data={"action": "approve"}, follow_redirects=False)
    assert response.status_code == 303
    assert _status(services, cid) == "pending"


def test_no_action_without_csrf_token(services, client, site, as_admin):
    cid = held_comment(services, client)
    bare = as_admin.client.post(f"/admin/comments/{cid}/decide", data={"action": "approve"})
    assert bare.status_code == 403
    wrong = as_admin.client.post(
        f"/admin/comments/{cid}/decide", data={"action": "approve"}, headers={"X-CSRF-Token": "nope"}
    )
    assert wrong.status_code == 403
    assert _status(services, cid) == "pending"
    in_form = as_admin.client.post(
        f"/admin/comments/{cid}/decide",
        data={"action": "approve", "csrf": as_admin.csrf},
        follow_redirects=False,
    )
    assert in_form.status_code == 303
    assert _status(services, cid) == "published"


def test_logout_needs_csrf_and_clears_the_cookie(as_admin):
    assert as_admin.client.post("/admin/logout").status_code == 403
    response = as_admin.post("/admin/logout")
    assert response.status_code == 303
    assert 'salon_admin=""' in response.headers["set-cookie"] or "Max-Age=0" in response.headers["set-cookie"]
    assert as_admin.get("/admin", follow_redirects=False).status_code == 303


def test_moderator_sees_and_acts_only_on_their_sites(app, services, client, site, other_site, as_mod):
    mine = held_comment(services, client)
    theirs = held_comment(services, client, url=OTHER_PAGE)
    queue = as_mod.get("/admin?queue=held")
    assert f'id="item-{mine}"' in queue.text and f'id="item-{theirs}"' not in queue.text
    assert as_mod.get(f"/admin?site={other_site.id}").status_code == 404
    assert as_mod.get(f"/admin/comments/{theirs}").status_code == 404
    assert as_mod.get(f"/admin/sites/{other_site.id}/settings").status_code == 404
    assert "news" not in as_mod.get("/admin/sites").text
    for action in ("approve", "reject", "spam"):
        assert as_mod.post(f"/admin/comments/{theirs}/decide", {"action": action}).status_code == 404
    assert as_mod.post(f"/admin/comments/{theirs}/pin", {"pinned": "true"}).status_code == 404
    with services.db.read() as conn:
        theirs_row = comment_queries.get(conn, theirs)
    assert as_mod.post(f"/admin/threads/{theirs_row.thread_id}/lock", {"locked": "true"}).status_code == 404
    assert as_mod.post(f"/admin/authors/{theirs_row.author_id}/sanctions", {"kind": "ban"}).status_code == 404
    assert as_mod.post(f"/admin/authors/{theirs_row.author_id}/bulk", {"action": "reject"}).status_code == 404
    bulk = as_mod.post("/admin/bulk", {"action": "reject", "ids": [mine, theirs]})
    assert bulk.status_code == 303
    assert _status(services, theirs) == "pending" and _status(services, mine) == "rejected"
    audit = as_mod.get("/admin/audit").text
    assert f"comment #{theirs}" not in audit and f"comment #{mine}" in audit


def test_admin_sees_every_site(services, client, site, other_site, as_admin):
    mine = held_comment(services, client)
    theirs = held_comment(services, client, url=OTHER_PAGE)
    queue = as_admin.get("/admin").text
    assert f'id="item-{mine}"' in queue and f'id="item-{theirs}"' in queue
    only_news = as_admin.get(f"/admin?site={other_site.id}").text
    assert f'id="item-{theirs}"' in only_news and f'id="item-{mine}"' not in only_news


def test_moderators_read_settings_but_cannot_change_them(services, site, as_mod):
    page = as_mod.get(f"/admin/sites/{site.id}/settings")
    assert page.status_code == 200 and "read-only" in page.text
    response = as_mod.post(f"/admin/sites/{site.id}/settings", {"origins": "https://evil.example"})
    assert response.status_code == 403


def test_wrong_password_is_refused_and_audited(app, services, admin_user):
    anon = TestClient(app)
    response = sign_in(anon, admin_user.email, "not the password")
    assert response.status_code == 401 and "Wrong" in response.text
    with services.db.read() as conn:
        actions = [r.action for r in conn.execute(select(t.audit_log.c.action))]
    assert "user.login_failed" in actions


def test_login_is_rate_limited_per_email(app, admin_user, limiter):
    anon = TestClient(app)
    for _ in range(5):
        assert sign_in(anon, admin_user.email, "guess").status_code == 401
    blocked = sign_in(anon, admin_user.email, PASSWORD)
    assert blocked.status_code == 429 and blocked.headers["Retry-After"] == "600"
    assert "Too many attempts" in blocked.text


def test_login_is_rate_limited_per_address(app, admin_user, limiter):
    anon = TestClient(app)
    assert sign_in(anon, "nobody@example.com", "guess").status_code == 401
    (address_key,) = [k for k in limiter.counts if k.startswith("login:addr:")]
    limiter.counts[address_key] = 20  # as if 20 attempts, for any addresses, came from here
    assert sign_in(anon, admin_user.email, PASSWORD).status_code == 429


def test_a_stale_hash_is_upgraded_at_sign_in(app, services, admin_user):
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    with services.db.write() as conn:
        user_queries.set_fields(conn, admin_user.id, password_hash=weak)
    client = TestClient(app)
    assert sign_in(client, admin_user.email).status_code == 303
    assert client.get("/admin", follow_redirects=False).status_code == 200
    with services.db.read() as conn:
        assert user_queries.get(conn, admin_user.id).password_hash != weak


def test_login_form_needs_its_token(app, admin_user):
    anon = TestClient(app)
    anon.get("/admin/login")
    response = anon.post(
        "/admin/login", data={"email": admin_user.email, "password": PASSWORD, "csrf": "forged"}
    )
    assert response.status_code == 403


def test_session_cookie_flags(app, admin_user):
    secure = TestClient(app, base_url="https://testserver")
    cookie = sign_in(secure, admin_user.email).headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" in cookie
    plain = TestClient(app)
    cookie = sign_in(plain, admin_user.email).headers["set-cookie"]
    assert "HttpOnly" in cookie and "Secure" not in cookie


def test_next_only_goes_inside_the_dashboard(app, admin_user):
    anon = TestClient(app)
    page = anon.get("/admin/login?next=https://evil.example/")
    response = anon.post(
        "/admin/login",
        data={"email": admin_user.email, "password": PASSWORD, "csrf": csrf_of(page.text), "next": "//evil"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/admin"


def test_password_change_and_disabling_end_sessions(app, services, admin_user):
    board = dashboard_for(app, admin_user.email)
    set_password(services, admin_user.email, "another long password")
    assert board.get("/admin", follow_redirects=False).status_code == 303
    board = dashboard_for_password(app, admin_user.email, "another long password")
    with services.db.write() as conn:
        user_queries.set_fields(conn, admin_user.id, disabled=True)
    assert board.get("/admin", follow_redirects=False).status_code == 303


def dashboard_for_password(app, email, password):
    client = TestClient(app)
    assert sign_in(client, email, password).status_code == 303
    return client
