"""Phases that read history, through the API on SQLite and PostgreSQL: locked threads, sanctions,
flood, links from first-timers, repeats and near-duplicates, trust, pre-moderation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from salon.db import tables as t
from salon.db.engine import now
from tests.conftest import PAGE, SITE_ORIGIN
from tests.conftest import post as post_once
from tests.moderation.support import comment_row, configure, sanction

OTHER = f"{SITE_ORIGIN}/2026/12/sleeper-cabins"
LONG = (
    "The sleeper from Vienna to Brussels was cancelled twice this winter and nobody at the "
    "operator could tell us why the rolling stock kept failing inspections"
)


_tokens: dict[str, str] = {}


@pytest.fixture(autouse=True)
def _fresh_tokens():
    _tokens.clear()
    yield
    _tokens.clear()


def post(client, body="A thoughtful comment.", name="Ann", **extra):
    """Post as the widget does: one author per name, known again by the token it was given."""
    if name in _tokens and "headers" not in extra:
        extra["headers"] = {"X-Salon-Author": _tokens[name]}
    response = post_once(client, body, name, **extra)
    if response.status_code == 201:
        _tokens[name] = response.json()["author_token"]
    return response


def moderation(services, response):
    assert response.status_code == 201, response.text
    return comment_row(services, response.json()["id"]).moderation


def author_of(services, response):
    return comment_row(services, response.json()["id"]).author_id


def test_locked_thread_rejects_with_a_message(client, services, site):
    post(client, "First.")
    with services.db.write() as conn:
        conn.execute(update(t.threads).values(locked=True))
    r = post(client, "Too late?")
    assert (
        r.json()["status"] == "rejected"
        and r.json()["message"] == "This discussion is closed to new comments."
    )
    assert moderation(services, r)["phase"] == "thread_locked"


def test_banned_author_is_rejected(client, services, site):
    first = post(client, "Hello.")
    sanction(services, author_of(services, first), "ban")
    r = post(client, "Me again.")
    assert r.json()["status"] == "rejected" and "no longer comment" in r.json()["message"]


def test_suspended_author_is_told_until_when(client, services, site):
    first = post(client, "Hello.")
    until = now() + timedelta(days=3)
    sanction(services, author_of(services, first), "suspend", until)
    r = post(client, "Me again.")
    assert r.json()["status"] == "rejected"
    assert until.strftime("%Y-%m-%d") in r.json()["message"]


def test_expired_suspension_and_warnings_do_not_block(client, services, site):
    first = post(client, "Hello.")
    sanction(services, author_of(services, first), "suspend", now() - timedelta(hours=1))
    sanction(services, author_of(services, first), "warn")
    assert post(client, "Me again.").json()["status"] == "published"


def test_flood_holds_a_burst(client, services, site):
    configure(services, site, flood_limit=3, flood_window_seconds=60)
    statuses = [post(client, f"Message number {n} about trains.").json()["status"] for n in range(5)]
    assert statuses == ["published"] * 3 + ["pending"] * 2
    r = post(client, "And another one.")
    assert moderation(services, r)["phase"] == "flood"


def test_links_from_a_first_time_commenter_are_held(client, services, site):
    r = post(client, "Timetables at https://trains.example/timetable")
    assert r.json()["status"] == "pending" and moderation(services, r)["phase"] == "links"
    assert post(client, "No links, first published.").json()["status"] == "published"
    assert post(client, "Now see https://trains.example/map").json()["status"] == "published"


def test_same_author_repeat_is_held(client, services, site):
    assert post(client, LONG).json()["status"] == "published"
    again = post(client, LONG + "!", url=PAGE)
    assert again.json()["status"] == "pending"
    assert "near-duplicate" in moderation(services, again)["reasons"][0]


def test_near_duplicate_across_threads_by_another_author_is_held(client, services, site):
    assert post(client, LONG, name="Ann").json()["status"] == "published"
    variant = LONG.replace("cancelled twice", "cancelled two times").upper()
    r = client.post(
        "/api/comments",
        json={"url": OTHER, "author": {"name": "Bo", "email": "bo@example.org"}, "body": variant},
    )
    m = moderation(services, r)
    assert m["decision"] == "hold" and m["phase"] == "duplicates"
    assert "another thread" in m["reasons"][0]


def test_short_texts_may_repeat(client, services, site):
    for url in (PAGE, OTHER):
        assert post(client, "Great article, thanks!", url=url).json()["status"] == "published"


def test_a_long_paste_of_earlier_sentences_is_held(client, services, site):
    earlier = [
        "Night trains are the most civilised way to cross a continent in one go.",
        "You fall asleep in one country and you wake up in another one entirely.",
        "The couchettes are cramped but the breakfast makes up for most of it.",
    ]
    for n, text in enumerate(earlier):
        body = f"Comment {n} here. {text} Something else entirely different {n} {n}."
        client.post(
            "/api/comments",
            json={"url": OTHER, "author": {"name": f"P{n}", "email": f"p{n}@x.org"}, "body": body},
        )
    paste = " ".join(earlier) + " I fully agree with all of this and would add nothing more."
    r = post(client, paste, name="Copy")
    m = moderation(services, r)
    assert m["phase"] == "duplicates" and m["reasons"][0].startswith("pasted")


def test_a_shared_signature_is_held(client, services, site):
    sig = "Earn money from home at the best casino in town"
    for n in range(2):
        client.post(
            "/api/comments",
            json={
                "url": OTHER,
                "author": {"name": f"S{n}", "email": f"s{n}@x.org"},
                "body": f"Point {n} made.\n{sig}",
            },
        )
    r = post(client, "My own words on trains.\n" + sig, name="Third")
    assert "signature" in moderation(services, r)["reasons"][0]


def test_edit_is_not_a_duplicate_of_itself(client, services, site):
    r = post(client, LONG)
    edited = client.patch(
        f"/api/comments/{r.json()['id']}",
        json={"body": LONG + " Update: it ran on time today."},
        headers={"Authorization": f"Bearer {r.json()['edit_token']}"},
    )
    assert edited.json()["status"] == "published"


def test_new_authors_first_comments_are_held(client, services, site):
    configure(services, site, trust_new_count=2)
    statuses = [post(client, f"Comment {n} on trains.").json()["status"] for n in range(3)]
    assert statuses == ["pending", "pending", "published"]


def test_mostly_rejected_author_goes_back_to_premoderation(client, services, site):
    configure(services, site, banned_words=["rubbish"])
    for n in range(3):
        assert post(client, f"Rubbish take number {n}.").json()["status"] == "rejected"
    r = post(client, "A perfectly polite comment.")
    m = moderation(services, r)
    assert r.json()["status"] == "pending" and m["phase"] == "trust"
    assert m["reasons"] == ["3 of the author's last 3 comments were rejected"]


def test_premoderation_modes(client, services, site):
    configure(services, site, premoderation="new")
    r = post(client, "My first.")
    assert r.json()["status"] == "pending" and moderation(services, r)["phase"] == "premoderation"
    with services.db.write() as conn:
        conn.execute(update(t.authors).values(published_count=1))
    assert post(client, "My second.").json()["status"] == "published"
    configure(services, site, premoderation="all")
    assert post(client, "My third.").json()["status"] == "pending"
