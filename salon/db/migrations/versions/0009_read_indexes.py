"""read paths at scale: author-filter and recent-thread indexes, threads.last_comment_at filled in

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 02:00:00

``ix_comments_author_status`` serves the dashboard's queues filtered by author (one status at a
time, newest first); ``ix_threads_site_last_comment`` its list of a site's recently active
threads. ``threads.last_comment_at`` was only written by imports until now: each thread without
one gets the time of its newest published, visible comment (threads with none keep NULL).
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_comments_author_status", "comments", ["author_id", "status", "created_at"])
    op.create_index("ix_threads_site_last_comment", "threads", ["site_id", "last_comment_at"])
    op.execute(
        "UPDATE threads SET last_comment_at = ("
        " SELECT max(c.created_at) FROM comments c"
        " WHERE c.thread_id = threads.id AND c.status = 'published' AND c.shadow = false"
        ") WHERE last_comment_at IS NULL"
    )


def downgrade() -> None:
    op.drop_index("ix_threads_site_last_comment", table_name="threads")
    op.drop_index("ix_comments_author_status", table_name="comments")
