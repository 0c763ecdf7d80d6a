"""A real salon server (uvicorn in a thread, temp SQLite, the demo seeded) and one Chromium per module.

The demo site's origins include the server's own origin, so the demo page is same-origin and
Playwright-served test pages (page.route on that origin) embed the widget like any site would.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from salon.actions.sites import update_settings
from salon.app import create_app
from salon.demo import seed_demo
from salon.services import Services, build_services
from salon.settings import Settings, load_settings

CHROMIUM = os.environ.get("SALON_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parents[2] / "widget" / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.browser


def skip_reason() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing: install Debian's chromium (`make browser`) to run the browser tests"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed: pip install -e '.[test]'"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    base: str
    settings: Settings
    services: Services
    demo_url: str

    def page(self, path: str = "/") -> str:
        return self.base + path


@contextlib.contextmanager
def running_server(db: Path, classifier: str = "builtin") -> Iterator[LiveServer]:
    """The real app under uvicorn in a thread, on a free port, the demo seeded; stopped on exit.

    ``classifier="null"`` for tests that post hundreds of comments and are not about the model.
    """
    import uvicorn

    port = free_port()
    settings = load_settings(
        database_url=str(db), host="127.0.0.1", port=port, classifier=classifier, rate_limit_posts=1000
    )
    services = build_services(settings)
    url = seed_demo(services, settings)
    site = services.sites.for_url(url)
    assert site is not None
    # Every test posts from 127.0.0.1 in short, similar made-up sentences: the flood and duplicate
    # phases and the model's spam score must not hold them (the nudge's categories keep theirs).
    relaxed = {"flood_limit": 1000, "duplicate_threshold": 1.0, "thresholds": {"spam": [0.99, 1.0]}}
    update_settings(services, site.id, relaxed, "test")
    config = uvicorn.Config(
        create_app(settings, services),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=1,
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.05)
    else:
        raise AssertionError("the test server did not start")
    try:
        yield LiveServer(base, settings, services, url)
    finally:
        srv.should_exit = True
        thread.join(10)
        services.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    with running_server(tmp_path_factory.mktemp("browser") / "salon.db") as live:
        yield live


def site_id(server: LiveServer) -> int:
    site = server.services.sites.for_url(server.demo_url)
    assert site is not None
    return site.id


@pytest.fixture(scope="module")
def browser(server: LiveServer) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    # bypass_csp: the tests inject axe-core and helpers as inline scripts, which the pages' CSP
    # forbids (tests/browser/test_embed_sandbox.py checks the CSP itself, in its own context).
    ctx = browser.new_context(viewport={"width": 1100, "height": 900}, locale="en-GB", bypass_csp=True)
    ctx.set_default_timeout(8000)
    yield ctx
    ctx.close()


def embed_page(server: LiveServer, path: str, attrs: str = "", lang: str = "en") -> tuple[str, str]:
    """A blog page on the server's origin that embeds the widget (served by page.route)."""
    html = f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Test post {path}</title></head>
<body><main style="max-width:46rem;margin:1rem auto;padding:0 1rem"><h1>Test post</h1>
<div id="salon-thread" {attrs}></div></main>
<script src="{server.base}/embed.js" async></script></body></html>"""
    return server.page(path), html


def open_embed(context: Any, server: LiveServer, path: str, attrs: str = "", lang: str = "en") -> Any:
    url, html = embed_page(server, path, attrs, lang)
    page = context.new_page()
    page.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    page.goto(url)
    page.wait_for_selector(".salon.salon-js")
    return page


def run_axe(page: Any) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations inside the widget."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document.querySelector('.salon'), {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                           nodes: v.nodes.map(n => n.html).slice(0, 3)}));
        }"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]
