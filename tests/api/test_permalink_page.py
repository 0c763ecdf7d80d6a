"""GET /api/comments/{id}/page: which page of its thread shows a comment, so a permalink to a
comment beyond the first page works (the widget and the server-rendered thread use it)."""

from __future__ import annotations

import pytest

from salon.actions import decisions
from salon.actions.sites import update_settings
from salon.actions.users import create_user, moderator_for
from tests.api.test_pagination import seed
from tests.conftest import PAGE, post


def page_with(client, comment_id: int, sort: str, limit: int) -> dict:
    r = client.get(f"/api/comments/{comment_id}/page", params={"sort": sort, "limit": limit})
    assert r.status_code == 200, r.text
    return r.json()


def params(sort: str, cursor: str | None) -> dict:
    return {"url": PAGE, "sort": sort, "limit": 3, **({"cursor": cursor} if cursor else {})}


def tree_ids(nodes: list[dict]) -> set[int]:
    found: set[int] = set()
    for n in nodes:
        found |= {n["id"], *tree_ids(n["replies"])}
    return found


@pytest.mark.parametrize("sort", ["oldest", "newest", "top"])
def test_the_cursor_given_is_the_page_that_shows_the_comment(client, services, site, sort):
    tops = seed(services, site, tops=11, replies_each=1)
    pages: list[set[int]] = []  # the pages as a reader paging with "load more" sees them
    cursor = None
    while True:
        data = client.get("/api/comments", params=params(sort, cursor)).json()
        pages.append(tree_ids(data["comments"]))
        cursor = data["next_cursor"]
        if not cursor:
            break
    assert len(pages) == 4
    for top in tops:
        found = page_with(client, top, sort, 3)
        assert found["url"] == PAGE and found["root_id"] == top
        assert top in pages[found["page"] - 1], (sort, top, found)
        assert (found["cursor"] is None) == (found["page"] == 1)
        shown = tree_ids(client.get("/api/comments", params=params(sort, found["cursor"])).json()["comments"])
        assert shown == pages[found["page"] - 1]


def test_a_reply_is_on_its_top_level_comments_page(client, services, site):
    tops = seed(services, site, tops=7, replies_each=0)
    reply = post(client, "A late reply to the last one", parent_id=tops[-1]).json()
    deeper = post(client, "And one under it", parent_id=reply["id"]).json()
    found = page_with(client, deeper["id"], "oldest", 2)
    assert found["root_id"] == tops[-1] and found["page"] == 4
    data = client.get("/api/comments", params={"url": PAGE, "limit": 2, "cursor": found["cursor"]}).json()
    assert deeper["id"] in tree_ids(data["comments"])


def test_pinned_comments_are_on_the_first_page(client, services, site):
    tops = seed(services, site, tops=9, replies_each=0)
    user = create_user(services, "mod@example.org", "correct horse battery", site_names=["blog"])
    decisions.pin(services, moderator_for(services, user), tops[-1])
    found = page_with(client, tops[-1], "oldest", 2)
    assert found["page"] == 1 and found["cursor"] is None
    # pinned comments are left out of the later pages, so the others keep their places
    assert page_with(client, tops[-2], "oldest", 2)["page"] == 4
    assert page_with(client, tops[2], "oldest", 2)["page"] == 2


def test_what_the_public_does_not_see_is_not_found(client, services, site):
    published = post(client, "Out in the open").json()
    update_settings(services, site.id, {"premoderation": "all"}, "test")
    pending = post(client, "This one waits for a moderator").json()
    assert pending["status"] == "pending"
    assert page_with(client, published["id"], "oldest", 2)["page"] == 1
    for cid in (pending["id"], 99999):
        r = client.get(f"/api/comments/{cid}/page")
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "path",
    [
        "/api/comments/0/page",
        "/api/comments/-3/page",
        "/api/comments/abc/page",
        "/api/comments/99999999999999999999/page",
        "/api/comments/1/page?sort=best",
        "/api/comments/1/page?limit=0",
    ],
)
def test_bad_input_is_a_4xx_with_a_reason(client, site, path):
    r = client.get(path)
    assert 400 <= r.status_code < 500 and r.json()["error"]["code"]
