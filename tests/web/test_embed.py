"""The embed over HTTP, in process: the server-rendered thread, the no-JS form, the widget's files."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from salon.actions.sites import update_settings
from salon.web.embed import LOCALES, STATIC_DIR, pick_locale
from tests.conftest import PAGE, SITE_ORIGIN, post

ROOT = Path(__file__).resolve().parents[2]
WIDGET = ROOT / "widget"
BUDGET = 15 * 1024  # embed.js + embed.css, gzipped (folding, muting, the toolbar and preview: 12 -> 15)


def thread_html(client, url=PAGE, **params):
    r = client.get("/embed/thread", params={"url": url, **params})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    return r.text


def test_thread_html_renders_the_tree(client, site):
    top = post(client, "Top *level*", name="Mara").json()["id"]
    reply = post(client, "A reply", name="Jonas", parent_id=top).json()["id"]
    html = thread_html(client)
    assert html.startswith('<section class="salon" data-salon')
    assert f'data-url="{PAGE}"' in html and 'data-count="2"' in html
    assert f'<li class="salon-c" id="salon-c-{top}" data-id="{top}" data-depth="0">' in html
    assert "<p>Top <em>level</em></p>" in html
    # the reply sits in its parent's list and says whom it answers
    nested = re.search(
        rf'id="salon-c-{top}".*?<ol class="salon-replies"><li [^>]*id="salon-c-{reply}"', html, re.S
    )
    assert nested
    assert f'<a class="salon-to" href="#salon-c-{top}">to Mara</a>' in html
    assert 'action="http://testserver/embed/comment"' in html


def test_thread_html_escapes_everything_user_provided(client, site):
    evil = '<img src=x onerror="alert(1)">'
    post(
        client,
        f"hello {evil}",
        name='"><script>alert(1)</script>',
        author={"website": 'https://a.example/"x'},
    )
    html = thread_html(client)
    assert "<script>" not in html and "<img" not in html
    assert "hello &lt;img src=x onerror=" in html
    assert (
        '<a class="salon-author" href="https://a.example/&#34;x" rel="nofollow ugc noopener">'
        "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</a>"
    ) in html
    assert '<span class="salon-av" aria-hidden="true">&#34;</span>' in html


def test_thread_html_locale_direction_and_unknown_site(client, site):
    post(client)
    html = thread_html(client, locale="ar-EG", theme="dark")
    assert 'lang="ar" dir="rtl"' in html and 'data-theme="dark"' in html
    assert "التعليقات" in html
    assert 'lang="tr" dir="ltr"' in thread_html(client, locale="tr")
    assert 'lang="en"' in thread_html(client, locale="xx")
    r = client.get("/embed/thread", params={"url": "https://elsewhere.example/post"})
    assert r.status_code == 404 and 'class="salon-err"' in r.text


def test_thread_html_standalone_page_and_pagination(client, site):
    for i in range(3):
        post(client, f"comment {i}")
    html = thread_html(client, limit=2)
    more = re.search(r'class="salon-btn salon-more" data-act="more" href="([^"]+)"', html)
    assert more, "a next page is linked"
    page = client.get(more.group(1).replace("&amp;", "&").replace("http://testserver", ""))
    assert page.status_code == 200 and page.text.startswith("<!doctype html>")
    assert "<p>comment 2</p>" in page.text and "<p>comment 0</p>" not in page.text


def test_deleted_and_pending_are_rendered_as_the_api_says(client, site):
    kept = post(client, "parent").json()
    post(client, "child", parent_id=kept["id"])
    r = client.delete(
        f"/api/comments/{kept['id']}", headers={"Authorization": f"Bearer {kept['edit_token']}"}
    )
    assert r.status_code == 204
    html = thread_html(client)
    assert 'class="salon-c salon-deleted"' in html and "This comment was deleted." in html
    assert "to a deleted comment" in html


def test_no_js_form_posts_and_redirects_to_the_comment(client, site):
    r = client.post(
        "/embed/comment",
        data={"url": PAGE, "name": "Nora", "body": "Posted *without* JavaScript", "parent_id": ""},
        follow_redirects=False,
    )
    assert r.status_code == 303
    data = client.get("/api/comments", params={"url": PAGE}).json()
    (comment,) = data["comments"]
    assert r.headers["location"] == f"{PAGE}#salon-c-{comment['id']}"
    assert comment["author"]["name"] == "Nora" and "<em>without</em>" in comment["html"]
    reply = client.post(
        "/embed/comment",
        data={"url": PAGE, "name": "Ola", "body": "reply", "parent_id": str(comment["id"])},
        follow_redirects=False,
    )
    assert reply.status_code == 303
    assert client.get("/api/comments", params={"url": PAGE}).json()["comments"][0]["replies"][0]["id"]


def test_no_js_form_held_comment_goes_to_the_held_notice(client, site, services):
    update_settings(
        services, site.id, {"premoderation": "all", "held_message": "A person reads every comment."}, "test"
    )
    r = client.post(
        "/embed/comment", data={"url": PAGE, "name": "Nora", "body": "hold me"}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == f"{PAGE}#salon-held"
    html = thread_html(client)
    assert '<p class="salon-held" id="salon-held" tabindex="-1">A person reads every comment.</p>' in html
    assert "hold me" not in html


def test_no_js_form_errors_are_a_page_with_the_reason(client, site):
    r = client.post("/embed/comment", data={"url": PAGE, "name": "Nora", "body": "  ", "locale": "de"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert "Schreiben Sie etwas, bevor Sie senden." in r.text and 'lang="de"' in r.text
    assert f'href="{PAGE}"' in r.text
    r = client.post("/embed/comment", data={"url": "https://nowhere.example/x", "name": "N", "body": "b"})
    assert r.status_code == 404 and "href=" not in r.text.split("<main", 1)[1].split("</main>")[0]
    r = client.post("/embed/comment", data={"url": PAGE, "name": "N", "body": "b", "parent_id": "x1"})
    assert r.status_code == 422


@pytest.mark.parametrize("name", ["embed.js", "embed.css", "count.js"])
def test_widget_files_are_compressed_and_cacheable(client, name):
    r = client.get(f"/{name}", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["content-encoding"] == "gzip" and "max-age=" in r.headers["cache-control"]
    assert r.headers["vary"] == "Accept-Encoding" and r.headers["access-control-allow-origin"] == "*"
    assert r.content == (STATIC_DIR / name).read_bytes()  # the client undid the gzip
    again = client.get(f"/{name}", headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304 and not again.content


def test_locales_and_features(client):
    assert client.get("/embed/locales/ar.json").json()["comments"] == "التعليقات"
    assert client.get("/embed/locales/xx.json").status_code == 404
    features = client.get("/embed/features").json()
    assert set(features) == {"report", "check"}
    assert features["report"] == any(
        p.endswith("/report") for p in client.get("/openapi.json").json()["paths"]
    )


#: Strings with plural forms: each locale has the forms its language needs.
PLURALS = ("newComments", "moreReplies", "charsLeft")


def test_every_locale_has_every_string():
    english = json.loads((STATIC_DIR / "locales" / "en.json").read_text())
    assert {"en", "ar", "tr", "de", "fr", "es", "ru"} <= set(LOCALES)
    for locale in LOCALES:
        strings = json.loads((STATIC_DIR / "locales" / f"{locale}.json").read_text())
        assert set(strings) == set(english), locale
        for key, value in english.items():
            if isinstance(value, dict) and key not in PLURALS:
                assert set(strings[key]) == set(value), (locale, key)
        for key in PLURALS:  # plural forms are the locale's own (Intl.PluralRules), "other" always
            assert "other" in strings[key], (locale, key)
    assert pick_locale("de-AT") == "de" and pick_locale("pt_BR") == "pt"
    assert pick_locale("xx_YY") == "en" and pick_locale(None) == "en"


def test_counts_for_count_js(client, site):
    post(client)
    post(client, url=f"{SITE_ORIGIN}/other")
    r = client.post("/api/counts", json={"urls": [PAGE, f"{SITE_ORIGIN}/other", f"{SITE_ORIGIN}/none"]})
    assert r.json()["counts"] == {PAGE: 1, f"{SITE_ORIGIN}/other": 1, f"{SITE_ORIGIN}/none": 0}


def test_demo_page_embeds_the_server_rendered_thread(client, services, settings):
    from salon.demo import seed_demo

    url = seed_demo(services, settings)
    html = client.get("/demo").text
    assert '<script src="/embed.js" async></script>' in html and "/count.js" in html
    assert f'<div id="salon-thread" data-url="{url}"' in html
    assert '<section class="salon" data-salon' in html and "Vienna–Brussels sleeper" in html
    assert 'lang="ar" dir="rtl"' in client.get("/demo", params={"locale": "ar"}).text


def test_embed_js_and_css_fit_the_size_budget():
    sizes = {
        name: len(gzip.compress((STATIC_DIR / name).read_bytes(), 9)) for name in ("embed.js", "embed.css")
    }
    assert sum(sizes.values()) <= BUDGET, f"embed.js + embed.css are {sizes} bytes gzipped, over {BUDGET}"


@pytest.mark.skipif(
    not (WIDGET / "node_modules" / "esbuild").exists() or shutil.which("node") is None,
    reason="widget/node_modules missing (run `npm ci` in widget/, or `make browser`)",
)
def test_committed_build_is_current():
    r = subprocess.run(
        ["node", "build.mjs", "--check"], cwd=WIDGET, capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 0, r.stderr + "\nrun `npm run build` in widget/ and commit salon/web/static"


def test_the_demo_seeds_even_when_one_of_its_comments_is_held(client, services, settings, monkeypatch):
    """The demo goes through moderation like any comment: a seeded comment that is held (by the
    model, the links phase, or a site's pre-moderation) stays in the queue and gets no votes;
    seeding does not fail on it."""
    import sqlalchemy as sa

    from salon import demo

    seed = list(demo.SEED)
    links = " ".join(f"https://shop{n}.example/deal" for n in range(8))
    seed[3] = ("Ines", f"Cheap tickets, complete list: {links}", None)
    monkeypatch.setattr(demo, "SEED", seed)
    url = demo.seed_demo(services, settings)  # VOTES puts four votes on comment 3
    html = client.get("/demo").text
    assert "Vienna–Brussels sleeper" in html and "shop1.example" not in html
    with services.db.read() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT c.status, c.upvotes + c.downvotes FROM comments c"
                " JOIN threads t ON t.id = c.thread_id WHERE t.url = :url ORDER BY c.id"
            ),
            {"url": url},
        ).all()
    assert [r[0] for r in rows].count("published") == len(seed) - 1
    held = [r for r in rows if r[0] != "published"]
    assert len(held) == 1 and held[0][1] == 0
