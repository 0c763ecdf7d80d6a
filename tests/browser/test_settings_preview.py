"""The settings page's preview in Chromium: htmx swaps the backtest in place, errors included."""

from __future__ import annotations

import pytest

from tests.browser.conftest import LiveServer, site_id
from tests.browser.test_dashboard import _post, _sign_in, admin  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


def test_preview_then_an_error_in_place(server: LiveServer, context, admin):  # noqa: F811
    url = server.page("/posts/preview-words")
    _post(server, url, "The casino by the station is loud", "Ola", "ola@example.com")
    page = _sign_in(context, server)
    page.goto(server.page(f"/admin/sites/{site_id(server)}/settings"))
    page.fill("textarea[name=banned_words]", "casino")
    page.get_by_role("button", name="Preview on recent comments").click()
    preview = page.locator("#backtest")
    expect(preview.locator("tr[data-decision=reject] td").nth(1)).not_to_have_text("0")
    assert "banned_words" in preview.inner_text() and "casino" in preview.inner_text().lower()
    assert page.url.endswith("/settings")  # swapped in place: no navigation, nothing saved
    page.fill("input[name='thresholds.insult.hold']", "0.9")
    page.fill("input[name='thresholds.insult.reject']", "0.2")
    page.get_by_role("button", name="Preview on recent comments").click()
    expect(preview.locator("[role=alert]")).to_contain_text("insult")
    assert "failed" not in page.locator("#toast").inner_text()  # shown in place, not as a toast
    with server.services.db.read() as conn:
        from salon.db import sites as site_queries

        assert "banned_words" not in site_queries.get(conn, site_id(server)).settings
