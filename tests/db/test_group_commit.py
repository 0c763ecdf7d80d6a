"""New comments are group-committed: posts that wait for the writer share one transaction (one
commit, one fsync on SQLite), each is answered only after it, and a post that fails in a batch
fails alone. Real SQLite and PostgreSQL; the classifier is a Null twin that can be held, so that
posts pile up behind a busy writer the way they do under load."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import anyio
import httpx
import pytest
from sqlalchemy import event, func, select, text

from salon.actions.posting import writer_of
from salon.db import tables as t
from salon.moderation.classifiers.base import Analysis, Classifier, NullClassifier
from salon.notify.events import LocalEventBus
from tests.conftest import PAGE, SITE_ORIGIN, moderation_reasons


class HeldClassifier:
    """NullClassifier's scores; once armed, the next call waits until the test lets it go (the
    writer is busy); the size of every call's batch is kept."""

    name = "held"
    version = "1"

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self.holding = False
        self.calls: list[int] = []
        self._null = NullClassifier()

    def arm(self) -> None:
        self.entered.clear()
        self.release.clear()
        self.holding = True

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        self.calls.append(len(texts))
        if self.holding:
            self.holding = False
            self.entered.set()
            assert self.release.wait(30), "the test never released the classifier"
        return self._null.analyze(texts)


@pytest.fixture
def classifier() -> Classifier:
    return HeldClassifier()


@pytest.fixture
def commits(services: Any, site: Any) -> list[int]:
    """Every commit on the database from here on (a read connection never commits)."""
    seen: list[int] = []
    event.listen(services.db.engine, "commit", lambda conn: seen.append(1))
    return seen


def _payload(n: int, **extra: Any) -> dict[str, Any]:
    return {"url": PAGE, "author": {"name": f"Reader {n}"}, "body": f"Comment number {n} on trains.", **extra}


async def _post_all(
    app: Any, classifier: HeldClassifier, payloads: list[dict[str, Any]], token: str | None = None
) -> list[httpx.Response]:
    """POST the first payload, wait until the writer is busy with it, POST the rest concurrently
    (they queue behind it), then let the writer go."""
    classifier.arm()
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False, client=("203.0.113.9", 5000))
    responses: list[httpx.Response | None] = [None] * len(payloads)
    headers = {"Origin": SITE_ORIGIN, **({"X-Salon-Author": token} if token else {})}
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:

        async def send(k: int) -> None:
            responses[k] = await client.post("/api/comments", json=payloads[k], headers=headers)

        async with anyio.create_task_group() as tg:
            tg.start_soon(send, 0)
            await anyio.to_thread.run_sync(classifier.entered.wait, 30)
            for k in range(1, len(payloads)):
                tg.start_soon(send, k)
            writer = writer_of(app.state.services)
            with anyio.fail_after(30):
                while writer.waiting() < len(payloads) - 1:  # all queued behind the busy writer
                    await anyio.sleep(0.01)
            classifier.release.set()
    assert all(r is not None for r in responses)
    return [r for r in responses if r is not None]


def test_concurrent_posts_share_commits_and_all_are_stored(app, services, site, classifier, commits):
    posts = 30
    responses = anyio.run(_post_all, app, classifier, [_payload(n) for n in range(posts)])
    assert [r.status_code for r in responses] == [201] * posts, [
        r.text for r in responses if r.status_code != 201
    ]
    ids = [r.json()["id"] for r in responses]
    assert len(set(ids)) == posts
    # The first post alone, then the 29 that queued behind it in one transaction.
    assert len(commits) == 2
    assert writer_of(services).stats.largest == posts - 1
    # The model scored the second batch at once: its 29 texts and 29 names in one call.
    assert classifier.calls == [2, 2 * (posts - 1)]
    with services.db.read() as conn:
        stored = set(conn.execute(select(t.comments.c.id)).scalars())
        records = conn.execute(select(func.count()).select_from(t.moderation_records)).scalar_one()
        audits = conn.execute(
            select(func.count()).select_from(t.audit_log).where(t.audit_log.c.action == "comment.create")
        ).scalar_one()
        roots = conn.execute(select(t.comments.c.id, t.comments.c.root_id)).all()
        count = conn.execute(select(t.threads.c.comment_count)).scalar_one()
        authors = conn.execute(select(func.count()).select_from(t.authors)).scalar_one()
    assert stored == set(ids)
    assert records == posts and audits == posts and authors == posts
    assert all(root == cid for cid, root in roots)
    published = sum(1 for r in responses if r.json()["status"] == "published")
    assert count == published


def test_a_batch_sees_its_own_earlier_posts(app, services, site, classifier, commits):
    """The history checks of a post see the posts before it in the same transaction: the same
    author repeating a long text in one batch is held as a near-duplicate, as it would be if the
    posts had been committed one by one."""
    first = anyio.run(_post_all, app, classifier, [_payload(0)])[0]
    token = first.json()["author_token"]
    text_ = "The night train from Vienna to Brussels was late again, but the crew were kind and calm."
    copies = [
        _payload(0, body="A short second comment."),
        _payload(0, body=text_),
        _payload(0, body=text_ + " "),
    ]
    responses = anyio.run(_post_all, app, classifier, copies, token)
    assert [r.status_code for r in responses] == [201, 201, 201]
    assert writer_of(services).stats.largest == 2  # the two copies were one batch
    earlier, later = sorted((r.json() for r in responses[1:]), key=lambda c: c["id"])
    assert earlier["status"] == "published", moderation_reasons(services, earlier["id"])
    assert later["status"] == "pending"
    reasons = moderation_reasons(services, later["id"])
    assert reasons == [f"near-duplicate (1.00) of comment {earlier['id']} by the same author"]


