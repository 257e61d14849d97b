"""Campaigns, campaign participations, and the responses remembered per Idempotency-Key.

Revision ID: 0002
Revises: 0001_foundation
Create Date: 2025-01-15
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("code", sa.String(9), nullable=False),
        sa.Column("type", sa.String(30), nullable=False),
        sa.Column("title", sa.String(50), nullable=True),
        sa.Column("target_profile_id", sa.Integer(), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("creator_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("custom_landing_page_text", sa.Text(), nullable=True),
        sa.Column("custom_result_page_text", sa.Text(), nullable=True),
        sa.Column("custom_result_page_button_text", sa.String(255), nullable=True),
        sa.Column("custom_result_page_button_url", sa.Text(), nullable=True),
        sa.Column("external_id_label", sa.String(255), nullable=True),
        sa.Column("external_id_type", sa.String(10), nullable=True),
        sa.Column("multiple_sendings", sa.Boolean(), nullable=False),
        sa.Column("is_for_absolute_novice", sa.Boolean(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("archived_at", TIMESTAMP, nullable=True),
        sa.Column("archived_by_id", sa.Integer(), nullable=True),
        sa.Column("deleted_at", TIMESTAMP, nullable=True),
        sa.Column("deleted_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "type IN ('ASSESSMENT', 'PROFILES_COLLECTION')", name="ck_campaigns_type_is_known"
        ),
        sa.CheckConstraint(
            "external_id_type IS NULL OR external_id_type IN ('STRING', 'EMAIL')",
            name="ck_campaigns_external_id_type_is_known",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name="fk_campaigns_organization_id_organizations",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["creator_id"], ["users.id"], name="fk_campaigns_creator_id_users"),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name="fk_campaigns_owner_id_users"),
        sa.ForeignKeyConstraint(
            ["archived_by_id"], ["users.id"], name="fk_campaigns_archived_by_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["deleted_by_id"], ["users.id"], name="fk_campaigns_deleted_by_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_campaigns"),
        sa.UniqueConstraint("code", name="uq_campaigns_code"),
    )
    op.create_index(
        "ix_campaigns_organization_archived_created",
        "campaigns",
        ["organization_id", "archived_at", "created_at"],
    )
    op.create_index("ix_campaigns_owner_id", "campaigns", ["owner_id"])

    op.create_table(
        "campaign_participations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("participant_external_id", sa.String(255), nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("shared_at", TIMESTAMP, nullable=True),
        sa.Column("deleted_at", TIMESTAMP, nullable=True),
        sa.Column("deleted_by_id", sa.Integer(), nullable=True),
        sa.Column("is_improved", sa.Boolean(), nullable=False),
        sa.Column("mastery_rate", sa.Float(), nullable=True),
        sa.Column("validated_skills_count", sa.Integer(), nullable=True),
        sa.Column("pix_score", sa.Integer(), nullable=True),
        sa.Column("is_certifiable", sa.Boolean(), nullable=True),
        sa.Column("certifiable_competences_count", sa.Integer(), nullable=True),
        sa.Column("competence_results", sa.JSON(), nullable=True),
        sa.CheckConstraint(
            "status IN ('STARTED', 'TO_SHARE', 'SHARED')",
            name="ck_campaign_participations_status_is_known",
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name="fk_campaign_participations_campaign_id_campaigns",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_campaign_participations_user_id_users",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["deleted_by_id"], ["users.id"], name="fk_campaign_participations_deleted_by_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_campaign_participations"),
    )
    op.create_index(
        "ix_campaign_participations_campaign_status",
        "campaign_participations",
        ["campaign_id", "status"],
    )
    op.create_index(
        "ix_campaign_participations_user_campaign",
        "campaign_participations",
        ["user_id", "campaign_id"],
    )

    op.create_table(
        "idempotency_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("path", sa.String(255), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_idempotency_records_user_id_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_idempotency_records"),
        sa.UniqueConstraint("user_id", "key", name="uq_idempotency_records_user_key"),
    )


def downgrade() -> None:
    op.drop_table("idempotency_records")
    op.drop_index("ix_campaign_participations_user_campaign", table_name="campaign_participations")
    op.drop_index(
        "ix_campaign_participations_campaign_status", table_name="campaign_participations"
    )
    op.drop_table("campaign_participations")
    op.drop_index("ix_campaigns_owner_id", table_name="campaigns")
    op.drop_index("ix_campaigns_organization_archived_created", table_name="campaigns")
    op.drop_table("campaigns")
