"""The audit trail of Pix Admin: who changed what on a campaign, when, and from what to what.

An entry is written in the same transaction as the action it records, so an action that is
refused or fails leaves no entry, and an entry never describes a change that did not happen.
The admin's name is copied: the trail must stay readable if the account changes later.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, utcnow


class AdminAuditAction(enum.StrEnum):
    ARCHIVE_CAMPAIGN = "ARCHIVE_CAMPAIGN"
    UNARCHIVE_CAMPAIGN = "UNARCHIVE_CAMPAIGN"
    CHANGE_OWNER = "CHANGE_OWNER"
    DELETE_PARTICIPATION = "DELETE_PARTICIPATION"
    UPDATE_CAMPAIGN = "UPDATE_CAMPAIGN"
    UPDATE_EXTERNAL_ID = "UPDATE_EXTERNAL_ID"


AUDIT_ACTIONS_SQL = ", ".join(f"'{action.value}'" for action in AdminAuditAction)


class AdminAuditEntry(Base):
    __tablename__ = "admin_audit_entries"
    __table_args__ = (
        CheckConstraint(f"action IN ({AUDIT_ACTIONS_SQL})", name="action_is_known"),
        # The history screen reads one campaign's entries, newest first.
        Index("ix_admin_audit_entries_campaign_created", "campaign_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # SET NULL: removing an account must not remove what it did.
    admin_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL", name="fk_admin_audit_entries_admin_user")
    )
    admin_name: Mapped[str] = mapped_column(String(511))
    action: Mapped[str] = mapped_column(String(30))
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="SET NULL", name="fk_admin_audit_entries_campaign")
    )
    campaign_participation_id: Mapped[int | None] = mapped_column(
        ForeignKey(
            "campaign_participations.id",
            ondelete="SET NULL",
            name="fk_admin_audit_entries_participation",
        )
    )
    # The changed attributes only, keyed like the API (`archived-at`, `owner-id`...).
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
