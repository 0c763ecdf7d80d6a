"""The widget in Chromium against a real server: reading, posting, replying, editing, deleting,
voting, sorting, paging, the held state, the nudge and reports."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from salon.actions import decisions
from salon.actions.comments import NewComment, create_comment
from salon.actions.sites import update_settings
from salon.actions.users import create_user, moderator_for
from salon.models import Role
from tests.browser.conftest import LiveServer, open_embed, site_id

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

#: Compares the server's markup with the widget's: element names, classes and attributes, in order.
STRUCTURE_JS = """
(el) => {
  const VOLATILE = new Set(['style', 'title', 'tabindex', 'data-title']);
  const out = [];
  const walk = (node, depth) => {
    // A plain form's signed render time differs with every render; its presence is compared.
    const perRender = node.getAttribute('name') === 'form_token';
    const attrs = [...node.attributes]
      .filter(a => !VOLATILE.has(a.name) && !(perRender && a.name === 'value'))
      .map(a => a.name === 'class'
        ? `class=${a.value.split(' ').filter(c => c !== 'salon-js').join(' ')}`
        : `${a.name}=${a.value}`)
      .sort();
    out.push(`${'  '.repeat(depth)}${node.tagName.toLowerCase()} ${attrs.join(' ')}`);
    if (node.classList.contains('salon-text')) return;  // the comment's html, the same bytes either way
    for (const child of node.children) walk(child, depth + 1);
  };
  walk(el, 0);
  return out.join('\\n');
}
"""


def post_api(server: LiveServer, url: str, body: str, name: str = "Api", **extra: Any) -> dict[str, Any]:
    payload = {"url": url, "author": {"name": name}, "body": body, **extra}
    r = httpx.post(f"{server.base}/api/comments", json=payload)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def compose(page: Any, scope: str, body: str, name: str = "Rosa") -> None:
    form = page.locator(scope)
    name_box = form.locator('input[name="name"]')
    if not name_box.input_value():
        name_box.fill(name)
    form.locator('textarea[name="body"]').fill(body)
    form.locator('button[type="submit"]').click()


def test_renders_an_empty_thread_then_the_first_comment(context, server):
    page = open_embed(context, server, "/posts/empty")
    assert page.locator(".salon-empty").inner_text() == "No comments yet. Start the conversation."
    assert page.locator(".salon-n").inner_text() == "0"
    compose(page, ".salon > .salon-form", "First!")
    li = page.locator(".salon-list > .salon-c").first
    li.locator(".salon-text").wait_for()
    assert li.locator(".salon-text").inner_text() == "First!"
    assert page.locator(".salon-empty").count() == 0
    assert page.locator(".salon-n").inner_text() == "1"
    assert page.evaluate("document.activeElement.id") == li.get_attribute("id")  # focus on the new comment
    expect(page.locator(".salon-live")).to_have_text("Your comment is published.")
    assert page.locator(".salon-time time").inner_text() == "now"


def test_widget_markup_is_the_server_markup(context, server):
    title = "Night trains are back. Are they worth it?"
    page = open_embed(context, server, "/posts/markup", f'data-url="{server.demo_url}" data-title="{title}"')
    ssr = httpx.get(f"{server.base}/embed/thread", params={"url": server.demo_url}).text
    built = page.locator(".salon").evaluate(STRUCTURE_JS)
    rendered = page.evaluate(
        "([html, fn]) => { const d = new DOMParser().parseFromString(html, 'text/html');"
        " return eval(fn)(d.querySelector('.salon')); }",
        [ssr, STRUCTURE_JS],
    )
    assert built == rendered
    assert page.locator(".salon-list > .salon-c").count() >= 4 and page.locator(".salon-replies").count() >= 2


def test_post_reply_three_levels_edit_and_delete(context, server):
    page = open_embed(context, server, "/posts/conversation")
    page.on("dialog", lambda dialog: dialog.accept())
    compose(page, ".salon > .salon-form", "Level zero", name="Rosa")
    top = page.locator(".salon-list > .salon-c").first
    top.locator(".salon-text").wait_for()
    parent = top
    for depth in (1, 2, 3):
        parent.locator(':scope > .salon-card [data-act="reply"]').click()
        form = parent.locator(":scope > .salon-form")
        assert form.get_attribute("aria-label") == "Reply to Rosa"
        textarea = form.locator("textarea")
        assert page.evaluate("document.activeElement.name") == "body"  # focus moved into the reply form
        assert form.locator('input[name="name"]').input_value() == "Rosa"  # remembered
        textarea.fill(f"Level {depth}")
        form.locator('button[type="submit"]').click()
        child = parent.locator(":scope > .salon-replies > .salon-c").first
        child.locator(".salon-text").wait_for()
        assert child.get_attribute("data-depth") == str(depth)
        assert form.count() == 0
        assert page.evaluate("document.activeElement.id") == child.get_attribute("id")
        parent = child
    assert page.locator(".salon-c").count() == 4
    assert page.locator(".salon-n").inner_text() == "4"

    deepest = parent
    deepest.locator('[data-act="edit"]').click()
    editor = deepest.locator(".salon-editf textarea")
    assert editor.input_value() == "Level 3"
    assert page.evaluate("document.activeElement.closest('form').className") == "salon-editf"
    editor.fill("Level **three**")
    deepest.locator('.salon-editf button[type="submit"]').click()
    deepest.locator(".salon-text strong").wait_for()
    assert deepest.locator(".salon-text").inner_text() == "Level three"
    assert deepest.locator(".salon-tag-edited").inner_text() == "edited"
    assert page.evaluate("document.activeElement.dataset.act") == "edit"  # focus back on Edit

    deepest.locator('[data-act="delete"]').click()
    page.wait_for_function("document.querySelectorAll('.salon-c').length === 3")
    top.locator(':scope > .salon-card [data-act="delete"]').click()
    page.locator(".salon-list > .salon-c.salon-deleted").wait_for()
    assert top.locator(".salon-gone").inner_text() == "This comment was deleted."
    assert page.locator(".salon-n").inner_text() == "2"
    api = httpx.get(f"{server.base}/api/comments", params={"url": server.page("/posts/conversation")}).json()
    assert api["thread"]["count"] == 2 and api["comments"][0]["status"] == "deleted"


def test_vote_and_sort(context, server):
    url = server.page("/posts/votes")
    first = post_api(server, url, "Oldest comment", name="Ada")
    post_api(server, url, "Middle comment", name="Ben")
    last = post_api(server, url, "Newest comment", name="Cem")
    page = open_embed(context, server, "/posts/votes")
    tops = page.locator(".salon-list > .salon-c")
    assert tops.first.get_attribute("id") == f"salon-c-{first['id']}"
    newest = page.locator(f"#salon-c-{last['id']}")
    newest.locator(".salon-up").click()
    page.wait_for_function(
        f"document.querySelector('#salon-c-{last['id']} .salon-score').textContent === '1'"
    )
    assert newest.locator(".salon-up").get_attribute("aria-pressed") == "true"
    assert newest.locator(".salon-down").get_attribute("aria-pressed") == "false"

    page.select_option(".salon-sort", "newest")
    page.wait_for_function(f"document.querySelector('.salon-list > .salon-c').id === 'salon-c-{last['id']}'")
    page.select_option(".salon-sort", "top")
    page.wait_for_function(f"document.querySelector('.salon-list > .salon-c').id === 'salon-c-{last['id']}'")
    assert tops.count() == 3
    # the reader's vote survives a reload (remembered in localStorage)
    page.reload()
    page.wait_for_selector(".salon.salon-js")
    assert page.locator(f"#salon-c-{last['id']} .salon-up").get_attribute("aria-pressed") == "true"


def test_load_more_pages_through_a_big_thread(context, server):
    url = server.page("/posts/big")
    size = server.settings.page_size
    for i in range(size + 3):
        create_comment(
            server.services,
            NewComment(
                url=url, body=f"Comment number {i}", author_name=f"R{i}", client_address=f"10.0.{i}.1"
            ),
        )
    page = open_embed(context, server, "/posts/big")
    assert page.locator(".salon-list > .salon-c").count() == size
    more = page.locator(".salon-more")
    assert more.inner_text() == "Load more comments"
    more.click()
    page.wait_for_function(f"document.querySelectorAll('.salon-list > .salon-c').length === {size + 3}")
    assert page.locator(".salon-more").count() == 0
    focused = page.evaluate("document.activeElement.querySelector('.salon-text').textContent")
    assert focused == f"Comment number {size}"


def test_held_comment_shows_the_sites_message_and_survives_reload(browser, context, server):
    sid = site_id(server)
    update_settings(
        server.services,
        sid,
        {"premoderation": "all", "held_message": "A volunteer reads every comment."},
        "t",
    )
    try:
        page = open_embed(context, server, "/posts/held")
        compose(page, ".salon > .salon-form", "Please hold this")
        li = page.locator(".salon-c.salon-pending")
        li.wait_for()
        assert li.locator(".salon-tag-held").inner_text() == "Awaiting moderation"
        assert li.locator(".salon-msg").inner_text() == "A volunteer reads every comment."
        expect(page.locator(".salon-live")).to_have_text("A volunteer reads every comment.")
        assert page.locator(".salon-n").inner_text() == "0"  # not counted: nobody else sees it
        assert li.locator(".salon-up").count() == 0
        page.reload()
        page.wait_for_selector(".salon.salon-js")
        assert page.locator(".salon-c.salon-pending .salon-text").inner_text() == "Please hold this"
        # The site's message stays after a reload: the server keeps it with the comment.
        assert (
            page.locator(".salon-c.salon-pending .salon-msg").inner_text()
            == "A volunteer reads every comment."
        )
        other = browser.new_context()
        try:
            stranger = open_embed(other, server, "/posts/held")
            assert stranger.locator(".salon-c").count() == 0
        finally:
            other.close()
    finally:
        update_settings(server.services, sid, {"premoderation": "off"}, "t")


def test_a_rejected_comment_tells_its_author_why(browser, context, server):
    page = open_embed(context, server, "/posts/rejected")
    # Plainly civil, so the pre-submit nudge (at 0.5) does not stand in the way of the flow under test.
    compose(page, ".salon > .salon-form", "The new timetable starts in March, according to the council.")
    li = page.locator(".salon-c.salon-own")
    li.wait_for()
    comment_id = int(li.get_attribute("data-id"))
    admin = moderator_for(
        server.services, create_user(server.services, "rej@example.com", "pw-long-enough-1", Role.ADMIN)
    )
    decisions.reject(server.services, admin, comment_id, "Off topic: this thread is about night trains.")
    page.reload()
    page.wait_for_selector(".salon.salon-js")
    rejected = page.locator(f"#salon-c-{comment_id}")
    expect(rejected).to_have_class(re.compile("salon-rejected"))
    assert rejected.locator(".salon-tag-held").inner_text() == "Not published"
    assert rejected.locator(".salon-msg").inner_text() == "Off topic: this thread is about night trains."
    assert rejected.locator('[data-act="edit"]').count() == 0
    other = browser.new_context()
    try:
        assert open_embed(other, server, "/posts/rejected").locator(".salon-c").count() == 0
    finally:
        other.close()


def test_the_nudge_highlights_and_lets_the_author_edit_or_post_anyway(context, server):
    features = httpx.get(f"{server.base}/embed/features").json()
    if not features["check"]:
        pytest.skip("POST /api/comments:check is not on this server")
    page = open_embed(context, server, "/posts/nudge")
    posts: list[Any] = []
    page.on("request", lambda r: posts.append(r.post_data_json) if r.url.endswith("/api/comments") else None)
    text = "Great article. But honestly you are a pathetic idiot if you fly."
    compose(page, ".salon > .salon-form", text)
    nudge = page.locator(".salon-nudge")
    nudge.wait_for()
    assert "insult" in nudge.locator("p").first.inner_text()
    assert nudge.locator("mark").inner_text() == "pathetic idiot"
    assert nudge.locator(".salon-pv").inner_text() == text
    assert page.evaluate("document.activeElement.className") == "salon-nudge"
    assert posts == []  # nothing was posted yet
    page.locator('[data-act="keep"]').click()
    assert nudge.is_hidden()
    assert page.evaluate("document.activeElement.name") == "body"
    page.locator(".salon > .salon-form button[type=submit]").click()
    nudge.wait_for()
    page.locator('[data-act="anyway"]').click()
    page.locator(".salon-c").first.wait_for()
    assert posts and posts[-1]["nudged"] is True
    li = page.locator(".salon-c").first
    assert "salon-pending" in (li.get_attribute("class") or "")  # posted after the nudge: held for a person


def test_report_a_comment(context, server):
    if not httpx.get(f"{server.base}/embed/features").json()["report"]:
        pytest.skip("POST /api/comments/{id}/report is not on this server")
    url = server.page("/posts/report")
    target = post_api(server, url, "Buy cheap watches at example dot com", name="Spammer")
    page = open_embed(context, server, "/posts/report")
    li = page.locator(f"#salon-c-{target['id']}")
    li.locator('[data-act="report"]').click()
    form = li.locator(".salon-reportf")
    assert page.evaluate("document.activeElement.name") == "reason"
    assert form.locator("legend").inner_text() == "Why are you reporting this comment?"
    form.get_by_label("Spam").check()
    form.locator('input[name="note"]').fill("an advert")
    form.locator('button[type="submit"]').click()
    done = li.locator(".salon-done")
    done.wait_for()
    assert done.inner_text() == "Thank you. A moderator will look at it."
    assert li.locator('[data-act="report"]').is_disabled()
    # again from the same reader after a reload: 409 from the server, the same thanks
    page.reload()
    page.wait_for_selector(".salon.salon-js")
    li.locator('[data-act="report"]').click()
    li.locator(".salon-reportf").get_by_label("Off topic").check()
    li.locator('.salon-reportf button[type="submit"]').click()
    li.locator(".salon-done").wait_for()


def test_errors_are_shown_in_the_form(context, server):
    page = open_embed(context, server, "/posts/errors")
    page.locator('.salon > .salon-form input[name="name"]').fill("Rosa")
    page.locator('.salon > .salon-form input[name="website"]').fill("https://ok.example")
    page.locator(".salon > .salon-form textarea").fill("x" * 10_001)  # maxlength stops the browser at 10 000
    page.evaluate("document.querySelector('.salon-form textarea').value = 'y'.repeat(10001)")
    page.locator(".salon > .salon-form button[type=submit]").click()
    err = page.locator(".salon > .salon-form .salon-err")
    err.wait_for()
    assert re.search(r"at most \d+ characters", err.inner_text())
    assert page.locator(".salon > .salon-form textarea").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.name") == "body"
