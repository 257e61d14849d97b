"""Pix Admin's organisation search (`GET /api/admin/organizations`), as Pix filters it:
`id` exactly, `name`, `type` and `externalId` by fragment in any case; and (extension) an
organisation's members, for support's owner change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.errors import NotFound
from server.jsonapi import Page
from server.models import Campaign, Membership, Organization, User


@dataclass(frozen=True)
class OrganizationSearch:
    id: int | None = None
    name: str | None = None
    type: str | None = None
    external_id: str | None = None


@dataclass(frozen=True)
class OrganizationSummary:
    organization: Organization
    campaigns_count: int


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(column: Any, text: str) -> ColumnElement[bool]:
    return func.lower(column).like(f"%{_escape_like(text.strip().lower())}%", escape="\\")


async def search_organizations(
    session: AsyncSession, search: OrganizationSearch, page: Page
) -> tuple[list[OrganizationSummary], int]:
    """One page of matching organisations by name (id breaks ties), with how many live
    campaigns each has (an extension attribute)."""
    conditions: list[ColumnElement[bool]] = []
    if search.id is not None:
        conditions.append(Organization.id == search.id)
    if search.name:
        conditions.append(_contains(Organization.name, search.name))
    if search.type:
        conditions.append(_contains(Organization.type, search.type))
    if search.external_id:
        conditions.append(_contains(Organization.external_id, search.external_id))
    row_count = await session.scalar(select(func.count(Organization.id)).where(*conditions))
    organizations = list(
        await session.scalars(
            select(Organization)
            .where(*conditions)
            .order_by(Organization.name, Organization.id)
            .offset(page.offset)
            .limit(page.size)
        )
    )
    counts: dict[int, int] = {}
    if organizations:
        rows = await session.execute(
            select(Campaign.organization_id, func.count(Campaign.id))
            .where(
                Campaign.organization_id.in_([o.id for o in organizations]),
                Campaign.deleted_at.is_(None),
            )
            .group_by(Campaign.organization_id)
        )
        counts = {organization_id: int(count) for organization_id, count in rows}
    summaries = [OrganizationSummary(o, counts.get(o.id, 0)) for o in organizations]
    return summaries, int(row_count or 0)


async def organization_members(session: AsyncSession, organization_id: int) -> list[User]:
    """Extension `GET /api/admin/organizations/{id}/members`: the active members, sorted like
    Pix Orga's owner picker. Unlike `/api/organizations/{id}/member-identities`, the caller
    need not belong to the organisation (the route checks the admin role instead)."""
    if await session.get(Organization, organization_id) is None:
        raise NotFound(f"L'organisation d'id {organization_id} n'existe pas.")
    users = await session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organization_id == organization_id, Membership.disabled_at.is_(None))
        .order_by(func.lower(User.first_name), func.lower(User.last_name), User.id)
    )
    return list(users)
