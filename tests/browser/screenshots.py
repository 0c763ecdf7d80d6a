"""Screenshots of the demo for docs/screenshots: `python -m tests.browser.screenshots`.

Starts the same server the browser tests use (temp SQLite, demo seeded) and saves the demo's
comments at desktop width (with a live "new comment" arriving) and at phone width.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, running_server

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def shoot(browser: Any, base: str, name: str, width: int, height: int, live: bool) -> None:
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{base}/demo")
    page.wait_for_selector(".salon.salon-js")
    page.evaluate("document.querySelector('.comments').scrollIntoView()")
    if live:
        page.wait_for_timeout(400)
        httpx.post(
            f"{base}/api/comments",
            json={
                "url": f"{base}/demo",
                "author": {"name": "Lena"},
                "body": "The Stockholm to Berlin sleeper was the best night's sleep I had all summer.",
            },
        )
        page.locator(".salon-new").wait_for()
    page.wait_for_timeout(300)
    top = page.evaluate("document.querySelector('.comments').getBoundingClientRect().top + scrollY") - 24
    page.screenshot(
        path=str(OUT / name), full_page=True, clip={"x": 0, "y": top, "width": width, "height": height}
    )
    context.close()


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_server(Path(tmp) / "salon.db") as live,
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        shoot(browser, live.base, "demo-desktop.png", 1280, 1500, live=True)
        shoot(browser, live.base, "demo-phone.png", 375, 1500, live=False)
        browser.close()
    print(f"wrote {OUT}/demo-desktop.png and demo-phone.png", file=sys.stderr)


if __name__ == "__main__":
    main()
