"""POST /v1alpha1/comments:analyze: Perspective's request and response shapes, keys, errors."""

from __future__ import annotations

import pytest

from salon.actions.apikeys import create_key, list_keys, revoke_key
from tests.moderation.support import real_model

URL = "/v1alpha1/comments:analyze"


@pytest.fixture
def classifier():
    return real_model()


@pytest.fixture
def key(services):
    key, _ = create_key(services, "coral")
    return key


def analyze(client, key, body, **kw):
    return client.post(URL, params={"key": key} if key else None, json=body, **kw)


def req(text="You are a complete idiot.", **attrs):
    return {"comment": {"text": text}, "requestedAttributes": attrs or {"TOXICITY": {}}}


def perspective_error(r, code, status):
    assert r.status_code == code, r.text
    err = r.json()["error"]
    assert err["code"] == code and err["status"] == status and err["message"]


def test_toxicity_summary_and_span_scores(client, key):
    r = analyze(client, key, req())
    assert r.status_code == 200, r.text
    data = r.json()
    tox = data["attributeScores"]["TOXICITY"]
    assert tox["summaryScore"]["type"] == "PROBABILITY" and tox["summaryScore"]["value"] > 0.5
    assert tox["spanScores"][0] == {"begin": 0, "end": 25, "score": tox["summaryScore"]}
    assert data["languages"] == ["en"] and data["detectedLanguages"] == ["en"]


def test_all_attributes_thresholds_and_span_annotations(client, key):
    attrs = {
        a: {}
        for a in ("TOXICITY", "SEVERE_TOXICITY", "IDENTITY_ATTACK", "INSULT", "PROFANITY", "THREAT", "SPAM")
    }
    attrs["THREAT"] = {"scoreThreshold": 0.9, "scoreType": "PROBABILITY"}
    body = {
        **req(**attrs),
        "languages": ["en"],
        "spanAnnotations": True,
        "doNotStore": True,
        "clientToken": "t1",
    }
    data = analyze(client, key, body).json()
    assert set(data["attributeScores"]) == set(attrs) - {"THREAT"}
    insult = data["attributeScores"]["INSULT"]["spanScores"]
    assert any(s["begin"] == 19 and s["end"] == 24 for s in insult)  # "idiot"
    assert data["clientToken"] == "t1"


def test_key_in_header_also_works(client, key):
    r = client.post(URL, json=req(), headers={"X-Goog-Api-Key": key})
    assert r.status_code == 200


def test_missing_bad_and_revoked_keys_are_refused(client, services, key):
    perspective_error(analyze(client, None, req()), 403, "PERMISSION_DENIED")
    perspective_error(analyze(client, "salon_not-a-key", req()), 403, "PERMISSION_DENIED")
    revoke_key(services, "coral")
    perspective_error(analyze(client, key, req()), 403, "PERMISSION_DENIED")


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"comment": {"text": ""}, "requestedAttributes": {"TOXICITY": {}}}, "non-empty"),
        ({"comment": {}, "requestedAttributes": {"TOXICITY": {}}}, "non-empty"),
        ({"comment": {"text": "hi"}}, "at least one attribute"),
        ({"comment": {"text": "hi"}, "requestedAttributes": {"FLIRTATION": {}}}, "FLIRTATION does not exist"),
        (
            {"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {"scoreThreshold": 2}}},
            "scoreThreshold",
        ),
        (
            {"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {"scoreType": "RAW"}}},
            "score type",
        ),
        ({**req(), "languages": ["de"]}, "does not support request languages: de"),
        ({"comment": {"text": "x" * 20_481}, "requestedAttributes": {"TOXICITY": {}}}, "too long"),
        ([1, 2], "Invalid JSON payload"),
    ],
)
def test_bad_requests_get_perspective_error_bodies(client, key, body, words):
    r = analyze(client, key, body)
    perspective_error(r, 400, "INVALID_ARGUMENT")
    assert words in r.json()["error"]["message"]


def test_malformed_json(client, key):
    r = client.post(URL, params={"key": key}, content=b"{nope", headers={"content-type": "application/json"})
    perspective_error(r, 400, "INVALID_ARGUMENT")


def test_keys_are_stored_hashed_and_listed(services, site):
    key, record = create_key(services, "commento", site_name="blog")
    assert record.site_id == site.id
    from sqlalchemy import select

    from salon.db import tables as t

    with services.db.read() as conn:
        stored = conn.execute(select(t.api_keys.c.key_hash)).scalars().all()
    assert key not in stored and len(stored[0]) == 64
    assert [k.name for k in list_keys(services)] == ["commento"]


def test_commento_plus_plus_relaxed_json_is_understood(client, key):
    # Commento++ builds its body by string concatenation: bare keys, raw text.
    raw = (
        '{comment: {text: "You are an idiot, truly: a moron\nbye"},\n'
        ' languages: ["en"],\n requestedAttributes: {TOXICITY:{}} }'
    )
    r = client.post(
        URL, params={"key": key}, content=raw.encode(), headers={"content-type": "application/json"}
    )
    assert r.status_code == 200, r.text
    assert r.json()["attributeScores"]["TOXICITY"]["summaryScore"]["value"] > 0.5


def test_coral_request_shape(client, key):
    body = {
        "comment": {"text": "Thanks for the piece."},
        "languages": ["en"],
        "doNotStore": True,
        "requestedAttributes": {"TOXICITY": {}},
    }
    r = client.post(f"{URL}?key={key}", json=body)
    assert r.status_code == 200 and r.json()["attributeScores"]["TOXICITY"]["summaryScore"]["value"] < 0.5


def test_span_scores_are_not_repeated(client, key):
    text = "You are a stupid idiot and should be shot"
    body = {**req(text, TOXICITY={}, THREAT={}), "spanAnnotations": True}
    data = analyze(client, key, body).json()
    for attribute in ("TOXICITY", "THREAT"):
        spans = [(s["begin"], s["end"]) for s in data["attributeScores"][attribute]["spanScores"]]
        assert spans[0] == (0, len(text)) and len(spans) == len(set(spans)), spans
