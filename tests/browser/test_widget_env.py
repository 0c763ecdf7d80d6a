"""The widget where readers are: the demo page (server-rendered, then enhanced), without JavaScript,
in Arabic and Turkish, at phone width, with a screen reader's needs (axe), live updates, count.js."""

from __future__ import annotations

from typing import Any

import pytest

from salon.actions.comments import NewComment, create_comment
from salon.actions.sites import update_settings
from tests.browser.conftest import LiveServer, open_embed, run_axe, site_id

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

WATCH_REPLACEMENT = """
window.__salonReplaced = 0;
new MutationObserver(records => {
  for (const r of records) for (const n of r.removedNodes)
    if (n.nodeType === 1 && n.matches('section.salon')) window.__salonReplaced++;
}).observe(document, {childList: true, subtree: true});
"""


SENTENCES = [
    "The sleeper from Zurich left on time and the conductor brought tea before the border.",
    "Couchettes are fine if you travel with friends; strangers snore in every language.",
    "I prefer a seat near the dining car, where the night feels shorter and warmer.",
    "Our train waited two hours outside Munich and nobody ever told us why it stopped.",
    "Booking early matters more than which operator you pick, in my experience anyway.",
    "Bring slippers. The corridor floors are cold at five in the morning in February.",
    "We watched the Alps turn pink at dawn, which no airport lounge has ever offered.",
]


def chain(server: LiveServer, url: str, depth: int) -> list[int]:
    """A reply chain ``depth`` levels deep, posted in process (distinct texts: no duplicates)."""
    ids: list[int] = []
    for level in range(depth + 1):
        posted = create_comment(
            server.services,
            NewComment(
                url=url,
                body=f"{SENTENCES[level % len(SENTENCES)]} ({url.rsplit('/', 1)[1]} {level})",
                author_name=f"Person {level}",
                client_address=f"10.9.{level}.1",
                parent_id=ids[-1] if ids else None,
            ),
        )
        ids.append(posted.comment.id)
    return ids


def test_demo_page_is_enhanced_not_rendered_again(context, server):
    page = context.new_page()
    page.add_init_script(WATCH_REPLACEMENT)
    page.goto(server.page("/demo"))
    page.wait_for_selector(".salon.salon-js")
    assert page.evaluate("window.__salonReplaced") == 0
    assert page.locator(".salon-list > .salon-c").count() >= 4
    # enhanced in place: relative times, working controls, the count in the header from count.js
    expect(page.locator(".salon-time time").first).to_have_text("yesterday")
    page.locator('.salon-c [data-act="reply"]').first.click()
    assert page.evaluate("document.activeElement.name") == "body"
    expect(page.locator("header [data-salon-count]")).to_have_text("7 comments")


def test_count_js_fills_every_marked_link_in_one_request(context, server):
    for path, n in (("/list/a", 2), ("/list/b", 1)):
        for i in range(n):
            create_comment(
                server.services,
                NewComment(
                    url=server.page(path), body=f"c{i}", author_name="A", client_address=f"10.1.{i}.1"
                ),
            )
    html = f"""<!doctype html><html lang="en"><body>
      <a id="a" href="/list/a" data-salon-count>comments</a>
      <a id="b" href="/list/b" data-salon-count data-salon-count-one="{{n}} comment"
         data-salon-count-other="{{n}} comments">comments</a>
      <span id="c" data-salon-count="{{n}} replies" data-salon-url="{server.page("/list/none")}"></span>
      <a id="a2" href="/list/a#comments" data-salon-count="{{n}} comments">x</a>
      <script src="{server.base}/count.js" async></script></body></html>"""
    page = context.new_page()
    page.route(server.page("/list"), lambda route: route.fulfill(body=html, content_type="text/html"))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if "/api/counts" in r.url else None)
    page.goto(server.page("/list"))
    expect(page.locator("#a")).to_have_text("2")
    expect(page.locator("#b")).to_have_text("1 comment")
    expect(page.locator("#c")).to_have_text("0 replies")
    expect(page.locator("#a2")).to_have_text("2 comments")
    assert len(requests) == 1


