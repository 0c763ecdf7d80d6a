"""Sign-in with OpenID Connect (any issuer by its discovery URL; Google preset) and with GitHub
(OAuth 2 and its user API: GitHub issues no ID token).

A site lists its providers in the ``oidc`` setting (docs/accounts.md); each one can be switched
off. The flow is the authorization-code flow with PKCE (S256), ``state`` and ``nonce``:

1. :func:`start` makes a random state, nonce and PKCE verifier, keeps them in a signed cookie on
   this server's own domain (:func:`flow_cookie`, ten minutes, HttpOnly) and sends the reader to
   the provider with the state, the nonce and the verifier's challenge;
2. :func:`finish`, on the way back, refuses a state that is not the cookie's, exchanges the code
   (with the verifier and the client secret, which never leaves the server), checks the ID token
   (signature against the issuer's JWKS, ``iss``, ``aud``, ``exp``, ``nonce``, ``azp``,
   ``at_hash``) and signs the reader in as :mod:`salon.actions.accounts` does for the site's own
   sign-in: a reader account per site, provider and subject, and an author token.

The account's provider is ``oidc:<issuer>`` (``github`` for GitHub); its e-mail address is kept
only when the provider says it is verified.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from authlib.common.security import is_secure_transport
from authlib.oauth2.auth import ClientAuth
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri, prepare_token_request
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from salon.actions.accounts import SignedIn, upsert_account
from salon.actions.comments import resolve_site
from salon.actions.identity import client_hash
from salon.db import sites as site_queries
from salon.db.sites import Site
from salon.errors import SalonError
from salon.notify import links
from salon.services import Services

FLOW_SALT = "salon.signin.oidc"
#: How long a reader may take at the provider before the sign-in must start again.
FLOW_SECONDS = 600
COOKIE = "salon_oidc"
CALLBACK_PATH = "/auth/oidc/callback"
#: Clock skew allowed on ID tokens' exp/iat.
LEEWAY_SECONDS = 60
HTTP_TIMEOUT = 10.0
#: Sign-ins one client address may start in an hour.
STARTS_PER_HOUR = 30
#: Signature algorithms an ID token may use: asymmetric only (never "none", never a shared key).
ID_TOKEN_ALGS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,29}$")
TOKEN_AUTH = ("client_secret_basic", "client_secret_post")

#: What a preset fills in; a site's own entry may override any of it (e.g. GitHub Enterprise).
PRESETS: dict[str, dict[str, str]] = {
    "google": {
        "kind": "oidc",
        "name": "Google",
        "discovery_url": "https://accounts.google.com/.well-known/openid-configuration",
        "scope": "openid email profile",
    },
    "github": {
        "kind": "github",
        "name": "GitHub",
        "authorize_url": "https://github.com/login/oauth/authorize",
        "token_url": "https://github.com/login/oauth/access_token",
        "api_url": "https://api.github.com",
        "scope": "read:user user:email",
        "token_auth": "client_secret_post",
    },
}
_URL_KEYS = ("discovery_url", "authorize_url", "token_url", "api_url")
_KEYS = {"preset", "name", "client_id", "client_secret", "enabled", "scope", "token_auth", *_URL_KEYS}


@dataclass(frozen=True)
class Provider:
    """One sign-in provider of a site, with its preset filled in."""

    id: str
    kind: str  # "oidc" or "github"
    name: str
    client_id: str
    client_secret: str
    scope: str
    token_auth: str
    discovery_url: str = ""
    authorize_url: str = ""
    token_url: str = ""
    api_url: str = ""


# -- configuration ----------------------------------------------------------------------------


def _bad(message: str) -> SalonError:
    return SalonError(422, "invalid_setting", f"oidc: {message}", "oidc")


def _entry(pid: str, raw: Any) -> dict[str, Any]:
    if not ID_PATTERN.match(pid):
        raise _bad(f"{pid!r}: a provider id is 1-30 lower-case letters, digits or dashes")
    if not isinstance(raw, dict):
        raise _bad(f"{pid}: give an object with client_id and client_secret")
    unknown = set(raw) - _KEYS
    if unknown:
        raise _bad(f"{pid}: unknown key {sorted(unknown)[0]!r}")
    preset = raw.get("preset", pid if pid in PRESETS else None)
    if preset is not None and preset not in PRESETS:
        raise _bad(f"{pid}: preset is one of {', '.join(PRESETS)}")
    merged = {**PRESETS.get(str(preset), {"kind": "oidc", "name": pid, "scope": "openid email profile"})}
    merged.update({k: v for k, v in raw.items() if k != "preset"})
    for key in ("client_id", "client_secret"):
        if not isinstance(merged.get(key), str) or not merged[key].strip():
            raise _bad(f"{pid}: {key} is required")
    if not isinstance(merged.get("enabled", True), bool):
        raise _bad(f"{pid}: enabled is true or false")
    if merged.get("token_auth", "client_secret_basic") not in TOKEN_AUTH:
        raise _bad(f"{pid}: token_auth is one of {', '.join(TOKEN_AUTH)}")
    needed = ("discovery_url",) if merged["kind"] == "oidc" else ("authorize_url", "token_url", "api_url")
    for key in _URL_KEYS:
        value = merged.get(key)
        if key in needed and not value:
            raise _bad(f"{pid}: {key} is required")
        if value is not None and (not isinstance(value, str) or not is_secure_transport(value)):
            raise _bad(f"{pid}: {key} must be an https:// URL")
    for key in ("name", "scope"):
        if not isinstance(merged.get(key), str) or not 0 < len(merged[key]) <= 200:
            raise _bad(f"{pid}: {key} is a text of 1 to 200 characters")
    return dict(raw)


def validate_config(value: Any) -> dict[str, Any]:
    """Check a site's ``oidc`` setting (provider id → entry); 422 naming the first problem."""
    if not isinstance(value, dict):
        raise _bad('give an object, e.g. {"github": {"client_id": "…", "client_secret": "…"}}')
    if len(value) > 20:
        raise _bad("at most 20 providers")
    return {str(pid): _entry(str(pid), raw) for pid, raw in value.items()}


