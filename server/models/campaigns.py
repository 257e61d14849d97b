"""Campaigns a teacher creates in an organization, and the participations of learners in them."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, utcnow


class CampaignType(enum.StrEnum):
    ASSESSMENT = "ASSESSMENT"
    PROFILES_COLLECTION = "PROFILES_COLLECTION"


class ExternalIdType(enum.StrEnum):
    STRING = "STRING"
    EMAIL = "EMAIL"


class ParticipationStatus(enum.StrEnum):
    STARTED = "STARTED"
    TO_SHARE = "TO_SHARE"
    SHARED = "SHARED"


class Campaign(Base):
    __tablename__ = "campaigns"
    __table_args__ = (
        CheckConstraint("type IN ('ASSESSMENT', 'PROFILES_COLLECTION')", name="type_is_known"),
        CheckConstraint(
            "external_id_type IS NULL OR external_id_type IN ('STRING', 'EMAIL')",
            name="external_id_type_is_known",
        ),
        # The list screen filters by organization and archive state and sorts by creation date.
        Index(
            "ix_campaigns_organization_archived_created",
            "organization_id",
            "archived_at",
            "created_at",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    code: Mapped[str] = mapped_column(String(9), unique=True)
    type: Mapped[str] = mapped_column(String(30))
    title: Mapped[str | None] = mapped_column(String(50))
    # Id of a target profile of the learning content (server/content/target_profiles.yaml):
    # no foreign key, the content is not stored in the database.
    target_profile_id: Mapped[int | None] = mapped_column(Integer)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    creator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    custom_landing_page_text: Mapped[str | None] = mapped_column(Text)
    custom_result_page_text: Mapped[str | None] = mapped_column(Text)
    custom_result_page_button_text: Mapped[str | None] = mapped_column(String(255))
    custom_result_page_button_url: Mapped[str | None] = mapped_column(Text)
    external_id_label: Mapped[str | None] = mapped_column(String(255))
    external_id_type: Mapped[str | None] = mapped_column(String(10))
    multiple_sendings: Mapped[bool] = mapped_column(Boolean, default=False)
    is_for_absolute_novice: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    archived_at: Mapped[datetime | None]
    archived_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    deleted_at: Mapped[datetime | None]
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class CampaignParticipation(Base):
    __tablename__ = "campaign_participations"
    __table_args__ = (
        CheckConstraint("status IN ('STARTED', 'TO_SHARE', 'SHARED')", name="status_is_known"),
        Index("ix_campaign_participations_campaign_status", "campaign_id", "status"),
        Index("ix_campaign_participations_user_campaign", "user_id", "campaign_id"),
        # The version key of a campaign's follow-up pages (ETag) reads only this index.
        Index("ix_campaign_participations_campaign_updated", "campaign_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    participant_external_id: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Moved by every write through SQLAlchemy (ORM or Core update): what tells a teacher's
    # client that a page of the campaign follow-up changed (see campaign_follow.versions).
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    shared_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # True on an older participation superseded by a retry (multiple sendings); the current
    # participation of a user in a campaign is the one with is_improved false and not deleted.
    is_improved: Mapped[bool] = mapped_column(Boolean, default=False)
    # Results frozen when the participant shares them.
    mastery_rate: Mapped[float | None] = mapped_column(Float)
    validated_skills_count: Mapped[int | None] = mapped_column(Integer)
    pix_score: Mapped[int | None] = mapped_column(Integer)
    is_certifiable: Mapped[bool | None] = mapped_column(Boolean)
    certifiable_competences_count: Mapped[int | None] = mapped_column(Integer)
    # Per competence: {competence_id, validated, targeted} for an assessment campaign,
    # {competence_id, level, pix_score} for a profiles collection.
    competence_results: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