def test_without_javascript_readers_read_and_post(browser, server):
    context = browser.new_context(java_script_enabled=False)
    sid = site_id(server)
    try:
        page = context.new_page()
        page.goto(server.page("/demo"))
        assert page.locator(".salon-list > .salon-c").count() >= 4
        assert "Vienna–Brussels sleeper" in page.locator(".salon-list").inner_text()
        assert page.locator(".salon-up").first.is_hidden()  # controls that need the script are hidden
        assert page.locator(".salon-sort").is_hidden()
        form = page.locator(".salon > .salon-form")
        form.locator('input[name="name"]').fill("Nadia")
        form.locator('textarea[name="body"]').fill("Read and posted with *JavaScript off*.")
        form.locator('button[type="submit"]').click()
        page.wait_for_url("**/demo#salon-c-*")
        new_id = page.url.rsplit("#", 1)[1]
        assert "JavaScript off" in page.locator(f"#{new_id} .salon-text").inner_text()
        assert page.locator(f"#{new_id} .salon-text em").count() == 1

        update_settings(
            server.services, sid, {"premoderation": "all", "held_message": "Held for a person."}, "t"
        )
        page.goto(server.page("/demo"))
        form.locator('input[name="name"]').fill("Nadia")
        form.locator('textarea[name="body"]').fill("Hold this one, please.")
        form.locator('button[type="submit"]').click()
        page.wait_for_url("**/demo#salon-held")
        notice = page.locator("#salon-held")
        expect(notice).to_be_visible()
        assert notice.inner_text() == "Held for a person."
        assert "Hold this one" not in page.locator(".salon-list").inner_text()
    finally:
        update_settings(server.services, sid, {"premoderation": "off"}, "t")
        context.close()


def test_a_live_comment_is_announced_not_inserted(browser, context, server):
    first = create_comment(
        server.services,
        NewComment(
            url=server.page("/posts/live"), body="Already here.", author_name="A", client_address="10.2.0.1"
        ),
    )
    reader = open_embed(context, server, "/posts/live")
    reader.wait_for_timeout(300)  # the EventSource connects
    other = browser.new_context()
    try:
        writer = open_embed(other, server, "/posts/live")
        writer.locator('.salon > .salon-form input[name="name"]').fill("Writer")
        writer.locator(".salon > .salon-form textarea").fill("Hello from another browser")
        writer.locator(".salon > .salon-form button[type=submit]").click()
        writer.locator(".salon-own").wait_for()
        reply = writer.locator(f"#salon-c-{first.comment.id} [data-act=reply]")
        reply.click()
        writer.locator(f"#salon-c-{first.comment.id} .salon-form textarea").fill("And a reply")
        writer.locator(f"#salon-c-{first.comment.id} .salon-form button[type=submit]").click()
        writer.locator(f"#salon-c-{first.comment.id} .salon-replies .salon-own").wait_for()
        # the writer's own comments are not "new" to the writer
        assert writer.locator(".salon-new").is_hidden()
    finally:
        other.close()
    button = reader.locator(".salon-new")
    expect(button).to_have_text("2 new comments")
    assert reader.locator(".salon-c").count() == 1  # nothing moved under the reader
    expect(reader.locator(".salon-live")).to_have_text("2 new comments")
    button.click()
    reader.wait_for_function("document.querySelectorAll('.salon-c').length === 3")
    assert button.is_hidden()
    assert reader.locator(".salon-fresh").count() == 2
    assert reader.evaluate("document.activeElement.classList.contains('salon-fresh')")
    assert (
        reader.locator(f"#salon-c-{first.comment.id} .salon-replies .salon-text").inner_text()
        == "And a reply"
    )
    assert reader.locator(".salon-n").inner_text() == "3"


