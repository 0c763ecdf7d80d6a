"""Signed-in readers: the site's own sign-in (SSO), e-mail magic links, and what an account sees.

Guests stay the default. A site switches sign-in on in its settings: ``sso_secret`` (the HS256
key the site signs its readers' tokens with) and ``signin_email`` (magic links). Signing in makes
or finds a reader account and answers with the same author token guests get
(``X-Salon-Author``), naming the account's own author (see ``identity.account_author``): every
later request — posting, votes, one's own held comments — works as it does for a guest, under the
reader's verified name.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, JoseError
from joserfc.jwk import OctKey
from sqlalchemy import Connection, select, update

from salon.actions.audit import audit
from salon.actions.comments import resolve_site
from salon.actions.identity import account_author, issue_author_token, read_author_token
from salon.actions.notifications import EMAIL, address_key
from salon.db import outbox as outbox_queries
from salon.db import tables as t
from salon.db.engine import now
from salon.db.sites import Site
from salon.errors import SalonError
from salon.notify import compose, links
from salon.notify.mail import Mail
from salon.services import Services

MAGIC_SALT = "salon.signin.email"
#: How long a magic link works, and how often one address may ask for one.
MAGIC_LINK_MINUTES = 15
MAGIC_LINKS_PER_HOUR = 5
#: Clock skew allowed on SSO tokens' exp/iat/nbf.
SSO_LEEWAY_SECONDS = 30


@dataclass(frozen=True)
class SignedIn:
    author_token: str
    name: str
    avatar: str | None
    provider: str


def upsert_account(
    services: Services,
    conn: Connection,
    site: Site,
    provider: str,
    subject: str,
    name: str,
    email: str | None,
    avatar: str | None,
) -> SignedIn:
    """Make or find the site's account for (provider, subject), refresh what the provider says
    about the reader, and answer with the token of the account's own author."""
    a = t.reader_accounts
    name = " ".join(name.split())[: services.settings.max_name_chars] or "reader"
    row = conn.execute(
        select(a.c.id).where(a.c.site_id == site.id, a.c.provider == provider, a.c.subject == subject)
    ).first()
    stamp = now()
    if row is None:
        account_id = conn.execute(
            a.insert()
            .values(
                site_id=site.id,
                provider=provider,
                subject=subject,
                name=name,
                email=email,
                avatar_url=avatar,
                created_at=stamp,
                last_seen=stamp,
            )
            .returning(a.c.id)
        ).scalar_one()
        audit(conn, "system", "account.create", site_id=site.id, target_type="account", target_id=account_id)
    else:
        account_id = row.id
    author_id = account_author(services, conn, site.id, int(account_id), name, email)
    conn.execute(
        update(a)
        .where(a.c.id == account_id)
        .values(name=name, email=email, avatar_url=avatar, author_id=author_id, last_seen=stamp)
    )
    return SignedIn(issue_author_token(services, site.id, author_id), name, avatar, provider)


# -- the site's own sign-in -------------------------------------------------------------------


def _claims(secret: str, token: str) -> dict[str, Any]:
    try:
        decoded = jwt.decode(token, OctKey.import_key(secret), algorithms=["HS256"])
    except (JoseError, ValueError) as exc:
        raise SalonError(401, "bad_token", "the sign-in token is not signed with this site's secret") from exc
    registry = jwt.JWTClaimsRegistry(leeway=SSO_LEEWAY_SECONDS, exp={"essential": True})
    try:
        registry.validate(decoded.claims)
    except ExpiredTokenError as exc:
        raise SalonError(401, "token_expired", "the sign-in token has expired; sign in again") from exc
    except JoseError as exc:
        raise SalonError(401, "bad_token", f"the sign-in token is not valid ({exc})") from exc
    return dict(decoded.claims)


def sign_in_sso(services: Services, url: str, token: str) -> SignedIn:
    """Sign in with a token the host site signed (HS256 JWT: ``id``/``sub``, ``name``, ``exp``;
    optional ``email``, ``avatar``)."""
    site, _ = resolve_site(services, url)
    secret = str(site.setting("sso_secret") or "")
    if not secret:
        raise SalonError(403, "signin_off", "this site does not use its own sign-in")
    claims = _claims(secret, token)
    subject = claims.get("id", claims.get("sub"))
    name = claims.get("name")
    if not isinstance(subject, str | int) or isinstance(subject, bool) or not str(subject).strip():
        raise SalonError(422, "bad_token", "the sign-in token names no reader (id or sub)")
    if not isinstance(name, str) or not name.strip():
        raise SalonError(422, "bad_token", "the sign-in token gives no name")
    email = claims.get("email") if isinstance(claims.get("email"), str) else None
    avatar = claims.get("avatar") if isinstance(claims.get("avatar"), str) else None
    if avatar and not avatar.startswith("https://"):
        avatar = None
    with services.db.write() as conn:
        return upsert_account(services, conn, site, "sso", str(subject)[:255], name, email, avatar)


# -- e-mail magic links -----------------------------------------------------------------------


def _serializer(services: Services) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(services.secret, salt=MAGIC_SALT)


