"""Recognising readers and authors without accounts.

After a first comment the browser receives an author token (signed, opaque) and sends it back in
the ``X-Salon-Author`` header; it ties later comments, votes and reports to the same author even
when the address changes. Without one, a guest is known by e-mail hash or by address hash.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import Connection

from salon.db import comments as comment_queries
from salon.db import threads as thread_queries
from salon.db.threads import Thread
from salon.errors import SalonError, not_found
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


@dataclass(frozen=True)
class ReaderOnComment:
    """A reader acting on someone else's public comment (voting, reporting)."""

    comment: Any
    thread: Thread
    reader: str


def reader_on_public_comment(
    services: Services, conn: Connection, comment_id: int, author_token: str | None, address: str, verb: str
) -> ReaderOnComment:
    """The public comment and who is acting on it; 404 if it is not public, 403 if it is theirs."""
    comment = comment_queries.get(conn, comment_id)
    if comment is None or comment.status != "published" or comment.shadow:
        raise not_found("comment")
    thread = thread_queries.get(conn, comment.thread_id)
    assert thread is not None
    author_id = read_author_token(services, thread.site_id, author_token)
    if author_id is not None and author_id == comment.author_id:
        raise SalonError(403, "own_comment", f"you cannot {verb} your own comment")
    return ReaderOnComment(comment, thread, reader_key(services, author_id, address))
