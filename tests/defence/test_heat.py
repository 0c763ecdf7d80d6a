"""Flame wars: the detector ranks heated exchanges above calm ones; the heated-threads queue
lays the exchange out; slow mode, a pause and a cool-down are enforced by the thread_controls
phase (refused with 429, nothing stored) and each is audited."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from salon.actions import thread_controls
from salon.actions.sites import update_settings
from salon.db import comments as comment_queries
from salon.db import tables as t
from salon.moderation import heat
from tests.admin.conftest import OTHER_PAGE
from tests.conftest import PAGE, post

T0 = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)
ANGRY = [
    "I disagree with the article.",
    "You clearly did not read it.",
    "You are wrong and you know it.",
    "Your argument is stupid.",
    "You are an idiot, honestly.",
    "Shut up, you pathetic moron.",
    "You absolute idiot, get lost.",
]
CALM = [
    "The article misses the night train prices, I think.",
    "Thanks, fair point, though maybe the timetable matters more.",
    "Perhaps. I see your point about the timetable.",
    "Sorry, I should have said: I agree on prices.",
    "Thank you, good point about prices.",
]


def _messages(texts, tox, gap_seconds, a=1, b=2):
    out = []
    for i, text in enumerate(texts):
        out.append(
            heat.Message(
                id=i + 1,
                author_id=a if i % 2 == 0 else b,
                author_name="Ann" if i % 2 == 0 else "Bob",
                parent_id=i if i else None,
                created_at=T0 + timedelta(seconds=gap_seconds * i),
                body=text,
                toxicity=tox[i],
            )
        )
    return out


def test_a_rapid_rising_exchange_ranks_above_a_calm_one():
    hot = _messages(ANGRY, [0.05, 0.2, 0.3, 0.45, 0.7, 0.85, 0.9], gap_seconds=40)
    calm = _messages(CALM, [0.05, 0.02, 0.03, 0.04, 0.02], gap_seconds=1500)
    (hot_ex,) = heat.exchanges(hot)
    (calm_ex,) = heat.exchanges(calm)
    assert hot_ex.authors == (1, 2) and len(hot_ex.messages) == 7
    f = hot_ex.features
    assert f["rate"] == 1.0 and f["trend"] == 1.0 and f["second_person"] > 0.8 and f["impoliteness"] == 1.0
    assert calm_ex.features["impoliteness"] < 0.3 and calm_ex.features["rate"] < 0.3
    assert hot_ex.heat > 0.8 > 0.3 > calm_ex.heat
    ranked = heat.rank([("calm", calm), ("hot", hot)])
    assert [r.thread for r in ranked] == ["hot", "calm"]
    # Two replies are a conversation, not an exchange; replies to oneself do not count.
    assert heat.exchanges(hot[:3]) == []
    lonely = [heat.Message(m.id, 1, "Ann", m.parent_id, m.created_at, m.body, m.toxicity) for m in hot]
    assert heat.exchanges(lonely) == []


@pytest.fixture(autouse=True)
def relaxed(request):
    """Every post here comes from one test client: flood and duplicates must not hold them."""
    if "site" in request.fixturenames:
        services, site = request.getfixturevalue("services"), request.getfixturevalue("site")
        update_settings(services, site.id, {"flood_limit": 1000, "duplicate_threshold": 1.0}, "test")


def _post_as(client, body, name, token=None, parent=None, url=PAGE):
    headers = {"X-Salon-Author": token} if token else None
    r = post(client, body=body, name=name, url=url, parent_id=parent, headers=headers)
    return r


def _fight(services, client, url, texts, tox):
    """Two authors reply to each other on ``url``; the model's stored scores set as given."""
    tokens: dict[str, str] = {}
    parent = None
    ids = []
    for i, text in enumerate(texts):
        name = "Ann" if i % 2 == 0 else "Bob"
        r = _post_as(client, text, name, tokens.get(name), parent, url)
        assert r.status_code == 201, r.text
        tokens[name] = r.json()["author_token"]
        parent = r.json()["id"]
        ids.append(parent)
        with services.db.write() as conn:
            row = comment_queries.get(conn, parent)
            moderation = {**(row.moderation or {}), "scores": {"toxicity": tox[i], "insult": tox[i] / 2}}
            comment_queries.set_fields(conn, parent, moderation=moderation)
    return ids, tokens


