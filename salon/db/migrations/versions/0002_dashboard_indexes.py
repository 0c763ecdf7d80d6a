"""dashboard indexes: queues by thread and status, open reports, audit log by actor

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 12:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_comments_thread_status", "comments", ["thread_id", "status", "created_at"])
    op.create_index("ix_reports_open", "reports", ["resolved_at", "comment_id"])
    op.create_index("ix_audit_log_actor", "audit_log", ["actor", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_actor", table_name="audit_log")
    op.drop_index("ix_reports_open", table_name="reports")
    op.drop_index("ix_comments_thread_status", table_name="comments")
