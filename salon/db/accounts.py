"""Reader accounts as moderation sees them."""

from __future__ import annotations

from sqlalchemy import Connection, select

from salon.db import tables as t

#: Providers whose accounts the site itself vouches for (its own sign-in).
SITE_VERIFIED = ("sso",)


def verified_provider(conn: Connection, author_id: int) -> str | None:
    """How the author's identity was verified, if they are a signed-in reader: ``sso`` (the
    site's own sign-in), ``email`` (a magic link), ``oidc:<issuer>`` or ``github``; else None."""
    ra = t.reader_accounts
    # The first account (by id): the same one the batch's facts take (``moderation.batch_facts``).
    query = select(ra.c.provider).where(ra.c.author_id == author_id).order_by(ra.c.id).limit(1)
    provider = conn.execute(query).scalar()
    return str(provider) if provider else None


def verified_by_site(conn: Connection, author_id: int) -> bool:
    """Whether the author is a signed-in reader whose identity the site signed (SSO)."""
    return verified_provider(conn, author_id) in SITE_VERIFIED
