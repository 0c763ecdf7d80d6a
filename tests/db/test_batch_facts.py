"""The history phases of a batch of posts ask their questions once for the whole batch
(``salon.moderation.facts``), and a later post of the batch still sees the earlier ones, as it
would if they had been committed one by one: flood, duplicates, trust, slow mode. Real SQLite
and PostgreSQL; the batches are written through the writer's own entry point."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
from sqlalchemy import event

from salon.actions.comments import NewComment, Posted, prepare
from salon.actions.posting import write_posts
from salon.actions.sites import add_site, update_settings
from salon.db import defence as defence_queries
from salon.db import tables as t
from salon.errors import SalonError
from tests.conftest import PAGE, SITE_ORIGIN, moderation_reasons

LONG = "The night train from Vienna to Brussels was late again, but the crew were kind and calm."


def _draft(
    services: Any, body: str, *, url: str = PAGE, address: str = "198.51.100.7", name: str = "Ann"
) -> Any:
    return prepare(services, NewComment(url=url, body=body, author_name=name, client_address=address))


def _same_author(drafts: list[Any]) -> list[Any]:
    """The drafts as one author's (the first one's key), as when a reader posts again."""
    return [
        dataclasses.replace(d, author_key=drafts[0].author_key, author_id=drafts[0].author_id) for d in drafts
    ]


def _posted(results: list[Any]) -> list[Posted]:
    """The results, every one of them a stored post."""
    assert all(isinstance(r, Posted) for r in results), results
    return [r for r in results if isinstance(r, Posted)]


def _settings(services: Any, site: Any, **changes: Any) -> None:
    update_settings(services, site.id, changes, "test")


def test_flood_counts_the_batch_s_earlier_posts(services, site):
    """Three posts from one address in one batch, flood limit 2: the third is held, its count
    includes the two before it (by another author each: the address counts)."""
    _settings(services, site, flood_limit=2)
    drafts = [_draft(services, f"Comment number {n} about trains.", name=f"R{n}") for n in range(3)]
    results = _posted(write_posts(services, drafts))
    assert [r.comment.status for r in results] == ["published", "published", "pending"]
    assert moderation_reasons(services, results[2].comment.id) == ["2 comments in 300s (limit 2)"]


def test_a_repeat_within_the_batch_is_a_duplicate(services, site):
    """The same author posting the same long text twice in one batch: the second is held as a
    near-duplicate of the first, which the window of the batch holds before it is committed."""
    results = _posted(
        write_posts(services, _same_author([_draft(services, LONG), _draft(services, LONG + " ")]))
    )
    first, second = results
    assert first.comment.status == "published"
    assert second.comment.status == "pending"
    assert moderation_reasons(services, second.comment.id) == [
        f"near-duplicate (1.00) of comment {first.comment.id} by the same author"
    ]


def test_a_stale_window_never_holds_a_post_of_a_batch(services, site):
    """The window's copy of a comment is stale (its text changed in the database without an
    event): the batch's first post is not held on the copy, and the second, a repeat of the
    first, is held on the first (the window read again, with the batch's own post in it)."""
    old = _posted(write_posts(services, _same_author([_draft(services, LONG)])))[0]
    with services.db.write() as conn:
        conn.execute(
            t.comments.update()
            .where(t.comments.c.id == old.comment.id)
            .values(body="Something else entirely now.")
        )
    drafts = _same_author([_draft(services, LONG), _draft(services, LONG + " ")])
    first, second = _posted(write_posts(services, drafts))
    assert first.comment.status == "published", moderation_reasons(services, first.comment.id)
    assert moderation_reasons(services, second.comment.id) == [
        f"near-duplicate (1.00) of comment {first.comment.id} by the same author"
    ]


def test_trust_counts_the_batch_s_earlier_posts(services, site):
    """The first two comments of a new author are held: in one batch, the second knows it is the
    second and the third is past the hold."""
    _settings(services, site, trust_new_count=2)
    drafts = _same_author([_draft(services, f"Comment number {n} about trains.") for n in range(3)])
    results = _posted(write_posts(services, drafts))
    assert [r.comment.status for r in results] == ["pending", "pending", "published"]
    assert moderation_reasons(services, results[0].comment.id) == [
        "new author: comment 1 of the first 2 is reviewed"
    ]
    assert moderation_reasons(services, results[1].comment.id) == [
        "new author: comment 2 of the first 2 is reviewed"
    ]


def test_slow_mode_refuses_the_second_post_of_a_batch(services, site):
    """Slow mode on the thread: the same author's second post in the batch is refused (429), not
    stored; the first, and another author's, are stored."""
    first = _posted(write_posts(services, [_draft(services, "Opening the thread.", name="Bo")]))[0]
    with services.db.write() as conn:
        defence_queries.set_controls(conn, first.comment.thread_id, None, slow_mode_seconds=600)
    mine = _same_author([_draft(services, "One comment."), _draft(services, "And another one right after.")])
    results = write_posts(services, [mine[0], _draft(services, "Someone else.", name="Cy"), mine[1]])
    assert isinstance(results[0], Posted) and isinstance(results[1], Posted)
    assert isinstance(results[2], SalonError) and results[2].status == 429
    assert results[2].code == "slow_down"


def _scenario(services: Any, site: Any, url: str) -> list[Any]:
    """Posts that exercise the history phases: one author three times (duplicates, flood,
    trust), a shared address, a link from a first-timer, a pasted text, slow mode on a thread."""
    first = _draft(services, "Thread opener for the scenario.", url=url, name="Opener", address="203.0.113.1")
    ann = [
        _draft(services, LONG, url=url, name="Ann", address="203.0.113.2"),
        _draft(services, LONG + " Really.", url=url, name="Ann", address="203.0.113.2"),
        _draft(
            services, "A third one from Ann on the same page.", url=url, name="Ann", address="203.0.113.2"
        ),
    ]
    ann = _same_author(ann)
    others = [
        _draft(
            services,
            "A link from someone new: see trains.example.com",
            url=url,
            name="Bo",
            address="203.0.113.2",
        ),
        _draft(services, LONG, url=url + "/elsewhere", name="Cy", address="203.0.113.3"),
        _draft(services, "Short.", url=url, name="Di", address="203.0.113.2"),
    ]
    return [first, ann[0], others[0], ann[1], others[1], ann[2], others[2]]


def _outcome(result: Any, ids: dict[int, int]) -> Any:
    """A post's outcome with the comment ids it cites replaced by their place in the scenario."""
    if not isinstance(result, Posted):
        return ("refused", getattr(result, "code", type(result).__name__))
    reasons = [
        re.sub(r"of comment (\d+)", lambda m: f"of comment #{ids.get(int(m.group(1)), -1)}", r)
        for r in result.verdict.reasons
    ]
    return (result.comment.status, result.verdict.phase, reasons)


def test_a_batch_decides_as_the_same_posts_one_by_one(services, site):
    """The same posts, on two sites with the same settings: one post per batch on the first (each
    phase asks the database itself, as before batches shared their facts), all in one batch on
    the second. Every post gets the same decision, phase and reasons."""
    other, _ = add_site(services, "twin", ["https://twin.example.com"])
    for s in (site, other):
        _settings(services, s, flood_limit=3, trust_new_count=1)
    one_by_one = []
    for draft in _scenario(services, site, PAGE):
        one_by_one.extend(write_posts(services, [draft]))
    statements: list[str] = []
    listen = lambda *a: statements.append(a[2])  # noqa: E731
    event.listen(services.db.engine, "before_cursor_execute", listen)
    together = write_posts(
        services, _scenario(services, other, "https://twin.example.com/2026/11/night-trains")
    )
    event.remove(services.db.engine, "before_cursor_execute", listen)
    ids_one = {r.comment.id: k for k, r in enumerate(one_by_one) if isinstance(r, Posted)}
    ids_all = {r.comment.id: k for k, r in enumerate(together) if isinstance(r, Posted)}
    expected = [_outcome(r, ids_one) for r in one_by_one]
    assert [_outcome(r, ids_all) for r in together] == expected
    # Not a trivial scenario: something was held for each history reason.
    phases = {o[1] for o in expected if o[0] == "pending"}
    assert {"flood", "trust", "duplicates", "links"} <= phases, expected
    # The history questions were asked once for the batch, not once per post.
    flood = [s for s in statements if "created_at >=" in s and "client_hash" in s]
    assert len(flood) == 1, flood


@pytest.fixture
def site(services: Any) -> Any:
    created, _ = add_site(services, "blog", [SITE_ORIGIN])
    return created
