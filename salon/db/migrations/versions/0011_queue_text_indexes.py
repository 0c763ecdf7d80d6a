"""text search: a partial trigram index for each of the held and rejected queues (PostgreSQL)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 15:30:00

On PostgreSQL the dashboard's look-up of a text in the held or rejected queue went through
0010's trigram indexes, which hold the text's matches in every status: a word in 1 % of a million
comments had 10,000 heap rows read and rechecked for the 300 of them in the rejected queue (46 ms),
unless ANALYZE's sample led the planner to AND the bitmap with the status index first (8 ms).
Now each of the two queues has a GIN ``gin_trgm_ops`` index over ``body`` and ``author_name`` of
its own comments only (``salon.db.search.PG_QUEUE_INDEXES``: pending; rejected and spam), whose
predicate is the look-up's ``status IN (...)`` exactly (1-2 ms, whatever the sample; about 1 s
to build each at a million comments). Made only where ``pg_trgm`` is installed (0010 creates it
when it can; where it could not, a warning is logged and nothing changes). Nothing on SQLite:
its FTS5 index already carries a token per status.
"""

from __future__ import annotations

import logging
import sys

from alembic import op

from salon.db import search

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

log = logging.getLogger("salon.migrations")


def _say(line: str) -> None:
    log.info(line)
    print(f"  {line}", file=sys.stderr, flush=True)


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        search.install_queue_indexes(conn, progress=_say)


def downgrade() -> None:
    search.uninstall_queue_indexes(op.get_bind())
