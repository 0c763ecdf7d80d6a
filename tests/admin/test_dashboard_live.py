"""The dashboard after each decision: tab counts and author counters come back out of band, and
the sanction form offers only what is not already in force."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from salon.actions import sanctions
from salon.db import comments as comment_queries
from salon.errors import SalonError
from salon.models import SanctionKind
from tests.admin.conftest import held_comment


def _author_of(services, comment_id):
    with services.db.read() as conn:
        return comment_queries.get(conn, comment_id).author_id


def _hx(dash, url, data, **headers):
    """An htmx request with extra headers (the page it came from, the element it targets)."""
    sent = {"X-CSRF-Token": dash.csrf, "HX-Request": "true", **headers}
    return dash.client.post(url, data=data, headers=sent, follow_redirects=False)


def _oob_count(html: str, queue: str) -> str:
    found = re.search(rf'<span class="count" id="count-{queue}" hx-swap-oob="true">([^<]*)<', html)
    assert found, f"no out-of-band count for {queue}"
    return found.group(1)


def test_a_decision_sends_back_the_page_counts_and_the_author_counters(services, client, site, as_admin):
    ids = [held_comment(services, client, body=f"idiot number {i}", name="Ann") for i in range(3)]
    page_url = f"https://testserver/admin?queue=held&site={site.id}"
    assert 'id="count-held">3<' in as_admin.get(f"/admin?queue=held&site={site.id}").text
    response = _hx(
        as_admin, f"/admin/comments/{ids[0]}/decide", {"action": "reject"}, **{"HX-Current-URL": page_url}
    )
    assert response.status_code == 200
    assert _oob_count(response.text, "held") == "2"
    assert _oob_count(response.text, "rejected") == "1"
    author_id = _author_of(services, ids[0])
    oob = f'<span class="author-counts author-{author_id}" hx-swap-oob="outerHTML:.author-{author_id}">'
    counters = re.search(re.escape(oob) + "(.*?)</span> reported", response.text)
    assert counters and '<span data-counter="rejected">1</span>' in counters.group(1)

    response = _hx(
        as_admin, "/admin/bulk", {"action": "approve", "ids": ids[1:]}, **{"HX-Current-URL": page_url}
    )
    assert _oob_count(response.text, "held") == "0"
    assert '<span data-counter="published">2</span>' in response.text


def test_counts_follow_the_page_filters_and_never_other_sites(services, client, site, as_mod, other_site):
    mine = held_comment(services, client, body="idiot here")
    held_comment(services, client, body="idiot there", url="https://news.example.org/a/story")
    # A moderator of one site asking with another site's filter still counts only their own.
    hx = {"HX-Current-URL": f"https://testserver/admin?queue=held&site={other_site.id}"}
    response = _hx(as_mod, f"/admin/comments/{mine}/decide", {"action": "spam"}, **hx)
    assert _oob_count(response.text, "held") == "0"
    assert _oob_count(response.text, "rejected") == "1"


def test_the_sanction_form_offers_only_what_is_not_in_force(services, client, site, as_admin, admin_user):
    cid = held_comment(services, client, body="idiot", name="Zed")
    author_id = _author_of(services, cid)
    page = as_admin.get(f"/admin/authors/{author_id}").text
    offered = re.findall(r'<input type="radio" name="kind" value="(\w+)" required>', page)
    assert offered == ["warn", "suspend", "ban", "shadow_ban"]
    assert page.count('type="submit" class="primary">Apply sanction<') == 1

    response = _hx(
        as_admin,
        f"/admin/authors/{author_id}/sanctions",
        {"kind": "ban", "reason": "abuse"},
        **{"HX-Target": f"sanctions-{cid}"},
    )
    assert response.status_code == 200
    assert 'data-sanction="ban"' in response.text and f'hx-target="#sanctions-{cid}"' in response.text
    assert re.findall(r'name="kind" value="(\w+)"', response.text) == ["warn", "suspend", "shadow_ban"]
    queue = as_admin.get("/admin?queue=held").text
    item = queue[queue.index(f'id="item-{cid}"') :]
    assert 'name="kind" value="ban"' not in item.split("</article>")[0]
    page = as_admin.get(f"/admin/authors/{author_id}").text
    assert re.findall(r'name="kind" value="(\w+)"', page) == ["warn", "suspend", "shadow_ban"]

    again = as_admin.post(f"/admin/authors/{author_id}/sanctions", {"kind": "ban"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_in_force"
    with pytest.raises(SalonError) as refused:
        sanctions.sanction(services, admin_user, author_id, SanctionKind.BAN)
    assert refused.value.status == 409

    for kind in ("warn", "shadow_ban"):
        sanctions.sanction(services, admin_user, author_id, SanctionKind(kind))
    sanctions.sanction(services, admin_user, author_id, SanctionKind.SUSPEND, duration=timedelta(hours=2))
    page = as_admin.get(f"/admin/authors/{author_id}").text
    assert 'name="kind"' not in page and "Every sanction is in force." in page


def test_enter_in_a_message_field_submits_reject_first(services, client, site, as_admin):
    """Implicit submission uses a form's first submit button: in every form with a reject
    message, that button is Reject (the browser test presses Enter for real)."""
    cid = held_comment(services, client)
    author_id = _author_of(services, cid)
    for url in ("/admin?queue=held", f"/admin/authors/{author_id}", f"/admin/comments/{cid}"):
        html = as_admin.get(url).text
        for form in re.findall(r"<form[^>]*>.*?</form>", html, flags=re.S):
            if 'name="message"' not in form:
                continue
            first = re.search(r"<button(?![^>]*type=\"button\")[^>]*>", form)
            assert first and 'value="reject"' in first.group(0), (url, form[:200])
