"""Reading a long thread in Chromium: "N more replies", folding, deep replies flattened with
"to Name", permalinks beyond the first page, the staff badge, pinned comments first, avatars,
and muting a reader."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import OctKey

from salon.actions import decisions
from salon.actions.sites import update_settings
from salon.actions.users import create_user, moderator_for
from tests.browser.conftest import LiveServer, embed_page, open_embed, run_axe, site_id

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


def post(server: LiveServer, path: str, body: str, name: str = "Ann", **extra: Any) -> int:
    headers = extra.pop("headers", None)
    payload = {"url": server.page(path), "author": {"name": name, **extra.pop("author", {})}, "body": body}
    r = httpx.post(f"{server.base}/api/comments", json={**payload, **extra}, headers=headers)
    assert r.status_code == 201 and r.json()["status"] == "published", r.text
    return int(r.json()["id"])


def visible(page: Any, cid: int) -> bool:
    return bool(page.locator(f"#salon-c-{cid} > .salon-card").is_visible())


def test_long_replies_wait_behind_n_more_replies(context, server):
    top = post(server, "/posts/long", "A question many answer")
    replies = [post(server, "/posts/long", f"Answer {i}", name=f"R{i}", parent_id=top) for i in range(6)]
    post(server, "/posts/long", "Under the last answer", parent_id=replies[-1])
    page = open_embed(context, server, "/posts/long")
    assert [visible(page, r) for r in replies] == [True] * 3 + [False] * 3
    more = page.locator(f"#salon-c-{top} > .salon-morer button")
    assert more.inner_text() == "4 more replies" and more.get_attribute("aria-expanded") == "false"
    more.focus()
    page.keyboard.press("Enter")
    assert all(visible(page, r) for r in replies)
    assert page.locator(".salon-morer").count() == 0
    assert page.evaluate("document.activeElement.id") == f"salon-c-{replies[3]}"


def test_a_reader_folds_and_unfolds_a_thread(context, server):
    top = post(server, "/posts/fold", "Fold me")
    reply = post(server, "/posts/fold", "Folded with it", parent_id=top)
    page = open_embed(context, server, "/posts/fold")
    fold = page.locator(f"#salon-c-{top} > .salon-card .salon-fold")
    assert fold.get_attribute("aria-expanded") == "true" and fold.get_attribute("aria-label") == (
        "Ann: comment and replies"
    )
    fold.click()
    assert fold.get_attribute("aria-expanded") == "false" and fold.inner_text() == "+"
    assert not page.locator(f"#salon-c-{top} > .salon-card .salon-text").is_visible()
    assert not visible(page, reply)
    assert page.locator(f"#salon-c-{top} .salon-author").first.is_visible(), "the name stays"
    fold.focus()
    page.keyboard.press("Space")
    assert fold.get_attribute("aria-expanded") == "true" and visible(page, reply)


def test_deep_replies_flatten_and_keep_in_reply_to_links(context, server):
    ids = [post(server, "/posts/deep", "Depth 0", name="N0")]
    for depth in range(1, 7):
        ids.append(post(server, "/posts/deep", f"Depth {depth}", name=f"N{depth}", parent_id=ids[-1]))
    page = open_embed(context, server, "/posts/deep")
    x = [page.locator(f"#salon-c-{cid} > .salon-card").bounding_box()["x"] for cid in ids]
    assert x[0] < x[1] < x[2] < x[3] < x[4], "indented up to depth 4"
    assert x[4] == x[5] == x[6], "flat beyond"
    to = page.locator(f"#salon-c-{ids[6]} > .salon-card .salon-to")
    assert to.is_visible() and to.inner_text() == "to N5"
    assert to.get_attribute("href") == f"#salon-c-{ids[5]}"
    assert not page.locator(f"#salon-c-{ids[2]} > .salon-card .salon-to").is_visible(), "indent says it"
    page.locator(f"#salon-c-{ids[0]} > .salon-card .salon-fold").click()  # the parent hidden...
    page.evaluate(f"location.hash = '#salon-c-{ids[5]}'")  # ...a link to it opens it again
    page.wait_for_function(f"document.activeElement.id === 'salon-c-{ids[5]}'")
    assert visible(page, ids[5])


def test_a_permalink_beyond_the_first_page_loads_that_page(context, server):
    path = "/posts/permalink"
    size = server.settings.page_size
    tops = [post(server, path, f"Top {i}", name=f"T{i}") for i in range(size + 4)]
    target_top = tops[size + 2]
    replies = [post(server, path, f"Reply {i}", name=f"P{i}", parent_id=target_top) for i in range(6)]
    target = replies[-1]  # behind "N more replies" too
    url, html = embed_page(server, path)
    page = context.new_page()
    page.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    page.goto(f"{url}#salon-c-{target}")
    page.wait_for_function(f"document.activeElement && document.activeElement.id === 'salon-c-{target}'")
    assert visible(page, target)
    assert page.locator(f"#salon-c-{tops[0]}").count() == 0, "the page that holds it, not the first"
    first = page.locator(".salon-head .salon-first")
    assert first.inner_text() == "Show from the first comment"
    first.click()
    page.wait_for_selector(f"#salon-c-{tops[0]}")
    assert page.locator(".salon-head").count() == 0
    assert page.locator(".salon-list > .salon-c").count() == size
    assert page.locator(f"#salon-c-{target}").count() == 0


def sso(server: LiveServer, secret: str, **claims: Any) -> str:
    body = {"name": "Reader", "exp": int(time.time()) + 300, **claims}
    token = jwt.encode({"alg": "HS256"}, body, OctKey.import_key(secret))
    r = httpx.post(f"{server.base}/api/auth/sso", json={"url": server.demo_url, "token": token})
    assert r.status_code == 200, r.text
    return str(r.json()["author_token"])


def test_staff_badge_pinned_first_and_avatars(context, server):
    secret = "the-demo-site-sso-secret-0123456789"
    sid = site_id(server)
    update_settings(server.services, sid, {"sso_secret": secret}, "test")
    mod = create_user(server.services, "team@example.org", "correct horse battery", site_names=["demo"])
    path = "/posts/team"
    guest = post(server, path, "A guest with an address", name="Gia", author={"email": "gia@example.org"})
    staff_token = sso(server, secret, id="team-1", name="Tess Team", email="team@example.org")
    staff = post(server, path, "Thanks, fixed.", name="Tess Team", headers={"X-Salon-Author": staff_token})
    reader_token = sso(server, secret, id="r-1", name="Pia", avatar="https://img.example.org/pia.png")
    pictured = post(server, path, "I have a picture", name="Pia", headers={"X-Salon-Author": reader_token})
    late = post(server, path, "The best answer, pinned", name="Late")
    decisions.pin(server.services, moderator_for(server.services, mod), late)
    page = open_embed(context, server, path)
    order = page.locator(".salon-list > .salon-c").evaluate_all("els => els.map(e => +e.dataset.id)")
    assert order == [late, guest, staff, pictured], "pinned first"
    assert page.locator(f"#salon-c-{late} .salon-tag-pin").inner_text() == "Pinned"
    assert page.locator(f"#salon-c-{staff} .salon-tag-staff").inner_text() == "Staff"
    assert page.locator(".salon-tag-staff").count() == 1
    page.locator(".salon-sort").select_option("newest")
    page.wait_for_function("document.querySelector('.salon').dataset.sort === 'newest'")
    order = page.locator(".salon-list > .salon-c").evaluate_all("els => els.map(e => +e.dataset.id)")
    assert order == [late, pictured, staff, guest], "pinned first whatever the order"
    image = "getComputedStyle(document.querySelector('#salon-c-{} .salon-av')).backgroundImage"
    assert page.evaluate(image.format(guest)).startswith('url("data:image/svg+xml'), "identicon"
    assert page.evaluate(image.format(pictured)) == 'url("https://img.example.org/pia.png")'
    assert page.evaluate(image.format(late)) == "none", "no address, no account: the initial"
    assert run_axe(page) == []


def test_a_reader_mutes_another_and_the_browser_remembers(context, server):
    path = "/posts/mute"
    rude = [
        post(server, path, f"Rude {i}", name="Rex", author={"email": "rex@example.org"}) for i in range(2)
    ]
    kind = post(server, path, "Kind words", name="Kim")
    page = open_embed(context, server, path)
    page.locator(f"#salon-c-{rude[0]} [data-act='mute']").click()
    for cid in rude:
        expect(page.locator(f"#salon-c-{cid} > .salon-stub")).to_contain_text("You muted Rex.")
        assert not visible(page, cid)
    assert visible(page, kind)
    assert page.evaluate("document.activeElement.dataset.act") == "show"
    expect(page.locator(".salon-live")).to_have_text("You muted Rex.")
    page.reload()
    page.wait_for_selector(".salon.salon-js")
    assert not visible(page, rude[1]), "remembered"
    show = page.locator(f"#salon-c-{rude[1]} > .salon-stub [data-act='show']")
    show.click()
    assert visible(page, rude[1]) and show.get_attribute("aria-expanded") == "true"
    assert show.inner_text() == "Hide" and not visible(page, rude[0])
    page.locator(f"#salon-c-{rude[1]} > .salon-stub [data-act='unmute']").click()
    assert all(visible(page, cid) for cid in rude) and page.locator(".salon-stub").count() == 0
    assert page.evaluate("document.activeElement.dataset.act") == "mute"
    page.reload()
    page.wait_for_selector(".salon.salon-js")
    assert visible(page, rude[0])
