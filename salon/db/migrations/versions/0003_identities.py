"""identities: guests by their own token, server-side admin sessions

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 21:45:00

Reserved in the chain so that changes made side by side land in one order; its change fills it.
"""

from __future__ import annotations

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
