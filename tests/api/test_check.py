"""POST /api/comments:check: the pre-submit analysis and the nudge, on the real model."""

from __future__ import annotations

import pytest

from salon.moderation.classifiers.base import NullClassifier
from tests.conftest import PAGE, SITE_ORIGIN, post
from tests.moderation.support import comment_row, configure, real_model

RUDE = "What a stupid take."


@pytest.fixture
def classifier():
    return real_model()


def check(client, body, name=None, url=PAGE):
    payload = {"url": url, "body": body}
    if name is not None:
        payload["author"] = {"name": name}
    r = client.post("/api/comments:check", json=payload)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_kind_draft_passes_without_a_nudge(client, site):
    r = check(client, "Thanks for the thoughtful piece on night trains.", name="Ann")
    assert r["decision"] == "publish" and r["nudge"] is False and r["message"] == ""
    assert set(r["scores"]) >= {"toxicity", "insult", "threat", "spam"} and r["spans"] == []


def test_a_rude_draft_nudges_and_says_which_part_reads_as_what(client, site):
    r = check(client, RUDE)
    assert r["nudge"] is True and r["decision"] == "hold"
    [span] = [s for s in r["spans"] if "insult" in s["categories"]]
    assert RUDE[span["begin"] : span["end"]] == "stupid"
    assert "“stupid” reads as" in r["message"] and "an insult" in r["message"]
    assert "edit" in r["message"]


def test_nothing_is_stored(client, services, site):
    check(client, RUDE)
    assert client.get("/api/comments", params={"url": PAGE}).json()["thread"]["count"] == 0


def test_posting_the_nudged_text_anyway_is_held(client, services, site):
    configure(
        services,
        site,
        nudge_threshold=0.3,
        thresholds={"insult": [0.995, 1], "toxicity": [0.995, 1], "profanity": [0.995, 1]},
    )
    assert check(client, RUDE)["nudge"] is True
    r = post(client, RUDE, nudged=True)
    assert r.json()["status"] == "pending"
    m = comment_row(services, r.json()["id"]).moderation
    assert m["phase"] == "nudge" and m["reasons"][-1].startswith("posted after the nudge"), m


def test_a_repost_of_a_nudged_text_is_recognised_without_the_flag(client, services, site):
    configure(
        services,
        site,
        nudge_threshold=0.3,
        thresholds={"insult": [0.995, 1], "toxicity": [0.995, 1], "profanity": [0.995, 1]},
    )
    check(client, RUDE)
    r = post(client, RUDE)  # same client, same text: the widget forgot to say nudged
    assert r.json()["status"] == "pending"
    assert comment_row(services, r.json()["id"]).moderation["phase"] == "nudge"


def test_an_edited_draft_after_a_nudge_publishes(client, services, site):
    assert check(client, RUDE)["nudge"] is True
    r = post(client, "I see this differently.", nudged=True)
    assert r.json()["status"] == "published"


def test_nudge_can_be_switched_off(client, services, site):
    configure(services, site, nudge_enabled=False)
    assert check(client, RUDE)["nudge"] is False


def test_banned_words_and_names_explain_themselves(client, services, site):
    configure(services, site, banned_words=["trainspotter"])
    r = check(client, "Only a trainspotter would say that.")
    assert r["decision"] == "reject" and "trainspotter" in r["message"] and r["nudge"] is False
    assert r["spans"][0]["categories"] == ["banned_word"]
    named = check(client, "Fine words.", name="stupid bitch")
    assert named["decision"] == "reject" and "choose another name" in named["message"]


def test_unknown_site_and_bad_body(client, site):
    r = client.post("/api/comments:check", json={"url": "https://nowhere.example/x", "body": "hi"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "unknown_site"
    r = client.post("/api/comments:check", json={"url": PAGE})
    assert r.status_code == 422 and r.json()["error"]["field"] == "body"
    r = client.post("/api/comments:check", json={"url": f"{SITE_ORIGIN}/x", "body": "hi", "extra": 1})
    assert r.status_code == 422


@pytest.mark.parametrize("classifier", [NullClassifier()])
def test_check_with_the_null_classifier_publishes(client, site, classifier):
    r = check(client, RUDE)
    assert r["decision"] == "publish" and r["nudge"] is False
