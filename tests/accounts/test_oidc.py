"""Sign-in with OpenID Connect and GitHub, against a real issuer served over HTTP in the test run
(tests/accounts/issuer.py, Authlib's server side): success, the state, the nonce, PKCE, the
issuer, the audience, expiry, and the per-site switch."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, unquote, urlsplit

import httpx
import pytest
from joserfc.jwk import RSAKey

from salon.actions import oidc
from salon.actions.sites import update_settings
from salon.db import tables as t
from salon.errors import SalonError
from tests.accounts.issuer import CLIENT_ID, CLIENT_SECRET, Issuer
from tests.conftest import PAGE, post

CALLBACK = "https://comments.example.org/auth/oidc/callback"


@pytest.fixture(scope="module")
def issuer() -> Iterator[Issuer]:
    server = Issuer(CALLBACK)
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _fresh(issuer: Issuer) -> None:
    issuer.tamper.clear()
    issuer.codes.clear()
    issuer.authorize_requests.clear()
    issuer.token_requests.clear()


def providers_setting(issuer: Issuer, **test_extra) -> dict:
    return {
        "corp": {
            "name": "Corp ID",
            "discovery_url": issuer.discovery_url,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            **test_extra,
        },
        "github": {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            # GitHub's endpoints at the test issuer (as a GitHub Enterprise server would be set)
            "authorize_url": f"{issuer.url}/authorize",
            "token_url": f"{issuer.url}/token",
            "api_url": issuer.url,
        },
    }


@pytest.fixture
def oidc_site(mail_services, blog, issuer):
    update_settings(mail_services, blog.id, {"oidc": providers_setting(issuer)}, "cli")
    return blog


def begin(client, provider: str = "corp") -> httpx.URL:
    started = client.get(
        "/auth/oidc/start", params={"provider": provider, "url": PAGE}, follow_redirects=False
    )
    assert started.status_code == 303, started.text
    return httpx.URL(started.headers["location"])


def at_issuer(location: httpx.URL) -> str:
    """The reader at the issuer: it approves and sends them back; the query salon receives."""
    answer = httpx.get(location, follow_redirects=False)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == CALLBACK
    return back.query


def come_back(client, query: str):
    return client.get(f"/auth/oidc/callback?{query}", follow_redirects=False)


def signed_in_token(response) -> str:
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    page, _, fragment = location.partition("#")
    assert page == PAGE
    values = parse_qs(fragment)
    return unquote(values["salon-auth"][0])


def test_sign_in_with_an_issuer_by_discovery_url(mail_client, oidc_site, issuer):
    ways = mail_client.get("/api/auth/providers", params={"url": PAGE})
    assert ways.status_code == 200
    assert ways.json()["providers"] == [{"id": "corp", "name": "Corp ID"}, {"id": "github", "name": "GitHub"}]
    assert CLIENT_SECRET not in ways.text

    location = begin(mail_client)
    assert str(location).startswith(f"{issuer.url}/authorize?")
    asked = parse_qs(location.query.decode())
    assert asked["code_challenge_method"] == ["S256"] and len(asked["code_challenge"][0]) == 43
    assert asked["nonce"][0] and asked["state"][0] and asked["redirect_uri"] == [CALLBACK]
    assert "client_secret" not in asked, "the secret never goes through the browser"

    back = come_back(mail_client, at_issuer(location))
    token = signed_in_token(back)
    assert "salon_oidc=" in back.headers["set-cookie"] and "Max-Age=0" in back.headers["set-cookie"]
    sent = issuer.token_requests[-1]
    assert sent["code_verifier"] and sent["grant_type"] == "authorization_code"

    posted = post(
        mail_client, "Signed in with my work account", "typed name", headers={"X-Salon-Author": token}
    )
    assert posted.status_code == 201, posted.text
    assert posted.json()["author"]["name"] == "Olive Issuer", "the issuer's name, not the form's"
    with mail_client.app.state.services.db.read() as conn:
        account = conn.execute(t.reader_accounts.select()).one()
    assert account.provider == f"oidc:{issuer.url}" and account.subject == "reader-7"
    assert account.email == "olive@example.net", "a verified address is kept"

    # The same reader again (another device): the same account and author.
    again = signed_in_token(come_back(mail_client, at_issuer(begin(mail_client))))
    second = post(mail_client, "Back again", "x", headers={"X-Salon-Author": again})
    assert second.json()["author_token"] == again
    with mail_client.app.state.services.db.read() as conn:
        assert len(conn.execute(t.reader_accounts.select()).all()) == 1


def test_unverified_email_is_not_kept(mail_client, oidc_site, issuer):
    issuer.reader.email_verified = False
    try:
        signed_in_token(come_back(mail_client, at_issuer(begin(mail_client))))
    finally:
        issuer.reader.email_verified = True
    with mail_client.app.state.services.db.read() as conn:
        assert conn.execute(t.reader_accounts.select()).one().email is None


def test_github_uses_the_user_api(mail_client, oidc_site, issuer):
    location = begin(mail_client, "github")
    asked = parse_qs(location.query.decode())
    assert "nonce" not in asked and asked["scope"] == ["read:user user:email"]
    assert asked["code_challenge_method"] == ["S256"]
    token = signed_in_token(come_back(mail_client, at_issuer(location)))
    assert issuer.token_requests[-1]["client_secret"] == CLIENT_SECRET, "GitHub takes the secret in the body"
    posted = post(mail_client, "From GitHub", "x", headers={"X-Salon-Author": token})
    assert posted.status_code == 201
    with mail_client.app.state.services.db.read() as conn:
        account = conn.execute(t.reader_accounts.select()).one()
    assert (account.provider, account.subject) == ("github", "4242"), "the numeric id, never the login"
    assert account.email == "olive@example.net", "the primary, verified address"
    assert account.avatar_url == "https://avatars.example.net/u/4242"


def test_a_state_that_is_not_this_browsers_is_refused(mail_client, oidc_site, issuer):
    query = parse_qs(at_issuer(begin(mail_client)))
    forged = f"code={query['code'][0]}&state=someone-elses-state"
    refused = come_back(mail_client, forged)
    assert refused.status_code == 400 and "does not belong to this sign-in" in refused.text
    assert not issuer.token_requests, "the code is never exchanged"
    # No cookie at all (the answer arrives in another browser).
    elsewhere = at_issuer(begin(mail_client))
    mail_client.cookies.clear()
    lost = come_back(mail_client, elsewhere)
    assert lost.status_code == 400 and "another browser" in lost.text


def test_a_code_from_another_flow_fails_pkce(mail_client, mail_services, oidc_site, issuer):
    """A stolen code replayed in the thief's own flow: their verifier is not the one the
    challenge was made from, so the issuer refuses the exchange."""
    victims = parse_qs(at_issuer(begin(mail_client)))
    mail_client.cookies.clear()
    thief_location = begin(mail_client)
    thief_state = parse_qs(thief_location.query.decode())["state"][0]
    refused = come_back(mail_client, f"code={victims['code'][0]}&state={thief_state}")
    assert refused.status_code == 401 and "refused the code" in refused.text
    with mail_services.db.read() as conn:
        assert conn.execute(t.reader_accounts.select()).all() == []


def test_a_missing_pkce_verifier_is_refused(mail_client, mail_services, oidc_site, issuer):
    query = parse_qs(at_issuer(begin(mail_client)))
    flow = oidc.read_flow(mail_services, mail_client.cookies.get(oidc.COOKIE))
    # The code exchanged without the verifier, straight at the issuer: refused.
    bare = httpx.post(
        f"{issuer.url}/token",
        data={"grant_type": "authorization_code", "code": query["code"][0], "redirect_uri": CALLBACK},
        auth=(CLIENT_ID, CLIENT_SECRET),
    )
    assert bare.status_code == 400 and "code_verifier" in bare.json()["error_description"]
    # And through salon with a flow that lost its verifier.
    with pytest.raises(SalonError) as refused:
        oidc.finish(mail_services, {**flow, "v": ""}, flow["s"], query["code"][0])
    assert refused.value.status == 401 and refused.value.code == "signin_refused"


@pytest.mark.parametrize(
    ("tamper", "code", "words"),
    [
        ({"nonce": "a-replayed-nonce"}, "bad_id_token", "nonce"),
        ({"iss": "https://another-issuer.example"}, "bad_id_token", "iss"),
        ({"aud": "another-client"}, "bad_id_token", "aud"),
        ({"exp_in": -3600}, "token_expired", "expired"),
        ({"key": RSAKey.generate_key(2048, private=True)}, "bad_id_token", "not signed by the issuer"),
    ],
)
def test_id_tokens_that_do_not_check_out_are_refused(
    mail_client, mail_services, oidc_site, issuer, tamper, code, words
):
    issuer.tamper.update(tamper)
    query = at_issuer(begin(mail_client))
    flow = oidc.read_flow(mail_services, mail_client.cookies.get(oidc.COOKIE))
    values = parse_qs(query)
    with pytest.raises(SalonError) as refused:
        oidc.finish(mail_services, flow, values["state"][0], values["code"][0])
    assert refused.value.code == code and words in refused.value.message
    # The reader's browser gets a page, never a 500, and nobody is signed in.
    issuer.codes.clear()
    page = come_back(mail_client, at_issuer(begin(mail_client)))
    assert page.status_code == 401 and "salon-auth" not in page.headers.get("location", "")
    with mail_services.db.read() as conn:
        assert conn.execute(t.reader_accounts.select()).all() == []


def test_providers_switch_per_site_and_settings_are_checked(mail_client, mail_services, oidc_site, issuer):
    setting = providers_setting(issuer, enabled=False)
    update_settings(mail_services, oidc_site.id, {"oidc": setting}, "cli")
    ways = mail_client.get("/api/auth/providers", params={"url": PAGE}).json()
    assert [p["id"] for p in ways["providers"]] == ["github"]
    off = mail_client.get(
        "/auth/oidc/start", params={"provider": "corp", "url": PAGE}, follow_redirects=False
    )
    assert off.status_code == 404
    for bad in (
        {"x": {"client_id": "a"}},
        {"corp": {"client_id": "a", "client_secret": "b"}},  # no discovery URL
        {"corp": {"client_id": "a", "client_secret": "b", "discovery_url": "http://id.example.com/"}},
        {"Bad Id": {"client_id": "a", "client_secret": "b", "preset": "google"}},
        {"google": {"client_id": "a", "client_secret": "b", "colour": "red"}},
    ):
        with pytest.raises(SalonError) as refused:
            update_settings(mail_services, oidc_site.id, {"oidc": bad}, "cli")
        assert refused.value.status == 422 and refused.value.field == "oidc"
    google = update_settings(
        mail_services, oidc_site.id, {"oidc": {"google": {"client_id": "g", "client_secret": "s"}}}, "cli"
    )
    assert [(p.id, p.name, p.discovery_url) for p in oidc.providers(google)] == [
        ("google", "Google", "https://accounts.google.com/.well-known/openid-configuration")
    ]
    with mail_services.db.read() as conn:
        logged = [str(r.details) for r in conn.execute(t.audit_log.select())]
    assert logged and any("(set)" in d for d in logged)
    assert not any(CLIENT_SECRET in d for d in logged), "secrets never reach the audit log"


def test_an_unreachable_issuer_or_an_unknown_page_is_a_page_not_a_crash(
    mail_client, mail_services, oidc_site
):
    gone = {
        "corp": {
            "discovery_url": "http://127.0.0.1:9/.well-known/openid-configuration",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        }
    }
    update_settings(mail_services, oidc_site.id, {"oidc": gone}, "cli")
    params = {"provider": "corp", "url": PAGE}
    down = mail_client.get("/auth/oidc/start", params=params, follow_redirects=False)
    assert down.status_code == 502 and "did not answer" in down.text
    elsewhere = {"provider": "corp", "url": "https://not-a-site.example/page"}
    assert mail_client.get("/auth/oidc/start", params=elsewhere).status_code in (403, 404)


def test_starting_sign_ins_is_limited_per_address(mail_client, oidc_site, issuer):
    params = {"provider": "corp", "url": PAGE}
    for _ in range(oidc.STARTS_PER_HOUR):
        assert mail_client.get("/auth/oidc/start", params=params, follow_redirects=False).status_code == 303
    limited = mail_client.get("/auth/oidc/start", params=params, follow_redirects=False)
    assert limited.status_code == 429 and "too many sign-ins" in limited.text
