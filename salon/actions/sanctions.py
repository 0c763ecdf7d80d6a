"""Sanctions on authors: warn, suspend for a period, ban, shadow-ban, and lifting each.

A shadow-ban also hides the author's existing comments from everyone but the author
(comments.shadow = True); lifting the last shadow-ban shows them again. Thread counts are
recounted and every affected thread's cached pages are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, select, update

from salon.actions.audit import audit
from salon.actions.identity import author_signals
from salon.actions.users import Moderator
from salon.db import authors as author_queries
from salon.db import defence as defence_queries
from salon.db import sanctions as sanction_queries
from salon.db import tables as t
from salon.db import threads as thread_queries
from salon.db.engine import now
from salon.errors import SalonError, not_found
from salon.models import SanctionKind
from salon.notify import webhooks
from salon.services import Services

c = t.comments
#: The longest suspension; longer than this is a ban.
MAX_SUSPENSION = timedelta(days=3650)


def _author(conn: Connection, moderator: Moderator, author_id: int) -> Any:
    author = author_queries.get(conn, author_id)
    if author is None or not moderator.can(author.site_id):
        raise not_found("author")
    return author


def _set_shadow(conn: Connection, author_id: int, shadow: bool) -> list[Any]:
    """Set shadow on every comment of the author; recount and return the threads touched."""
    thread_ids = [
        int(r[0])
        for r in conn.execute(
            select(c.c.thread_id).where(c.c.author_id == author_id, c.c.shadow.is_(not shadow)).distinct()
        )
    ]
    conn.execute(
        update(c).where(c.c.author_id == author_id, c.c.shadow.is_(not shadow)).values(shadow=shadow)
    )
    threads = []
    for thread_id in thread_ids:
        thread_queries.refresh_count(conn, thread_id)
        found = thread_queries.get(conn, thread_id)
        if found is not None:
            threads.append(found)
    return threads


def _publish(services: Services, kind: str, author: Any, threads: list[Any]) -> None:
    services.events.publish({"type": kind, "site_id": author.site_id, "author_id": author.id})
    for thread in threads:
        services.events.publish(
            {
                "type": "comment.moderated",
                "site_id": thread.site_id,
                "thread_id": thread.id,
                "url": thread.url,
                "author_id": author.id,
            }
        )


#: The signals a sanction can also cover, besides the author record (and so their token).
SIGNAL_KINDS = ("address", "email", "account")
#: How long a sanction covers an address unless the moderator says otherwise.
ADDRESS_DAYS = 30


def _cover(
    services: Services, conn: Connection, author: Any, kind: SanctionKind, wanted: Sequence[str], until: Any
) -> list[tuple[str, str, Any]]:
    """The (kind, value, expiry) signals the sanction covers: the ones asked for that are known,
    and always, for a signed-in reader, their account and the address their sign-in proved."""
    if kind is SanctionKind.WARN:
        return []
    known = author_signals(services, conn, author.id)
    out: list[tuple[str, str, Any]] = []
    if "address" in wanted:
        out += [("address", v, until) for v in known.addresses]
    if "email" in wanted:
        out += [("email", v, None) for v in known.emails]
    if known.account:
        # A verified identity: the sanction follows the account to every device it signs in on
        # (it is one author), and the proven address to new guests and other sign-ins using it.
        out.append(("account", known.account, None))
        if known.verified_email:
            out.append(("email", known.verified_email, None))
    return list(dict.fromkeys(out))


def sanction(
    services: Services,
    moderator: Moderator,
    author_id: int,
    kind: SanctionKind,
    reason: str = "",
    duration: timedelta | None = None,
    signals: Sequence[str] = (),
    address_days: int = ADDRESS_DAYS,
) -> int:
    """Put a sanction on an author; returns its id. A suspension needs a ``duration``.

    A kind already in force on the author is refused (409 ``already_in_force``): lift it first.
    ``signals`` (any of ``SIGNAL_KINDS``) also cover the author's addresses (for ``address_days``),
    e-mail addresses and signed-in account, as ``identity.author_signals`` finds them: a new
    author sharing one is then held (the ``sanction_signals`` phase). A signed-in reader's
    account and verified address are covered whatever ``signals`` says. Warnings cover none.
    """
    unknown = set(signals) - set(SIGNAL_KINDS)
    if unknown:
        raise SalonError(422, "bad_signal", f"unknown signal {sorted(unknown)[0]!r}", "signals")
    if not 1 <= address_days <= 365:
        raise SalonError(422, "bad_duration", "an address is covered for 1 to 365 days", "address_days")
    if kind is SanctionKind.SUSPEND and (duration is None or duration <= timedelta(0)):
        raise SalonError(422, "no_duration", "say how long the suspension lasts", "duration")
    if duration is not None and duration > MAX_SUSPENSION:
        raise SalonError(422, "too_long", "suspensions last at most ten years; ban instead", "duration")
    stamp = now()
    until = stamp + duration if kind is SanctionKind.SUSPEND and duration is not None else None
    threads: list[Any] = []
    with services.db.write() as conn:
        author = _author(conn, moderator, author_id)
        if any(a.kind is kind for a in sanction_queries.active(conn, author.id, stamp)):
            raise SalonError(
                409, "already_in_force", f"{kind.value.replace('_', '-')} is already in force; lift it first"
            )
        sanction_id = conn.execute(
            t.sanctions.insert()
            .values(
                site_id=author.site_id,
                author_id=author.id,
                kind=kind.value,
                reason=reason.strip(),
                until=until,
                created_by=moderator.id,
                created_at=stamp,
            )
            .returning(t.sanctions.c.id)
        ).scalar_one()
        covered = _cover(services, conn, author, kind, signals, stamp + timedelta(days=address_days))
        defence_queries.add_sanction_signals(conn, int(sanction_id), author.site_id, covered)
        if kind is SanctionKind.SHADOW_BAN:
            threads = _set_shadow(conn, author.id, True)
        audit(
            conn,
            moderator.actor,
            f"author.{kind.value}",
            site_id=author.site_id,
            target_type="author",
            target_id=author.id,
            reason=reason.strip() or None,
            details={
                "sanction_id": sanction_id,
                "until": until.isoformat() if until else None,
                "signals": sorted({k for k, _, _ in covered}),
            },
        )
        webhooks.emit(
            conn,
            author.site_id,
            "sanction.applied",
            {
                "sanction": {
                    "id": sanction_id,
                    "kind": kind.value,
                    "reason": reason.strip(),
                    "until": until.isoformat() if until else None,
                },
                "author": {"id": author.id, "name": author.name},
            },
        )
    _publish(services, "author.sanctioned", author, threads)
    return int(sanction_id)


def lift(services: Services, moderator: Moderator, sanction_id: int, reason: str = "") -> None:
    """End a sanction now. Lifting an author's last shadow-ban shows their comments again."""
    s = t.sanctions
    threads: list[Any] = []
    with services.db.write() as conn:
        row = conn.execute(select(s).where(s.c.id == sanction_id)).first()
        if row is None:
            raise not_found("sanction")
        author = _author(conn, moderator, row.author_id)
        if row.lifted_at is not None:
            raise SalonError(409, "already_lifted", "this sanction was already lifted")
        conn.execute(update(s).where(s.c.id == sanction_id).values(lifted_at=now()))
        if row.kind == SanctionKind.SHADOW_BAN.value and not any(
            a.kind is SanctionKind.SHADOW_BAN for a in sanction_queries.active(conn, author.id)
        ):
            threads = _set_shadow(conn, author.id, False)
        audit(
            conn,
            moderator.actor,
            f"author.lift_{row.kind}",
            site_id=author.site_id,
            target_type="author",
            target_id=author.id,
            reason=reason.strip() or None,
            details={"sanction_id": sanction_id},
        )
    _publish(services, "author.lifted", author, threads)
