"""defence: proof-of-work, sanction signals, per-site learner, appeals

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 21:45:00

Reserved in the chain so that changes made side by side land in one order; its change fills it.
"""

from __future__ import annotations

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
