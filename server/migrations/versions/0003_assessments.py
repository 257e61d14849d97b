"""Assessments, answers, knowledge elements, feedbacks and knowledge element snapshots.

Revision ID: 0003
Revises: 0002
Create Date: 2025-01-20
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)
CONTENT_ID = sa.String(100)


def upgrade() -> None:
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("campaign_participation_id", sa.Integer(), nullable=True),
        sa.Column("type", sa.String(30), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("method", sa.String(30), nullable=False),
        sa.Column("is_improving", sa.Boolean(), nullable=False),
        sa.Column("last_challenge_id", CONTENT_ID, nullable=True),
        sa.Column("last_question_state", sa.String(20), nullable=False),
        sa.Column("last_question_date", TIMESTAMP, nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint("type IN ('CAMPAIGN')", name="ck_assessments_type_is_known"),
        sa.CheckConstraint(
            "state IN ('started', 'completed', 'aborted')", name="ck_assessments_state_is_known"
        ),
        sa.CheckConstraint("method IN ('SMART_RANDOM')", name="ck_assessments_method_is_known"),
        sa.CheckConstraint(
            "last_question_state IN ('asked', 'timeout', 'focusedout')",
            name="ck_assessments_last_question_state_is_known",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_assessments_user_id_users", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["campaign_participation_id"],
            ["campaign_participations.id"],
            name="fk_assessments_campaign_participation",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_assessments"),
    )
    op.create_index("ix_assessments_user_id", "assessments", ["user_id"])
    op.create_index(
        "ix_assessments_campaign_participation_id", "assessments", ["campaign_participation_id"]
    )

    op.create_table(
        "answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", CONTENT_ID, nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("result", sa.String(20), nullable=False),
        sa.Column("result_details", sa.JSON(), nullable=True),
        sa.Column("timeout", sa.Integer(), nullable=True),
        sa.Column("focused_out", sa.Boolean(), nullable=False),
        sa.Column("time_spent", sa.Integer(), nullable=True),
        sa.Column("idempotency_key", sa.String(64), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name="fk_answers_assessment_id_assessments",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_answers"),
        sa.UniqueConstraint(
            "assessment_id", "challenge_id", name="uq_answers_assessment_challenge"
        ),
        sa.UniqueConstraint(
            "assessment_id", "idempotency_key", name="uq_answers_assessment_idempotency_key"
        ),
    )

    op.create_table(
        "knowledge_elements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", CONTENT_ID, nullable=False),
        sa.Column("competence_id", CONTENT_ID, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("earned_pix", sa.Float(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint(
            "status IN ('validated', 'invalidated', 'reset')",
            name="ck_knowledge_elements_status_is_known",
        ),
        sa.CheckConstraint(
            "source IN ('direct', 'inferred')", name="ck_knowledge_elements_source_is_known"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_knowledge_elements_user_id_users",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name="fk_knowledge_elements_assessment_id_assessments",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["answers.id"],
            name="fk_knowledge_elements_answer_id_answers",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_knowledge_elements"),
    )
    op.create_index(
        "ix_knowledge_elements_user_skill_created",
        "knowledge_elements",
        ["user_id", "skill_id", "created_at"],
    )
    op.create_index("ix_knowledge_elements_assessment_id", "knowledge_elements", ["assessment_id"])

    op.create_table(
        "feedbacks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", CONTENT_ID, nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("category", sa.String(255), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("user_agent", sa.String(255), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name="fk_feedbacks_assessment_id_assessments",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_feedbacks"),
    )
    op.create_index("ix_feedbacks_assessment_id", "feedbacks", ["assessment_id"])

    op.create_table(
        "knowledge_element_snapshots",
        sa.Column("campaign_participation_id", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("snapped_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_participation_id"],
            ["campaign_participations.id"],
            name="fk_knowledge_element_snapshots_participation",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("campaign_participation_id", name="pk_knowledge_element_snapshots"),
    )


def downgrade() -> None:
    op.drop_table("knowledge_element_snapshots")
    op.drop_index("ix_feedbacks_assessment_id", table_name="feedbacks")
    op.drop_table("feedbacks")
    op.drop_index("ix_knowledge_elements_assessment_id", table_name="knowledge_elements")
    op.drop_index("ix_knowledge_elements_user_skill_created", table_name="knowledge_elements")
    op.drop_table("knowledge_elements")
    op.drop_table("answers")
    op.drop_index("ix_assessments_campaign_participation_id", table_name="assessments")
    op.drop_index("ix_assessments_user_id", table_name="assessments")
    op.drop_table("assessments")