def request_magic_link(services: Services, url: str, email: str, locale: str = "en") -> None:
    """Mail a one-time sign-in link (through the outbox). Says nothing about whether the address
    is known; the same answer for every address."""
    site, canonical = resolve_site(services, url)
    if not site.setting("signin_email"):
        raise SalonError(403, "signin_off", "this site does not offer sign-in by e-mail")
    address = email.strip()
    if not EMAIL.match(address) or len(address) > 320:
        raise SalonError(422, "bad_email", "this does not look like an e-mail address", "email")
    wait = services.ratelimiter.hit(
        f"magic:{address_key(services, site.id, address)}", MAGIC_LINKS_PER_HOUR, 3600
    )
    if wait:
        raise SalonError(
            429, "rate_limited", "too many sign-in mails; try later", headers={"Retry-After": str(int(wait))}
        )
    nonce = secrets.token_urlsafe(24)
    stamp = now()
    code = compose.pick(locale)
    with services.db.write() as conn:
        link_id = conn.execute(
            t.sign_in_links.insert()
            .values(
                site_id=site.id,
                email=address,
                secret_hash=hashlib.sha256(nonce.encode()).hexdigest(),
                return_url=canonical,
                created_at=stamp,
                expires_at=stamp + timedelta(minutes=MAGIC_LINK_MINUTES),
            )
            .returning(t.sign_in_links.c.id)
        ).scalar_one()
        token = str(_serializer(services).dumps([int(link_id), nonce, code]))
        context = {
            "site": site.name,
            "minutes": MAGIC_LINK_MINUTES,
            "signin_url": links.url(services.settings, "/auth/email", token),
        }
        settings = services.settings
        text, html = compose.render(
            "signin", code, context, override_dir=settings.mail_templates_dir, site_name=site.name
        )
        subject = compose.translator(code)("signin_subject", site=site.name)
        mail = Mail(
            to=address, subject=subject, text=text, html=html, headers={"Auto-Submitted": "auto-generated"}
        )
        outbox_queries.enqueue(conn, "mail", "signin", address, mail.to_json(), site_id=site.id)
    services.events.publish({"type": "outbox.queued", "site_id": site.id})


def magic_link_locale(services: Services, token: str) -> str:
    try:
        _, _, code = _serializer(services).loads(token, max_age=MAGIC_LINK_MINUTES * 60)
    except (BadSignature, SignatureExpired, ValueError, TypeError):
        return "en"
    return compose.pick(str(code))


def redeem_magic_link(services: Services, token: str) -> tuple[SignedIn, str]:
    """Use a magic link (once, within its time): the signed-in reader and the page to go back to."""
    bad = SalonError(400, "bad_link", "this sign-in link is not valid, was used, or has expired", "t")
    try:
        link_id, nonce, _ = _serializer(services).loads(token, max_age=MAGIC_LINK_MINUTES * 60)
    except (BadSignature, SignatureExpired, ValueError, TypeError) as exc:
        raise bad from exc
    links_table = t.sign_in_links
    with services.db.write() as conn:
        row = conn.execute(select(links_table).where(links_table.c.id == link_id)).first()
        if (
            row is None
            or row.used_at is not None
            or row.expires_at < now()
            or not secrets.compare_digest(row.secret_hash, hashlib.sha256(str(nonce).encode()).hexdigest())
        ):
            raise bad
        conn.execute(update(links_table).where(links_table.c.id == link_id).values(used_at=now()))
        site_row = conn.execute(select(t.sites).where(t.sites.c.id == row.site_id)).one()
        site = Site(site_row.id, site_row.name, list(site_row.origins), dict(site_row.settings or {}))
        subject = address_key(services, site.id, row.email)
        name = "reader"  # not shown: these readers post under the name they type
        existing = conn.execute(
            select(t.reader_accounts.c.name).where(
                t.reader_accounts.c.site_id == site.id,
                t.reader_accounts.c.provider == "email",
                t.reader_accounts.c.subject == subject,
            )
        ).first()
        signed = upsert_account(
            services, conn, site, "email", subject, existing.name if existing else name, row.email, None
        )
    return signed, row.return_url


# -- what a signed-in reader sees -------------------------------------------------------------


def own_comments(services: Services, url: str, author_token: str | None, limit: int = 50) -> list[Any]:
    """The reader's own comments on the site, newest first (any status but deleted)."""
    site, _ = resolve_site(services, url)
    author_id = read_author_token(services, site.id, author_token)
    if author_id is None:
        raise SalonError(401, "not_signed_in", "send the author token (X-Salon-Author)")
    c, th = t.comments, t.threads
    with services.db.read() as conn:
        return list(
            conn.execute(
                select(c.c.id, c.c.status, c.c.html, c.c.created_at, th.c.url, th.c.title)
                .join(th, th.c.id == c.c.thread_id)
                .where(c.c.author_id == author_id, th.c.site_id == site.id, c.c.status != "deleted")
                .order_by(c.c.created_at.desc(), c.c.id.desc())
                .limit(limit)
            )
        )
