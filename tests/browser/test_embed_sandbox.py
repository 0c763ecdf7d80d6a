"""In Chromium: the server-rendered thread opened on salon's own origin runs sandboxed, in an
opaque origin, so nothing on it can read the dashboard; the demo page still runs the widget."""

from __future__ import annotations

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def context(browser):
    """A context that keeps the pages' CSP (the shared one bypasses it to inject test scripts)."""
    ctx = browser.new_context()
    ctx.set_default_timeout(8000)
    yield ctx
    ctx.close()


def test_embed_page_is_an_opaque_origin_without_script(server, context):
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None
    )
    page.goto(f"{server.base}/embed/thread?page=1&url={quote(server.demo_url, safe='')}")
    assert page.locator("li.salon-c").count() > 0
    assert violations == []  # its stylesheet and inline style are allowed
    assert page.evaluate("self.origin") == "null"
    # An injected script (what a sanitiser bypass would add) does not run: CSP has no script-src.
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        " document.body.append(s); }"
    )
    assert page.evaluate("window.ran === undefined")
    # And a fetch of the dashboard from here is cross-origin: it cannot be read.
    read = page.evaluate(
        "() => fetch('/admin', {credentials: 'include'})"
        ".then(r => r.text()).then(() => 'read', () => 'blocked')"
    )
    assert read == "blocked"


def test_the_demo_page_still_runs_the_widget_under_its_csp(server, context):
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None
    )
    page.goto(f"{server.base}/demo")
    page.wait_for_selector(".salon.salon-js")
    assert violations == []
