"""Writing a comment in Chromium: the preview the server renders, the formatting buttons that
write markdown, and the counter near the length limit."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import open_embed, run_axe

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

FORM = ".salon > .salon-form"


def area(page: Any) -> Any:
    return page.locator(f"{FORM} textarea[name='body']")


def select(page: Any, start: int, end: int) -> None:
    page.locator(f"{FORM} textarea[name='body']").evaluate(
        f"a => {{ a.focus(); a.setSelectionRange({start}, {end}); }}"
    )


def selection(page: Any) -> str:
    return str(area(page).evaluate("a => a.value.slice(a.selectionStart, a.selectionEnd)"))


def test_preview_is_the_servers_rendering_and_follows_the_text(context, server):
    page = open_embed(context, server, "/posts/preview")
    area(page).fill("**Bold** and a [link](https://example.org/a) <b>raw</b>")
    btn = page.locator(f"{FORM} [data-act='preview']")
    btn.click()
    assert btn.get_attribute("aria-pressed") == "true"
    box = page.locator(f"{FORM} .salon-preview")
    box.locator("strong").wait_for()
    assert box.locator("strong").inner_text() == "Bold"
    link = box.locator("a")
    assert link.get_attribute("href") == "https://example.org/a" and "nofollow" in link.get_attribute("rel")
    assert box.locator("b").count() == 0 and "<b>raw</b>" in box.inner_text(), "raw HTML stays text"
    area(page).fill("Now *soft*")
    box.locator("em").wait_for()
    assert box.inner_text().strip() == "Now soft"
    area(page).fill("")
    expect(box).to_have_text("Nothing to preview yet.")
    btn.click()
    assert box.is_hidden() and btn.get_attribute("aria-pressed") == "false"


def test_the_toolbar_writes_markdown(context, server):
    page = open_embed(context, server, "/posts/toolbar")
    tools = page.locator(f"{FORM} .salon-tools [role='toolbar']")
    assert tools.get_attribute("aria-label") == "Formatting"
    labels = tools.locator("button").evaluate_all("bs => bs.map(b => b.getAttribute('aria-label'))")
    assert labels == ["Bold", "Italic", "Link", "Quote", "Code"]

    def press(name: str) -> None:
        tools.locator(f"[aria-label='{name}']").click()

    area(page).fill("make this strong")
    select(page, 10, 16)
    press("Bold")
    assert area(page).input_value() == "make this **strong**" and selection(page) == "strong"
    assert page.evaluate("document.activeElement.name") == "body", "focus back in the field"
    area(page).fill("x ")
    select(page, 2, 2)
    press("Italic")
    page.keyboard.type("soft")
    assert area(page).input_value() == "x *soft*"
    area(page).fill("see docs")
    select(page, 4, 8)
    press("Link")
    assert area(page).input_value() == "see [docs](https://)" and selection(page) == "https://"
    page.keyboard.type("https://example.org")
    assert area(page).input_value() == "see [docs](https://example.org)"
    area(page).fill("first line\nsecond line")
    select(page, 3, 15)
    press("Quote")
    assert area(page).input_value() == "> first line\n> second line"
    area(page).fill("a()")
    select(page, 0, 3)
    press("Code")
    assert area(page).input_value() == "`a()`"
    area(page).fill("one\ntwo")
    select(page, 0, 7)
    press("Code")
    assert area(page).input_value() == "\n```\none\ntwo\n```\n"
    area(page).fill("shortcut")
    select(page, 0, 8)
    page.keyboard.press("Control+b")
    assert area(page).input_value() == "**shortcut**"
    # and what it wrote renders as such
    page.locator(f"{FORM} [data-act='preview']").click()
    page.locator(f"{FORM} .salon-preview strong").wait_for()
    assert run_axe(page) == []


def test_the_counter_shows_near_the_limit(context, server):
    page = open_embed(context, server, "/posts/counter")
    counter = page.locator(f"{FORM} .salon-count")
    limit = int(area(page).get_attribute("maxlength"))
    area(page).fill("x" * (limit - limit // 10 - 1))
    assert counter.is_hidden()
    area(page).fill("x" * (limit - 900))
    expect(counter).to_have_text("900 characters left")
    expect(page.locator(".salon-live")).to_have_text("900 characters left")
    area(page).fill("x" * (limit - 1))
    expect(counter).to_have_text("1 character left")
    area(page).fill("x" * (limit + 50))  # maxlength holds it at the limit
    assert len(area(page).input_value()) == limit
    expect(counter).to_have_text("0 characters left")
    area(page).fill("short again")
    assert counter.is_hidden()


def test_the_toolbar_arrows_follow_the_reading_direction(context, server):
    page = open_embed(context, server, "/posts/toolbar-rtl", lang="ar")
    assert page.locator(".salon").get_attribute("dir") == "rtl"
    bold = page.locator(f"{FORM} .salon-tool[data-fmt='bold']")
    bold.focus()
    page.keyboard.press("ArrowLeft")  # right to left: the next button is on the left
    assert page.evaluate("document.activeElement.dataset.fmt") == "italic"
    page.keyboard.press("End")
    assert page.evaluate("document.activeElement.dataset.fmt") == "code"
    page.keyboard.press("ArrowLeft")  # and round to the first
    assert page.evaluate("document.activeElement.dataset.fmt") == "bold"
    tabbable = page.locator(f"{FORM} .salon-tool").evaluate_all("bs => bs.map(b => b.tabIndex)")
    assert tabbable == [0, -1, -1, -1, -1], "one Tab stop: the button last moved to"
