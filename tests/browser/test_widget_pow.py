"""Proof-of-work in Chromium: the widget fetches a challenge when the reader starts on the form,
solves it in a Web Worker while they type (no visible step), and posts with the solution; a
script posting without one is refused; the form without JavaScript is held instead."""

from __future__ import annotations

import httpx
import pytest

from salon.actions.sites import update_settings
from salon.db import comments as comment_queries
from tests.browser.conftest import LiveServer, open_embed, run_axe, site_id

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def required(server: LiveServer):
    sid = site_id(server)
    update_settings(server.services, sid, {"pow_required": True}, "test")
    yield
    update_settings(server.services, sid, {"pow_required": False}, "test")


def _moderation(server: LiveServer, comment_id: int) -> dict:
    with server.services.db.read() as conn:
        return dict(comment_queries.get(conn, comment_id).moderation)


def test_the_widget_solves_in_a_worker_while_the_reader_types(context, server):
    page = open_embed(context, server, "/posts/pow-widget")
    workers: list = []
    challenges: list[str] = []
    posts: list[dict] = []
    page.on("worker", lambda w: workers.append(w))
    page.on("request", lambda r: challenges.append(r.url) if "/api/challenge" in r.url else None)
    page.on("request", lambda r: posts.append(r.post_data_json) if r.url.endswith("/api/comments") else None)
    form = page.locator(".salon > .salon-form")
    assert challenges == []  # nothing runs for a reader who only reads
    form.locator('input[name="name"]').fill("Petra")
    form.locator('textarea[name="body"]').press_sequentially("Solved while I typed this.", delay=5)
    form.locator('button[type="submit"]').click()
    comment = page.locator(".salon-list > .salon-c").first
    comment.locator(".salon-text").wait_for()
    assert "Solved while I typed" in comment.inner_text()
    assert len(challenges) == 1 and len(workers) == 1
    assert posts[0]["altcha"] and posts[0]["homepage_url"] == ""
    comment_id = int(comment.get_attribute("id").rsplit("-", 1)[1])
    moderation = _moderation(server, comment_id)
    assert any("proof-of-work v1 verified" in r for r in moderation["reasons"])
    # The honeypot is out of reach: not visible, not in the tab order, hidden from assistive tech.
    hp = form.locator('input[name="homepage_url"]')
    box = hp.bounding_box()
    assert hp.get_attribute("tabindex") == "-1" and (box is None or box["x"] + box["width"] <= 0)
    assert run_axe(page) == []

    # A second post from the same page solves a fresh challenge (each is used once).
    form.locator('textarea[name="body"]').fill("And a second thought.")
    form.locator('button[type="submit"]').click()
    page.locator(".salon-c", has_text="And a second thought.").locator(".salon-text").wait_for()
    assert len(challenges) == 2 and posts[1]["altcha"] != posts[0]["altcha"]


def test_a_script_without_a_solution_is_refused(server):
    url = server.page("/posts/pow-script")
    payload = {"url": url, "body": "a bot was here", "author": {"name": "Bot"}}
    response = httpx.post(server.page("/api/comments"), json=payload)
    assert response.status_code == 403 and response.json()["error"]["code"] == "proof_of_work_failed"


def test_the_form_without_javascript_falls_back_to_holding(browser, server):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server.page("/demo"))
        form = page.locator(".salon > .salon-form")
        form.locator('input[name="name"]').fill("Nadia")
        form.locator('textarea[name="body"]').fill("No scripts in this browser.")
        form.locator('button[type="submit"]').click()
        page.wait_for_url("**/demo#salon-held")
    finally:
        context.close()
