"""Rows for the moderation phases' history questions that tests of ``salon.moderation.facts``
(``test_facts.py``, ``test_batch_facts.py``) seed alike: a site's learned adjustment and a
reader's cool-down on a thread, written straight to their tables."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from salon.db import tables as t
from salon.moderation import learning


def add_adjustment(conn: Any, site_id: int, at: datetime, version: int = 3, decisions: int = 40) -> None:
    """The site's learned adjustment, version 3 of 40 decisions by default (an empty one's data):
    the reasons of a post it applies to begin "site adjustment v3 (40 decisions)"."""
    conn.execute(
        t.site_adjustments.insert().values(
            site_id=site_id,
            version=version,
            decisions=decisions,
            data=learning.Adjustment.from_json(None).to_json(),
            updated_at=at,
        )
    )


def add_cool_down(
    conn: Any, thread_id: int, author_id: int, until: datetime, at: datetime, message: str = "Breathe."
) -> None:
    """A cool-down of the author on the thread until ``until``, made at ``at``."""
    conn.execute(
        t.cool_downs.insert().values(
            thread_id=thread_id, author_id=author_id, message=message, until=until, created_at=at
        )
    )
