"""EU Digital Services Act notice and action: notices of illegal content (art. 16), statements
of reasons on moderators' decisions (art. 17), appeals (art. 20) and the transparency export
(art. 15/24). The only code that writes ``dsa_notices``, ``statements`` and ``appeals``.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update

from salon import i18n
from salon.actions import decisions, statement_mail
from salon.actions.audit import audit
from salon.actions.identity import client_hash
from salon.actions.notifications import EMAIL
from salon.actions.users import Moderator
from salon.db import comments as comment_queries
from salon.db import sites as site_queries
from salon.db import tables as t
from salon.db import threads as thread_queries
from salon.db.engine import now
from salon.errors import SalonError, not_found
from salon.services import Services

GROUND_TYPES = ("legal", "terms")
#: Decisions a statement of reasons can carry (approving needs none: nothing is restricted).
RESTRICTING = {"reject": "removed", "spam": "removed as spam"}
NOTICES_PER_HOUR = 20


@dataclass(frozen=True)
class NoticeIn:
    """What a notifier sends: the comment, why it is illegal, who they are, in good faith."""

    comment_id: int
    explanation: str
    name: str
    email: str
    good_faith: bool
    client_address: str = ""


@dataclass(frozen=True)
class StatementIn:
    """A moderator's statement of reasons: the facts, the ground, whether automation was used."""

    action: str
    facts: str
    ground_type: str
    ground: str
    automated_detection: bool


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _text(value: str, field: str, low: int, high: int, what: str, lines: bool = False) -> str:
    text = (value or "").replace("\r\n", "\n").strip() if lines else " ".join((value or "").split())
    if not low <= len(text) <= high:
        raise SalonError(
            422,
            f"bad_{field}",
            f"{what} needs {low} to {high} characters",
            field,
            values={"min": low, "max": high},
        )
    return text


def file_notice(services: Services, notice: NoticeIn) -> tuple[int, str]:
    """Store a notice of illegal content about a public comment; returns its id and location."""
    if notice.good_faith is not True:
        raise SalonError(
            422, "good_faith_required", "confirm that the notice is accurate and in good faith", "good_faith"
        )
    explanation = _text(notice.explanation, "explanation", 20, 5000, "the explanation", lines=True)
    name = _text(notice.name, "name", 1, 200, "your name")
    email = (notice.email or "").strip()
    if not EMAIL.match(email) or len(email) > 320:
        raise SalonError(422, "bad_email", "this does not look like an e-mail address", "email")
    with services.db.read() as conn:
        comment = comment_queries.get(conn, notice.comment_id)
        thread = thread_queries.get(conn, comment.thread_id) if comment is not None else None
    if comment is None or thread is None or comment.status != "published" or comment.shadow:
        raise not_found("comment")
    chash = client_hash(services, notice.client_address)
    wait = services.ratelimiter.hit(f"notice:{thread.site_id}:{chash}", NOTICES_PER_HOUR, 3600)
    if wait:
        raise SalonError(
            429, "rate_limited", "too many notices; try again later", headers={"Retry-After": str(int(wait))}
        )
    location = f"{thread.url}#salon-c-{comment.id}"
    with services.db.write() as conn:
        notice_id = conn.execute(
            t.dsa_notices.insert()
            .values(
                site_id=thread.site_id,
                comment_id=comment.id,
                location=location,
                explanation=explanation,
                notifier_name=name,
                notifier_email=email,
                good_faith=True,
                created_at=now(),
            )
            .returning(t.dsa_notices.c.id)
        ).scalar_one()
        audit(
            conn,
            f"notifier:{chash[:12]}",
            "notice.filed",
            site_id=thread.site_id,
            target_type="comment",
            target_id=comment.id,
            details={"notice_id": notice_id},
        )
    services.events.publish({"type": "notice.filed", "site_id": thread.site_id, "comment_id": comment.id})
    return int(notice_id), location


def appeal_url(services: Services, token: str) -> str:
    base = services.settings.public_url.rstrip("/")
    return f"{base}/embed/appeal/{token}"


def reader_statement(services: Services, st: StatementIn, token: str) -> dict[str, Any]:
    """What the removed comment keeps of its statement, so that its author is told it in their
    language whenever it is shown (``salon.i18n.statement_text``), with where to appeal."""
    return {
        "action": st.action,
        "facts": st.facts,
        "ground_type": st.ground_type,
        "ground": st.ground,
        "automated_detection": st.automated_detection,
        "appeal_url": appeal_url(services, token),
    }


def author_message(services: Services, st: StatementIn, token: str) -> str:
    """The statement in English, as the moderation record and the audit log keep it."""
    return i18n.statement_text("en", reader_statement(services, st, token))


