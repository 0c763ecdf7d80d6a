"""notifications: outbox, subscriptions, webhooks, reader accounts

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 21:45:00

Reserved in the chain so that changes made side by side land in one order; its change fills it.
"""

from __future__ import annotations

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
