"""identities: guests by their own token, server-side admin sessions

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 21:45:00

Authors used to be keyed by e-mail hash or address hash, so a new post from a known address or
e-mail was handed that author (and their token). Every key made that way becomes
``legacy:<id>``: no signal can lead to it any more, while tokens already given out (they name the
author id) keep working. Nothing is merged or split; history stays with the rows it belongs to.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from salon.db.types import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.execute(
        "UPDATE authors SET key = 'legacy:' || CAST(id AS VARCHAR(20)) "
        "WHERE key LIKE 'addr:%' OR key LIKE 'email:%' OR key LIKE 'cookie:%'"
    )
    op.create_table(
        "admin_sessions",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", Id, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_seen", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
        sa.Column("user_agent", sa.String(length=200), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_admin_sessions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admin_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_admin_sessions_token_hash")),
    )
    with op.batch_alter_table("admin_sessions", schema=None) as batch_op:
        batch_op.create_index("ix_admin_sessions_user_id", ["user_id", "ended_at"], unique=False)


def downgrade() -> None:
    # Author keys stay as they are: "legacy:<id>" is a valid key for the older code too.
    with op.batch_alter_table("admin_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_admin_sessions_user_id")
    op.drop_table("admin_sessions")
