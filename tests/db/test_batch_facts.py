"""The history phases of a batch of posts ask their questions once for the whole batch
(``salon.moderation.facts``), and a later post of the batch still sees the earlier ones, as it
would if they had been committed one by one: flood, duplicates, trust, slow mode. Real SQLite
and PostgreSQL; the batches are written through the writer's own entry point."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import event, select

from salon.actions.comments import NewComment, Posted, prepare
from salon.actions.posting import write_posts
from salon.actions.sites import add_site, update_settings
from salon.db import authors as author_queries
from salon.db import defence as defence_queries
from salon.db import tables as t
from salon.db.engine import now
from salon.errors import SalonError
from tests.conftest import PAGE, moderation_reasons
from tests.db.history import add_adjustment, add_cool_down

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


def _as(services: Any, draft: Any, author_id: int) -> Any:
    """The draft posted by an author who is already there (as their token would say)."""
    with services.db.read() as conn:
        key = conn.execute(select(t.authors.c.key).where(t.authors.c.id == author_id)).scalar_one()
    return dataclasses.replace(draft, author_key=key, author_id=author_id)


def _stored(services: Any, draft: Any) -> Any:
    """One post written alone: its comment."""
    return _posted(write_posts(services, [draft]))[0].comment


def _every_history(services: Any, site: Any, url: str, at: datetime) -> list[Any]:
    """A site with something for every history question, and posts that each turn on one: a
    mostly rejected author (trust), a banned, a shadow-banned and a suspended one (sanctions), a
    newcomer on the banned one's address (sanction signals), a paused thread, a cool-down and
    slow mode (thread controls), a reader verified by GitHub (provider), an author with nothing
    published (premoderation), a learned adjustment (site learning), and repeats, a flood and a
    first-timer's link (duplicates, flood, links). Sanctions, pauses and cool-downs end an hour or a
    day after ``at``, the same moment on both sites (their reasons say when)."""

    addresses = (f"192.0.2.{n}" for n in range(1, 255))  # each post its own, unless given one

    def draft(name: str, body: str = "", page: str = url, address: str | None = None) -> Any:
        text = body or f"{name} on trains."  # too short to be anyone's duplicate
        return _draft(services, text, url=page, name=name, address=address or next(addresses))

    history = {
        name: _stored(services, draft(name, page=page, address=address))
        for name, page, address in [
            ("Vet", url, None),
            ("Banned", url, "198.51.100.66"),
            ("Shadow", url, None),
            ("Suspended", url, None),
            ("Pen", url, None),
            ("Cool", url, None),
            ("Opener", url + "/paused", None),
            ("Slowpoke", url + "/slow", None),
        ]
    }
    vet = history["Vet"].author_id
    for n in range(3):  # three more of Vet's, rejected
        _stored(services, _as(services, draft("Vet", f"Vet's rant number {n}."), vet))
    with services.db.write() as conn:
        c = t.comments
        earlier = at - timedelta(hours=1)  # Vet's history is past the flood window
        conn.execute(c.update().where(c.c.author_id == vet).values(created_at=earlier))
        conn.execute(
            c.update().where(c.c.author_id == vet, c.c.id != history["Vet"].id).values(status="rejected")
        )
        pen = history["Pen"]
        conn.execute(c.update().where(c.c.id == pen.id).values(status="pending"))
        conn.execute(t.authors.update().where(t.authors.c.id == pen.author_id).values(published_count=0))
        for name, kind, until in [
            ("Banned", "ban", None),
            ("Shadow", "shadow_ban", None),
            ("Suspended", "suspend", at + timedelta(days=1)),
        ]:
            sanction_id = conn.execute(
                t.sanctions.insert().returning(t.sanctions.c.id),
                {
                    "site_id": site.id,
                    "author_id": history[name].author_id,
                    "kind": kind,
                    "reason": "test",
                    "until": until,
                    "created_at": at,
                },
            ).scalar_one()
            if name == "Banned":
                defence_queries.add_sanction_signals(
                    conn, sanction_id, site.id, [("address", history[name].client_hash, None)]
                )
        defence_queries.set_controls(
            conn, history["Opener"].thread_id, None, locked_until=at + timedelta(hours=1)
        )
        defence_queries.set_controls(conn, history["Slowpoke"].thread_id, None, slow_mode_seconds=600)
        add_cool_down(conn, history["Cool"].thread_id, history["Cool"].author_id, at + timedelta(hours=1), at)
        verified = author_queries.get_or_create_many(conn, [(site.id, "account:ver", "Ver", None)])[
            (site.id, "account:ver")
        ]
        conn.execute(
            t.reader_accounts.insert().values(
                site_id=site.id,
                provider="github",
                subject="ver",
                name="Ver",
                author_id=verified,
                created_at=at,
                last_seen=at,
            )
        )
        add_adjustment(conn, site.id, at)
    _settings(services, site, flood_limit=3, trust_new_count=1, verified_history=0, premoderation="new")
    ann = _same_author(
        [draft("Ann", LONG, address="203.0.113.3"), draft("Ann", LONG + " Really.", address="203.0.113.3")]
    )
    return [
        _as(services, draft("Vet", "Vet once more, calmly."), vet),
        _as(services, draft("Banned"), history["Banned"].author_id),
        draft("Nu", address="198.51.100.66"),
        _as(services, draft("Shadow"), history["Shadow"].author_id),
        ann[0],
        _as(services, draft("Suspended"), history["Suspended"].author_id),
        draft("Visitor", page=url + "/paused"),
        _as(services, draft("Cool"), history["Cool"].author_id),
        *_same_author(
            [draft("Newt", page=url + "/slow"), draft("Newt", "Newt again, too soon.", page=url + "/slow")]
        ),
        _as(services, draft("Ver"), verified),
        _as(services, draft("Pen"), pen.author_id),
        ann[1],
        draft("Bo", "A link from someone new: see trains.example.com", address="203.0.113.2"),
        draft("Di", "Di, from the same address as Ann.", address="203.0.113.3"),
        draft("Ed", "Ed, from the same address as Ann too.", address="203.0.113.3"),
    ]


def _named(services: Any, outcome: Any) -> Any:
    """An outcome with the author ids its reasons cite replaced by the authors' names."""
    if outcome[0] == "refused":
        return outcome
    status, phase, reasons = outcome
    with services.db.read() as conn:
        names = {r.id: r.name for r in conn.execute(select(t.authors.c.id, t.authors.c.name))}
    cite = lambda m: f"author {names.get(int(m.group(1)), '?')}"  # noqa: E731
    return status, phase, [re.sub(r"author #(\d+)", cite, r) for r in reasons]


