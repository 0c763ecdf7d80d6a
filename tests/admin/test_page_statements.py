"""A queue page reads what each item shows (parent, author, history, sanctions, reports) in a few
statements for the whole page: their number does not grow with the comments shown."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from salon.actions import sanctions
from salon.db import comments as comment_queries
from salon.db import queue as queue_queries
from salon.db import threads
from salon.models import SanctionKind
from tests.admin.conftest import OTHER_PAGE, held_comment
from tests.conftest import PAGE, post


@contextmanager
def recorded(services: Any) -> Iterator[list[str]]:
    """Every statement the database is sent inside the block."""
    statements: list[str] = []

    def record(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
    ) -> None:
        statements.append(statement)

    event.listen(services.db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(services.db.engine, "before_cursor_execute", record)


def _author_of(services: Any, comment_id: int) -> int:
    with services.db.read() as conn:
        return int(comment_queries.get(conn, comment_id).author_id)


def _held_by(services: Any, client: Any, n: int, url: str = PAGE) -> int:
    """A held reply by a new author who wrote an earlier comment, reported, on ``url``."""
    email = {"email": f"writer{n}@example.com"}
    earlier = post(client, body=f"earlier words number {n}", name=f"Writer {n}", url=url, author=email)
    parent = int(earlier.json()["id"])
    if earlier.json()["status"] != "published":  # many new authors from one address are held
        with services.db.write() as conn:
            comment_queries.set_fields(conn, parent, status="published")
            threads.refresh_count(conn, comment_queries.get(conn, parent).thread_id)
    client.post(f"/api/comments/{parent}/report", json={"reason": "spam"})
    token = {"X-Salon-Author": earlier.json()["author_token"]}
    return held_comment(
        services,
        client,
        body=f"idiot number {n}",
        name=f"Writer {n}",
        url=url,
        parent_id=parent,
        headers=token,
    )


def test_statements_per_queue_page_do_not_grow_with_the_comments_shown(
    services, client, site, other_site, as_admin, admin_user
):
    first = _held_by(services, client, 0, url=OTHER_PAGE)
    as_admin.get("/admin")  # warm: the session's first use, statements compiled
    with recorded(services) as one:
        page_one = as_admin.get("/admin").text
    assert page_one.count('<article class="item ') == 1 and "earlier words number 0" in page_one

    ids = [first] + [_held_by(services, client, n, url=OTHER_PAGE if n % 2 else PAGE) for n in range(1, 12)]
    for cid in ids[::3]:
        sanctions.sanction(services, admin_user, _author_of(services, cid), SanctionKind.WARN, "rude")
    as_admin.get("/admin")
    with recorded(services) as many:
        page_many = as_admin.get("/admin").text

    assert page_many.count('<article class="item ') == 12
    for n, cid in enumerate(ids):  # each item still shows its parent and its author's history
        item = page_many.split(f'id="item-{cid}"', 1)[1].split("</article>", 1)[0]
        assert f"in reply to Writer {n}:" in item and f"earlier words number {n}</a>" in item
    assert page_many.count('class="badge sanction">warn<') == 4
    assert len(many) == len(one), "\n".join(many)


def _by_one_author(client: Any, n: int, name: str) -> tuple[list[int], dict[str, str]]:
    """``n`` comments by one new author (their token kept), oldest first; and the token header."""
    first = post(client, body=f"{name} says 0", name=name).json()
    token = {"X-Salon-Author": first["author_token"]}
    rest = [
        int(post(client, body=f"{name} says {i}", name=name, headers=token).json()["id"]) for i in range(1, n)
    ]
    return [int(first["id"]), *rest], token


def test_authors_recent_is_each_authors_latest_as_one_authors_look_up(services, client, site):
    posted = {name: _by_one_author(client, n, name) for name, n in {"Ava": 9, "Bo": 2, "Cy": 1}.items()}
    held = held_comment(services, client, body="idiot, held", name="Ava", headers=posted["Ava"][1])
    authors = {name: _author_of(services, ids[0]) for name, (ids, _) in posted.items()}
    with services.db.read() as conn, recorded(services) as statements:
        batched = queue_queries.authors_recent(conn, list(authors.values()) * 2, limit=6)
    with services.db.read() as conn:
        alone = {a: queue_queries.author_recent(conn, a, limit=6) for a in authors.values()}
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    assert set(batched) == set(authors.values())
    for author_id, rows in batched.items():
        assert [tuple(r) for r in rows] == [tuple(r) for r in alone[author_id]]
    ava = batched[authors["Ava"]]
    assert [r.id for r in ava] == [held, *posted["Ava"][0][::-1][:5]] and ava[0].status == "pending"
    assert [r.id for r in batched[authors["Bo"]]] == posted["Bo"][0][::-1]
    assert [r.id for r in batched[authors["Cy"]]] == posted["Cy"][0]
    with services.db.read() as conn:
        assert queue_queries.authors_recent(conn, []) == {}
