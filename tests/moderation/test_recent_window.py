"""The duplicates phase's in-process window (``services.recent``): topped up by id, kept in step
with edits, deletions and other processes, bounded, and never the sole ground for a hold."""

from __future__ import annotations

from sqlalchemy import event, update

from salon.db import tables as t
from salon.moderation.phases.duplicates import RecentComments
from salon.services import Services
from tests.conftest import PAGE, SITE_ORIGIN, post
from tests.moderation.support import comment_row

OTHER = f"{SITE_ORIGIN}/2026/12/sleeper-cabins"
LONG = (
    "The sleeper from Vienna to Brussels was cancelled twice this winter and nobody at the "
    "operator could tell us why the rolling stock kept failing inspections"
)


def ids(services: Services, site_id: int, limit: int = 300, exclude: int | None = None) -> list[int]:
    return [r.id for r in services.recent.rows(site_id, limit, exclude)]


def statements(services: Services) -> list[str]:
    seen: list[str] = []
    event.listen(services.db.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    return seen


def test_window_is_the_newest_comments_and_reads_only_new_ones(client, services, site):
    posted = [post(client, f"Comment number {n} on trains.", name=f"R{n}").json()["id"] for n in range(5)]
    assert ids(services, site.id) == posted[::-1]
    assert ids(services, site.id, limit=2) == posted[:2:-1]
    assert ids(services, site.id, exclude=posted[4]) == posted[3::-1]
    seen = statements(services)
    newer = post(client, "One more comment on trains.", name="R9").json()["id"]
    assert ids(services, site.id)[0] == newer
    window_reads = [s for s in seen if "comments.body" in s and "comments.id >" in s]
    assert window_reads, "the window is topped up with the comments after the newest it holds"


def test_comments_written_by_another_process_arrive(client, services, site, settings, classifier):
    assert ids(services, site.id) == []
    other = Services(settings=settings, db=type(services.db)(settings.database_url), secret="test-secret")
    try:  # its own event bus: this process hears nothing of its posts
        from salon.actions.comments import NewComment, create_comment

        posted = create_comment(other, NewComment(url=PAGE, body=LONG, author_name="Bo", client_address="1"))
    finally:
        other.close()
    assert ids(services, site.id) == [posted.comment.id]
    again = post(client, LONG + "!", name="Cy", url=OTHER)
    assert again.json()["status"] == "pending"


def test_a_deleted_comment_leaves_the_window(client, services, site):
    first = post(client, LONG).json()
    assert ids(services, site.id) == [first["id"]]
    r = client.delete(
        f"/api/comments/{first['id']}", headers={"Authorization": f"Bearer {first['edit_token']}"}
    )
    assert r.status_code == 204, r.text
    assert ids(services, site.id) == []
    assert post(client, LONG, name="Bo", url=OTHER).json()["status"] == "published"


def test_an_edited_comment_is_compared_by_its_new_text(client, services, site):
    first = post(client, "Nothing much to say about this one today.").json()
    assert ids(services, site.id) == [first["id"]]
    r = client.patch(
        f"/api/comments/{first['id']}",
        json={"body": LONG},
        headers={"Authorization": f"Bearer {first['edit_token']}"},
    )
    assert r.status_code == 200, r.text
    again = post(client, LONG, name="Bo", url=OTHER)
    assert again.json()["status"] == "pending"
    assert f"of comment {first['id']}" in comment_row(services, again.json()["id"]).moderation["reasons"][0]


def test_a_stale_copy_never_holds(client, services, site):
    first = post(client, LONG).json()
    assert ids(services, site.id) == [first["id"]]
    with services.db.write() as conn:  # deleted elsewhere, and no event reached this process
        conn.execute(update(t.comments).where(t.comments.c.id == first["id"]).values(status="deleted"))
    assert post(client, LONG, name="Bo", url=OTHER).json()["status"] == "published"
    assert first["id"] not in ids(services, site.id)  # the disagreement made it read the window again


def test_windows_are_bounded_and_expire(services, site):
    now = [0.0]
    reads: list[int] = []

    class Conn:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def execute(self, query, params):
            reads.append(params["site_id"])
            return []

    recent = RecentComments(Conn, max_sites=2, max_age=10, clock=lambda: now[0])
    for site_id in (1, 2, 3):
        recent.rows(site_id, 5)
    assert list(recent._sites) == [2, 3]  # the least recently used window went
    assert recent._sites[3].capacity == 6  # the window and the one edit that may be left out
    recent.rows(3, 50)
    assert recent._sites[3].capacity == 51
    now[0] = 11.0
    recent.rows(2, 5)
    assert recent._sites[2].filled_at == 11.0  # too old: read whole again
    recent.on_event({"type": "site.changed", "site_id": 2})
    assert not recent._sites


def test_out_of_order_ids_are_read_again_until_settled(services, site):
    now = [0.0]
    afters: list[int] = []

    class Row:
        def __init__(self, id: int) -> None:
            self.id, self.author_id, self.thread_id, self.body = id, 1, 1, f"text {id}"

    table = [Row(5)]

    class Conn:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def execute(self, query, params):
            afters.append(params.get("after", -1))
            rows = [r for r in table if r.id > params.get("after", 0)]
            return sorted(rows, key=lambda r: -r.id)[: params["limit"]]

    recent = RecentComments(Conn, settle=2.0, clock=lambda: now[0])
    assert [r.id for r in recent.rows(1, 10)] == [5]
    table.append(Row(7))
    now[0] = 1.0
    assert [r.id for r in recent.rows(1, 10)] == [7, 5]
    table.append(Row(6))  # a transaction that took id 6 committed after 7
    now[0] = 2.5
    assert [r.id for r in recent.rows(1, 10)] == [7, 6, 5]
    now[0] = 5.0
    recent.rows(1, 10)
    assert afters[-1] == 7  # settled: only what came after 7


def test_a_hold_rests_on_comments_unchanged_in_the_database(client, services, site):
    first = post(client, LONG).json()
    assert ids(services, site.id) == [first["id"]]
    with services.db.write() as conn:  # edited elsewhere, and no event reached this process
        conn.execute(update(t.comments).where(t.comments.c.id == first["id"]).values(body="Short now."))
    assert post(client, LONG, name="Bo", url=OTHER).json()["status"] == "published"
    third = post(client, LONG, name="Cy", url=PAGE)
    assert third.json()["status"] == "pending"  # the second post is the copy now
