"""Who someone is: the one module that decides it (authors, readers, and what public output may show).

**Identity.** A guest *is* their author token, nothing else. The first post without a token
creates a new author with a random key (``guest:<random>``) and answers with a signed token naming
that author; the widget keeps it and sends it back in ``X-Salon-Author``. A post without a token is
always a new author, even from an address or with an e-mail address seen before: two people behind
one office, household or carrier address never share an author, history, trust or held comments,
and typing someone else's e-mail address does not hand out their token.

**Signals.** The client address and the e-mail address are *signals* about a request, never an
identity. They are kept as keyed hashes (:class:`Signals`), for rate limits, flood checks, vote
dedupe of readers without a token, and sanctions that should also catch a new token from the same
signal. Code that wants to act on a signal asks this module for it rather than hashing itself.

**Public output.** Nothing public is derived from an e-mail or an address without the install's
secret: the avatar key (:func:`avatar_key`) is an HMAC of the e-mail hash scoped to one site, so
the same reader has unrelated avatar keys on two sites and no one can check a guessed address.

API for other modules:

- :func:`issue_author_token` / :func:`read_author_token`: the token ↔ author id, per site.
- :func:`resolve_author`: the known author behind a token (or None), checked against the database.
- :func:`new_guest_key`: the key a new author is created under.
- :func:`account_author` / :func:`is_account`: the author a signed-in reader's account posts as.
- :func:`signals`: the keyed client-address and e-mail hashes of a request.
- :func:`reader_key` / :func:`reader_on_public_comment`: who votes or reports.
- :func:`avatar_key` / :func:`avatar_keyer`: the public, per-site avatar key.
- :func:`author_signals`: the addresses, e-mail hashes and account an author's comments carried
  (what a sanction may also cover).
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import Connection, func, select

from salon.db import authors as author_queries
from salon.db import comments as comment_queries
from salon.db import tables as t
from salon.db import threads as thread_queries
from salon.db.threads import Thread
from salon.errors import SalonError, not_found
from salon.services import Services

AUTHOR_SALT = "salon.author"
#: The prefix of every author key made since identities are tokens (older rows: "legacy:<id>").
GUEST_PREFIX = "guest:"


@functools.lru_cache(maxsize=8)
def _serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=AUTHOR_SALT)


def issue_author_token(services: Services, site_id: int, author_id: int) -> str:
    """The signed, opaque token that names this author on this site."""
    return str(_serializer(services.secret).dumps([site_id, author_id]))


def read_author_token(services: Services, site_id: int, token: str | None) -> int | None:
    """The author id the token names, if it is genuine and for this site (not checked in the DB)."""
    if not token:
        return None
    try:
        token_site, author_id = _serializer(services.secret).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if token_site != site_id or not isinstance(author_id, int) or isinstance(author_id, bool):
        return None
    return author_id


@dataclass(frozen=True)
class KnownAuthor:
    """An author a request proved to be, by their token."""

    id: int
    key: str


def resolve_author(
    services: Services, conn: Connection, site_id: int, token: str | None
) -> KnownAuthor | None:
    """The author the token names, if it is genuine, for this site and the author still exists."""
    author_id = read_author_token(services, site_id, token)
    if author_id is None:
        return None
    row = author_queries.get(conn, author_id)
    if row is None or row.site_id != site_id:
        return None
    return KnownAuthor(int(row.id), str(row.key))


def new_guest_key() -> str:
    """A fresh author key: random, so no signal (address, e-mail) can lead to it."""
    return GUEST_PREFIX + secrets.token_urlsafe(18)


#: The key prefix of an author that is a signed-in reader's account (``account:<account id>``).
ACCOUNT_PREFIX = "account:"


def account_author(
    services: Services, conn: Connection, site_id: int, account_id: int, name: str, email: str | None
) -> int:
    """The author a signed-in reader's account posts as: its own, never a guest's, never shared.

    Signing in does not take over guest authors with the same e-mail address (two people may share
    one); the account starts its own history, and its token is issued like any author's.
    """
    key = f"{ACCOUNT_PREFIX}{account_id}"
    return author_queries.get_or_create(
        conn, site_id, key, name, email_hash(services, email) if email else None
    )


def is_account(author_key: str) -> bool:
    """Whether an author is a signed-in reader (a verified identity) rather than a guest."""
    return author_key.startswith(ACCOUNT_PREFIX)


#: The label of the keyed e-mail hash (``Services.keyed_hash("email_hash", <SHA-256 hex>)``).
#: Migration 0008 re-keys older plain SHA-256 values with the same construction.
EMAIL_HASH_LABEL = "email_hash"


def email_hash(services: Services, email: str) -> str:
    """The stored form of an e-mail address: its SHA-256 keyed with the install's secret.

    Never a plain digest, which anyone could check a guessed address against or follow from one
    salon install to another. Changing the secret unlinks the hashes already stored (see
    docs/privacy.md).
    """
    return services.keyed_hash(EMAIL_HASH_LABEL, hashlib.sha256(email.strip().lower().encode()).hexdigest())


def stored_email_hash(services: Services, value: str | None) -> str | None:
    """An e-mail hash from an export, in this install's stored form.

    A plain SHA-256 (64 hex digits, from an export made before hashes were keyed) is keyed now; a
    keyed value is kept as it is (it matches only on an install with the same secret).
    """
    if not value:
        return None
    if len(value) == 64 and all(ch in "0123456789abcdef" for ch in value):
        return services.keyed_hash(EMAIL_HASH_LABEL, value)
    return value


def client_hash(services: Services, address: str) -> str:
    """The client address keyed with the install's secret (stored on comments, used for limits)."""
    return services.keyed_hash("addr", address)


