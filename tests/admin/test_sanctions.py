"""Sanctions on authors: rows, audit, and what a shadow-ban does to the public thread."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from salon.actions import sanctions
from salon.db import comments as comment_queries
from salon.db import sanctions as sanction_queries
from salon.db import tables as t
from salon.errors import SalonError
from salon.models import SanctionKind
from tests.admin.conftest import OTHER_PAGE
from tests.conftest import PAGE, post


def _ids(client, token=None):
    headers = {"X-Salon-Author": token} if token else {}
    data = client.get("/api/comments", params={"url": PAGE}, headers=headers).json()
    out, stack = [], list(data["comments"])
    while stack:
        node = stack.pop()
        out.append(node["id"])
        stack.extend(node["replies"])
    return sorted(out), data["thread"]["count"]


def _author_of(services, comment_id):
    with services.db.read() as conn:
        return comment_queries.get(conn, comment_id).author_id


def _audit_actions(services):
    with services.db.read() as conn:
        return [r.action for r in conn.execute(select(t.audit_log.c.action).order_by(t.audit_log.c.id))]


def test_shadow_ban_hides_an_author_from_everyone_but_them(services, client, site, admin_user):
    troll = post(client, body="first troll post", name="Troll", author={"email": "troll@example.com"}).json()
    token = troll["author_token"]
    second = post(client, body="second troll post", name="Troll", headers={"X-Salon-Author": token}).json()
    bystander = post(client, body="a bystander", name="Bea").json()
    author_id = _author_of(services, troll["id"])
    assert _ids(client)[1] == 3

    sanction_id = sanctions.sanction(services, admin_user, author_id, SanctionKind.SHADOW_BAN, "trolling")
    assert _ids(client) == ([bystander["id"]], 1)
    own, _ = _ids(client, token)
    assert own == sorted([troll["id"], second["id"], bystander["id"]])
    later = post(client, body="still here?", name="Troll", headers={"X-Salon-Author": token}).json()
    assert later["id"] not in _ids(client)[0]
    assert later["id"] in _ids(client, token)[0]

    sanctions.lift(services, admin_user, sanction_id, "served")
    ids, count = _ids(client)
    assert set(ids) == {troll["id"], second["id"], bystander["id"], later["id"]} and count == 4
    assert "author.shadow_ban" in _audit_actions(services)
    assert "author.lift_shadow_ban" in _audit_actions(services)
    with pytest.raises(SalonError) as info:
        sanctions.lift(services, admin_user, sanction_id)
    assert info.value.status == 409


def test_warn_suspend_ban_and_lift(services, client, site, admin_user):
    author_id = _author_of(services, post(client, body="hello").json()["id"])
    warn = sanctions.sanction(services, admin_user, author_id, SanctionKind.WARN, "tone")
    suspend = sanctions.sanction(
        services, admin_user, author_id, SanctionKind.SUSPEND, "cool off", timedelta(days=1)
    )
    ban = sanctions.sanction(services, admin_user, author_id, SanctionKind.BAN, "enough")
    with services.db.read() as conn:
        active = {s.kind: s for s in sanction_queries.active(conn, author_id)}
        row = conn.execute(select(t.sanctions).where(t.sanctions.c.id == suspend)).one()
    assert set(active) == {SanctionKind.WARN, SanctionKind.SUSPEND, SanctionKind.BAN}
    assert active[SanctionKind.SUSPEND].until is not None and row.created_by == admin_user.id
    for sid in (warn, suspend, ban):
        sanctions.lift(services, admin_user, sid)
    with services.db.read() as conn:
        assert sanction_queries.active(conn, author_id) == []
    actions = _audit_actions(services)
    for kind in ("warn", "suspend", "ban"):
        assert f"author.{kind}" in actions and f"author.lift_{kind}" in actions


def test_a_suspension_needs_a_duration(services, client, site, admin_user):
    author_id = _author_of(services, post(client, body="hello").json()["id"])
    with pytest.raises(SalonError) as info:
        sanctions.sanction(services, admin_user, author_id, SanctionKind.SUSPEND)
    assert info.value.status == 422


def test_moderators_sanction_only_their_sites_authors(services, client, site, other_site, mod_user):
    elsewhere = _author_of(services, post(client, body="hi", url=OTHER_PAGE).json()["id"])
    with pytest.raises(SalonError) as info:
        sanctions.sanction(services, mod_user, elsewhere, SanctionKind.BAN)
    assert info.value.status == 404


def test_sanction_pages(services, client, site, as_admin):
    cid = post(client, body="hello", name="Zed").json()["id"]
    author_id = _author_of(services, cid)
    response = as_admin.post(
        f"/admin/authors/{author_id}/sanctions", {"kind": "suspend", "hours": "24", "reason": "x"}, htmx=True
    )
    assert response.status_code == 200 and 'data-sanction="suspend"' in response.text
    page = as_admin.get(f"/admin/authors/{author_id}")
    assert page.status_code == 200 and "Zed" in page.text and 'data-sanction="suspend"' in page.text
    with services.db.read() as conn:
        sid = sanction_queries.active(conn, author_id)[0].id
    assert as_admin.post(f"/admin/sanctions/{sid}/lift", {"author": author_id}, htmx=True).status_code == 200
    assert as_admin.post(f"/admin/authors/{author_id}/sanctions", {"kind": "nonsense"}).status_code == 422
