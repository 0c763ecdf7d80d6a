"""The moderation phases' history questions (``salon.moderation.facts.Facts``) have two answers:
``PostFacts`` asks the database for one post, ``BatchFacts`` fetches once for a batch of posts and
counts what the batch writes. Asked at every point of a batch (before its first comment is written
and after each), every question gets the same answer from both, on SQLite and PostgreSQL; and a
stale copy of the duplicates window is caught by both in the same way."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from salon.actions.sites import add_site
from salon.db import authors as author_queries
from salon.db import defence as defence_queries
from salon.db import tables as t
from salon.db import threads as thread_queries
from salon.db.engine import now
from salon.moderation.batch_facts import BatchFacts
from salon.moderation.facts import Facts, PostFacts
from salon.moderation.pipeline import Context
from tests.conftest import SITE_ORIGIN
from tests.db.history import add_adjustment, add_cool_down

LONG = "The night train from Vienna to Brussels was late again, but the crew were kind and calm."
URLS = [f"{SITE_ORIGIN}/2026/11/night-trains", f"{SITE_ORIGIN}/2026/12/sleeper-cabins"]
TWIN = "https://twin.example.com"


def _comment(conn: Any, thread: Any, author: int | None, status: str, **values: Any) -> Any:
    row = {
        "thread_id": thread.id,
        "author_id": author,
        "author_name": "x",
        "body": LONG,
        "html": "<p>x</p>",
        "status": status,
        "created_at": now(),
        "client_hash": None,
        **values,
    }
    return conn.execute(t.comments.insert().returning(*t.comments.c), row).one()


def _sanction(conn: Any, site_id: int, author: int, kind: str, **values: Any) -> int:
    row = {"site_id": site_id, "author_id": author, "kind": kind, "reason": kind, "created_at": now()}
    return int(conn.execute(t.sanctions.insert().returning(t.sanctions.c.id), {**row, **values}).scalar_one())


def _history(services: Any, site: Any, other: Any) -> dict[str, Any]:
    """Something for every question: authors with decided and undecided comments in and out of
    the flood window, sanctions in force, lifted and over, signals, thread controls, cool-downs,
    reader accounts, a learned adjustment, and another site's comments."""
    at = now()
    with services.db.write() as conn:
        threads = [thread_queries.get_or_create(conn, site.id, url) for url in URLS]
        elsewhere = thread_queries.get_or_create(conn, other.id, f"{TWIN}/page")
        keys = [("guest:ann", "e-ann"), ("account:1", "e-bo"), ("guest:cy", "e-cy"), ("guest:di", None)]
        ids = author_queries.get_or_create_many(conn, [(site.id, k, k, e) for k, e in keys])
        ann, bo, cy, di = (ids[(site.id, k)] for k, _ in keys)
        twin = author_queries.get_or_create_many(conn, [(other.id, "guest:ann", "Ann", "e-ann")])
        conn.execute(update(t.authors).where(t.authors.c.id == ann).values(published_count=1))
        old = at - timedelta(hours=2)
        for status, when, thread in [
            ("published", old, threads[0]),
            ("rejected", old, threads[1]),
            ("spam", at, threads[0]),
            ("pending", at, threads[0]),
            ("rejected", at, threads[1]),
            ("deleted", at, threads[0]),
        ]:
            _comment(conn, thread, ann, status, created_at=when, client_hash="addr-1")
        _comment(conn, threads[0], cy, "published", client_hash="addr-2", body="Short and sweet.")
        _comment(conn, threads[1], None, "published", client_hash="addr-1", body=LONG + " Indeed.")
        _comment(conn, elsewhere, twin[(other.id, "guest:ann")], "published", client_hash="addr-1")
        for provider in ("github", "email"):  # the first account (by id) is the one that counts
            conn.execute(
                t.reader_accounts.insert().values(
                    site_id=site.id,
                    provider=provider,
                    subject=f"bo-{provider}",
                    name="Bo",
                    author_id=bo,
                    created_at=at,
                    last_seen=at,
                )
            )
        suspended = _sanction(conn, site.id, cy, "suspend", until=at + timedelta(days=1))
        _sanction(conn, site.id, cy, "ban", lifted_at=at)
        _sanction(conn, site.id, ann, "shadow_ban", until=at - timedelta(minutes=1))
        _sanction(conn, site.id, ann, "warn")
        defence_queries.add_sanction_signals(
            conn,
            suspended,
            site.id,
            [
                ("address", "addr-2", None),
                ("email", "e-cy", at + timedelta(hours=1)),
                ("address", "addr-9", at),
            ],
        )
        defence_queries.set_controls(conn, threads[0].id, None, slow_mode_seconds=600)
        defence_queries.set_controls(
            conn,
            threads[1].id,
            None,
            slow_mode_seconds=60,
            slow_mode_until=at,
            locked_until=at + timedelta(hours=1),
        )
        for thread, author, until in [
            (threads[0], ann, at + timedelta(hours=1)),
            (threads[0], ann, at + timedelta(hours=3)),
            (threads[0], ann, at - timedelta(hours=1)),
            (threads[1], bo, at + timedelta(hours=2)),
        ]:
            add_cool_down(conn, thread.id, author, until, at, message="breathe")
        add_adjustment(conn, site.id, at)
    return {"threads": threads, "authors": [ann, bo, cy, di], "other": other}


