"""perspective: suggestscore feedback rows

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 21:45:00

Reserved in the chain so that changes made side by side land in one order; its change fills it.
"""

from __future__ import annotations

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
