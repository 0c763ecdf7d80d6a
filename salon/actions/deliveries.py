"""The delivery log's actions: a test mail through the outbox, and another go at a failed row."""

from __future__ import annotations

from sqlalchemy import update

from salon.actions.audit import audit
from salon.actions.users import Moderator
from salon.db import outbox as outbox_queries
from salon.db import tables as t
from salon.db.engine import now
from salon.errors import SalonError, not_found
from salon.notify import compose
from salon.notify.mail import Mail
from salon.services import Services


def send_test_mail(services: Services, moderator: Moderator) -> int:
    """Queue a test mail to the moderator's own address; the outbox row's id."""
    text, html = compose.render("test", "en", {}, override_dir=services.settings.mail_templates_dir)
    subject = compose.translator("en")("test_subject")
    mail = Mail(to=moderator.email, subject=subject, text=text, html=html)
    with services.db.write() as conn:
        row_id = outbox_queries.enqueue(conn, "mail", "test", moderator.email, mail.to_json())
        audit(conn, moderator.actor, "outbox.test", target_type="outbox", target_id=row_id)
    services.events.publish({"type": "outbox.queued"})
    return row_id


def retry_delivery(services: Services, moderator: Moderator, row_id: int) -> None:
    """Put a failed or skipped row back in the queue, due now, with a fresh count of attempts."""
    with services.db.write() as conn:
        row = outbox_queries.get(conn, row_id)
        if row is None or (row.site_id is None and not moderator.is_admin):
            raise not_found("delivery")
        if row.site_id is not None:
            moderator.require(row.site_id)
        if row.status not in ("failed", "skipped"):
            raise SalonError(409, "not_failed", "only failed or skipped deliveries can be retried")
        conn.execute(
            update(t.outbox)
            .where(t.outbox.c.id == row_id)
            .values(status="pending", attempts=0, available_at=now(), locked_until=None, sent_at=None)
        )
        audit(
            conn, moderator.actor, "outbox.retry", site_id=row.site_id, target_type="outbox", target_id=row_id
        )
    services.events.publish({"type": "outbox.queued"})