def test_a_refused_post_in_a_batch_leaves_the_others(app, services, site, classifier, commits):
    """A reply to a comment that is not there is refused (422) inside the writer; the posts
    batched with it are stored and acknowledged, in one commit."""
    payloads = [_payload(n) for n in range(6)]
    payloads[3] = _payload(3, parent_id=987654)
    responses = anyio.run(_post_all, app, classifier, payloads)
    codes = [r.status_code for r in responses]
    assert codes == [201, 201, 201, 422, 201, 201]
    assert responses[3].json()["error"]["code"] == "unknown_parent"
    assert len(commits) == 2
    with services.db.read() as conn:
        stored = set(conn.execute(select(t.comments.c.id)).scalars())
    assert stored == {r.json()["id"] for r in responses if r.status_code == 201}


def _poison(services: Any) -> None:
    """A database that refuses one particular comment: a trigger raises on its body."""
    with services.db.write() as conn:
        if services.db.is_sqlite:
            conn.execute(
                text(
                    "CREATE TRIGGER poison BEFORE INSERT ON comments WHEN NEW.body LIKE '%poison%' "
                    "BEGIN SELECT RAISE(ABORT, 'poisoned comment'); END"
                )
            )
        else:
            conn.execute(
                text(
                    "CREATE OR REPLACE FUNCTION poison() RETURNS trigger AS $$ BEGIN "
                    "IF NEW.body LIKE '%poison%' THEN RAISE EXCEPTION 'poisoned comment'; END IF; "
                    "RETURN NEW; END $$ LANGUAGE plpgsql"
                )
            )
            conn.execute(text("DROP TRIGGER IF EXISTS poison ON comments"))
            conn.execute(
                text("CREATE TRIGGER poison BEFORE INSERT ON comments FOR EACH ROW EXECUTE FUNCTION poison()")
            )


def test_a_database_error_in_one_post_fails_only_that_post(app, services, site, classifier, commits):
    """The batch's transaction fails on one post: it is rolled back and each post is written
    again alone, so the others are stored and acknowledged, and only the bad one fails."""
    _poison(services)
    commits.clear()
    payloads = [_payload(n) for n in range(6)]
    payloads[2] = {**_payload(2), "body": "This one is poison for the database."}
    try:
        responses = anyio.run(_post_all, app, classifier, payloads)
    finally:
        committed = len(commits)
        with services.db.write() as conn:
            conn.execute(
                text("DROP TRIGGER IF EXISTS poison" + ("" if services.db.is_sqlite else " ON comments"))
            )
    codes = [r.status_code for r in responses]
    assert codes[2] == 500
    assert codes[:2] + codes[3:] == [201] * 5
    # The first post alone; the batch of five failed and was rolled back; four written alone.
    assert committed == 1 + 4
    with services.db.read() as conn:
        stored = set(conn.execute(select(t.comments.c.id)).scalars())
        records = conn.execute(select(func.count()).select_from(t.moderation_records)).scalar_one()
        count = conn.execute(select(t.threads.c.comment_count)).scalar_one()
    acked = {r.json()["id"] for r in responses if r.status_code == 201}
    assert stored == acked and records == 5
    assert count == sum(1 for r in responses if r.status_code == 201 and r.json()["status"] == "published")


class BrokenQuery:
    """A phase whose query fails for one text: on PostgreSQL that aborts the transaction."""

    name = "broken_query"

    def __call__(self, ctx: Any) -> None:
        if "broken" in ctx.text:
            ctx.conn.execute(text("SELECT no_such_column FROM comments"))


def test_a_phase_failing_in_a_batch_holds_its_post_and_spares_the_others(
    app, services, site, classifier, commits
):
    """A phase's query fails for one post of a batch: that post is held for review with the
    error as the reason (the pipeline fails to review), and the others are written as usual."""
    services.phases = [BrokenQuery(), *services.phases]
    payloads = [_payload(n) for n in range(5)]
    payloads[2] = _payload(2, body="This text makes the phase's query fail: broken.")
    responses = anyio.run(_post_all, app, classifier, payloads)
    assert [r.status_code for r in responses] == [201] * 5
    statuses = [r.json()["status"] for r in responses]
    assert statuses[2] == "pending"
    assert statuses[:2] + statuses[3:] == ["published"] * 4
    reasons = moderation_reasons(services, responses[2].json()["id"])
    assert len(reasons) == 1 and reasons[0].startswith("moderation error:")
    # SQLite goes on after a failed statement: one commit for the batch. PostgreSQL aborts the
    # transaction: the batch is rolled back and its four posts written alone.
    assert len(commits) == (2 if services.db.is_sqlite else 1 + 4)
    with services.db.read() as conn:
        stored = set(conn.execute(select(t.comments.c.id)).scalars())
    assert stored == {r.json()["id"] for r in responses}


class BrokenBus(LocalEventBus):
    """An event bus that fails after the commit (a custom bus, a broker gone)."""

    def publish(self, event: dict[str, Any]) -> None:
        raise ConnectionError("the event bus is down")


def test_a_failure_after_the_commit_writes_nothing_twice(app, services, site, classifier, commits):
    """Once a batch has committed, its posts are answered as stored even if announcing them
    fails: the batch is never written a second time."""
    services.events = BrokenBus()
    responses = anyio.run(_post_all, app, classifier, [_payload(n) for n in range(4)])
    assert [r.status_code for r in responses] == [201] * 4
    with services.db.read() as conn:
        stored = list(conn.execute(select(t.comments.c.id)).scalars())
    assert sorted(stored) == sorted(r.json()["id"] for r in responses)
    assert len(commits) == 2
