"""notifications: outbox, subscriptions, webhooks, reader accounts

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 21:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from salon.db.types import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSONDOC = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("site_id", ID, nullable=True),
        sa.Column("topic", sa.String(length=60), nullable=False),
        sa.Column("recipient", sa.String(length=2048), nullable=False),
        sa.Column("payload", JSONDOC, nullable=False),
        sa.Column("status", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("available_at", UTCDateTime(), nullable=False),
        sa.Column("locked_until", UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("group_key", sa.String(length=200), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'failed', 'skipped')", name=op.f("ck_outbox_status")
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_outbox_site_id_sites"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    op.create_index("ix_outbox_status_available", "outbox", ["status", "available_at"])
    op.create_index("ix_outbox_group", "outbox", ["group_key", "status"])
    op.create_index("ix_outbox_site_created", "outbox", ["site_id", "created_at"])
    op.create_table(
        "mail_addresses",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("site_id", ID, nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("email_key", sa.String(length=64), nullable=False),
        sa.Column("locale", sa.String(length=16), server_default="en", nullable=False),
        sa.Column("confirmed_at", UTCDateTime(), nullable=True),
        sa.Column("confirm_sent_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_mail_addresses_site_id_sites"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_addresses")),
        sa.UniqueConstraint("site_id", "email_key", name="uq_mail_addresses_site_key"),
    )
    op.create_table(
        "subscriptions",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("address_id", ID, nullable=False),
        sa.Column("thread_id", ID, nullable=False),
        sa.Column("comment_id", ID, nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["address_id"],
            ["mail_addresses.id"],
            name=op.f("fk_subscriptions_address_id_mail_addresses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"], ["threads.id"], name=op.f("fk_subscriptions_thread_id_threads"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name=op.f("fk_subscriptions_comment_id_comments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscriptions")),
    )
    op.create_index("ix_subscriptions_thread", "subscriptions", ["thread_id", "comment_id"])
    op.create_index("ix_subscriptions_address", "subscriptions", ["address_id"])
    op.create_table(
        "webhooks",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("site_id", ID, nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("secret", sa.String(length=200), nullable=False),
        sa.Column("previous_secret", sa.String(length=200), nullable=True),
        sa.Column("previous_until", UTCDateTime(), nullable=True),
        sa.Column("events", JSONDOC, nullable=False),
        sa.Column("preset", sa.String(length=16), server_default="standard", nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_webhooks_site_id_sites"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhooks")),
    )
    op.create_index("ix_webhooks_site", "webhooks", ["site_id"])
    op.create_table(
        "reader_accounts",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("site_id", ID, nullable=False),
        sa.Column("provider", sa.String(length=300), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("avatar_url", sa.String(length=500), nullable=True),
        sa.Column("author_id", ID, nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_seen", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_reader_accounts_site_id_sites"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["authors.id"],
            name=op.f("fk_reader_accounts_author_id_authors"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reader_accounts")),
        sa.UniqueConstraint("site_id", "provider", "subject", name="uq_reader_accounts_site_provider"),
    )
    op.create_table(
        "sign_in_links",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("site_id", ID, nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("return_url", sa.String(length=2048), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_sign_in_links_site_id_sites"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_links")),
    )


def downgrade() -> None:
    op.drop_table("sign_in_links")
    op.drop_table("reader_accounts")
    op.drop_index("ix_webhooks_site", table_name="webhooks")
    op.drop_table("webhooks")
    op.drop_index("ix_subscriptions_address", table_name="subscriptions")
    op.drop_index("ix_subscriptions_thread", table_name="subscriptions")
    op.drop_table("subscriptions")
    op.drop_table("mail_addresses")
    op.drop_index("ix_outbox_site_created", table_name="outbox")
    op.drop_index("ix_outbox_group", table_name="outbox")
    op.drop_index("ix_outbox_status_available", table_name="outbox")
    op.drop_table("outbox")
