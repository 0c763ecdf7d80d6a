"""Reader reports: one per reader per comment; enough open reports hold a comment for review."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from salon.actions import moderator_mail
from salon.actions.audit import audit
from salon.actions.comments import apply_status_change
from salon.actions.identity import reader_on_public_comment
from salon.actions.moderation import record_verdict
from salon.db import authors as author_queries
from salon.db import comments as comment_queries
from salon.db import reports as report_queries
from salon.db import sites as site_queries
from salon.db.engine import now
from salon.errors import SalonError
from salon.models import CommentStatus, Decision, ReportReason
from salon.moderation.pipeline import Verdict
from salon.notify import webhooks
from salon.services import Services

MAX_NOTE = 1000


@dataclass(frozen=True)
class Reported:
    id: int
    report_count: int
    held: bool


def report(
    services: Services,
    comment_id: int,
    reason: ReportReason,
    note: str | None,
    address: str,
    author_token: str | None,
) -> Reported:
    """Record a reader's report; at the site's ``report_threshold`` open reports, hold the comment.

    The reader is the author behind ``author_token`` if genuine, else the hashed address. A second
    report by the same reader on the same comment is refused (409).
    """
    note = (note or "").strip()[:MAX_NOTE] or None
    held = False
    with services.db.write() as conn:
        acting = reader_on_public_comment(services, conn, comment_id, author_token, address, "report")
        comment, thread, reporter = acting.comment, acting.thread, acting.reader
        site = site_queries.get(conn, thread.site_id)
        assert site is not None
        try:
            with conn.begin_nested():
                report_id = report_queries.insert(
                    conn,
                    comment_id=comment_id,
                    reporter=reporter,
                    reason=reason.value,
                    note=note,
                    created_at=now(),
                )
        except IntegrityError as exc:
            raise SalonError(409, "already_reported", "you have already reported this comment") from exc
        total = int(comment.report_count) + 1
        comment_queries.set_fields(conn, comment_id, report_count=total)
        if comment.author_id is not None:
            author_queries.bump(conn, comment.author_id, "reported_count")
        open_reports = report_queries.open_count(conn, comment_id)
        threshold = int(site.setting("report_threshold") or 0)
        audit(
            conn,
            reporter,
            "comment.report",
            site_id=site.id,
            target_type="comment",
            target_id=comment_id,
            reason=note,
            details={"reason": reason.value, "open_reports": open_reports},
        )
        if threshold > 0 and open_reports >= threshold:
            _hold(conn, comment, open_reports, site.id)
            held = True
        moderator_mail.notify(
            services,
            conn,
            site,
            {
                "kind": "report",
                "comment_id": comment_id,
                "url": thread.url,
                "reason": reason.value,
                "held": held,
            },
        )
        webhooks.emit(
            conn,
            site.id,
            "report.filed",
            {
                "site": site.name,
                "thread": {"id": thread.id, "url": thread.url, "title": thread.title},
                "report": {
                    "id": report_id,
                    "reason": reason.value,
                    "note": note,
                    "open_reports": open_reports,
                },
                "comment": {"id": comment_id, "held": held},
            },
        )
    services.events.publish(
        {
            "type": "comment.moderated" if held else "comment.reported",
            "site_id": site.id,
            "thread_id": thread.id,
            "url": thread.url,
            "comment_id": comment_id,
            "status": "pending" if held else comment.status,
        }
    )
    return Reported(id=report_id, report_count=total, held=held)


def _hold(conn: Connection, row: Any, open_reports: int, site_id: int) -> None:
    """Move a reported comment back to review, recording why (an automatic decision)."""
    why = f"held for review after {open_reports} reader reports"
    moderation = dict(row.moderation or {})
    moderation.update(
        decision=Decision.HOLD.value,
        phase="reports",
        reasons=[*moderation.get("reasons", []), why],
    )
    comment_queries.set_fields(conn, row.id, status=CommentStatus.PENDING.value, moderation=moderation)
    record_verdict(
        conn,
        row.id,
        Verdict(decision=Decision.HOLD, phase="reports", reasons=[why], scores={}, spans=[]),
        CommentStatus.PENDING,
    )
    apply_status_change(
        conn,
        row.thread_id,
        row.author_id,
        "published",
        CommentStatus.PENDING,
        old_shadow=bool(row.shadow),
        new_shadow=bool(row.shadow),
    )
    audit(
        conn,
        "system",
        "comment.hold",
        site_id=site_id,
        target_type="comment",
        target_id=row.id,
        reason=why,
        details={"from": "published", "to": "pending"},
    )
