"""imports: source and source id of imported rows

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 21:45:00

Every imported thread, author and comment remembers where it came from ("disqus", "wordpress",
…) and its id there; the unique indexes make importing the same file twice add nothing.
``source_parent`` keeps the source id of a comment's parent until the parent is linked.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("threads", "authors", "comments"):
        op.add_column(table, sa.Column("source", sa.String(40), nullable=True))
        op.add_column(table, sa.Column("source_id", sa.String(200), nullable=True))
    op.add_column("comments", sa.Column("source_parent", sa.String(200), nullable=True))
    op.create_index("uq_comments_source", "comments", ["source", "source_id"], unique=True)
    op.create_index("uq_authors_source", "authors", ["site_id", "source", "source_id"], unique=True)
    op.create_index("ix_threads_source", "threads", ["site_id", "source", "source_id"])


def downgrade() -> None:
    op.drop_index("ix_threads_source", table_name="threads")
    op.drop_index("uq_authors_source", table_name="authors")
    op.drop_index("uq_comments_source", table_name="comments")
    with op.batch_alter_table("comments") as batch:
        batch.drop_column("source_parent")
    for table in ("comments", "authors", "threads"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("source_id")
            batch.drop_column("source")
