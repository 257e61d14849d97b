"""Organizations (schools, companies) and who belongs to them."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, utcnow


class OrganizationType(enum.StrEnum):
    SCO = "SCO"
    SUP = "SUP"
    PRO = "PRO"


class OrganizationRole(enum.StrEnum):
    ADMIN = "ADMIN"
    MEMBER = "MEMBER"


class Organization(Base):
    __tablename__ = "organizations"
    __table_args__ = (CheckConstraint("type IN ('SCO', 'SUP', 'PRO')", name="type_is_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    type: Mapped[str] = mapped_column(String(10))
    external_id: Mapped[str | None] = mapped_column(String(255))
    is_managing_students: Mapped[bool] = mapped_column(Boolean, default=False)
    credit: Mapped[int] = mapped_column(Integer, default=0)
    # Feature flags keyed like Pix (`{"MULTIPLE_SENDING_ASSESSMENT": true}`); absent = off.
    features: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "organization_id", name="uq_memberships_user_organization"),
        CheckConstraint("organization_role IN ('ADMIN', 'MEMBER')", name="role_is_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    organization_role: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    disabled_at: Mapped[datetime | None]


class UserOrgaSettings(Base):
    """Which organization a Pix Orga user is currently working in."""

    __tablename__ = "user_orga_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    current_organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
