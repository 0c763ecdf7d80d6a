"""Every HTML response carries a strict CSP and nosniff; the embed runs sandboxed, without script."""

from __future__ import annotations

import pytest

from tests.conftest import PAGE, post

HTML_PAGES = [
    ("/demo", {}),
    ("/embed/thread", {"url": PAGE}),
    ("/embed/thread", {"url": PAGE, "page": "1"}),
    ("/embed/thread", {"url": "https://unknown.example/x"}),
    ("/admin/login", {}),
    ("/api/docs", {}),
]


def _directives(csp: str) -> dict[str, str]:
    out = {}
    for part in csp.split(";"):
        name, _, value = part.strip().partition(" ")
        out[name] = value
    return out


@pytest.mark.parametrize(("path", "params"), HTML_PAGES)
def test_every_html_page_has_a_csp_and_nosniff(client, site, path, params):
    response = client.get(path, params=params)
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["x-content-type-options"] == "nosniff"
    csp = _directives(response.headers["content-security-policy"])
    assert "'unsafe-eval'" not in response.headers["content-security-policy"]
    assert csp["default-src"] in ("'self'", "'none'")
    if path != "/api/docs":
        assert "'unsafe-inline'" not in csp.get("script-src", "")


def test_the_no_js_form_error_page_is_sandboxed(client, site):
    response = client.post("/embed/comment", data={"url": PAGE, "body": "", "name": "Ann"})
    assert response.status_code == 422
    csp = _directives(response.headers["content-security-policy"])
    assert "sandbox" in csp


def test_the_embed_runs_no_script_in_an_opaque_origin(client, site):
    post(client, "Hello.")
    response = client.get("/embed/thread", params={"url": PAGE, "page": "1"})
    csp = _directives(response.headers["content-security-policy"])
    assert csp["default-src"] == "'none'" and "script-src" not in csp
    assert (
        "sandbox" in csp
        and "allow-same-origin" not in csp["sandbox"]
        and "allow-scripts" not in csp["sandbox"]
    )
    assert "allow-forms" in csp["sandbox"]


def test_json_and_static_responses_are_nosniff(client, site):
    for response in (
        client.get("/api/comments", params={"url": PAGE}),
        client.get("/embed.js"),
        client.get("/healthz"),
    ):
        assert response.headers["x-content-type-options"] == "nosniff"
