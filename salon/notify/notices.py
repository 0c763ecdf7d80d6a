"""Mail to the site operator when a comment needs a moderator, sent off the request path."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from salon.notify.events import Event

if TYPE_CHECKING:
    from salon.services import Services

log = logging.getLogger(__name__)


class HeldCommentNotices:
    """Bus listener: a new or edited comment that lands in the held queue mails ``admin_email``.

    Mail goes out from one background thread, so a slow mail server never slows a post; a mail that
    fails is logged and dropped (the comment itself is already stored and in the queue).
    """

    def __init__(self, services: Services) -> None:
        self._services = services
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="salon-mail")

    def on_event(self, event: Event) -> None:
        if event.get("status") != "pending" or event.get("type") not in ("comment.created", "comment.edited"):
            return
        self._pool.submit(self._send, event)

    def _send(self, event: Event) -> None:
        settings = self._services.settings
        base = settings.public_url.rstrip("/")
        where = f"{base}/admin/queue?status=pending" if base else "the salon dashboard (/admin)"
        body = (
            f"A comment on {event.get('url')} awaits moderation.\n\n"
            f"Review it in {where}.\n\ncomment id: {event.get('comment_id')}\n"
        )
        try:
            self._services.mailer.send(settings.admin_email, "salon: a comment awaits moderation", body)
        except Exception:
            log.exception("could not send the held-comment notice to %s", settings.admin_email)

    def close(self, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait)