def _posts(history: dict[str, Any]) -> list[tuple[int, int, str | None, str]]:
    """The batch's posts as (thread, author, address, text): repeats, a shared address, every author."""
    t0, t1 = (th.id for th in history["threads"])
    ann, bo, cy, di = history["authors"]
    return [
        (t0, ann, "addr-1", LONG),
        (t1, bo, "addr-2", "Bo has a word."),
        (t0, cy, "addr-2", LONG + " Again."),
        (t0, di, None, "Di says hello."),
        (t1, ann, "addr-1", LONG),
    ]


def _contexts(services: Any, conn: Any, site: Any, posts: list[Any]) -> list[Context]:
    return [
        Context(
            text=text,
            site_id=site.id,
            site_settings=site.settings,
            thread_id=thread,
            author_id=author,
            client_hash=address,
            conn=conn,
            services=services,
        )
        for thread, author, address, text in posts
    ]


#: The questions ``_answers`` asks; the tests ask ``fresh_window`` and ``written`` themselves.
ASKED = (
    "author",
    "provider",
    "sanctions",
    "matching_sanctions",
    "controls",
    "cool_down",
    "last_post",
    "adjustment",
    "flood",
    "earlier",
    "statuses",
    "fingerprint",
    "window",
    "unchanged",
)


def _row(r: Any) -> Any:
    return None if r is None else tuple(r)


def _answers(
    facts: Facts, conn: Any, site: Any, history: dict[str, Any], ctxs: list[Context]
) -> dict[str, Any]:
    """The answers to every question in ``ASKED``, about every post of the batch, comparable."""
    at = now()
    since = at - timedelta(seconds=300)
    threads = [th.id for th in history["threads"]]
    out: dict[str, Any] = {name: [] for name in ASKED}
    stored = [int(i) for i in conn.execute(select(t.comments.c.id).order_by(t.comments.c.id)).scalars()]
    for ctx in ctxs:
        a = ctx.author_id
        author = facts.author(a)
        out["author"].append(_row(author))
        out["provider"].append(facts.provider(a))
        out["sanctions"].append(facts.sanctions(a, at))
        pairs = [("address", ctx.client_hash or ""), ("email", author.email_hash or "")]
        if str(author.key).startswith("account:"):  # as the phase asks
            pairs.append(("account", str(author.key)))
        out["matching_sanctions"].append([_row(r) for r in facts.matching_sanctions(site.id, pairs, at)])
        out["controls"].append([facts.controls(th) for th in threads])
        out["cool_down"].append([_row(facts.cool_down(th, a, at)) for th in threads])
        out["last_post"].append([facts.last_post(th, a) for th in threads])
        adjustment = facts.adjustment(site.id)
        out["adjustment"].append(adjustment and (adjustment.version, adjustment.decisions, adjustment.data))
        out["flood"].append(
            [
                facts.flood(site.id, a, ctx.client_hash, since),
                facts.flood(site.id, None, ctx.client_hash, since),
                facts.flood(site.id, a, None, since),
                facts.flood(history["other"].id, None, ctx.client_hash, since),  # not the batch's site
            ]
        )
        out["earlier"].append([facts.earlier(a), facts.earlier(a, before=stored[3])])
        out["statuses"].append(
            [facts.statuses(a, 10), facts.statuses(a, 2), facts.statuses(a, 10, stored[2])]
        )
        out["fingerprint"].append(facts.fingerprint(ctx.text))
        # An edit's window (``exclude``) is not the batch's to answer: it asks the post's own facts.
        window = facts.window(site.id, 5)
        out["window"].append(window)
        out["unchanged"].append(facts.unchanged(site.id, window, [r.id for r in window[:3]]))
    return out


