"""The server-rendered thread honours a permalink (``comment=ID``): it renders the page that holds
the comment, with a link back to the first page; the staff badge and avatar keys are in it."""

from __future__ import annotations

import re

from tests.conftest import PAGE, post


def html_of(client, **params) -> str:
    r = client.get("/embed/thread", params={"url": PAGE, **params})
    assert r.status_code == 200, r.text
    return r.text


def test_a_permalink_renders_the_page_that_holds_the_comment(client, site):
    ids = [post(client, f"comment {i}").json()["id"] for i in range(5)]
    reply = post(client, "a reply on the last page", parent_id=ids[4]).json()["id"]
    html = html_of(client, limit=2, comment=reply, page=1)
    assert f'id="salon-c-{reply}"' in html and f'id="salon-c-{ids[4]}"' in html
    assert f'id="salon-c-{ids[0]}"' not in html
    first = re.search(r'class="salon-btn salon-first" data-act="first" href="([^"]+)"', html)
    assert first, "a way back to the start"
    start = client.get(first.group(1).replace("&amp;", "&").replace("http://testserver", "")).text
    assert f'id="salon-c-{ids[0]}"' in start and "salon-first" not in start


def test_the_first_page_needs_no_way_back_and_unknown_comments_show_the_start(client, site):
    ids = [post(client, f"comment {i}").json()["id"] for i in range(3)]
    assert "salon-first" not in html_of(client, limit=2, comment=ids[0])
    for missing in (999999, ids[0]):
        html = html_of(client, limit=2, comment=missing, url="https://blog.example.com/another-page")
        assert "salon-first" not in html, "not this thread's comment: its first page"
    assert client.get("/embed/thread", params={"url": PAGE, "comment": "x"}).status_code == 422
    assert client.get("/embed/thread", params={"url": PAGE, "comment": 0}).status_code == 422


def test_avatar_keys_in_the_markup(client, site):
    post(client, "with an address", name="Ed", author={"email": "ed@example.org"})
    post(client, "without", name="No")
    html = html_of(client)
    keyed = re.findall(r'<span class="salon-av" aria-hidden="true" data-av="([0-9a-f]+)">E</span>', html)
    assert len(keyed) == 1 and len(keyed[0]) == 32
    assert '<span class="salon-av" aria-hidden="true">N</span>' in html