def providers(site: Site) -> list[Provider]:
    """The site's switched-on providers, in the order it lists them (a bad entry is skipped)."""
    out = []
    for pid, raw in dict(site.setting("oidc") or {}).items():
        try:
            _entry(str(pid), raw)
        except SalonError:
            continue
        if raw.get("enabled", True) is False:
            continue
        preset = PRESETS.get(str(raw.get("preset", pid)), {"kind": "oidc", "scope": "openid email profile"})
        merged = {"name": pid, "token_auth": "client_secret_basic", **preset, **raw}
        merged.pop("preset", None)
        merged.pop("enabled", None)
        out.append(Provider(id=str(pid), **merged))
    return out


def provider(site: Site, pid: str) -> Provider:
    for p in providers(site):
        if p.id == pid:
            return p
    raise SalonError(404, "unknown_provider", f"this site does not offer sign-in with {pid!r}", "provider")


def sign_in_ways(services: Services, url: str) -> dict[str, Any]:
    """What the widget offers on this site's pages: its providers, e-mail links, its own SSO."""
    site, _ = resolve_site(services, url)
    return {
        "providers": [{"id": p.id, "name": p.name} for p in providers(site)],
        "email": bool(site.setting("signin_email")),
        "sso": bool(site.setting("sso_secret")),
    }


# -- talking to the provider ------------------------------------------------------------------


def _get_json(url: str, token: str | None = None) -> Any:
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        response = httpx.get(url, headers=headers, timeout=HTTP_TIMEOUT)
        response.raise_for_status()
        return response.json()
    except (httpx.HTTPError, ValueError) as exc:
        host = urlsplit(url).netloc
        raise SalonError(
            502, "provider_unreachable", f"the sign-in provider ({host}) did not answer"
        ) from exc


def _metadata(p: Provider) -> dict[str, Any]:
    """The issuer's discovery document, checked: its issuer is the one the URL names."""
    if p.kind == "github":
        return {"authorization_endpoint": p.authorize_url, "token_endpoint": p.token_url}
    meta = _get_json(p.discovery_url)
    issuer = meta.get("issuer") if isinstance(meta, dict) else None
    suffix = "/.well-known/openid-configuration"
    expected = p.discovery_url[: -len(suffix)] if p.discovery_url.endswith(suffix) else None
    if not isinstance(issuer, str) or (expected is not None and issuer.rstrip("/") != expected.rstrip("/")):
        raise SalonError(502, "bad_provider", "the provider's discovery document names another issuer")
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(meta.get(key), str) or not is_secure_transport(meta[key]):
            raise SalonError(502, "bad_provider", f"the provider's discovery document has no {key}")
    return meta


