"""The dashboard's sharp edges in Chromium: Enter in a reject message rejects (never approves),
and the tab counts and author counters follow each decision without a reload."""

from __future__ import annotations

import itertools

import pytest

from tests.browser.conftest import LiveServer
from tests.browser.test_dashboard import _hold, _post, _sign_in, _status, _thread_id, admin  # noqa: F401

pytestmark = pytest.mark.browser
_pages = itertools.count(1)


def test_enter_in_the_reject_message_rejects(server: LiveServer, context, admin):  # noqa: F811
    url = server.page(f"/posts/edges-{next(_pages)}")
    held = _post(server, url, "you idiot, the timetable is wrong", "Eno", "eno@example.com")["id"]
    _hold(server, held, url)
    page = _sign_in(context, server)
    page.goto(server.page(f"/admin?queue=held&thread={_thread_id(server, held)}"))
    item = page.locator(f"#item-{held}")
    box = item.locator("input[name=message]")
    box.fill("Please keep it civil.")
    box.press("Enter")
    page.wait_for_selector(f"#item-{held}.decided")
    assert _status(server, held) == "rejected"
    assert item.locator("[data-done]").get_attribute("data-done") == "reject"


def test_counts_and_author_counters_follow_each_decision(server: LiveServer, context, admin):  # noqa: F811
    from playwright.sync_api import expect

    url = server.page(f"/posts/edges-{next(_pages)}")
    first = _post(server, url, "you idiot one", "Cai", "cai@example.com")
    token = first["author_token"]
    ids = [first["id"]]
    for n in range(2):
        ids.append(_post(server, url, f"you idiot {n} again", "Cai", "cai@example.com", token)["id"])
    for cid in ids:
        _hold(server, cid, url)
    page = _sign_in(context, server)
    page.goto(server.page(f"/admin?queue=held&thread={_thread_id(server, ids[0])}"))
    held = page.locator("#count-held")
    rejected = page.locator("#count-rejected")
    assert held.inner_text() == "3"
    before_rejected = int(rejected.inner_text())
    page.evaluate("window.__notReloaded = true")
    page.locator(f"#item-{ids[0]} button.reject").click()
    expect(held).to_have_text("2")
    assert int(rejected.inner_text()) == before_rejected + 1
    # Every item by the same author shows the new counter, not only the one decided.
    other = page.locator(f"#item-{ids[2]} [data-counter=rejected]")
    assert other.inner_text() == "1"
    page.locator(f"#item-{ids[1]} button.approve").click()
    expect(held).to_have_text("1")
    assert page.locator(f"#item-{ids[2]} [data-counter=published]").inner_text() == "1"
    assert page.evaluate("window.__notReloaded") is True
