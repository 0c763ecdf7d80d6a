"""POST /api/comments:preview: the draft rendered as a posted comment would be, never stored."""

from __future__ import annotations

import pytest

from salon.api.moderation import PREVIEWS_PER_POST
from salon.settings import load_settings
from tests.conftest import PAGE


def preview(client, body: str, **extra):
    return client.post("/api/comments:preview", json={"url": PAGE, "body": body, **extra})


def test_renders_with_the_servers_markdown_and_stores_nothing(client, site):
    r = preview(client, "**Bold** and *soft*, `code`,\n\n> quoted\n\n[a link](https://example.org/x)")
    assert r.status_code == 200, r.text
    html = r.json()["html"]
    assert "<strong>Bold</strong>" in html and "<em>soft</em>" in html and "<code>code</code>" in html
    assert "<blockquote>" in html and 'href="https://example.org/x"' in html and "nofollow" in html
    assert client.get("/api/comments", params={"url": PAGE}).json()["thread"]["count"] == 0


def test_raw_html_is_shown_as_text_as_in_a_posted_comment(client, site):
    html = preview(client, '<script>alert(1)</script><img src=x onerror="y">').json()["html"]
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html


def test_an_empty_draft_renders_to_nothing(client, site):
    assert preview(client, "  \n ").json() == {"html": ""}


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"url": PAGE}, 422, None),
        ({"url": PAGE, "body": 5}, 422, None),
        ({"url": PAGE, "body": "x", "extra": 1}, 422, None),
        ({"url": "https://elsewhere.example.net/post", "body": "x"}, 404, "unknown_site"),
        ({"url": "not a url", "body": "x"}, 400, None),
    ],
)
def test_bad_input_is_a_4xx_with_a_reason(client, site, payload, status, code):
    r = client.post("/api/comments:preview", json=payload)
    assert r.status_code == status, r.text
    error = r.json()["error"]
    assert error["code"] and (code is None or error["code"] == code)


def test_too_long_is_refused_like_a_post(client, site, services):
    r = preview(client, "x" * (services.settings.max_body_chars + 1))
    assert r.status_code == 422 and r.json()["error"]["code"] == "body_too_long"


def test_previews_are_rate_limited(services, site, db_url):
    from fastapi.testclient import TestClient

    from salon.app import create_app

    limited = load_settings(database_url=db_url, classifier="null", rate_limit_posts=1, rate_limit_window=60)
    services.settings = limited
    with TestClient(create_app(limited, services)) as c:
        codes = [preview(c, f"draft {i}").status_code for i in range(PREVIEWS_PER_POST)]
        assert codes == [200] * PREVIEWS_PER_POST
        r = preview(c, "once more")
        assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited"
        assert 1 <= int(r.headers["Retry-After"]) <= 60
        assert c.post("/api/comments:check", json={"url": PAGE, "body": "x"}).status_code == 200, (
            "its own count"
        )