def redirect_uri(services: Services) -> str:
    """The one address every provider sends readers back to (registered with each provider)."""
    return links.base_url(services.settings) + CALLBACK_PATH


# -- the flow ---------------------------------------------------------------------------------


def _serializer(services: Services) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(services.secret, salt=FLOW_SALT)


@dataclass(frozen=True)
class Started:
    """Where to send the reader, and the cookie that keeps the flow's secrets in their browser."""

    location: str
    cookie: str


def start(services: Services, url: str, pid: str, locale: str = "en", address: str = "") -> Started:
    """Begin signing in with provider ``pid`` from the page ``url`` (a page of a registered site).

    Each start asks the provider for its discovery document: ``STARTS_PER_HOUR`` per address.
    """
    site, canonical = resolve_site(services, url)
    p = provider(site, pid)
    wait = services.ratelimiter.hit(f"oidc:{client_hash(services, address)}", STARTS_PER_HOUR, 3600)
    if wait:
        raise SalonError(
            429,
            "rate_limited",
            "too many sign-ins started; try later",
            headers={"Retry-After": str(int(wait))},
        )
    meta = _metadata(p)
    state, nonce, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(24), secrets.token_urlsafe(48)
    extra: dict[str, Any] = {
        "code_challenge": create_s256_code_challenge(verifier),
        "code_challenge_method": "S256",
    }
    if p.kind == "oidc":
        extra["nonce"] = nonce
    location = prepare_grant_uri(
        meta["authorization_endpoint"],
        p.client_id,
        "code",
        redirect_uri=redirect_uri(services),
        scope=p.scope,
        state=state,
        **extra,
    )
    flow = {"s": state, "n": nonce, "v": verifier, "p": p.id, "site": site.id, "back": canonical, "l": locale}
    return Started(str(location), str(_serializer(services).dumps(flow)))


def read_flow(services: Services, cookie: str | None) -> dict[str, Any]:
    """The flow the browser's cookie carries; 400 when there is none (expired, another browser)."""
    try:
        flow = _serializer(services).loads(cookie or "", max_age=FLOW_SECONDS)
    except (BadSignature, SignatureExpired) as exc:
        raise SalonError(
            400, "signin_expired", "this sign-in has expired or began in another browser; start again"
        ) from exc
    if not isinstance(flow, dict):
        raise SalonError(400, "signin_expired", "start signing in again")
    return flow


