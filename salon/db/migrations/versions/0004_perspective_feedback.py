"""perspective: suggestscore feedback rows

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 21:45:00

``comments:suggestscore`` keeps the scores a Perspective client (e.g. Coral, after a moderator's
decision) suggests for a text, with the community id and client token it sent.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from salon.db.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSONDoc = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "perspective_suggestions",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("api_key_id", Id, nullable=True),
        sa.Column("site_id", Id, nullable=True),
        sa.Column("community_id", sa.String(length=200), nullable=True),
        sa.Column("client_token", sa.String(length=200), nullable=True),
        sa.Column("session_id", sa.String(length=200), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("languages", JSONDoc, nullable=False),
        sa.Column("detected_language", sa.String(length=16), nullable=False),
        sa.Column("scores", JSONDoc, nullable=False),
        sa.Column("span_scores", JSONDoc, nullable=False),
        sa.Column("context", JSONDoc, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["api_key_id"],
            ["api_keys.id"],
            name=op.f("fk_perspective_suggestions_api_key_id_api_keys"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["sites.id"],
            name=op.f("fk_perspective_suggestions_site_id_sites"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_perspective_suggestions")),
    )
    with op.batch_alter_table("perspective_suggestions", schema=None) as batch_op:
        batch_op.create_index("ix_perspective_suggestions_site_id", ["site_id", "id"], unique=False)
        batch_op.create_index("ix_perspective_suggestions_client_token", ["client_token"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("perspective_suggestions", schema=None) as batch_op:
        batch_op.drop_index("ix_perspective_suggestions_client_token")
        batch_op.drop_index("ix_perspective_suggestions_site_id")
    op.drop_table("perspective_suggestions")
