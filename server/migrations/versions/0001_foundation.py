"""Foundation: users, organizations, memberships, Pix Admin roles, tokens, server state.

Revision ID: 0001_foundation
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_foundation"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_name", sa.String(255), nullable=False),
        sa.Column("last_name", sa.String(255), nullable=False),
        sa.Column("email", sa.String(255), nullable=True),
        sa.Column("username", sa.String(255), nullable=True),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(10), nullable=False),
        sa.Column("cgu", sa.Boolean(), nullable=False),
        sa.Column("must_validate_terms_of_service", sa.Boolean(), nullable=False),
        sa.Column("last_terms_of_service_validated_at", TIMESTAMP, nullable=True),
        sa.Column("pix_orga_terms_of_service_accepted", sa.Boolean(), nullable=False),
        sa.Column("pix_certif_terms_of_service_accepted", sa.Boolean(), nullable=False),
        sa.Column("email_confirmed_at", TIMESTAMP, nullable=True),
        sa.Column("is_anonymous", sa.Boolean(), nullable=False),
        sa.Column("has_seen_assessment_instructions", sa.Boolean(), nullable=False),
        sa.Column("has_seen_new_dashboard_info", sa.Boolean(), nullable=False),
        sa.Column("has_seen_level_seven_info", sa.Boolean(), nullable=False),
        sa.Column("has_seen_focused_challenge_tooltip", sa.Boolean(), nullable=False),
        sa.Column("has_seen_other_challenges_tooltip", sa.Boolean(), nullable=False),
        sa.Column("last_data_protection_policy_seen_at", TIMESTAMP, nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("failure_count", sa.Integer(), nullable=False),
        sa.Column("temporary_blocked_until", TIMESTAMP, nullable=True),
        sa.Column("blocked_at", TIMESTAMP, nullable=True),
        sa.Column("last_login_at", TIMESTAMP, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("email", name="uq_users_email"),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )
    op.create_table(
        "organizations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("type", sa.String(10), nullable=False),
        sa.Column("external_id", sa.String(255), nullable=True),
        sa.Column("is_managing_students", sa.Boolean(), nullable=False),
        sa.Column("credit", sa.Integer(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint("type IN ('SCO', 'SUP', 'PRO')", name="ck_organizations_type_is_known"),
        sa.PrimaryKeyConstraint("id", name="pk_organizations"),
    )
    op.create_table(
        "admin_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("disabled_at", TIMESTAMP, nullable=True),
        sa.CheckConstraint(
            "role IN ('SUPER_ADMIN', 'SUPPORT', 'METIER', 'CERTIF')",
            name="ck_admin_members_role_is_known",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_admin_members_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_admin_members"),
        sa.UniqueConstraint("user_id", name="uq_admin_members_user_id"),
    )
    op.create_table(
        "refresh_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(50), nullable=True),
        sa.Column("audience", sa.String(255), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("expires_at", TIMESTAMP, nullable=False),
        sa.Column("revoked_at", TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_refresh_tokens_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_refresh_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_refresh_tokens_token_hash"),
    )
    op.create_index("ix_refresh_tokens_user_id", "refresh_tokens", ["user_id"])
    op.create_table(
        "memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("organization_role", sa.String(10), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("disabled_at", TIMESTAMP, nullable=True),
        sa.CheckConstraint(
            "organization_role IN ('ADMIN', 'MEMBER')", name="ck_memberships_role_is_known"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name="fk_memberships_organization_id_organizations",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_memberships_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_memberships"),
        sa.UniqueConstraint("user_id", "organization_id", name="uq_memberships_user_organization"),
    )
    op.create_index("ix_memberships_organization_id", "memberships", ["organization_id"])
    op.create_table(
        "user_orga_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("current_organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["current_organization_id"],
            ["organizations.id"],
            name="fk_user_orga_settings_current_organization_id_organizations",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_user_orga_settings_user_id_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_user_orga_settings"),
        sa.UniqueConstraint("user_id", name="uq_user_orga_settings_user_id"),
    )
    server_secrets = op.create_table(
        "server_secrets",
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_server_secrets"),
    )
    # The JWT signing key of this database, made once here so that no two workers ever race
    # to create it (server/signing_key.py still creates one if this row is ever deleted).
    op.bulk_insert(server_secrets, [{"key": "jwt_secret", "value": secrets.token_urlsafe(48)}])
    op.create_table(
        "server_meta",
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_server_meta"),
    )


def downgrade() -> None:
    op.drop_table("server_meta")
    op.drop_table("server_secrets")
    op.drop_table("user_orga_settings")
    op.drop_index("ix_memberships_organization_id", table_name="memberships")
    op.drop_table("memberships")
    op.drop_index("ix_refresh_tokens_user_id", table_name="refresh_tokens")
    op.drop_table("refresh_tokens")
    op.drop_table("admin_members")
    op.drop_table("organizations")
    op.drop_table("users")
