"""Perspective clients against a real `salon serve` process with the built-in model.

The client libraries run unchanged: npm ``perspective-api-client``, PyPI ``perspectiveapi``,
``PyPerspective`` and ``google-api-python-client`` (through salon's discovery document).  Three of
them hard-code Google's host; ``google_host_is_salon`` sends those requests to the server the way
a hosts entry plus a reverse proxy would (docs/perspective.md), rewriting only the address at the
HTTP transport.  Coral Talk's and Commento++'s calls are re-created from their source, cited in
each test.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
from sqlalchemy import create_engine, select

from salon.db import tables as t
from tests.test_serve import free_port

pytestmark = pytest.mark.slow

GOOGLE = "https://commentanalyzer.googleapis.com"
NODE_DIR = Path(__file__).parent / "node"


class Server:
    def __init__(self, base: str, key: str, site_key: str, db: Path) -> None:
        self.base, self.key, self.site_key, self.db = base, key, site_key, db

    def suggestions(self) -> list[Any]:
        engine = create_engine(f"sqlite:///{self.db}")
        try:
            with engine.connect() as conn:
                return list(
                    conn.execute(select(t.perspective_suggestions).order_by(t.perspective_suggestions.c.id))
                )
        finally:
            engine.dispose()


def _salon(db: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "salon", *args, "--db", str(db)], check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    db = tmp_path_factory.mktemp("clients") / "salon.db"
    _salon(db, "site", "add", "blog", "--origin", "https://blog.example.com")
    key = _salon(db, "apikey", "create", "clients")
    site_key = _salon(db, "apikey", "create", "coral", "--site", "blog")
    port = free_port()
    env = {**os.environ, "SALON_CLASSIFIER": "builtin"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "salon", "serve", "--db", str(db), "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                # A first analyze loads the model and the language detector.
                r = httpx.post(
                    f"{base}/v1alpha1/comments:analyze",
                    params={"key": key},
                    json={"comment": {"text": "warm up"}, "requestedAttributes": {"TOXICITY": {}}},
                    timeout=30,
                )
                if r.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                output = proc.communicate(timeout=10)[0].decode()
                raise AssertionError(f"salon serve did not answer analyze with 200: {output[-2000:]}")
            time.sleep(0.2)
        yield Server(base, key, site_key, db)
    finally:
        proc.terminate()
        proc.wait(10)


@contextlib.contextmanager
def google_host_is_salon(base: str) -> Iterator[None]:
    """Requests (requests and httpx) to Google's Perspective host go to ``base`` instead."""
    real_requests = requests.adapters.HTTPAdapter.send
    real_httpx = httpx.HTTPTransport.handle_request
    real_async = httpx.AsyncHTTPTransport.handle_async_request

    def via_requests(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        request.url = request.url.replace(GOOGLE, base)
        return real_requests(self, request, *args, **kwargs)

    def moved(request: httpx.Request) -> None:
        if str(request.url).startswith(GOOGLE):
            request.url = httpx.URL(str(request.url).replace(GOOGLE, base))
            request.headers["host"] = request.url.netloc.decode()

    def via_httpx(self: Any, request: httpx.Request) -> Any:
        moved(request)
        return real_httpx(self, request)

    async def via_async(self: Any, request: httpx.Request) -> Any:
        moved(request)
        return await real_async(self, request)

    requests.adapters.HTTPAdapter.send = via_requests  # type: ignore[method-assign]
    httpx.HTTPTransport.handle_request = via_httpx  # type: ignore[method-assign]
    httpx.AsyncHTTPTransport.handle_async_request = via_async  # type: ignore[method-assign]
    try:
        yield
    finally:
        requests.adapters.HTTPAdapter.send = real_requests  # type: ignore[method-assign]
        httpx.HTTPTransport.handle_request = real_httpx  # type: ignore[method-assign]
        httpx.AsyncHTTPTransport.handle_async_request = real_async  # type: ignore[method-assign]


# -- client libraries ---------------------------------------------------------------------------


def test_npm_perspective_api_client(server: Server) -> None:
    """npm ``perspective-api-client`` 3.1.0 (tests/clients/node, installed from its lockfile)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node and npm are needed to run the npm perspective-api-client")
    if not (NODE_DIR / "node_modules" / "perspective-api-client").exists():
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=NODE_DIR, capture_output=True, timeout=300
        )
        if done.returncode != 0:
            pytest.skip(f"npm ci failed in tests/clients/node: {done.stderr.decode()[-300:]}")
    env = {**os.environ, "SALON_BASE": server.base, "SALON_KEY": server.key}
    done = subprocess.run([node, "run.js"], cwd=NODE_DIR, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["plain"] > 0.5
    assert set(out["many"]) == {
        "TOXICITY",
        "SEVERE_TOXICITY",
        "IDENTITY_ATTACK",
        "INSULT",
        "PROFANITY",
        "THREAT",
    }
    assert out["many"]["INSULT"] > 0.5 and all(0 <= v <= 1 for v in out["many"].values())
    for lang in ("de", "ar"):
        assert out[lang]["languages"] == [lang] and out[lang]["detected"] == [lang]
        assert 0 <= out[lang]["value"] <= 1
    # JavaScript slices UTF-16: the spans must cut the text at the sentences, after the emoji too.
    assert [s["slice"] for s in out["spans"]] == ["Lovely day 🌞🌞.", "You are a stupid idiot!"]
    assert out["spans"][1]["value"] > 0.5 > out["spans"][0]["value"]
    assert out["badKey"] == {
        "name": "ResponseError",
        "message": "API key not valid. Please pass a valid API key.",
        "status": 400,
    }


def test_pypi_perspectiveapi(server: Server) -> None:
    """PyPI ``perspectiveapi`` 1.1.0: blocking and async clients, default and listed attributes."""
    from perspective import Attribute, Perspective
    from perspective.blocking import Perspective as BlockingPerspective

    wanted = [Attribute.TOXICITY, Attribute.SEVERE_TOXICITY, Attribute.INSULT, Attribute.THREAT]
    with google_host_is_salon(server.base):
        blocking = BlockingPerspective(server.key)
        plain = blocking.score("You are a complete idiot.")
        listed = blocking.score("I will kill you, you idiot.", wanted)
        later = asyncio.run(Perspective(server.key).score("Thanks for the thoughtful piece."))
    assert plain.toxicity > 0.5
    assert listed.threat > 0.8 and listed.severe_toxicity > 0.8 and listed.insult > 0.5
    assert later.toxicity < 0.5


def test_pypi_pyperspective(server: Server) -> None:
    """PyPI ``PyPerspective`` 1.0.4: its constructor probes the key and reads ``error.details[0]``."""
    from PyPerspective.errors import InvalidAuthKey
    from PyPerspective.Perspective import Perspective

    with google_host_is_salon(server.base):
        with pytest.raises(InvalidAuthKey):
            Perspective("salon_not-a-key")
        client = Perspective(server.key)
        comment = client.get_score("You are a stupid idiot. Have a nice day.", tests=["TOXICITY", "INSULT"])
        german = client.get_score("Du bist ein kompletter Idiot.", tests="TOXICITY", langs=["de"])
    insult = comment["INSULT"]
    assert insult.score > 0.5 and insult.score_type == "PROBABILITY"
    assert [str(s) for s in insult.spans] == ["You are a stupid idiot. Have a nice day."]  # the whole text
    assert german.requests_langs == ["de"] and german.detected_langs == ["de"]
    assert 0 <= german["TOXICITY"].score <= 1


@pytest.mark.parametrize(
    "discovery_url",
    ["{base}/$discovery/rest?version=v1alpha1", "{base}/discovery/v1/apis/{{api}}/{{apiVersion}}/rest"],
)
def test_google_api_python_client_builds_from_the_discovery_document(
    server: Server, discovery_url: str
) -> None:
    """``googleapiclient.discovery.build`` as Perspective's own guide calls it, at both of Google's
    discovery paths; then analyze and suggestscore through the built client."""
    from googleapiclient import discovery
    from googleapiclient.errors import HttpError

    url = discovery_url.format(base=server.base)
    client = discovery.build(
        "commentanalyzer",
        "v1alpha1",
        developerKey=server.key,
        discoveryServiceUrl=url,
        static_discovery=False,
    )
    analyzed = (
        client.comments()
        .analyze(
            body={"comment": {"text": "You are a complete idiot."}, "requestedAttributes": {"INSULT": {}}}
        )
        .execute()
    )
    assert analyzed["attributeScores"]["INSULT"]["summaryScore"]["value"] > 0.5
    suggested = (
        client.comments()
        .suggestscore(
            body={
                "comment": {"text": "A perfectly fine remark."},
                "attributeScores": {"TOXICITY": {"summaryScore": {"value": 0}}},
                "clientToken": f"python:{discovery_url[-10:]}",
            }
        )
        .execute()
    )
    assert suggested["clientToken"] == f"python:{discovery_url[-10:]}"
    bad = discovery.build(
        "commentanalyzer",
        "v1alpha1",
        developerKey="salon_wrong",
        discoveryServiceUrl=url,
        static_discovery=False,
    )
    with pytest.raises(HttpError) as caught:
        bad.comments().analyze(
            body={"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {}}}
        ).execute()
    assert caught.value.resp.status == 400 and "API_KEY_INVALID" in caught.value.content.decode()


# -- Coral Talk ---------------------------------------------------------------------------------

#: Coral's convertLanguage: tenant locale -> Perspective language.
#: coralproject/talk server/src/core/server/services/perspective/perspective.ts, lines 27-42.
CORAL_LANGUAGES = {"en-US": "en", "es": "es", "fr-FR": "fr", "de": "de", "pt-BR": "pt"}
#: Coral's timeout: config "perspective_timeout", default "800 milliseconds".
#: coralproject/talk server/src/core/server/config.ts (perspective_timeout).
CORAL_TIMEOUT = 0.8


def coral_send(server: Server, endpoint: str, operation: str, body: dict[str, Any]) -> httpx.Response:
    """sendToPerspective (perspective.ts, from line 128): ``url.pathname = path.join(url.pathname,
    "/" + operation)``, ``?key=``, JSON body, the configured timeout; a non-2xx gives data null."""
    url = httpx.URL(endpoint.strip())
    url = url.copy_with(path=url.path.rstrip("/") + "/" + operation, params={"key": server.site_key})
    return httpx.post(
        url, content=json.dumps(body), headers={"Content-Type": "application/json"}, timeout=CORAL_TIMEOUT
    )


def coral_toxic(
    server: Server, text: str, locale: str, model: str = "TOXICITY", threshold: float = 0.8
) -> bool:
    """Coral's toxic phase: the body from formatBody (perspective.ts lines 86-97), the score read
    as ``result.data.attributeScores[model].summaryScore.value`` and ``isToxic = score > threshold``
    (server/src/core/server/services/comments/pipeline/phases/toxic.ts lines 88-105; threshold
    TOXICITY_THRESHOLD_DEFAULT 80 / 100, doNotStore default true, lines 56-68)."""
    body = {
        "comment": {"text": text},
        "doNotStore": True,
        "requestedAttributes": {model: {}},
        "languages": [CORAL_LANGUAGES.get(locale, "en")],
    }
    r = coral_send(server, f"{server.base}/v1alpha1", "comments:analyze", body)
    assert r.status_code == 200, r.text  # Coral publishes unchecked on anything else
    score = r.json()["attributeScores"][model]["summaryScore"]["value"]
    return bool(score > threshold)


@pytest.mark.parametrize("locale", sorted(CORAL_LANGUAGES))
def test_coral_analyze_every_tenant_locale_within_its_timeout(server: Server, locale: str) -> None:
    assert coral_toxic(server, "Thanks for the careful reporting on this.", locale) is False
    assert coral_toxic(server, "I will kill you, you worthless idiot.", locale) is True
    for model in ("SEVERE_TOXICITY", "THREAT"):  # the integration's model setting
        assert coral_toxic(server, "I will kill you", locale, model=model) is True


def test_coral_send_feedback_is_stored(server: Server) -> None:
    """Coral's suggestscore body, from formatBody's "comments:suggestscore" case (perspective.ts
    lines 98-125): context entry with the comment URL and ids, the model's summaryScore 0 for
    APPROVED and 1 for DELETED, languages, communityId "Coral:<tenant URL>", clientToken
    "comment:<id>"."""
    for comment_id, status in (("c-approved", "APPROVED"), ("c-deleted", "DELETED")):
        body = {
            "comment": {"text": f"Comment {comment_id} as the reader wrote it."},
            "context": {
                "entries": [
                    {
                        "text": json.dumps(
                            {
                                "url": f"https://blog.example.com/story?commentID={comment_id}",
                                "reply_to_id_Coral_comment_id": None,
                                "Coral_comment_id": comment_id,
                            }
                        )
                    }
                ]
            },
            "attributeScores": {"TOXICITY": {"summaryScore": {"value": 0 if status == "APPROVED" else 1}}},
            "languages": ["de"],
            "communityId": "Coral:https://talk.example.com",
            "clientToken": f"comment:{comment_id}",
        }
        r = coral_send(server, f"{server.base}/v1alpha1/", "comments:suggestscore", body)
        assert r.status_code == 200, r.text
        assert r.json()["clientToken"] == f"comment:{comment_id}"
    rows = [r for r in server.suggestions() if (r.client_token or "").startswith("comment:c-")]
    assert [(r.client_token, r.scores, r.community_id) for r in rows] == [
        ("comment:c-approved", {"TOXICITY": 0.0}, "Coral:https://talk.example.com"),
        ("comment:c-deleted", {"TOXICITY": 1.0}, "Coral:https://talk.example.com"),
    ]
    assert rows[0].site_id is not None and rows[0].languages == ["de"] and "c-approved" in rows[0].context[0]


# -- Commento++ ---------------------------------------------------------------------------------


def commento_is_toxic(server: Server, markdown: str, language: str, limit: str = "0.5") -> bool:
    """souramoo/commentoplusplus api/perspective.go (isToxic, lines 13-85): the URL is hard-coded
    to Google's (line 31: here the host entry points it at salon), the body is built by string
    concatenation with bare keys and the raw markdown (lines 34-36), any failure counts as toxic
    (lines 41-75), the value is read at ``attributeScores.TOXICITY.summaryScore.value`` (line 70)
    and compared with ``value > perspectiveLimit`` (line 77)."""
    payload = (
        '{comment: {text: "' + markdown + '"},\n'
        '       languages: ["' + language + '"],\n'
        "       requestedAttributes: {TOXICITY:{}} }"
    )
    url = f"{GOOGLE}/v1alpha1/comments:analyze?key={server.key}".replace(GOOGLE, server.base)
    try:
        res = httpx.post(
            url, content=payload.encode(), headers={"Content-Type": "application/json"}, timeout=10
        )
        value = res.json()["attributeScores"]["TOXICITY"]["summaryScore"]["value"]
    except (httpx.HTTPError, ValueError, KeyError, TypeError):
        return True
    if not isinstance(value, float):
        return True
    return value > float(limit)


@pytest.mark.parametrize("language", ["en", "de", "ar", ""])
def test_commento_plus_plus_every_language_setting(server: Server, language: str) -> None:
    assert commento_is_toxic(server, "Great post, thanks\nfor writing it.", language) is False
    assert commento_is_toxic(server, "You are a complete idiot and a moron.", language) is True
