"""A reader's own data from the widget: a copy as a download, then erasure, in Chromium."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.browser.conftest import AXE, open_embed, run_axe
from tests.browser.test_widget import compose, post_api

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


def test_copy_then_erase_from_the_widget(context, server):
    path = "/posts/my-data"
    page = open_embed(context, server, path)
    assert page.locator(".salon-mydata").count() == 0  # no author token in this browser yet
    compose(page, ".salon > .salon-form", "Quill keeps this one", name="Quentin Quill")
    page.locator(".salon-list > .salon-c .salon-text").first.wait_for()
    mine = page.locator(".salon-list > .salon-c").first.get_attribute("data-id")
    compose(page, ".salon > .salon-form", "Quill's lonely word")
    page.wait_for_function("document.querySelectorAll('.salon-list > .salon-c').length === 2")
    post_api(server, server.page(path), "Rita answers Quill", name="Rita", parent_id=int(mine))
    # The live update announces the reply; wait for it, so its announcement cannot land after
    # (and overwrite) the erasure's on a busy machine.
    expect(page.locator(".salon-live")).to_have_text("1 new comment", timeout=15000)

    box = page.locator("details.salon-mydata")
    box.locator("summary").click()
    if AXE.exists():
        assert run_axe(page) == []
    with page.expect_download() as caught:
        box.get_by_role("button", name="Download a copy").click()
    copy = json.loads(Path(caught.value.path()).read_text(encoding="utf-8"))
    assert {c["body"] for c in copy["comments"]} == {"Quill keeps this one", "Quill's lonely word"}
    assert copy["authors"][0]["name"] == "Quentin Quill"

    page.on("dialog", lambda dialog: dialog.accept())
    box.get_by_role("button", name="Erase my data").click()
    expect(page.locator(".salon-live")).to_have_text("Your data was erased.")
    assert page.locator(".salon-mydata").count() == 0
    assert page.evaluate("Object.values(localStorage).some((v) => v.includes('author'))") is False
    api = httpx.get(f"{server.base}/api/comments", params={"url": server.page(path)}).json()
    [top] = api["comments"]  # the lonely one is gone; the one with a reply stays as the placeholder
    assert top["status"] == "deleted" and top["replies"][0]["html"] == "<p>Rita answers Quill</p>"
    page.locator(".salon-list > .salon-c.salon-deleted").wait_for()  # the thread was reloaded
    page.reload()
    page.wait_for_selector(".salon.salon-js")
    assert page.locator(".salon-mydata").count() == 0


def test_a_refused_erasure_changes_nothing(context, server):
    page = open_embed(context, server, "/posts/my-data-kept")
    compose(page, ".salon > .salon-form", "Staying put", name="Nel")
    page.locator(".salon-list > .salon-c .salon-text").first.wait_for()
    page.on("dialog", lambda dialog: dialog.dismiss())
    box = page.locator("details.salon-mydata")
    box.locator("summary").click()
    box.get_by_role("button", name="Erase my data").click()
    assert page.locator(".salon-mydata").count() == 1
    assert page.evaluate("Object.values(localStorage).some((v) => v.includes('author'))") is True
    api = httpx.get(f"{server.base}/api/comments", params={"url": server.page("/posts/my-data-kept")}).json()
    assert api["comments"][0]["status"] == "published"
