"""POST /v1alpha1/comments:analyze: Perspective's request and response shapes, keys, Google's
error bodies, languages, UTF-16 sentence spans and continuous scores."""

from __future__ import annotations

import pytest

from salon.actions.apikeys import create_key, list_keys, revoke_key
from salon.actions.sites import update_settings
from salon.moderation.perspective_attributes import REFUSED, SCORED
from tests.moderation.support import real_model

URL = "/v1alpha1/comments:analyze"
ANALYZER_ERROR = "type.googleapis.com/google.commentanalyzer.v1alpha1.Error"


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


def google_error(r, code, status, error_type=None):
    """Assert Google's error shape; returns the error object."""
    assert r.status_code == code, r.text
    err = r.json()["error"]
    assert err["code"] == code and err["status"] == status and err["message"]
    if error_type is not None:
        assert err["details"][0] == {"@type": ANALYZER_ERROR, "errorType": error_type}
    return err


def value(data, attribute="TOXICITY"):
    return data["attributeScores"][attribute]["summaryScore"]["value"]


def test_toxicity_summary_and_whole_text_span(client, key):
    r = analyze(client, key, req())
    assert r.status_code == 200, r.text
    data = r.json()
    tox = data["attributeScores"]["TOXICITY"]
    assert tox["summaryScore"]["type"] == "PROBABILITY" and tox["summaryScore"]["value"] > 0.5
    assert tox["spanScores"] == [{"begin": 0, "end": 25, "score": tox["summaryScore"]}]
    assert data["languages"] == ["en"] and data["detectedLanguages"] == ["en"]


def test_every_scored_attribute_answers_and_thresholds_leave_out(client, key):
    attrs = {name: {} for name in SCORED}
    attrs["THREAT"] = {"scoreThreshold": 0.9, "scoreType": "PROBABILITY"}
    body = {**req(**attrs), "languages": ["en"], "doNotStore": True, "clientToken": "t1"}
    data = analyze(client, key, body).json()
    assert set(data["attributeScores"]) == set(attrs) - {"THREAT"}
    assert data["clientToken"] == "t1"
    # Variants answer from the same category as their base attribute.
    assert value(data, "INSULT_EXPERIMENTAL") == value(data, "INSULT") == value(data, "ATTACK_ON_COMMENTER")
    assert value(data, "OBSCENE") == value(data, "PROFANITY")
    assert value(data, "LIKELY_TO_REJECT") >= value(data, "INSULT")


@pytest.mark.parametrize("name", [*sorted(REFUSED), "NOT_AN_ATTRIBUTE"])
def test_unscored_attributes_are_refused_as_perspective_refused_unknown_ones(client, key, name):
    r = analyze(client, key, req(TOXICITY={}, **{name: {}}))
    err = google_error(r, 400, "INVALID_ARGUMENT", "INVALID_REQUEST")
    assert err["message"] == f"Unknown requested attribute: {name}"


def test_drop_unsupported_attributes_drops_instead_of_refusing(client, key):
    body = {**req(TOXICITY={}, FLIRTATION={}, SEXUALLY_EXPLICIT={}), "dropUnsupportedAttributes": True}
    data = analyze(client, key, body).json()
    assert set(data["attributeScores"]) == {"TOXICITY"}


def test_key_in_header_also_works(client, key):
    r = client.post(URL, json=req(), headers={"X-Goog-Api-Key": key})
    assert r.status_code == 200


def test_missing_key_is_403_and_bad_or_revoked_keys_are_400_api_key_invalid(client, services, key):
    err = google_error(analyze(client, None, req()), 403, "PERMISSION_DENIED")
    assert err["message"] == "The request is missing a valid API key."
    for bad in ("salon_not-a-key", "AIzaSyNotOurs"):
        err = google_error(analyze(client, bad, req()), 400, "INVALID_ARGUMENT")
        assert err["message"] == "API key not valid. Please pass a valid API key."
        assert err["details"][0]["reason"] == "API_KEY_INVALID"
        assert err["details"][0]["@type"] == "type.googleapis.com/google.rpc.ErrorInfo"
    revoke_key(services, "coral")
    err = google_error(analyze(client, key, req()), 400, "INVALID_ARGUMENT")
    assert err["details"][0]["reason"] == "API_KEY_INVALID"