def test_the_heated_queue_lays_out_the_exchange(services, client, site, as_admin, admin_user):
    quiet = "https://blog.example.com/2026/11/quiet"
    hot_ids, _ = _fight(services, client, PAGE, ANGRY, [0.05, 0.2, 0.3, 0.45, 0.7, 0.85, 0.9])
    _fight(services, client, quiet, CALM, [0.05, 0.02, 0.03, 0.04, 0.02])
    ranked = thread_controls.heated(services, admin_user)
    assert len(ranked) == 2 and ranked[0].thread.url == PAGE
    page = as_admin.get("/admin/heated")
    assert page.status_code == 200
    html = page.text
    assert html.index(f'data-thread="{ranked[0].thread.id}"') < html.index(
        f'data-thread="{ranked[1].thread.id}"'
    )
    first = html[html.index(f'id="heated-{ranked[0].thread.id}"') :].split("</section>")[0]
    assert "Ann ↔ Bob" in first
    laid_out = re.findall(r'<li class="msg side-[ab]" data-id="(\d+)"', first)
    assert [int(x) for x in laid_out] == hot_ids
    assert 'class="msg side-a"' in first and 'class="msg side-b"' in first
    assert "Turn on slow mode" in first and "Send cool-down" in first and "Pause" in first


def test_slow_mode_refuses_a_second_post_within_the_interval(services, client, site, as_admin):
    first = _post_as(client, "First word.", "Ann")
    token = first.json()["author_token"]
    thread_id = comment_queries_thread(services, first.json()["id"])
    r = as_admin.post(f"/admin/threads/{thread_id}/slow-mode", {"seconds": "120", "hours": "1"})
    assert r.status_code == 303
    before = _count(services)
    again = _post_as(client, "Second word, too soon.", "Ann", token)
    assert again.status_code == 429 and again.json()["error"]["code"] == "slow_down"
    assert "Slow mode is on for this discussion" in again.json()["error"]["message"]
    assert _count(services) == before  # nothing stored: the author keeps the text and retries
    assert _post_as(client, "Someone else may post.", "Bea").status_code == 201
    as_admin.post(f"/admin/threads/{thread_id}/slow-mode", {"seconds": "0"})
    assert _post_as(client, "Second word, now.", "Ann", token).status_code == 201
    assert {"thread.slow_mode", "thread.slow_mode_off"} <= _audits(services)


def test_a_pause_and_a_cool_down(services, client, site, as_admin):
    ann = _post_as(client, "Ann starts.", "Ann").json()
    bob = _post_as(client, "Bob answers.", "Bob", parent=ann["id"]).json()
    thread_id = comment_queries_thread(services, ann["id"])
    with services.db.read() as conn:
        a_id = comment_queries.get(conn, ann["id"]).author_id
        b_id = comment_queries.get(conn, bob["id"]).author_id
    r = as_admin.post(
        f"/admin/threads/{thread_id}/cool-down",
        {"authors": [str(a_id), str(b_id)], "minutes": "30", "message": "Take a breath, both of you."},
    )
    assert r.status_code == 303
    refused = _post_as(client, "One more thing!", "Ann", ann["author_token"], parent=bob["id"])
    assert refused.status_code == 429 and "Take a breath, both of you." in refused.json()["error"]["message"]
    assert _post_as(client, "Bob again", "Bob", bob["author_token"]).status_code == 429
    assert _post_as(client, "A bystander is fine.", "Cy").status_code == 201

    as_admin.post(f"/admin/threads/{thread_id}/pause", {"minutes": "30"})
    paused = _post_as(client, "Anyone?", "Dee")
    assert paused.status_code == 429 and "paused until" in paused.json()["error"]["message"]
    page = as_admin.get("/admin/heated").text  # a calm thread is not listed, controls or not
    assert "No heated exchanges" in page
    as_admin.post(f"/admin/threads/{thread_id}/pause", {"minutes": "0"})
    assert _post_as(client, "Open again.", "Dee").status_code == 201
    assert {"thread.cool_down", "thread.pause", "thread.unpause"} <= _audits(services)


def test_controls_on_another_sites_thread_are_not_found(services, client, site, other_site, as_mod):
    theirs = post(client, body="elsewhere", url=OTHER_PAGE).json()
    thread_id = comment_queries_thread(services, theirs["id"])
    assert as_mod.post(f"/admin/threads/{thread_id}/slow-mode", {"seconds": "60"}).status_code == 404
    assert as_mod.post(f"/admin/threads/{thread_id}/pause", {"minutes": "5"}).status_code == 404
    assert as_mod.post(f"/admin/threads/{thread_id}/slow-mode", {"seconds": "-1"}).status_code == 422


def comment_queries_thread(services, comment_id):
    with services.db.read() as conn:
        return comment_queries.get(conn, comment_id).thread_id


def _count(services):
    with services.db.read() as conn:
        return conn.execute(select(func.count()).select_from(t.comments)).scalar_one()


def _audits(services):
    with services.db.read() as conn:
        return {r[0] for r in conn.execute(select(t.audit_log.c.action))}
