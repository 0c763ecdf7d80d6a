"""EU DSA notice and action end to end in Chromium: a reader sends a notice from the widget's
report form, a moderator decides it with a statement of reasons, the author reads the statement
beside their comment and appeals through its link, and the moderator reverses on appeal."""

from __future__ import annotations

import re

import pytest

from salon.db import comments as comment_queries
from tests.browser.conftest import LiveServer, open_embed
from tests.browser.test_dashboard import _sign_in, admin  # noqa: F401

pytestmark = pytest.mark.browser


def _status(server: LiveServer, comment_id: int) -> str:
    with server.services.db.read() as conn:
        return str(comment_queries.get(conn, comment_id).status)


def test_notice_statement_and_appeal_in_the_browser(server: LiveServer, browser, context, admin):  # noqa: F811
    # The author posts through the widget (which keeps their author token).
    page = open_embed(context, server, "/posts/dsa")
    form = page.locator(".salon > .salon-form")
    form.locator('input[name="name"]').fill("Dora")
    # A claim the model publishes but a reader may report as unlawful (defamation). The earlier
    # text, a call to gather at the mayor's home address, is held by the model since 2026-12-03.
    form.locator('textarea[name="body"]').fill(
        "The mayor took bribes from the builder on Example Street, I have seen the receipts."
    )
    form.locator('button[type="submit"]').click()
    comment = page.locator(".salon-list > .salon-c").first
    comment.locator(".salon-text").wait_for()
    cid = int(comment.get_attribute("id").rsplit("-", 1)[1])

    # A reader reports it as illegal: the report form links to the notice with the DSA's fields.
    reader = browser.new_context(viewport={"width": 1000, "height": 900})
    try:
        rpage = open_embed(reader, server, "/posts/dsa")
        rpage.locator(f"#salon-c-{cid} [data-act=report]").click()
        with reader.expect_page() as opened:
            rpage.locator(".salon-reportf .salon-dsa a").click()
        notice = opened.value
        notice.wait_for_load_state()
        notice.fill(
            "textarea[name=explanation]",
            "It publishes a private home address and incites people to go there.",
        )
        notice.fill("input[name=name]", "Rhea Reader")
        notice.fill("input[name=email]", "rhea@example.org")
        notice.click("button[type=submit]")  # the browser refuses: good faith is required
        assert "Send the notice" in notice.content() and "was received" not in notice.content()
        notice.check("input[name=good_faith]")
        notice.click("button[type=submit]")
        notice.locator(".salon-done").wait_for()
        assert "was received" in notice.locator(".salon-done").inner_text()
    finally:
        reader.close()

    # The moderator decides the notice with a statement of reasons.
    mod = browser.new_context(viewport={"width": 1100, "height": 900})
    try:
        admin_page = _sign_in(mod, server)
        admin_page.goto(server.page("/admin/notices"))
        item = admin_page.locator(".notice-item").filter(has_text="incites people to go there")
        item.locator("textarea[name=facts]").fill(
            "The comment names a person's home address and urges a visit."
        )
        item.locator("input[name=ground_type][value=legal]").check()
        item.locator("input[name=ground]").fill("Doxxing and incitement to harassment (criminal law)")
        item.locator("button[type=submit]").click()
        admin_page.wait_for_url("**/admin/notices")
        assert _status(server, cid) == "rejected"

        # The author sees the statement beside their comment and appeals through its link.
        page.reload()
        own = page.locator(f"#salon-c-{cid}")
        message = own.locator(".salon-msg").inner_text()
        assert "Facts: The comment names" in message and "Grounds (the law)" in message
        link = re.search(r"https?://\S+/embed/appeal/[\w-]+|/embed/appeal/[\w-]+", message)
        assert link
        target = link.group(0) if link.group(0).startswith("http") else server.page(link.group(0))
        appeal = context.new_page()
        appeal.goto(target)
        assert "Doxxing and incitement" in appeal.locator("dl.statement").inner_text()
        appeal.fill("textarea[name=text]", "It was a public event venue, not a home; please look again.")
        appeal.click("button[type=submit]")
        appeal.locator(".salon-done").wait_for()

        admin_page.goto(server.page("/admin/appeals"))
        entry = admin_page.locator(".appeal-item").filter(has_text="public event venue")
        entry.locator("button[value=reversed]").click()
        admin_page.wait_for_url("**/admin/appeals")
        assert _status(server, cid) == "published"
        csv_text = admin_page.request.get(server.page("/admin/transparency.csv")).text()
        assert "reversed" in csv_text and "rhea@example.org" not in csv_text
    finally:
        mod.close()