@pytest.mark.parametrize(
    ("locale", "heading", "direction"), [("ar", "التعليقات", "rtl"), ("tr", "Yorumlar", "ltr")]
)
def test_locales_and_right_to_left_layout(context, server, locale, heading, direction):
    chain(server, server.page(f"/posts/{locale}"), 2)
    page = open_embed(context, server, f"/posts/{locale}", f'data-locale="{locale}"')
    root = page.locator(".salon")
    assert root.get_attribute("dir") == direction and root.get_attribute("lang") == locale
    assert page.locator(".salon-h").inner_text().startswith(heading)
    times = page.locator(".salon-time time").first.inner_text()
    assert times and times != "now"  # Intl.RelativeTimeFormat in the reader's language
    box = page.locator(".salon-list > .salon-c > .salon-card .salon-meta").first
    avatar = box.locator(".salon-av").bounding_box()
    author = box.locator(".salon-author").bounding_box()
    replies = page.locator(".salon-replies").first
    border = replies.evaluate(
        "el => [getComputedStyle(el).borderLeftWidth, getComputedStyle(el).borderRightWidth]"
    )
    if direction == "rtl":
        assert avatar["x"] > author["x"]  # the avatar is on the right: the layout mirrors
        assert border == ["0px", "2px"]
        assert (
            page.locator(".salon-c .salon-text").first.evaluate("el => getComputedStyle(el).direction")
            == "rtl"
        )
    else:
        assert avatar["x"] < author["x"] and border == ["2px", "0px"]


def test_phone_width_caps_indentation_and_keeps_deep_replies_reachable(browser, server):
    ids = chain(server, server.page("/posts/deep"), 6)
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    try:
        page = open_embed(context, server, "/posts/deep")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling
        deepest = page.locator(f"#salon-c-{ids[-1]}")
        text = deepest.locator(".salon-text").bounding_box()
        top = page.locator(f"#salon-c-{ids[0]} > .salon-card .salon-text").bounding_box()
        assert text["width"] >= 0.8 * top["width"]  # indentation stops; the text keeps its room
        to = deepest.locator(".salon-to")
        expect(to).to_be_visible()
        assert to.inner_text() == "to Person 5"
        to.click()
        assert page.url.endswith(f"#salon-c-{ids[-2]}")
        assert page.locator(f"#salon-c-{ids[1]} .salon-to").first.is_hidden()  # shallow: indentation says it
        assert (
            page.locator(".salon-who").evaluate(
                "el => getComputedStyle(el).gridTemplateColumns.split(' ').length"
            )
            == 1
        )
    finally:
        context.close()


def axe_problems(page: Any) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} {v['nodes']}" for v in run_axe(page)]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_no_serious_problems(browser, server, theme):
    from tests.browser.conftest import AXE

    if not AXE.exists():
        pytest.skip("widget/node_modules/axe-core is missing: run `npm ci` in widget/ (or `make browser`)")
    context = browser.new_context(color_scheme=theme, bypass_csp=True)  # axe is injected inline
    try:
        page = context.new_page()
        page.goto(server.page(f"/demo?theme={theme}"))
        page.wait_for_selector(".salon.salon-js")
        assert axe_problems(page) == []
        # and with the forms the reader opens
        page.locator('.salon-c [data-act="reply"]').first.click()
        page.locator('.salon-c [data-act="report"]').first.click()
        page.locator(".salon > .salon-form [data-act=preview]").click()
        assert axe_problems(page) == []
    finally:
        context.close()


def test_keyboard_only(context, server):
    page = open_embed(context, server, "/posts/keyboard")
    page.locator('.salon > .salon-form input[name="name"]').focus()
    page.keyboard.type("Kim")
    for _ in range(3):
        page.keyboard.press("Tab")  # email, website, comment
    assert page.evaluate("document.activeElement.name") == "body"
    page.keyboard.type("Typed without a mouse.")
    page.keyboard.press("Tab")  # the formatting toolbar: one stop, its first button
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Bold"
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Italic"
    page.keyboard.press("Tab")  # the reply-notification boxes come after the comment
    assert page.evaluate("document.activeElement.name") == "notify"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "notify_thread"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Post comment"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.classList.contains('salon-c')")
    for _ in range(20):  # Tab on to the new comment's Reply
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.act") == "reply":
            break
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == "body"
    assert (
        page.evaluate("document.activeElement.closest('form').getAttribute('aria-label')") == "Reply to Kim"
    )
    for _ in range(6):
        page.keyboard.press("Tab")  # the toolbar, the two notification boxes, Post, Preview, Cancel
    assert page.evaluate("document.activeElement.dataset.act") == "cancel"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.dataset.act") == "reply"  # focus returns to Reply
    assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "false"
