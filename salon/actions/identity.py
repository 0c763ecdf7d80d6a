"""Recognising readers and authors without accounts.

After a first comment the browser receives an author token (signed, opaque) and sends it back in
the ``X-Salon-Author`` header; it ties later comments, votes and reports to the same author even
when the address changes. Without one, a guest is known by e-mail hash or by address hash.
"""

from __future__ import annotations

import functools
import hashlib

from itsdangerous import BadSignature, URLSafeSerializer

from salon.services import Services

AUTHOR_SALT = "salon.author"


@functools.lru_cache(maxsize=8)
def _serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=AUTHOR_SALT)


def issue_author_token(services: Services, site_id: int, author_id: int) -> str:
    return str(_serializer(services.secret).dumps([site_id, author_id]))


def read_author_token(services: Services, site_id: int, token: str | None) -> int | None:
    """The author id the token names, if it is genuine and for this site."""
    if not token:
        return None
    try:
        token_site, author_id = _serializer(services.secret).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if token_site != site_id or not isinstance(author_id, int):
        return None
    return author_id


def email_hash(email: str) -> str:
    """SHA-256 of the trimmed, lower-cased address (the form avatar services accept)."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def client_hash(services: Services, address: str) -> str:
    return services.keyed_hash("addr", address)


def reader_key(services: Services, author_id: int | None, address: str) -> str:
    """Who is voting or reporting: the author if known, else the address hash."""
    return f"author:{author_id}" if author_id else f"addr:{client_hash(services, address)}"
