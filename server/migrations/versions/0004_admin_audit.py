"""Audit trail of Pix Admin actions on campaigns.

Revision ID: 0004
Revises: 0003
Create Date: 2025-02-10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)
ACTIONS = (
    "ARCHIVE_CAMPAIGN",
    "UNARCHIVE_CAMPAIGN",
    "CHANGE_OWNER",
    "DELETE_PARTICIPATION",
    "UPDATE_CAMPAIGN",
    "UPDATE_EXTERNAL_ID",
)


def upgrade() -> None:
    known = ", ".join(f"'{action}'" for action in ACTIONS)
    op.create_table(
        "admin_audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("admin_user_id", sa.Integer(), nullable=True),
        sa.Column("admin_name", sa.String(511), nullable=False),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("campaign_participation_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.CheckConstraint(f"action IN ({known})", name="ck_admin_audit_entries_action_is_known"),
        sa.ForeignKeyConstraint(
            ["admin_user_id"],
            ["users.id"],
            name="fk_admin_audit_entries_admin_user",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name="fk_admin_audit_entries_campaign",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["campaign_participation_id"],
            ["campaign_participations.id"],
            name="fk_admin_audit_entries_participation",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_admin_audit_entries"),
    )
    op.create_index(
        "ix_admin_audit_entries_campaign_created",
        "admin_audit_entries",
        ["campaign_id", "created_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_admin_audit_entries_campaign_created", table_name="admin_audit_entries")
    op.drop_table("admin_audit_entries")