@dataclass(frozen=True)
class Signals:
    """What a request says about its sender besides their token: hints, never an identity.

    ``client`` is the keyed address hash; ``email`` the stored e-mail hash, or None.
    """

    client: str
    email: str | None


def signals(services: Services, address: str, email: str | None) -> Signals:
    """The request's signals, in the forms stored on comments (for rate limits and sanctions)."""
    return Signals(client_hash(services, address), email_hash(services, email) if email else None)


def reader_key(services: Services, author_id: int | None, address: str) -> str:
    """Who is voting or reporting: the author if known, else the address (a dedupe signal only)."""
    return f"author:{author_id}" if author_id else f"addr:{client_hash(services, address)}"


def avatar_key(services: Services, site_id: int, stored_email_hash: str | None) -> str | None:
    """The public avatar key: keyed with the secret and scoped to the site, so it links nothing."""
    if not stored_email_hash:
        return None
    return services.keyed_hash("avatar", str(site_id), stored_email_hash)


def avatar_keyer(services: Services, site_id: int) -> Callable[[str | None], str | None]:
    """:func:`avatar_key` for one site, for code that renders many comments."""
    return functools.partial(avatar_key, services, site_id)


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


@dataclass(frozen=True)
class AuthorSignals:
    """The signals an author's own comments carried: what a sanction can also cover.

    ``addresses`` are keyed client hashes (newest first), ``emails`` stored e-mail hashes,
    ``account`` the author's key when they are a signed-in reader, ``verified_email`` the stored
    hash of the address their sign-in proved (SSO, e-mail link, a provider's verified address).
    Hints only: a new author who shares one is not this author (see the module docstring), but
    may be held for a look.
    """

    addresses: list[str]
    emails: list[str]
    account: str | None
    verified_email: str | None = None


#: How many of an author's most recent distinct addresses count as theirs.
ADDRESS_SIGNALS = 20


def author_signals(services: Services, conn: Connection, author_id: int) -> AuthorSignals:
    """The signals seen on this author's comments (and their stored e-mail hash)."""
    c, a = t.comments, t.authors
    recent = conn.execute(
        select(c.c.client_hash, func.max(c.c.created_at).label("last"))
        .where(c.c.author_id == author_id, c.c.client_hash.is_not(None))
        .group_by(c.c.client_hash)
        .order_by(func.max(c.c.created_at).desc())
        .limit(ADDRESS_SIGNALS)
    )
    addresses = [str(r.client_hash) for r in recent]
    emails = {
        str(r[0])
        for r in conn.execute(
            select(c.c.author_email_hash)
            .where(c.c.author_id == author_id, c.c.author_email_hash.is_not(None))
            .distinct()
        )
    }
    row = conn.execute(select(a.c.key, a.c.email_hash).where(a.c.id == author_id)).first()
    if row is not None and row.email_hash:
        emails.add(str(row.email_hash))
    account = str(row.key) if row is not None and is_account(str(row.key)) else None
    verified = None
    if account is not None:
        ra = t.reader_accounts
        proven = conn.execute(select(ra.c.email).where(ra.c.author_id == author_id).limit(1)).scalar()
        verified = email_hash(services, str(proven)) if proven else None
    return AuthorSignals(addresses, sorted(emails), account, verified)
