"""A small, real OpenID Connect issuer for the sign-in tests, built on Authlib's server side and
served over HTTP from a thread: discovery, JWKS, the authorization endpoint (which approves its one
reader at once, as a reader clicking "allow" would), the token endpoint (client secret, PKCE
required, ID tokens signed RS256) and userinfo; plus GitHub's ``/user`` and ``/user/emails``.

``tamper`` makes it misbehave the way a hostile or misconfigured issuer would: another ``iss``,
another ``aud``, an expired token, another ``nonce``, a signing ``key`` not in its JWKS.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from authlib.oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, JsonRequest, OAuth2Payload, OAuth2Request
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from authlib.oidc.core.models import AuthorizationCodeMixin
from joserfc.jwk import KeySet, RSAKey

CLIENT_ID = "salon-test-client"
CLIENT_SECRET = "salon-test-secret-kept-on-the-server"


@dataclass
class Reader:
    sub: str = "reader-7"
    name: str = "Olive Issuer"
    email: str = "olive@example.net"
    email_verified: bool = True
    github_id: int = 4242
    login: str = "olive-gh"


@dataclass
class Client(ClientMixin):
    client_id: str
    client_secret: str
    redirect_uris: list[str]

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope: str) -> str:
        return scope

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class Code(AuthorizationCodeMixin):
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    reader: Reader
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time


class _Payload(OAuth2Payload):
    def __init__(self, values: dict[str, list[str]]) -> None:
        self._values = values

    @property
    def data(self) -> dict[str, str]:
        return {k: v[0] for k, v in self._values.items()}

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        return defaultdict(list, self._values)


class _Request(OAuth2Request):
    def __init__(
        self, method: str, uri: str, headers: Any, query: dict[str, list[str]], form: dict[str, list[str]]
    ):
        super().__init__(method, uri, headers=headers)
        self._query = query
        self._form = form
        self.payload = _Payload({**query, **form})

    @property
    def args(self) -> dict[str, str]:
        return {k: v[0] for k, v in self._query.items()}

    @property
    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in self._form.items()}


class Issuer(AuthorizationServer):
    """The authorization server, its state (codes, tokens) and its HTTP front."""

    def __init__(self, redirect_uri: str) -> None:
        super().__init__()
        self.key = RSAKey.generate_key(2048, parameters={"use": "sig"}, private=True)
        self.kid = self.key.thumbprint()
        self.reader = Reader()
        self.client = Client(CLIENT_ID, CLIENT_SECRET, [redirect_uri])
        self.codes: dict[str, Code] = {}
        self.tokens: dict[str, Reader] = {}
        self.tamper: dict[str, Any] = {}
        self.authorize_requests: list[dict[str, str]] = []
        self.token_requests: list[dict[str, str]] = []
        self.register_token_generator("default", self._bearer)
        self.register_grant(_CodeGrant, [CodeChallenge(required=True), _OpenID(self)])
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self._http.server_address[1]}"
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    # -- Authlib's framework hooks ---------------------------------------------------------

    def query_client(self, client_id: str) -> Client | None:
        return self.client if client_id == self.client.client_id else None

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        self.tokens[token["access_token"]] = request.user

    def _bearer(
        self, grant_type: str, client: Any, user: Any = None, scope: str | None = None, **kw: Any
    ) -> dict:
        return {
            "token_type": "Bearer",
            "access_token": secrets.token_urlsafe(24),
            "expires_in": 3600,
            "scope": scope,
        }

    def create_oauth2_request(self, request: _Request) -> _Request:
        return request

    def create_json_request(self, request: _Request) -> JsonRequest:
        return JsonRequest(request.method, request.uri, request.headers)

    def handle_response(self, status: int, body: Any, headers: Any) -> tuple[int, Any, Any]:
        return status, body, headers

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        pass

    # -- what the endpoints serve ----------------------------------------------------------

    @property
    def issuer(self) -> str:
        return self.url

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "jwks_uri": f"{self.url}/jwks",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }

    def jwks(self) -> dict[str, Any]:
        return KeySet([self.key]).as_dict(private=False)

    @property
    def discovery_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()


class _CodeGrant(AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

    def save_authorization_code(self, code: str, request: OAuth2Request) -> None:
        data = request.payload.data
        self.server.codes[code] = Code(
            code=code,
            client_id=request.payload.client_id,
            redirect_uri=request.payload.redirect_uri,
            scope=request.payload.scope,
            reader=request.user,
            nonce=data.get("nonce"),
            code_challenge=data.get("code_challenge"),
            code_challenge_method=data.get("code_challenge_method"),
        )

    def query_authorization_code(self, code: str, client: Client) -> Code | None:
        found = self.server.codes.get(code)
        return found if found is not None and found.client_id == client.client_id else None

    def delete_authorization_code(self, authorization_code: Code) -> None:
        self.server.codes.pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code: Code) -> Reader:
        return authorization_code.reader


class _OpenID(OpenIDCode):
    def __init__(self, issuer: Issuer) -> None:
        super().__init__(require_nonce=True)
        self.issuer = issuer

    def exists_nonce(self, nonce: str, request: OAuth2Request) -> bool:
        return any(c.nonce == nonce for c in self.issuer.codes.values())

    def resolve_client_private_key(self, client: Client) -> RSAKey:
        return self.issuer.tamper.get("key", self.issuer.key)

    def get_client_algorithm(self, client: Client) -> str:
        return "RS256"

    def get_encode_header(self, client: Client) -> dict[str, str]:
        return {"alg": "RS256", "kid": self.issuer.kid}

    def get_client_claims(self, client: Client) -> dict[str, Any]:
        tamper = self.issuer.tamper
        now = int(time.time())
        exp_in = int(tamper.get("exp_in", 600))
        return {
            "iss": tamper.get("iss", self.issuer.issuer),
            "aud": [tamper.get("aud", client.get_client_id())],
            "iat": now + min(exp_in, 0) - 60,
            "exp": now + exp_in,
        }

    def get_authorization_code_claims(self, authorization_code: Code) -> dict[str, Any]:
        claims = super().get_authorization_code_claims(authorization_code)
        if "nonce" in self.issuer.tamper:
            claims["nonce"] = self.issuer.tamper["nonce"]
        return claims

    def generate_user_info(self, user: Reader, scope: str) -> UserInfo:
        return UserInfo(sub=user.sub, name=user.name, email=user.email, email_verified=user.email_verified)


def _handler(issuer: Issuer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, body: Any, headers: Any = ()) -> None:
            text = body if isinstance(body, str) else json.dumps(body)
            self.send_response(status)
            sent = {k.lower() for k, _ in headers}
            for k, v in headers:
                self.send_header(k, v)
            if "content-type" not in sent:
                self.send_header("Content-Type", "application/json")
            data = text.encode()
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _request(self) -> _Request:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            form: dict[str, list[str]] = {}
            if self.command == "POST":
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode())
            return _Request(self.command, issuer.url + self.path, self.headers, query, form)

        def _bearer_reader(self) -> Reader | None:
            auth = self.headers.get("Authorization", "")
            return (
                issuer.tokens.get(auth.removeprefix("Bearer ").strip())
                if auth.startswith("Bearer ")
                else None
            )

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            if path == "/.well-known/openid-configuration":
                return self._send(200, issuer.discovery())
            if path == "/jwks":
                return self._send(200, issuer.jwks())
            if path == "/authorize":
                request = self._request()
                issuer.authorize_requests.append(request.args)
                grant = issuer.get_consent_grant(request=request, end_user=issuer.reader)
                return self._send(*issuer.create_authorization_response(request, issuer.reader, grant))
            reader = self._bearer_reader()
            if reader is None:
                return self._send(401, {"message": "Bad credentials"})
            if path == "/userinfo":
                return self._send(200, {"sub": reader.sub, "name": reader.name})
            if path == "/user":
                avatar = "https://avatars.example.net/u/4242"
                user = {
                    "id": reader.github_id,
                    "login": reader.login,
                    "name": reader.name,
                    "avatar_url": avatar,
                }
                return self._send(200, user)
            if path == "/user/emails":
                emails = [
                    {"email": "old@example.net", "primary": False, "verified": True},
                    {"email": reader.email, "primary": True, "verified": reader.email_verified},
                ]
                return self._send(200, emails)
            return self._send(404, {"error": "not_found"})

        def do_POST(self) -> None:
            if urlsplit(self.path).path != "/token":
                return self._send(404, {"error": "not_found"})
            request = self._request()
            issuer.token_requests.append(request.form)
            return self._send(*issuer.create_token_response(request))

    return Handler
