"""The settings page's preview: what a change would have done on recent comments (salon backtest)."""

from __future__ import annotations

import re

from sqlalchemy import select

from salon.actions.sites import update_settings
from salon.db import sites as site_queries
from salon.db import tables as t
from salon.moderation.backtest import run_backtest
from tests.importers.support import run

PROPOSED = {"origins": "https://blog.example.com", "banned_words": "watches", "suspect_words": "vienna"}


def _row(html: str, decision: str) -> list[str]:
    found = re.search(
        rf'<tr data-decision="{decision}"><th>{decision}</th><td>(\d+)</td><td>(\d+)</td>', html
    )
    assert found, html
    return [found.group(1), found.group(2)]


def _untouched(services, site) -> tuple:
    with services.db.read() as conn:
        return (
            site_queries.get(conn, site.id).settings,
            len(conn.execute(select(t.audit_log)).all()),
            len(conn.execute(select(t.moderation_records)).all()),
        )


def test_preview_shows_before_and_after_with_examples(services, site, as_admin):
    run(services, site, "disqus.xml")  # five comments with text, one the old system called spam
    before = _untouched(services, site)
    response = as_admin.post(f"/admin/sites/{site.id}/settings/preview", PROPOSED, htmx=True)
    assert response.status_code == 200, response.text
    html = response.text
    assert "<html" not in html  # the partial, for htmx to swap in
    assert _row(html, "publish") == ["5", "3"]
    assert _row(html, "hold") == ["0", "1"] and _row(html, "reject") == ["0", "1"]
    assert "2 comment(s) would move" in html and "publish → hold" in html and "publish → reject" in html
    assert "Vienna" in html  # an example, with its text
    assert "banned_words, suspect_words" in html
    # the same figures as salon backtest gives for that policy
    expected = run_backtest(services, site, {"banned_words": ["watches"], "suspect_words": ["vienna"]})
    assert expected.decisions == {"publish": 3, "hold": 1, "reject": 1}
    assert _untouched(services, site) == before  # nothing saved, nothing audited, no records


def test_thresholds_merge_with_the_sites_own(services, site, as_admin, admin_user):
    run(services, site, "disqus.xml")
    update_settings(services, site.id, {"banned_words": ["watches"]}, admin_user.actor)
    with services.db.read() as conn:
        site = site_queries.get(conn, site.id)
    form = {"thresholds.insult.hold": "0.5", "thresholds.insult.reject": "0.9"}
    html = as_admin.post(f"/admin/sites/{site.id}/settings/preview", form, htmx=True).text
    assert _row(html, "reject") == ["1", "1"]  # the site's banned word still counts on both sides
    assert "No comment's decision would change." in html


def test_without_htmx_the_whole_page_comes_back(services, site, as_admin):
    run(services, site, "disqus.xml")
    response = as_admin.post(f"/admin/sites/{site.id}/settings/preview", PROPOSED)
    assert response.status_code == 200 and "<html" in response.text
    assert _row(response.text, "hold") == ["0", "1"]
    assert ">watches</textarea>" in response.text  # the form as sent, to save it next
    page = as_admin.get(f"/admin/sites/{site.id}/settings").text
    assert "settings/preview" in page and 'id="backtest"' in page


def test_bad_input_is_a_422_and_moderators_only_see(services, site, as_admin, as_mod, other_site):
    for form in ({"link_limit": "lots"}, {"premoderation": "sometimes"}, {"origins": "nope"}):
        response = as_admin.post(f"/admin/sites/{site.id}/settings/preview", form, htmx=True)
        assert response.status_code == 422 and 'role="alert"' in response.text, form
    assert as_admin.post("/admin/sites/99999/settings/preview", PROPOSED, htmx=True).status_code == 404
    assert as_admin.post("/admin/sites/x/settings/preview", PROPOSED, htmx=True).status_code == 422
    assert as_mod.post(f"/admin/sites/{other_site.id}/settings/preview", PROPOSED).status_code == 404
    as_admin.csrf = "forged"
    assert as_admin.post(f"/admin/sites/{site.id}/settings/preview", PROPOSED).status_code == 403
