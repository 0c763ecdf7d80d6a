"""Moderators' decisions on comments: approve, reject, spam, edit, pin, lock, and bulk forms.

Each decision checks that the moderator may act on the comment's site, writes the change, keeps
thread counts and author counters right, resolves the comment's open reports, stores a
moderation record with actor "user:<id>" (so later learning sees human decisions next to the
model's scores), writes an audit row, and publishes an event that drops cached thread pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from salon import markup
from salon.actions import learning as learning_actions
from salon.actions import notifications
from salon.actions.audit import audit
from salon.actions.comments import apply_status_change
from salon.actions.moderation import record_verdict
from salon.actions.users import Moderator
from salon.db import comments as comment_queries
from salon.db import queue as queue_queries
from salon.db import reports as report_queries
from salon.db import tables as t
from salon.db import threads as thread_queries
from salon.db.engine import now
from salon.errors import SalonError, not_found
from salon.models import CommentStatus, Decision
from salon.moderation.classifiers.base import Span
from salon.moderation.pipeline import Verdict
from salon.services import Services

#: The decisions a moderator can take on a comment's status: (new status, decision, audit verb).
STATUS_ACTIONS: dict[str, tuple[CommentStatus, Decision]] = {
    "approve": (CommentStatus.PUBLISHED, Decision.PUBLISH),
    "reject": (CommentStatus.REJECTED, Decision.REJECT),
    "spam": (CommentStatus.SPAM, Decision.REJECT),
}
#: Statuses an author-wide action reaches: what others can see or may yet see.
AUTHOR_ACTION_STATUSES = ("pending", "published")


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    skipped: dict[int, str] = field(default_factory=dict)


def _event(services: Services, row: Any, status: str | None = None) -> None:
    services.events.publish(
        {
            "type": "comment.moderated",
            "site_id": row.site_id,
            "thread_id": row.thread_id,
            "url": row.thread_url,
            "comment_id": row.id,
            "status": status or row.status,
        }
    )


def _load(conn: Connection, moderator: Moderator, comment_id: int) -> Any:
    row = queue_queries.comments_by_id(conn, [comment_id]).get(comment_id)
    if row is None or not moderator.can(row.site_id):
        raise not_found("comment")
    return row


def _spans(raw: Any) -> list[Span]:
    out = []
    for s in raw or []:
        try:
            out.append(
                Span(int(s["begin"]), int(s["end"]), tuple(s.get("categories", ())), float(s.get("score", 0)))
            )
        except (KeyError, TypeError, ValueError):
            continue
    return out


def _model_version(conn: Connection, comment_id: int) -> str | None:
    mr = t.moderation_records
    return conn.execute(
        select(mr.c.model_version)
        .where(mr.c.comment_id == comment_id, mr.c.model_version.is_not(None))
        .order_by(mr.c.created_at.desc(), mr.c.id.desc())
        .limit(1)
    ).scalar()


def _decide(
    services: Services,
    conn: Connection,
    moderator: Moderator,
    row: Any,
    action: str,
    message: str | None,
    reason: str | None,
    statement: dict[str, Any] | None = None,
) -> None:
    """Apply one status decision inside the caller's transaction. ``statement``: the statement of
    reasons the author is shown in their language (``salon.actions.dsa``); any decision without one
    drops an earlier one."""
    status, decision = STATUS_ACTIONS[action]
    if row.status == CommentStatus.DELETED.value:
        raise SalonError(409, "deleted", "the author deleted this comment")
    old = dict(row.moderation or {})
    old.pop("statement", None)
    reasons = [*old.get("reasons", []), f"{action} by {moderator.actor}" + (f": {reason}" if reason else "")]
    moderation = {
        **old,
        "decision": decision.value,
        "reasons": reasons,
        "message": (message or "").strip() if status is not CommentStatus.PUBLISHED else "",
        "moderator": {"actor": moderator.actor, "action": action, "at": now().isoformat()},
    }
    if statement is not None and status is not CommentStatus.PUBLISHED:
        moderation["statement"] = statement
    comment_queries.set_fields(conn, row.id, status=status.value, moderation=moderation)
    verdict = Verdict(
        decision=decision,
        phase="moderator",
        reasons=reasons,
        scores={k: float(v) for k, v in (old.get("scores") or {}).items()},
        spans=_spans(old.get("spans")),
        message=moderation["message"],
    )
    record_verdict(
        conn, row.id, verdict, status, actor=moderator.actor, model_version=_model_version(conn, row.id)
    )
    apply_status_change(
        conn,
        row.thread_id,
        row.author_id,
        row.status,
        status,
        old_shadow=bool(row.shadow),
        new_shadow=bool(row.shadow),
    )
    resolved = report_queries.resolve(conn, [row.id])
    audit(
        conn,
        moderator.actor,
        f"comment.{action}",
        site_id=row.site_id,
        target_type="comment",
        target_id=row.id,
        reason=(message or reason or None),
        details={"from": row.status, "to": status.value, "reports_resolved": resolved},
    )
    notifications.after_decision(services, conn, row.id, row.status)


def decide(
    services: Services,
    moderator: Moderator,
    comment_id: int,
    action: str,
    message: str | None = None,
    reason: str | None = None,
    statement: dict[str, Any] | None = None,
) -> Any:
    """Approve, reject or mark as spam one comment. ``message`` is shown to the author on reject
    (``statement``, a statement of reasons, in their language in its place)."""
    if action not in STATUS_ACTIONS:
        raise SalonError(422, "bad_action", f"unknown action {action!r}", "action")
    with services.db.write() as conn:
        row = _load(conn, moderator, comment_id)
        _decide(services, conn, moderator, row, action, message, reason, statement)
        updated = _load(conn, moderator, comment_id)
    _event(services, updated)
    if row.status != updated.status:  # the site's adjustment learns from each change of mind once
        learning_actions.learn_from(services, [updated], action)
    return updated


def approve(services: Services, moderator: Moderator, comment_id: int, reason: str | None = None) -> Any:
    return decide(services, moderator, comment_id, "approve", reason=reason)


def reject(services: Services, moderator: Moderator, comment_id: int, message: str | None = None) -> Any:
    return decide(services, moderator, comment_id, "reject", message=message)


def mark_spam(services: Services, moderator: Moderator, comment_id: int) -> Any:
    return decide(services, moderator, comment_id, "spam")


def bulk(
    services: Services,
    moderator: Moderator,
    action: str,
    comment_ids: Sequence[int],
    message: str | None = None,
) -> BulkResult:
    """One decision on many comments, in one transaction; comments out of reach are skipped."""
    if action not in STATUS_ACTIONS:
        raise SalonError(422, "bad_action", f"unknown action {action!r}", "action")
    result = BulkResult()
    wanted = sorted(set(comment_ids))
    with services.db.write() as conn:
        rows = queue_queries.comments_by_id(conn, wanted)
        for comment_id in wanted:
            row = rows.get(comment_id)
            if row is None or not moderator.can(row.site_id):
                result.skipped[comment_id] = "not found"
            elif row.status == CommentStatus.DELETED.value:
                result.skipped[comment_id] = "deleted"
            else:
                _decide(services, conn, moderator, row, action, message, "bulk")
                result.done.append(comment_id)
        after = queue_queries.comments_by_id(conn, result.done)
    for row in after.values():
        _event(services, row)
    changed = [r for i, r in after.items() if rows[i].status != r.status]
    learning_actions.learn_from(services, changed, action)
    return result


def by_author(
    services: Services, moderator: Moderator, author_id: int, action: str, message: str | None = None
) -> BulkResult:
    """One decision on everything an author has pending or published."""
    with services.db.read() as conn:
        author = conn.execute(select(t.authors).where(t.authors.c.id == author_id)).first()
        if author is None or not moderator.can(author.site_id):
            raise not_found("author")
        ids = queue_queries.author_comment_ids(conn, author_id, AUTHOR_ACTION_STATUSES)
    return bulk(services, moderator, action, ids, message)


def edit(
    services: Services, moderator: Moderator, comment_id: int, body: str, reason: str | None = None
) -> Any:
    """Change a comment's text (e.g. to cut a phone number); the old text stays in the audit row."""
    body = body.replace("\r\n", "\n").strip()
    if not body:
        raise SalonError(422, "empty_body", "a comment needs some text; reject it instead", "body")
    if len(body) > services.settings.max_body_chars:
        raise SalonError(422, "body_too_long", "the text is longer than comments may be", "body")
    with services.db.write() as conn:
        row = _load(conn, moderator, comment_id)
        if row.status == CommentStatus.DELETED.value:
            raise SalonError(409, "deleted", "the author deleted this comment")
        moderation = dict(row.moderation or {})
        if moderation:
            moderation["spans"] = []  # offsets into the old text no longer fit
            moderation["reasons"] = [*moderation.get("reasons", []), f"edited by {moderator.actor}"]
        comment_queries.set_fields(
            conn, row.id, body=body, html=markup.render(body), edited_at=now(), moderation=moderation or None
        )
        audit(
            conn,
            moderator.actor,
            "comment.edit",
            site_id=row.site_id,
            target_type="comment",
            target_id=row.id,
            reason=reason,
            details={"old_body": row.body, "new_body": body},
        )
        updated = _load(conn, moderator, comment_id)
    _event(services, updated)
    return updated