@pytest.mark.parametrize(
    ("body", "message", "error_type"),
    [
        (req(""), "Comment must be non-empty.", "COMMENT_EMPTY"),
        (
            {"comment": {}, "requestedAttributes": {"TOXICITY": {}}},
            "Comment must be non-empty.",
            "COMMENT_EMPTY",
        ),
        ({}, "Comment must be non-empty.", "COMMENT_EMPTY"),
        ({"comment": {"text": "hi"}}, "Missing requested_attributes", "NO_REQUESTED_ATTRIBUTES"),
        (req("x" * 20_481), "Comment text too long.", "COMMENT_TOO_LONG"),
        (req("é" * 10_241), "Comment text too long.", "COMMENT_TOO_LONG"),  # 20,482 bytes of UTF-8
        (
            req(TOXICITY={"scoreType": "RAW"}),
            "Requested score type RAW is not supported by attribute TOXICITY",
            "INVALID_REQUEST",
        ),
        ({**req(), "comment": {"text": "hi", "type": "MARKDOWN"}}, "Unknown text type", "INVALID_REQUEST"),
        (
            {**req(), "context": {"entries": [{"text": "a"}], "articleAndParentComment": {"article": {}}}},
            "Context can have either entries or article_and_parent_comment, but both fields were populated.",
            "INVALID_REQUEST",
        ),
        ([1, 2], "Invalid JSON payload received. Expected an object.", "INVALID_REQUEST"),
    ],
)
def test_bad_requests_get_perspectives_messages(client, key, body, message, error_type):
    err = google_error(analyze(client, key, body), 400, "INVALID_ARGUMENT", error_type)
    assert err["message"] == message


def test_score_threshold_out_of_range(client, key):
    r = analyze(client, key, req(TOXICITY={"scoreThreshold": 2}))
    assert "score_threshold" in google_error(r, 400, "INVALID_ARGUMENT", "INVALID_REQUEST")["message"]


def test_malformed_json(client, key):
    r = client.post(URL, params={"key": key}, content=b"{nope", headers={"content-type": "application/json"})
    google_error(r, 400, "INVALID_ARGUMENT", "INVALID_REQUEST")


@pytest.mark.parametrize(
    ("method", "path", "code", "status"),
    [
        ("post", "/v1alpha1/comments:nothing", 404, "NOT_FOUND"),
        ("get", "/v1alpha1/comments:analyze", 405, "UNIMPLEMENTED"),
        ("get", "/v1alpha1/comments:suggestscore", 405, "UNIMPLEMENTED"),
    ],
)
def test_404_and_405_under_v1alpha1_are_in_googles_shape(app, method, path, code, status):
    from fastapi.testclient import TestClient  # not the spec-checked client: these are not operations

    with TestClient(app) as plain:
        r = getattr(plain, method)(path)
    google_error(r, code, status, "INVALID_REQUEST")
    if code == 405:
        assert r.headers["allow"] == "POST"


def test_salon_routes_keep_salons_error_shape(client):
    r = client.get("/api/nothing-here")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_keys_are_stored_hashed_and_listed(services, site):
    key, record = create_key(services, "commento", site_name="blog")
    assert record.site_id == site.id
    from sqlalchemy import select

    from salon.db import tables as t

    with services.db.read() as conn:
        stored = conn.execute(select(t.api_keys.c.key_hash)).scalars().all()
    assert key not in stored and len(stored[0]) == 64
    assert [k.name for k in list_keys(services)] == ["commento"]


# -- languages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sent", "detected"),
    [
        ("Du bist ein kompletter Idiot und ich hasse dich.", ["de"], "de"),
        ("Você é um idiota completo e eu odeio você.", ["pt"], "pt"),
        ("Tu es un imbécile complet et je te déteste.", ["fr"], "fr"),
        ("Eres un idiota completo y te odio muchísimo.", ["es"], "es"),
        ("أنت غبي تماما وأنا أكرهك كثيرا", ["ar"], "ar"),
        ("お前は本当にバカだ、消えろ", None, "ja"),
    ],
)
def test_other_languages_are_scored_never_refused(client, key, text, sent, detected):
    body = {**req(text), **({"languages": sent} if sent else {})}
    r = analyze(client, key, body)
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["detectedLanguages"] == [detected]
    assert data["languages"] == (sent or [detected])  # as asked; detected when not asked
    assert 0 <= value(data) <= 1


