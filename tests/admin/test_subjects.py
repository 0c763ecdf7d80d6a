"""Data-subject requests from the dashboard's author page: a copy as a download, and erasure."""

from __future__ import annotations

import json

from sqlalchemy import select

from salon.db import comments as comment_queries
from salon.db import tables as t
from tests.admin.conftest import OTHER_PAGE
from tests.conftest import post


def _author_of(services, comment_id):
    with services.db.read() as conn:
        return comment_queries.get(conn, comment_id).author_id


def _audit(services, action):
    with services.db.read() as conn:
        return list(conn.execute(select(t.audit_log).where(t.audit_log.c.action == action)))


def _quill(client):
    first = post(client, body="Quill's first word", name="Quentin Quill").json()
    token = first["author_token"]
    lonely = post(client, body="Quill's lonely word", name="Quentin Quill", headers={"X-Salon-Author": token})
    reply = post(client, body="Rita answers", name="Rita", parent_id=first["id"]).json()
    return first, lonely.json(), reply


def test_the_author_page_offers_both(services, client, as_mod, site):
    first, _, _ = _quill(client)
    html = as_mod.get(f"/admin/authors/{_author_of(services, first['id'])}").text
    assert "/export" in html and 'name="confirm"' in html


def test_export_downloads_their_data_and_is_audited(services, client, as_mod, mod_user, site):
    first, _, _ = _quill(client)
    author_id = _author_of(services, first["id"])
    response = as_mod.post(f"/admin/authors/{author_id}/export")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == f'attachment; filename="blog-author-{author_id}.json"'
    assert response.headers["cache-control"] == "no-store"
    data = json.loads(response.text)
    assert {c["body"] for c in data["comments"]} == {"Quill's first word", "Quill's lonely word"}
    assert data["authors"][0]["id"] == author_id
    [row] = _audit(services, "author.export")
    assert row.actor == mod_user.actor
    assert row.details["comments"] == 2 and row.site_id == site.id


def test_erase_needs_the_typed_confirmation(services, client, as_mod, site):
    first, _, _ = _quill(client)
    author_id = _author_of(services, first["id"])
    for confirm in ("", "erase please", "yes"):
        response = as_mod.post(f"/admin/authors/{author_id}/erase", {"confirm": confirm})
        assert response.status_code == 422 and "Type ERASE to confirm" in response.text
    assert not _audit(services, "author.erase")
    with services.db.read() as conn:
        assert conn.execute(select(t.authors).where(t.authors.c.id == author_id)).first() is not None


def test_erase_goes_through_the_action_and_shows_the_audit(services, client, as_mod, mod_user, site):
    first, lonely, reply = _quill(client)
    author_id = _author_of(services, first["id"])
    response = as_mod.post(f"/admin/authors/{author_id}/erase", {"confirm": "ERASE"})
    assert response.status_code == 303
    assert response.headers["location"] == f"/admin/audit?site={site.id}&action=author.erase"
    [row] = _audit(services, "author.erase")
    assert row.actor == mod_user.actor and row.details["comments_kept_as_placeholder"] == 1
    with services.db.read() as conn:
        left = {r.id: r for r in conn.execute(select(t.comments))}
        assert conn.execute(select(t.authors).where(t.authors.c.id == author_id)).first() is None
    assert left[first["id"]].status == "deleted" and left[first["id"]].author_name == ""
    assert lonely["id"] not in left and left[reply["id"]].parent_id == first["id"]
    assert as_mod.get(f"/admin/authors/{author_id}").status_code == 404
    page = as_mod.get(response.headers["location"]).text
    assert "author.erase" in page


def test_only_their_own_sites_and_good_ids(services, client, as_mod, site, other_site):
    other = post(client, body="a story comment", name="Nel", url=OTHER_PAGE).json()
    foreign = _author_of(services, other["id"])
    for path in (
        f"/admin/authors/{foreign}/export",
        f"/admin/authors/{foreign}/erase",
        "/admin/authors/99999/export",
    ):
        assert as_mod.post(path, {"confirm": "ERASE"}).status_code == 404
    assert as_mod.post("/admin/authors/nope/erase", {"confirm": "ERASE"}).status_code == 422
    assert as_mod.post("/admin/authors/1/erase", {"confirm": "x" * 50}).status_code == 422
    as_mod.csrf = "forged"
    assert as_mod.post(f"/admin/authors/{foreign}/erase", {"confirm": "ERASE"}).status_code == 403
    with services.db.read() as conn:
        assert conn.execute(select(t.authors).where(t.authors.c.id == foreign)).first() is not None