def pin(services: Services, moderator: Moderator, comment_id: int, pinned: bool = True) -> Any:
    """Pin a top-level comment to the head of its thread, or unpin it."""
    with services.db.write() as conn:
        row = _load(conn, moderator, comment_id)
        if row.parent_id is not None:
            raise SalonError(409, "not_top_level", "only top-level comments can be pinned")
        comment_queries.set_fields(conn, row.id, pinned=pinned)
        audit(
            conn,
            moderator.actor,
            "comment.pin" if pinned else "comment.unpin",
            site_id=row.site_id,
            target_type="comment",
            target_id=row.id,
        )
        updated = _load(conn, moderator, comment_id)
    _event(services, updated)
    return updated


def lock_thread(
    services: Services, moderator: Moderator, thread_id: int, locked: bool = True, reason: str | None = None
) -> Any:
    """Close a thread to new comments (existing ones stay), or open it again."""
    with services.db.write() as conn:
        thread = thread_queries.get(conn, thread_id)
        if thread is None or not moderator.can(thread.site_id):
            raise not_found("thread")
        thread_queries.set_locked(conn, thread_id, locked)
        audit(
            conn,
            moderator.actor,
            "thread.lock" if locked else "thread.unlock",
            site_id=thread.site_id,
            target_type="thread",
            target_id=thread_id,
            reason=reason,
        )
        updated = thread_queries.get(conn, thread_id)
    services.events.publish(
        {
            "type": "thread.locked" if locked else "thread.unlocked",
            "site_id": thread.site_id,
            "thread_id": thread_id,
            "url": thread.url,
        }
    )
    return updated