def test_language_codes_as_clients_send_them(client, key):
    # Coral sends its tenant locale mapped to ISO codes; Commento++ sends [""] when unset.
    for languages, expected in ((["pt-BR"], ["pt-BR"]), ([""], ["en"]), (["en", "??"], ["en"])):
        data = analyze(
            client, key, {**req("Thanks for the piece, a good read."), "languages": languages}
        ).json()
        assert data["languages"] == expected, languages


def test_site_can_hold_text_the_model_cannot_judge(client, services, site):
    tied, _ = create_key(services, "coral-de", site_name=site.name)
    german = req("Das ist ein schöner Artikel, vielen Dank dafür.")
    assert value(analyze(client, tied, {**german, "languages": ["de"]}).json()) < 0.5
    update_settings(services, site.id, {"unjudged_languages": "hold"}, "cli")
    held = analyze(client, tied, {**german, "languages": ["de"]}).json()
    assert value(held) == 1.0 and held["languages"] == ["de"]  # over any client threshold: held
    english = analyze(client, tied, {**req("Thanks for the piece, a good read."), "languages": ["en"]})
    assert value(english.json()) < 0.5  # English is judged as before
    # Coral maps a Japanese tenant to "en": detection, not the label, decides.
    japanese = analyze(
        client, tied, {**req("とても良い記事でした。ありがとうございます。"), "languages": ["en"]}
    )
    assert value(japanese.json()) == 1.0


# -- spans and scores ---------------------------------------------------------------------------


def test_span_annotations_score_each_sentence_in_utf16_units(client, key):
    text = "What a lovely day 🌞. You are a stupid idiot! See you 👋"
    body = {**req(text, TOXICITY={}, INSULT={}), "spanAnnotations": True}
    data = analyze(client, key, body).json()
    spans = data["attributeScores"]["INSULT"]["spanScores"]
    utf16 = text.encode("utf-16-le")

    def js_slice(begin, end):  # what a JavaScript client's text.slice(begin, end) gives
        return utf16[2 * begin : 2 * end].decode("utf-16-le")

    assert [js_slice(s["begin"], s["end"]) for s in spans] == [
        "What a lovely day 🌞.",
        "You are a stupid idiot!",
        "See you 👋",
    ]
    scores = [s["score"]["value"] for s in spans]
    assert scores[1] > 0.5 > max(scores[0], scores[2])


def test_without_span_annotations_one_span_covers_the_text_in_utf16(client, key):
    text = "🙂🙂 you idiot"
    data = analyze(client, key, req(text)).json()
    assert data["attributeScores"]["TOXICITY"]["spanScores"][0]["end"] == len(text.encode("utf-16-le")) // 2


def test_death_threat_passes_corals_default_threshold(client, key):
    # Coral: isToxic = score > threshold, 0.8 by default (see tests/clients for the source).
    attrs = {"SEVERE_TOXICITY": {}, "THREAT": {}, "TOXICITY": {}}
    for text in ("I will kill you", "I am going to find you and kill you, you idiot"):
        data = analyze(client, key, req(text, **attrs)).json()
        assert all(value(data, a) > 0.8 for a in attrs), (text, data)


def test_scores_are_continuous_no_plateau_at_rule_values(client, key):
    texts = ["I will kill you", "I will kill you all", "I am going to kill you, moron", "You should be shot"]
    values = {
        value(analyze(client, key, req(t, SEVERE_TOXICITY={})).json(), "SEVERE_TOXICITY") for t in texts
    }
    assert len(values) == len(texts) and not values & {0.75, 0.8, 0.85, 0.9}


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
    assert value(r.json()) > 0.5


def test_every_attribute_is_in_the_docs_table():
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "perspective.md").read_text()
    for name in (*SCORED, *REFUSED):
        assert f"`{name}`" in text, f"{name} missing from docs/perspective.md"
