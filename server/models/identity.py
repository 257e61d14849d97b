"""People and their credentials: users, Pix Admin roles, refresh tokens."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, utcnow


class AdminRole(enum.StrEnum):
    SUPER_ADMIN = "SUPER_ADMIN"
    SUPPORT = "SUPPORT"
    METIER = "METIER"
    CERTIF = "CERTIF"


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(255))
    last_name: Mapped[str] = mapped_column(String(255))
    # Always stored lower-cased, so the unique constraint is case-insensitive in practice.
    email: Mapped[str | None] = mapped_column(String(255), unique=True)
    username: Mapped[str | None] = mapped_column(String(255), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(10), default="fr")
    cgu: Mapped[bool] = mapped_column(Boolean, default=False)
    must_validate_terms_of_service: Mapped[bool] = mapped_column(Boolean, default=False)
    last_terms_of_service_validated_at: Mapped[datetime | None]
    pix_orga_terms_of_service_accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    pix_certif_terms_of_service_accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    email_confirmed_at: Mapped[datetime | None]
    is_anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    has_seen_assessment_instructions: Mapped[bool] = mapped_column(Boolean, default=False)
    has_seen_new_dashboard_info: Mapped[bool] = mapped_column(Boolean, default=False)
    has_seen_level_seven_info: Mapped[bool] = mapped_column(Boolean, default=False)
    has_seen_focused_challenge_tooltip: Mapped[bool] = mapped_column(Boolean, default=False)
    has_seen_other_challenges_tooltip: Mapped[bool] = mapped_column(Boolean, default=False)
    last_data_protection_policy_seen_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Login failures (see usecases/authentication.py)
    failure_count: Mapped[int] = mapped_column(Integer, default=0)
    temporary_blocked_until: Mapped[datetime | None]
    blocked_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


# Pix Orga's tables list participants by name (`by_name` in campaign_follow): a page reads
# ten users in this order instead of sorting the whole campaign (migration 0007).
Index("ix_users_lower_last_first_name", func.lower(User.last_name), func.lower(User.first_name))


class AdminMember(Base):
    """A Pix Admin role given to a user; a disabled one grants nothing."""

    __tablename__ = "admin_members"
    __table_args__ = (
        CheckConstraint(
            "role IN ('SUPER_ADMIN', 'SUPPORT', 'METIER', 'CERTIF')", name="role_is_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    disabled_at: Mapped[datetime | None]


class RefreshToken(Base):
    """Opaque refresh tokens, stored as their SHA-256 so a database leak leaks no session."""

    __tablename__ = "refresh_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    scope: Mapped[str | None] = mapped_column(String(50))
    audience: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
