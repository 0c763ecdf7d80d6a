"""defence: proof-of-work, thread controls, cool-downs, DSA, site learning, sanction signals

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 21:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

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
    op.create_table(
        "dsa_notices",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("site_id", ID, nullable=False),
        sa.Column("comment_id", ID, nullable=True),
        sa.Column("location", sa.String(length=2048), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("notifier_name", sa.String(length=200), nullable=False),
        sa.Column("notifier_email", sa.String(length=320), nullable=False),
        sa.Column("good_faith", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("statement_id", ID, nullable=True),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_dsa_notices_site_id_sites"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name=op.f("fk_dsa_notices_comment_id_comments"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dsa_notices")),
    )
    op.create_index("ix_dsa_notices_open", "dsa_notices", ["site_id", "decided_at", "created_at"])
    op.create_table(
        "statements",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("site_id", ID, nullable=False),
        sa.Column("comment_id", ID, nullable=True),
        sa.Column("author_id", ID, nullable=True),
        sa.Column("notice_id", ID, nullable=True),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("ground_type", sa.String(length=8), nullable=False),
        sa.Column("ground", sa.Text(), nullable=False),
        sa.Column("automated_detection", sa.Boolean(), nullable=False),
        sa.Column("automated_decision", sa.Boolean(), nullable=False),
        sa.Column("appeal_token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by", ID, nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("ground_type IN ('legal', 'terms')", name=op.f("ck_statements_ground_type")),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_statements_site_id_sites"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name=op.f("fk_statements_comment_id_comments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["authors.id"], name=op.f("fk_statements_author_id_authors"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_statements_created_by_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statements")),
        sa.UniqueConstraint("appeal_token_hash", name=op.f("uq_statements_appeal_token_hash")),
    )
    op.create_index("ix_statements_site_created", "statements", ["site_id", "created_at"])
    op.create_table(
        "appeals",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("statement_id", ID, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("decided_by", ID, nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statements.id"],
            name=op.f("fk_appeals_statement_id_statements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_appeals_decided_by_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeals")),
        sa.UniqueConstraint("statement_id", name=op.f("uq_appeals_statement_id")),
    )
    op.create_index("ix_appeals_open", "appeals", ["decided_at", "created_at"])
    op.create_table(
        "site_adjustments",
        sa.Column("site_id", ID, nullable=False),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("decisions", sa.Integer(), server_default="0", nullable=False),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("reset_at", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_site_adjustments_site_id_sites"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("site_id", name=op.f("pk_site_adjustments")),
    )
    op.create_table(
        "learning_examples",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("site_id", ID, nullable=False),
        sa.Column("comment_id", ID, nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("held_out", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_learning_examples_site_id_sites"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name=op.f("fk_learning_examples_comment_id_comments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_examples")),
    )
    op.create_index("ix_learning_examples_site", "learning_examples", ["site_id", "held_out", "created_at"])
    op.create_table(
        "sanction_signals",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("sanction_id", ID, nullable=False),
        sa.Column("site_id", ID, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=128), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint("kind IN ('address', 'email', 'account')", name=op.f("ck_sanction_signals_kind")),
        sa.ForeignKeyConstraint(
            ["sanction_id"],
            ["sanctions.id"],
            name=op.f("fk_sanction_signals_sanction_id_sanctions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_sanction_signals_site_id_sites"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sanction_signals")),
    )
    op.create_index("ix_sanction_signals_lookup", "sanction_signals", ["site_id", "kind", "value"])


def downgrade() -> None:
    op.drop_index("ix_sanction_signals_lookup", table_name="sanction_signals")
    op.drop_table("sanction_signals")
    op.drop_index("ix_learning_examples_site", table_name="learning_examples")
    op.drop_table("learning_examples")
    op.drop_table("site_adjustments")
    op.drop_index("ix_appeals_open", table_name="appeals")
    op.drop_table("appeals")
    op.drop_index("ix_statements_site_created", table_name="statements")
    op.drop_table("statements")
    op.drop_index("ix_dsa_notices_open", table_name="dsa_notices")
    op.drop_table("dsa_notices")
    op.drop_index("ix_cool_downs_thread_author", table_name="cool_downs")
    op.drop_table("cool_downs")
    op.drop_table("thread_controls")
    op.drop_index("ix_pow_spent_expires_at", table_name="pow_spent")
    op.drop_table("pow_spent")
