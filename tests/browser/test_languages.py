"""Two of the newer languages in Chromium: Hebrew (right to left) and Japanese. The widget shows its
own strings and the server's (a held message, the report form's DSA link) in the reader's
language with the layout mirrored for Hebrew; the server-rendered thread without JavaScript does
the same, chosen by ``?locale=`` or by the browser's language (``Accept-Language``)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from salon.actions.comments import NewComment, create_comment
from salon.actions.sites import update_settings
from tests.browser.conftest import LiveServer, open_embed, site_id

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


def seed(server: LiveServer, path: str) -> None:
    """A comment and a reply on ``path``, posted in process."""
    url = server.page(path)
    top = create_comment(
        server.services,
        NewComment(
            url=url,
            body=f"The night train left on time, said the post at {path}.",
            author_name="Dana",
            client_address="10.7.0.1",
        ),
    )
    create_comment(
        server.services,
        NewComment(
            url=url,
            body=f"And the tea on the train from {path} was good, too.",
            author_name="Yuki",
            client_address="10.7.0.2",
            parent_id=top.comment.id,
        ),
    )


def test_widget_in_hebrew_is_right_to_left_and_says_the_held_message_in_hebrew(context, server):
    seed(server, "/lang/he")
    page = open_embed(context, server, "/lang/he", 'data-locale="he-IL"')
    root = page.locator(".salon")
    assert root.get_attribute("lang") == "he" and root.get_attribute("dir") == "rtl"
    assert page.locator(".salon-h").inner_text().startswith("תגובות")
    assert page.locator(".salon-c [data-act=reply]").first.inner_text() == "תשובה"
    assert page.locator(".salon > .salon-form .salon-tool[data-fmt=bold]").get_attribute("title") == "מודגש"
    assert page.locator(".salon > .salon-form [role=toolbar]").get_attribute("aria-label") == "עיצוב"
    meta = page.locator(".salon-list > .salon-c > .salon-card .salon-meta").first
    assert meta.locator(".salon-av").bounding_box()["x"] > meta.locator(".salon-author").bounding_box()["x"]
    assert page.locator(".salon-text").first.evaluate("el => getComputedStyle(el).direction") == "rtl"

    sid = site_id(server)
    update_settings(server.services, sid, {"premoderation": "all"}, "t")
    try:
        form = page.locator(".salon > .salon-form")
        form.locator('input[name="name"]').fill("נועה")
        form.locator("textarea").fill("תגובה שממתינה לאישור של אדם.")
        form.locator("button[type=submit]").click()
        held = page.locator(".salon-own .salon-msg")
        expect(held).to_have_text("התגובה שלך ממתינה לאישור.")  # the server's catalogue, not English
        expect(page.locator(".salon-own .salon-tag-held")).to_have_text("ממתינה לאישור")
    finally:
        update_settings(server.services, sid, {"premoderation": "off"}, "t")


def test_widget_in_japanese_translates_the_report_form_and_the_dsa_link(browser, context, server):
    seed(server, "/lang/ja")
    page = open_embed(context, server, "/lang/ja", 'data-locale="ja-JP"')
    root = page.locator(".salon")
    assert root.get_attribute("lang") == "ja" and root.get_attribute("dir") == "ltr"
    assert page.locator(".salon-h").inner_text().startswith("コメント")
    assert page.locator(".salon-sort option[value=oldest]").inner_text() == "古い順"
    page.locator(".salon-c [data-act=report]").first.click()
    report = page.locator(".salon-reportf")
    assert report.locator("legend").inner_text() == "このコメントを報告する理由は？"
    assert "嫌がらせ・中傷" in report.inner_text()
    link = report.locator(".salon-dsa a")
    assert link.inner_text().startswith("違法なコンテンツですか？")
    # The notice opens in a new tab, in the browser's language (here Japanese).
    japanese = browser.new_context(locale="ja-JP")
    try:
        notice = japanese.new_page()
        notice.goto(link.get_attribute("href"))
        assert notice.locator("html").get_attribute("lang") == "ja"
        assert notice.locator("h1").inner_text() == "違法なコンテンツを報告"
        assert notice.locator("button[type=submit]").inner_text() == "報告を送信"
    finally:
        japanese.close()


def _thread_page(server: LiveServer, path: str, **params: str) -> str:
    return f"{server.base}/embed/thread?{urlencode({'url': server.page(path), 'page': 1, **params})}"


def test_the_server_rendered_thread_without_javascript_in_hebrew_and_japanese(browser, server):
    seed(server, "/lang/nojs")
    hebrew = browser.new_context(java_script_enabled=False)
    japanese = browser.new_context(java_script_enabled=False, locale="ja-JP")  # Accept-Language: ja-JP
    try:
        page = hebrew.new_page()
        page.goto(_thread_page(server, "/lang/nojs", locale="he"))
        html = page.locator("html")
        assert html.get_attribute("lang") == "he" and html.get_attribute("dir") == "rtl"
        assert page.locator(".salon-h").inner_text().startswith("תגובות")
        meta = page.locator(".salon-list > .salon-c > .salon-card .salon-meta").first
        assert (
            meta.locator(".salon-av").bounding_box()["x"] > meta.locator(".salon-author").bounding_box()["x"]
        )
        form = page.locator(".salon > .salon-form")
        assert form.locator("button[type=submit]").inner_text() == "פרסום תגובה"
        form.locator('input[name="name"]').fill("נועה")
        form.locator("textarea").fill("   ")  # only spaces: the server refuses it, in Hebrew
        form.locator("button[type=submit]").click()
        page.wait_for_selector(".salon-err")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator(".salon-err").inner_text() == "יש לכתוב משהו לפני הפרסום."

        page = japanese.new_page()
        page.goto(_thread_page(server, "/lang/nojs"))  # no ?locale=: the browser's language
        html = page.locator("html")
        assert html.get_attribute("lang") == "ja" and html.get_attribute("dir") == "ltr"
        assert page.locator(".salon-h").inner_text().startswith("コメント")
        assert page.locator(".salon > .salon-form button[type=submit]").inner_text() == "投稿する"
        assert "The night train left on time" in page.locator(".salon-list").inner_text()
    finally:
        hebrew.close()
        japanese.close()
