"""Pix Orga bootstrap: the prescriber, their organizations, the current one, its members."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.errors import UnprocessableEntity
from server.models import (
    Campaign,
    CampaignParticipation,
    Membership,
    Organization,
    User,
    UserOrgaSettings,
)
from server.permissions import active_membership, ensure_organization_member
from server.usecases.users import get_authenticated_user

# Feature flags Pix Orga reads; an organization's own `features` override these.
DEFAULT_FEATURES: dict[str, bool] = {
    "MULTIPLE_SENDING_ASSESSMENT": False,
    "COMPUTE_ORGANIZATION_LEARNER_CERTIFICABILITY": False,
}


@dataclass(frozen=True)
class MembershipInOrganization:
    membership: Membership
    organization: Organization


@dataclass(frozen=True)
class Prescriber:
    user: User
    memberships: list[MembershipInOrganization]
    settings: UserOrgaSettings
    participant_count: int = 0
    are_new_year_organization_learners_imported: bool = False
    features: dict[str, Any] = field(default_factory=dict)

    @property
    def current_organization(self) -> Organization:
        for item in self.memberships:
            if item.organization.id == self.settings.current_organization_id:
                return item.organization
        raise LookupError("current organization is not among the memberships")


async def _active_memberships(
    session: AsyncSession, user_id: int
) -> list[MembershipInOrganization]:
    rows = await session.execute(
        select(Membership, Organization)
        .join(Organization, Organization.id == Membership.organization_id)
        .where(Membership.user_id == user_id, Membership.disabled_at.is_(None))
        .order_by(Membership.id)
    )
    return [MembershipInOrganization(membership, organization) for membership, organization in rows]


async def get_prescriber(session: AsyncSession, user_id: int) -> Prescriber:
    user = await get_authenticated_user(session, user_id)
    memberships = await _active_memberships(session, user_id)
    if not memberships:
        raise UnprocessableEntity(f"L'utilisateur {user_id} n'est membre d'aucune organisation.")

    settings = await session.scalar(
        select(UserOrgaSettings).where(UserOrgaSettings.user_id == user_id)
    )
    member_of = {item.organization.id for item in memberships}
    first_organization_id = memberships[0].organization.id
    if settings is None:
        # First visit to Pix Orga: start in the first organization joined.
        settings = UserOrgaSettings(user_id=user_id, current_organization_id=first_organization_id)
        session.add(settings)
        await session.flush()
    elif settings.current_organization_id not in member_of:
        # The membership of the current organization was disabled since the last visit.
        settings.current_organization_id = first_organization_id

    prescriber = Prescriber(
        user=user,
        memberships=memberships,
        settings=settings,
        participant_count=await _participant_count(session, settings.current_organization_id),
    )
    organization_features = prescriber.current_organization.features or {}
    prescriber.features.update(DEFAULT_FEATURES)
    prescriber.features.update(organization_features)
    return prescriber


async def _participant_count(session: AsyncSession, organization_id: int) -> int:
    """People who took part in at least one campaign of the organisation."""
    count = await session.scalar(
        select(func.count(func.distinct(CampaignParticipation.user_id)))
        .join(Campaign, Campaign.id == CampaignParticipation.campaign_id)
        .where(
            Campaign.organization_id == organization_id,
            Campaign.deleted_at.is_(None),
            CampaignParticipation.deleted_at.is_(None),
        )
    )
    return int(count or 0)


async def switch_current_organization(
    session: AsyncSession, user_id: int, organization_id: int
) -> UserOrgaSettings:
    if await active_membership(session, user_id, organization_id) is None:
        raise UnprocessableEntity(
            f"L'utilisateur {user_id} n'est pas membre de l'organisation {organization_id}."
        )
    settings = await session.scalar(
        select(UserOrgaSettings).where(UserOrgaSettings.user_id == user_id)
    )
    if settings is None:
        settings = UserOrgaSettings(user_id=user_id, current_organization_id=organization_id)
        session.add(settings)
    else:
        settings.current_organization_id = organization_id
    await session.flush()
    return settings


async def list_member_identities(
    session: AsyncSession, caller_id: int, organization_id: int
) -> list[User]:
    """Active members of the organization, for the campaign owner picker; members only."""
    await ensure_organization_member(session, caller_id, organization_id)
    users = await session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organization_id == organization_id, Membership.disabled_at.is_(None))
        .order_by(func.lower(User.first_name), func.lower(User.last_name), User.id)
    )
    return list(users)
