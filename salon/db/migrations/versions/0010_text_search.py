"""text search: a trigram index for the dashboard's search, partial indexes for its category filter

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 06:30:00

The dashboard's search looked at newest-first windows of a queue until it had a page, so a text
that is rare in a large queue read up to 50,000 comments per status. Now (``salon/db/search.py``):
SQLite, an FTS5 table with the trigram tokenizer over each comment's body, author name and status,
kept in step by triggers on ``comments``; PostgreSQL, ``pg_trgm`` GIN indexes on ``body`` and
``author_name`` (where the extension cannot be created, a warning is logged and the search stays
windowed). Existing comments are indexed here, with a progress line per 50,000 on SQLite (about
40 s per million comments on a 2-core machine; the PostgreSQL index builds take longer).

The category filter gets a partial index per category over the comments scored at least 0.3 in
it, by status and time (``tables.FLAG_AT``).
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from alembic import op
from sqlalchemy import text

from salon.db import search
from salon.db.tables import FLAG_AT, FLAG_CATEGORIES, flag_sql

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

log = logging.getLogger("salon.migrations")


def _say(line: str) -> None:
    log.info(line)
    print(f"  {line}", file=sys.stderr, flush=True)


def upgrade() -> None:
    conn = op.get_bind()
    dialect = conn.dialect.name
    assert FLAG_AT == 0.3  # the indexes below are made with it; another value needs a revision
    for category in FLAG_CATEGORIES:
        where: dict[str, Any] = {f"{dialect}_where": text(flag_sql(dialect, category))}
        op.create_index(f"ix_comments_flag_{category}", "comments", ["status", "created_at"], **where)
    search.install(conn, progress=_say)
    search.forget(conn.engine)


def downgrade() -> None:
    conn = op.get_bind()
    search.uninstall(conn)
    search.forget(conn.engine)
    for category in FLAG_CATEGORIES:
        op.drop_index(f"ix_comments_flag_{category}", table_name="comments")