def _check_statement(st: StatementIn) -> StatementIn:
    if st.action not in RESTRICTING:
        raise SalonError(422, "bad_action", "a statement of reasons goes with reject or spam", "action")
    if st.ground_type not in GROUND_TYPES:
        raise SalonError(422, "bad_ground_type", "the ground is legal or terms", "ground_type")
    return StatementIn(
        st.action,
        _text(st.facts, "facts", 10, 2000, "the facts"),
        st.ground_type,
        _text(st.ground, "ground", 3, 1000, "the ground"),
        bool(st.automated_detection),
    )


def decide_with_statement(
    services: Services, moderator: Moderator, comment_id: int, statement: StatementIn
) -> tuple[int, str]:
    """Reject (or mark spam) with a statement of reasons; returns its id and the appeal token.

    The author sees the statement and the appeal link beside their comment, and gets it by mail
    when an address of theirs is known (``salon.actions.statement_mail``); open notices about
    the comment are closed with it.
    """
    st = _check_statement(statement)
    token = secrets.token_urlsafe(24)
    row = decisions.decide(
        services,
        moderator,
        comment_id,
        st.action,
        message=author_message(services, st, token),
        statement=reader_statement(services, st, token),
    )
    stamp = now()
    with services.db.write() as conn:
        statement_id = conn.execute(
            t.statements.insert()
            .values(
                site_id=row.site_id,
                comment_id=row.id,
                author_id=row.author_id,
                decision=st.action,
                facts=st.facts,
                ground_type=st.ground_type,
                ground=st.ground,
                automated_detection=st.automated_detection,
                automated_decision=False,
                appeal_token_hash=_token_hash(token),
                created_by=moderator.id,
                created_at=stamp,
            )
            .returning(t.statements.c.id)
        ).scalar_one()
        n = t.dsa_notices
        opened = [
            r[0]
            for r in conn.execute(select(n.c.id).where(n.c.comment_id == row.id, n.c.decided_at.is_(None)))
        ]
        if opened:
            conn.execute(
                update(n).where(n.c.id.in_(opened)).values(decided_at=stamp, statement_id=statement_id)
            )
            conn.execute(
                update(t.statements).where(t.statements.c.id == statement_id).values(notice_id=opened[0])
            )
        mailed = _mail(services, conn, row.id, st, token)
        audit(
            conn,
            moderator.actor,
            "statement.issued",
            site_id=row.site_id,
            target_type="comment",
            target_id=row.id,
            reason=st.ground,
            details={
                "statement_id": statement_id,
                "ground_type": st.ground_type,
                "notices": opened,
                "mailed": mailed,
            },
        )
    return int(statement_id), token


def _mail(services: Services, conn: Any, comment_id: int, st: StatementIn, token: str) -> bool:
    """The statement into the outbox for the author, in this transaction; whether it was."""
    comment = comment_queries.get(conn, comment_id)
    thread = thread_queries.get(conn, comment.thread_id) if comment is not None else None
    site = site_queries.get(conn, thread.site_id) if thread is not None else None
    if comment is None or thread is None or site is None:
        return False
    reasons = statement_mail.StatementMail(
        st.action, st.facts, st.ground_type, st.ground, st.automated_detection, appeal_url(services, token)
    )
    return statement_mail.enqueue(services, conn, site, thread, comment, reasons) is not None


def statement_for_token(services: Services, token: str) -> Any:
    """The statement an appeal link is for (with its appeal, if any); a 404 for any other token."""
    s, a = t.statements, t.appeals
    with services.db.read() as conn:
        row = conn.execute(
            select(s, a.c.id.label("appeal_id"), a.c.outcome.label("appeal_outcome"))
            .outerjoin(a, a.c.statement_id == s.c.id)
            .where(s.c.appeal_token_hash == _token_hash(token or ""))
        ).first()
    if row is None:
        raise not_found("statement")
    return row


def appeal(services: Services, token: str, text: str) -> int:
    """The author appeals a decision (once per statement); returns the appeal's id."""
    st = statement_for_token(services, token)
    if st.appeal_id is not None:
        raise SalonError(409, "already_appealed", "this decision was already appealed")
    body = _text(text, "text", 10, 5000, "the appeal", lines=True)
    with services.db.write() as conn:
        appeal_id = conn.execute(
            t.appeals.insert()
            .values(statement_id=st.id, text=body, created_at=now())
            .returning(t.appeals.c.id)
        ).scalar_one()
        audit(
            conn,
            f"author:{st.author_id}",
            "appeal.filed",
            site_id=st.site_id,
            target_type="comment",
            target_id=st.comment_id,
            details={"statement_id": st.id, "appeal_id": appeal_id},
        )
    return int(appeal_id)


