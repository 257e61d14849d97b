"""Pix Admin's audit trail: record an action in the caller's transaction, read a campaign's.

`record_action` only adds a row to the session: the request's transaction commits it together
with the change it describes, or rolls both back. Use cases call it after their checks, so a
refused action never leaves an entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.jsonapi import Page, iso_datetime
from server.models import AdminAuditAction, AdminAuditEntry, AdminMember, User, utcnow


@dataclass(frozen=True)
class AdminActor:
    """The admin doing something: what the trail records about them."""

    user_id: int
    name: str


async def admin_actor(session: AsyncSession, admin: AdminMember) -> AdminActor:
    user = await session.get(User, admin.user_id)
    name = user.full_name if user is not None else f"#{admin.user_id}"
    return AdminActor(user_id=admin.user_id, name=name)


def audit_value(value: Any) -> Any:
    """A value as the trail stores it (JSON): dates as ISO strings like the API sends them."""
    if isinstance(value, datetime):
        return iso_datetime(value)
    return value


def changed_values(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose value differs, on both sides (empty when nothing changed)."""
    keys = [key for key in after if before.get(key) != after[key]]
    return (
        {key: audit_value(before.get(key)) for key in keys},
        {key: audit_value(after[key]) for key in keys},
    )


def record_action(
    session: AsyncSession,
    actor: AdminActor,
    action: AdminAuditAction,
    *,
    campaign_id: int | None,
    participation_id: int | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AdminAuditEntry:
    entry = AdminAuditEntry(
        created_at=utcnow(),
        admin_user_id=actor.user_id,
        admin_name=actor.name,
        action=action.value,
        campaign_id=campaign_id,
        campaign_participation_id=participation_id,
        before={key: audit_value(value) for key, value in (before or {}).items()},
        after={key: audit_value(value) for key, value in (after or {}).items()},
    )
    session.add(entry)
    return entry


async def campaign_audit_entries(
    session: AsyncSession, campaign_id: int, page: Page
) -> tuple[list[AdminAuditEntry], int]:
    """One page of a campaign's entries, newest first, and how many there are."""
    row_count = await session.scalar(
        select(func.count(AdminAuditEntry.id)).where(AdminAuditEntry.campaign_id == campaign_id)
    )
    entries = await session.scalars(
        select(AdminAuditEntry)
        .where(AdminAuditEntry.campaign_id == campaign_id)
        .order_by(AdminAuditEntry.created_at.desc(), AdminAuditEntry.id.desc())
        .offset(page.offset)
        .limit(page.size)
    )
    return list(entries), int(row_count or 0)