def _token(services: Services, p: Provider, meta: dict[str, Any], code: str, verifier: str) -> dict[str, Any]:
    body = prepare_token_request(
        "authorization_code", code=code, redirect_uri=redirect_uri(services), code_verifier=verifier
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
    auth = ClientAuth(p.client_id, p.client_secret, p.token_auth)
    uri, headers, body = auth.prepare("POST", meta["token_endpoint"], headers, body)
    try:
        response = httpx.post(uri, content=body, headers=headers, timeout=HTTP_TIMEOUT)
        data = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise SalonError(502, "provider_unreachable", "the sign-in provider did not answer") from exc
    if not isinstance(data, dict) or "error" in data or response.status_code >= 400:
        error = data.get("error") if isinstance(data, dict) else None
        raise SalonError(401, "signin_refused", f"the sign-in provider refused the code ({error or 'error'})")
    if not isinstance(data.get("access_token"), str):
        raise SalonError(401, "signin_refused", "the sign-in provider sent no access token")
    return data


def _id_claims(p: Provider, meta: dict[str, Any], token: dict[str, Any], nonce: str) -> dict[str, Any]:
    """The ID token's claims, once its signature and every claim the flow relies on are checked."""
    raw = token.get("id_token")
    if not isinstance(raw, str):
        raise SalonError(401, "bad_id_token", "the provider sent no ID token")
    allowed = [a for a in meta.get("id_token_signing_alg_values_supported", ["RS256"]) if a in ID_TOKEN_ALGS]
    try:
        keys = KeySet.import_key_set(_get_json(meta["jwks_uri"]))
        decoded = jwt.decode(raw, keys, registry=JWSRegistry(algorithms=allowed or ["RS256"]))
    except (JoseError, ValueError, TypeError) as exc:
        raise SalonError(401, "bad_id_token", "the ID token is not signed by the issuer's keys") from exc
    options = {
        "iss": {"essential": True, "value": meta["issuer"]},
        "aud": {"essential": True, "value": p.client_id},
        "exp": {"essential": True},
    }
    params = {"nonce": nonce, "client_id": p.client_id, "access_token": token["access_token"]}
    claims = CodeIDToken(decoded.claims, decoded.header, options, params)
    try:
        claims.validate(leeway=LEEWAY_SECONDS)
    except ExpiredTokenError as exc:
        raise SalonError(401, "token_expired", "the ID token has expired; sign in again") from exc
    except JoseError as exc:
        claim = getattr(exc, "claim", "")
        raise SalonError(401, "bad_id_token", f"the ID token's {claim or 'claims'} do not match") from exc
    return dict(claims)


@dataclass(frozen=True)
class Identity:
    """Who the provider says the reader is."""

    provider: str
    subject: str
    name: str
    email: str | None
    avatar: str | None


def _oidc_identity(p: Provider, meta: dict[str, Any], token: dict[str, Any], nonce: str) -> Identity:
    claims = _id_claims(p, meta, token, nonce)
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub:
        raise SalonError(401, "bad_id_token", "the ID token names no subject")
    name = claims.get("name") or claims.get("preferred_username") or claims.get("given_name")
    if not name and isinstance(meta.get("userinfo_endpoint"), str):
        info = _get_json(meta["userinfo_endpoint"], token["access_token"])
        if isinstance(info, dict) and info.get("sub") == sub:
            claims = {**info, **claims}
            name = claims.get("name") or claims.get("preferred_username")
    email = claims.get("email") if claims.get("email_verified") is True else None
    picture = claims.get("picture")
    return Identity(
        provider=f"oidc:{meta['issuer']}"[:300],
        subject=sub[:255],
        name=str(name or "reader"),
        email=email if isinstance(email, str) else None,
        avatar=picture if isinstance(picture, str) and picture.startswith("https://") else None,
    )


def _github_identity(p: Provider, token: dict[str, Any]) -> Identity:
    """GitHub's user API: the numeric id (never the login, which can change hands)."""
    access = token["access_token"]
    user = _get_json(f"{p.api_url.rstrip('/')}/user", access)
    if not isinstance(user, dict) or not isinstance(user.get("id"), int):
        raise SalonError(401, "signin_refused", "GitHub did not say who the reader is")
    emails = _get_json(f"{p.api_url.rstrip('/')}/user/emails", access)
    email = next(
        (
            e.get("email")
            for e in (emails if isinstance(emails, list) else [])
            if isinstance(e, dict) and e.get("primary") and e.get("verified")
        ),
        None,
    )
    avatar = user.get("avatar_url")
    return Identity(
        provider="github" if p.id == "github" else f"github:{p.api_url}"[:300],
        subject=str(user["id"]),
        name=str(user.get("name") or user.get("login") or "reader"),
        email=email if isinstance(email, str) else None,
        avatar=avatar if isinstance(avatar, str) and avatar.startswith("https://") else None,
    )


def finish(
    services: Services, flow: dict[str, Any], state: str, code: str, error: str = ""
) -> tuple[SignedIn, str]:
    """The provider sent the reader back: check, exchange, verify, sign in. Returns the signed-in
    reader and the page to go back to."""
    if not state or not secrets.compare_digest(str(flow.get("s", "")), state):
        raise SalonError(400, "bad_state", "the sign-in answer does not belong to this sign-in", "state")
    if error:
        raise SalonError(401, "signin_refused", f"the sign-in provider said no ({error[:100]})")
    if not code:
        raise SalonError(400, "no_code", "the sign-in provider sent no code", "code")
    with services.db.read() as conn:
        site = site_queries.get(conn, int(flow.get("site") or 0))
    if site is None:
        raise SalonError(404, "not_found", "site not found")
    p = provider(site, str(flow.get("p", "")))
    meta = _metadata(p)
    token = _token(services, p, meta, code, str(flow.get("v", "")))
    if p.kind == "github":
        who = _github_identity(p, token)
    else:
        who = _oidc_identity(p, meta, token, str(flow.get("n", "")))
    with services.db.write() as conn:
        signed = upsert_account(
            services, conn, site, who.provider, who.subject, who.name, who.email, who.avatar
        )
    return signed, str(flow.get("back", ""))
