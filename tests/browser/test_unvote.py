"""Votes can be taken back in Chromium: pressing the pressed arrow again removes the vote."""

from __future__ import annotations

import httpx
import pytest

from tests.browser.conftest import open_embed

pytestmark = pytest.mark.browser


def test_pressing_the_same_arrow_again_takes_the_vote_back(context, server):
    url = server.page("/posts/unvote")
    made = httpx.post(
        f"{server.base}/api/comments", json={"url": url, "author": {"name": "Ada"}, "body": "Vote on me"}
    )
    cid = made.json()["id"]
    page = open_embed(context, server, "/posts/unvote")
    up = page.locator(f"#salon-c-{cid} .salon-up")
    score = f"document.querySelector('#salon-c-{cid} .salon-score').textContent"
    up.click()
    page.wait_for_function(f"{score} === '1'")
    assert up.get_attribute("aria-pressed") == "true"
    up.click()
    page.wait_for_function(f"{score} === '0'")
    assert up.get_attribute("aria-pressed") == "false"
    page.reload()
    page.wait_for_selector(".salon.salon-js")
    assert page.locator(f"#salon-c-{cid} .salon-up").get_attribute("aria-pressed") == "false", "forgotten too"
    data = httpx.get(f"{server.base}/api/comments", params={"url": url}).json()
    assert data["comments"][0]["upvotes"] == 0
