"""defence: spent proof-of-work solutions, thread controls (slow mode, timed lock), cool-downs

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 21:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from salon.db.types import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "pow_spent",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("site_id", ID, nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_pow_spent_site_id_sites"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_pow_spent")),
    )
    op.create_index("ix_pow_spent_expires_at", "pow_spent", ["expires_at"])
    op.create_table(
        "thread_controls",
        sa.Column("thread_id", ID, nullable=False),
        sa.Column("slow_mode_seconds", sa.Integer(), server_default="0", nullable=False),
        sa.Column("slow_mode_until", UTCDateTime(), nullable=True),
        sa.Column("locked_until", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by", ID, nullable=True),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["threads.id"],
            name=op.f("fk_thread_controls_thread_id_threads"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["users.id"],
            name=op.f("fk_thread_controls_updated_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("thread_id", name=op.f("pk_thread_controls")),
    )
    op.create_table(
        "cool_downs",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("thread_id", ID, nullable=False),
        sa.Column("author_id", ID, nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("until", UTCDateTime(), nullable=False),
        sa.Column("created_by", ID, nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["thread_id"], ["threads.id"], name=op.f("fk_cool_downs_thread_id_threads"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["authors.id"], name=op.f("fk_cool_downs_author_id_authors"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_cool_downs_created_by_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cool_downs")),
    )
    op.create_index("ix_cool_downs_thread_author", "cool_downs", ["thread_id", "author_id", "until"])


def downgrade() -> None:
    op.drop_index("ix_cool_downs_thread_author", table_name="cool_downs")
    op.drop_table("cool_downs")
    op.drop_table("thread_controls")
    op.drop_index("ix_pow_spent_expires_at", table_name="pow_spent")
    op.drop_table("pow_spent")
