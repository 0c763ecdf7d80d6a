"""Signed links in mail: confirm an address, unsubscribe in one click, manage subscriptions.

Each link carries a token signed with the install's secret (itsdangerous), so it needs no
sign-in and cannot be forged or pointed at someone else's address. Confirmation links expire;
unsubscribe and manage links keep working for as long as the mail may be read (RFC 8058).
"""

from __future__ import annotations

from urllib.parse import quote

from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

from salon.settings import Settings

CONFIRM_SALT = "salon.notify.confirm"
UNSUBSCRIBE_SALT = "salon.notify.unsubscribe"
MANAGE_SALT = "salon.notify.manage"
#: How long a confirmation link works.
CONFIRM_MAX_AGE = 7 * 24 * 3600


class BadLink(ValueError):
    """The token is not genuine, is for something else, or has expired."""


def base_url(settings: Settings) -> str:
    """Where readers reach this server: ``public_url``, else the address it listens on."""
    return settings.public_url.rstrip("/") or f"http://{settings.host}:{settings.port}"


def confirm_token(secret: str, address_id: int) -> str:
    return str(URLSafeTimedSerializer(secret, salt=CONFIRM_SALT).dumps(address_id))


def read_confirm(secret: str, token: str) -> int:
    try:
        value = URLSafeTimedSerializer(secret, salt=CONFIRM_SALT).loads(token, max_age=CONFIRM_MAX_AGE)
    except (SignatureExpired, BadSignature) as exc:
        raise BadLink(str(exc)) from exc
    if not isinstance(value, int):
        raise BadLink("not an address")
    return value


def unsubscribe_token(secret: str, address_id: int, thread_id: int) -> str:
    return str(URLSafeSerializer(secret, salt=UNSUBSCRIBE_SALT).dumps([address_id, thread_id]))


def read_unsubscribe(secret: str, token: str) -> tuple[int, int]:
    try:
        value = URLSafeSerializer(secret, salt=UNSUBSCRIBE_SALT).loads(token)
    except BadSignature as exc:
        raise BadLink(str(exc)) from exc
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)):
        raise BadLink("not a subscription")
    return value[0], value[1]


def manage_token(secret: str, address_id: int) -> str:
    return str(URLSafeSerializer(secret, salt=MANAGE_SALT).dumps(address_id))


def read_manage(secret: str, token: str) -> int:
    try:
        value = URLSafeSerializer(secret, salt=MANAGE_SALT).loads(token)
    except BadSignature as exc:
        raise BadLink(str(exc)) from exc
    if not isinstance(value, int):
        raise BadLink("not an address")
    return value


def url(settings: Settings, path: str, token: str) -> str:
    return f"{base_url(settings)}{path}?t={quote(token)}"