def test_the_tests_ask_every_question_of_the_protocol():
    """A question added to ``Facts`` is asked here too, of both answers."""
    questions = {name for name in vars(Facts) if not name.startswith("_")}
    assert questions == {*ASKED, "fresh_window", "written"}


def test_a_context_always_carries_facts():
    """Left out, a context's facts are its own: no phase has a second path for None."""
    assert isinstance(Context(text="hi").facts, PostFacts)


def test_both_answer_every_question_alike_throughout_a_batch(services, site, other):
    """Before the batch writes anything and after each of its comments (published, held,
    rejected, spam), the batch answers as the database does."""
    history = _history(services, site, other)
    services.recent.rows(site.id, 5)  # the process's copy of the window, as a running server has it
    statuses = ["published", "pending", "rejected", "published", "spam"]
    with services.db.write() as conn:
        ctxs = _contexts(services, conn, site, _posts(history))
        batch = BatchFacts(conn, ctxs, services.recent)
        alone = PostFacts(conn)  # the database itself, every time
        expected = _answers(alone, conn, site, history, ctxs)
        assert _answers(batch, conn, site, history, ctxs) == expected
        assert expected["sanctions"][2] and expected["matching_sanctions"][1], "not a trivial history"
        for ctx, status in zip(ctxs, statuses, strict=True):
            comment = _comment(
                conn,
                next(th for th in history["threads"] if th.id == ctx.thread_id),
                ctx.author_id,
                status,
                body=ctx.text,
                client_hash=ctx.client_hash,
            )
            for facts in (batch, alone):
                facts.written(site.id, comment)
            assert _answers(batch, conn, site, history, ctxs) == _answers(alone, conn, site, history, ctxs)
        assert batch.fresh_window(site.id, 5) == alone.fresh_window(site.id, 5)
        assert batch.window(site.id, 5) == alone.window(site.id, 5)


def test_the_batch_fetches_each_fact_once(services, site, other):
    """Every question, about every post, asked twice: each kind of fact is fetched once, on
    first use (the authors, their accounts, sanctions and signals, the threads' controls,
    cool-downs and last posts, the site's adjustment, its flood window, the trust counts and
    statuses, its duplicates window)."""
    history = _history(services, site, other)
    with services.db.write() as conn:
        ctxs = _contexts(services, conn, site, _posts(history))
        batch = BatchFacts(conn, ctxs, services.recent)
        _answers(batch, conn, site, history, ctxs)
        assert batch.fetches == 12
        _answers(batch, conn, site, history, ctxs)
        assert batch.fetches == 12


@pytest.mark.parametrize("kind", ["batch", "post"])
def test_a_stale_window_is_caught_by_both(services, site, other, kind):
    """The process's copy of a comment is stale (its text changed without an event): a finding
    on it does not stand, and the window is read again from the database, the copy dropped."""
    _history(services, site, other)
    with services.db.read() as conn:
        newest = PostFacts(conn).window(site.id, 5)[0]
    services.recent.rows(site.id, 5)  # the copy, before the change
    with services.db.write() as conn:
        conn.execute(
            update(t.comments).where(t.comments.c.id == newest.id).values(body="Something else entirely.")
        )
    with services.db.write() as conn:
        ctxs = _contexts(services, conn, site, [(newest.thread_id, newest.author_id, None, LONG)])
        facts = (
            BatchFacts(conn, ctxs, services.recent) if kind == "batch" else PostFacts(conn, services.recent)
        )
        rows = facts.window(site.id, 5)
        assert rows[0].id == newest.id and rows[0].body == newest.body  # the stale copy
        assert facts.unchanged(site.id, rows, [r.id for r in rows[1:]])
        assert not facts.unchanged(site.id, rows, [newest.id])
        fresh = facts.fresh_window(site.id, 5)
        assert fresh == PostFacts(conn).window(site.id, 5)
        assert fresh[0].body == "Something else entirely."
        assert facts.window(site.id, 5) == fresh  # the copy was dropped and read again


@pytest.fixture
def other(services: Any) -> Any:
    created, _ = add_site(services, "twin", [TWIN])
    return created