def decide_appeal(
    services: Services, moderator: Moderator, appeal_id: int, outcome: str, note: str = ""
) -> None:
    """Uphold the decision or reverse it (the comment is published again)."""
    if outcome not in ("upheld", "reversed"):
        raise SalonError(422, "bad_outcome", "an appeal is upheld or reversed", "outcome")
    a, s = t.appeals, t.statements
    with services.db.read() as conn:
        row = conn.execute(
            select(a, s.c.site_id, s.c.comment_id)
            .join(s, s.c.id == a.c.statement_id)
            .where(a.c.id == appeal_id)
        ).first()
    if row is None or not moderator.can(row.site_id):
        raise not_found("appeal")
    if row.outcome is not None:
        raise SalonError(409, "already_decided", "this appeal was already decided")
    if outcome == "reversed" and row.comment_id is not None:
        decisions.decide(services, moderator, row.comment_id, "approve", reason="appeal reversed")
    with services.db.write() as conn:
        conn.execute(
            update(a)
            .where(a.c.id == appeal_id)
            .values(
                outcome=outcome, note=" ".join(note.split())[:2000], decided_by=moderator.id, decided_at=now()
            )
        )
        audit(
            conn,
            moderator.actor,
            f"appeal.{outcome}",
            site_id=row.site_id,
            target_type="comment",
            target_id=row.comment_id,
            reason=note or None,
            details={"appeal_id": appeal_id},
        )


def open_notices(services: Services, moderator: Moderator) -> list[Any]:
    n, c = t.dsa_notices, t.comments
    query = (
        select(n, c.c.body, c.c.author_name, c.c.status)
        .outerjoin(c, c.c.id == n.c.comment_id)
        .where(n.c.decided_at.is_(None))
        .order_by(n.c.created_at)
        .limit(200)
    )
    if moderator.site_ids is not None:
        query = query.where(n.c.site_id.in_(list(moderator.site_ids)))
    with services.db.read() as conn:
        return list(conn.execute(query))


def open_appeals(services: Services, moderator: Moderator) -> list[Any]:
    a, s, c = t.appeals, t.statements, t.comments
    query = (
        select(a, s.c.site_id, s.c.comment_id, s.c.decision, s.c.facts, s.c.ground_type, s.c.ground, c.c.body)
        .join(s, s.c.id == a.c.statement_id)
        .outerjoin(c, c.c.id == s.c.comment_id)
        .where(a.c.decided_at.is_(None))
        .order_by(a.c.created_at)
        .limit(200)
    )
    if moderator.site_ids is not None:
        query = query.where(s.c.site_id.in_(list(moderator.site_ids)))
    with services.db.read() as conn:
        return list(conn.execute(query))


TRANSPARENCY_COLUMNS = (
    "statement_id",
    "decided_at",
    "site",
    "comment_id",
    "decision",
    "ground_type",
    "ground",
    "automated_detection",
    "automated_decision",
    "notice_id",
    "notice_received_at",
    "appealed_at",
    "appeal_outcome",
)


def transparency_rows(
    services: Services, moderator: Moderator, site_id: int | None = None
) -> Iterator[list[Any]]:
    """Every statement of reasons as one CSV row (no personal data), oldest first."""
    s, n, a, sites = t.statements, t.dsa_notices, t.appeals, t.sites
    query = (
        select(
            s.c.id,
            s.c.created_at,
            sites.c.name,
            s.c.comment_id,
            s.c.decision,
            s.c.ground_type,
            s.c.ground,
            s.c.automated_detection,
            s.c.automated_decision,
            s.c.notice_id,
            n.c.created_at.label("notice_at"),
            a.c.created_at.label("appeal_at"),
            a.c.outcome,
        )
        .join(sites, sites.c.id == s.c.site_id)
        .outerjoin(n, n.c.id == s.c.notice_id)
        .outerjoin(a, a.c.statement_id == s.c.id)
        .order_by(s.c.created_at, s.c.id)
    )
    if site_id is not None:
        moderator.require(site_id)
        query = query.where(s.c.site_id == site_id)
    elif moderator.site_ids is not None:
        query = query.where(s.c.site_id.in_(list(moderator.site_ids)))
    with services.db.read() as conn:
        for r in conn.execute(query):
            yield [
                r.id,
                r.created_at.isoformat(),
                r.name,
                r.comment_id,
                r.decision,
                r.ground_type,
                r.ground,
                str(bool(r.automated_detection)).lower(),
                str(bool(r.automated_decision)).lower(),
                r.notice_id or "",
                r.notice_at.isoformat() if r.notice_at else "",
                r.appeal_at.isoformat() if r.appeal_at else "",
                r.outcome or "",
            ]