def _refusal(result: Any) -> Any:
    """A refused post as its code and message, the numbers in it (seconds, minutes) left out."""
    return ("refused", result.code, re.sub(r"\d+", "N", result.message))


def test_every_history_question_decides_alike_in_a_batch(services, site):
    """The same posts, each turning on one history question (see ``_every_history``), alone on
    one site and in one batch on its twin: the same decisions, phases, reasons and refusals."""
    other, _ = add_site(services, "twin", ["https://twin.example.com"])
    at = now()
    drafts_one = _every_history(services, site, PAGE, at)
    drafts_all = _every_history(services, other, "https://twin.example.com/2026/11/night-trains", at)
    one_by_one = []
    for draft in drafts_one:
        one_by_one.extend(write_posts(services, [draft]))
    together = write_posts(services, drafts_all)

    def outcomes(results: list[Any]) -> list[Any]:
        ids = {r.comment.id: k for k, r in enumerate(results) if isinstance(r, Posted)}
        return [
            _refusal(r) if isinstance(r, SalonError) else _named(services, _outcome(r, ids)) for r in results
        ]

    expected = outcomes(one_by_one)
    assert outcomes(together) == expected
    # Each post turned on the question it was written for.
    phases = [o[1] for o in expected]
    assert phases[:4] == ["trust", "sanctions", "sanction_signals", "sanctions"], expected
    assert phases[5] == "sanctions" and expected[3][0] == "published"  # shadow-banned: stored, hidden
    assert [o[0] for o in expected[6:8]] == ["refused", "refused"]  # paused, cooling down
    assert expected[8][0] == "pending" and expected[9][0] == "refused"  # slow mode: the second
    assert expected[10][:2] == ("published", None)
    assert "verified reader (github), past the newcomer hold" in expected[10][2]
    assert phases[11] == "premoderation" and phases[12] == "duplicates" and phases[13] == "links"
    assert phases[15] == "flood", expected
    learned = [o for o in expected if o[0] != "refused" and o[1] not in ("sanctions", "sanction_signals")]
    assert all(o[2][0].startswith("site adjustment v3 (40 decisions)") for o in learned), expected
