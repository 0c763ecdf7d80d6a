"""POST /v1alpha1/comments:suggestscore: suggested scores stored with the text, community id and
client token (doNotStore keeps nothing), answered in Perspective's shape; the discovery document."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from salon.actions.apikeys import create_key
from salon.db import tables as t

URL = "/v1alpha1/comments:suggestscore"


@pytest.fixture
def site_key(services, site):
    key, _ = create_key(services, "coral", site_name=site.name)
    return key


def suggest(client, key, **body):
    base = {
        "comment": {"text": "Ein ganz normaler Kommentar zum Artikel."},
        "attributeScores": {"TOXICITY": {"summaryScore": {"value": 1}}},
    }
    return client.post(URL, params={"key": key}, json={**base, **body})


def rows(services):
    with services.db.read() as conn:
        return list(conn.execute(select(t.perspective_suggestions).order_by(t.perspective_suggestions.c.id)))


def test_suggestion_is_stored_with_community_token_and_site(client, services, site, site_key):
    r = suggest(
        client,
        site_key,
        languages=["de"],
        communityId="Coral:https://talk.example.com",
        clientToken="comment:42",
        sessionId="s1",
        context={"entries": [{"text": '{"Coral_comment_id": "42"}'}]},
    )
    assert r.status_code == 200, r.text
    assert r.json() == {
        "detectedLanguages": ["de"],
        "requestedLanguages": ["de"],
        "clientToken": "comment:42",
    }
    [row] = rows(services)
    assert row.site_id == site.id and row.text == "Ein ganz normaler Kommentar zum Artikel."
    assert (row.community_id, row.client_token, row.session_id) == (
        "Coral:https://talk.example.com",
        "comment:42",
        "s1",
    )
    assert row.scores == {"TOXICITY": 1.0} and row.languages == ["de"] and row.detected_language == "de"
    assert row.context == ['{"Coral_comment_id": "42"}']
    with services.db.read() as conn:
        audited = (
            conn.execute(
                select(t.audit_log.c.action).where(t.audit_log.c.target_type == "perspective_suggestion")
            )
            .scalars()
            .all()
        )
    assert audited == ["perspective.suggest"]


def test_do_not_store_keeps_nothing(client, services, site_key):
    r = suggest(client, site_key, doNotStore=True, clientToken="t")
    assert r.status_code == 200 and r.json()["clientToken"] == "t"
    with services.db.read() as conn:
        assert conn.execute(select(func.count()).select_from(t.perspective_suggestions)).scalar_one() == 0


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"attributeScores": {}}, "attribute_scores must not be empty"),
        ({"attributeScores": {"TOXICITY": {}}}, "must not be empty"),
        ({"attributeScores": {"TOXICITY": {"summaryScore": {"value": 2}}}}, "from 0 to 1"),
        ({"attributeScores": {"TOXICITY": {"summaryScore": {}}}}, "from 0 to 1"),
        ({"comment": {"text": " "}}, "Comment must be non-empty."),
    ],
)
def test_bad_suggestions_are_refused_and_not_stored(client, services, site_key, body, words):
    r = suggest(client, site_key, **body)
    assert r.status_code == 400 and r.json()["error"]["status"] == "INVALID_ARGUMENT"
    assert words in r.json()["error"]["message"]
    assert rows(services) == []


def test_suggestscore_needs_a_valid_key(client, services):
    assert suggest(client, None).status_code == 403
    r = suggest(client, "salon_nope")
    assert r.status_code == 400 and r.json()["error"]["details"][0]["reason"] == "API_KEY_INVALID"
    assert rows(services) == []


@pytest.mark.parametrize(
    "path", ["/$discovery/rest?version=v1alpha1", "/discovery/v1/apis/commentanalyzer/v1alpha1/rest"]
)
def test_discovery_document_describes_both_methods(client, path):
    doc = client.get(path).json()
    assert (doc["name"], doc["version"], doc["rootUrl"]) == (
        "commentanalyzer",
        "v1alpha1",
        "http://testserver/",
    )
    methods = doc["resources"]["comments"]["methods"]
    assert {m: (methods[m]["httpMethod"], methods[m]["path"]) for m in methods} == {
        "analyze": ("POST", "v1alpha1/comments:analyze"),
        "suggestscore": ("POST", "v1alpha1/comments:suggestscore"),
    }
    for method in methods.values():  # every $ref names a schema in the document
        assert method["request"]["$ref"] in doc["schemas"] and method["response"]["$ref"] in doc["schemas"]


def test_discovery_of_another_api_or_version_is_404(client):
    assert client.get("/$discovery/rest", params={"version": "v1"}).status_code == 404
    assert client.get("/discovery/v1/apis/youtube/v3/rest").status_code == 404
