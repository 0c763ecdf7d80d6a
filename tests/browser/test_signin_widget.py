"""Sign-in in Chromium: the host site's SSO token on the box, the token a magic link brings back
in the address's fragment, and the widget's button for an OpenID Connect provider (a real issuer,
tests/accounts/issuer.py), signing out again."""

from __future__ import annotations

import time

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import OctKey

from salon.actions.sites import update_settings
from salon.db import tables as t
from tests.browser.conftest import embed_page, open_embed, run_axe, site_id

pytestmark = pytest.mark.browser

SECRET = "browser-test-sso-secret-0123456789abcdef"


def _token(name: str = "Sam Signed-In") -> str:
    claims = {"id": "cms-7", "name": name, "exp": int(time.time()) + 600}
    return jwt.encode({"alg": "HS256"}, claims, OctKey.import_key(SECRET))


def test_sso_token_on_the_box_posts_under_the_sites_identity(context, server):
    update_settings(server.services, site_id(server), {"sso_secret": SECRET}, "test")
    page = open_embed(context, server, "/posts/sso", f'data-sso-token="{_token()}"')
    form = page.locator(".salon > .salon-form")
    form.locator('input[name="name"]').fill("Someone Else")
    form.locator('textarea[name="body"]').fill("Posted while signed in through the blog.")
    form.locator('button[type="submit"]').click()
    li = page.locator(".salon-list > .salon-c").first
    li.locator(".salon-text").wait_for()
    assert "Sam Signed-In" in li.inner_text(), "the account's name, not what the form said"
    stored = page.evaluate("Object.keys(localStorage).map(k => JSON.parse(localStorage[k]))[0]")
    assert stored["author"] and stored["sso"]
    with server.services.db.read() as conn:
        key = conn.execute(
            t.authors.select().with_only_columns(t.authors.c.key).where(t.authors.c.name == "Sam Signed-In")
        ).scalar_one()
    assert key.startswith("account:")


def test_the_fragment_from_a_magic_link_signs_the_widget_in(context, server):
    update_settings(server.services, site_id(server), {"sso_secret": SECRET}, "test")
    signed = httpx.post(
        f"{server.base}/api/auth/sso", json={"url": server.page("/posts/magic"), "token": _token("Mia Magic")}
    ).json()
    url, html = embed_page(server, "/posts/magic")
    page = context.new_page()
    page.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    page.goto(f"{url}#salon-auth={signed['author_token']}")
    page.wait_for_selector(".salon.salon-js")
    page.wait_for_function("!location.hash")
    stored = page.evaluate("Object.keys(localStorage).map(k => JSON.parse(localStorage[k]))[0]")
    assert stored["author"] == signed["author_token"]


def test_sign_in_with_an_openid_connect_provider_from_the_widget(context, server):
    """The widget's button for a provider the site switched on: to a real issuer and back."""
    from tests.accounts.issuer import CLIENT_ID, CLIENT_SECRET, Issuer

    issuer = Issuer(f"{server.base}/auth/oidc/callback")
    issuer.start()
    try:
        entry = {"name": "Corp ID", "discovery_url": issuer.discovery_url}
        oidc = {"corp": {**entry, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}}
        update_settings(server.services, site_id(server), {"oidc": oidc}, "test")
        page = open_embed(context, server, "/posts/oidc")
        button = page.get_by_role("link", name="Sign in with Corp ID")
        assert run_axe(page) == []
        button.click()
        # Through the issuer and back to the page, with the author token in the fragment.
        page.wait_for_url("**/posts/oidc#salon-auth=*")
        landed = page.url
        assert "salon-name=Olive%20Issuer" in landed
        # Playwright does not route the end of a redirect chain: open the landing address again,
        # served as the blog serves it (the same browser context, so the same storage).
        url, html = embed_page(server, "/posts/oidc")
        page.close()
        page = context.new_page()
        page.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=html))
        page.goto(landed)
        page.wait_for_selector(".salon-signin .salon-signout")
        assert page.evaluate("location.pathname + location.hash") == "/posts/oidc"
        assert "Signed in as Olive Issuer" in page.locator(".salon-signin").inner_text()
        assert CLIENT_SECRET not in page.content()
        form = page.locator(".salon > .salon-form")
        form.locator('input[name="name"]').fill("Whatever")
        form.locator('textarea[name="body"]').fill("Posted after signing in with the company account.")
        form.locator('button[type="submit"]').click()
        li = page.locator(".salon-list > .salon-c").first
        li.locator(".salon-text").wait_for()
        assert "Olive Issuer" in li.inner_text()
        page.locator(".salon-signout").click()
        page.get_by_role("link", name="Sign in with Corp ID").wait_for()
        stored = page.evaluate("Object.keys(localStorage).map(k => JSON.parse(localStorage[k]))[0]")
        assert "author" not in stored, "signed out: a guest again in this browser"
    finally:
        update_settings(server.services, site_id(server), {"oidc": {}}, "test")
        issuer.stop()
