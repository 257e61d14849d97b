"""The current user (`/api/users/me`) and their account flags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.errors import MissingAuthentication
from server.models import (
    Campaign,
    CampaignParticipation,
    CampaignType,
    ParticipationStatus,
    User,
)

# Users who have not seen the data protection policy since this date get a banner in Pix App.
DATA_PROTECTION_POLICY_UPDATED_AT = datetime(2022, 12, 1, tzinfo=UTC)


@dataclass(frozen=True)
class UserWithActivity:
    """`/api/users/me`: the user plus what Pix App derives from their activity.

    The activity fields are filled by the areas that own that data (campaigns, trainings)."""

    user: User
    has_assessment_participations: bool = False
    code_for_last_profile_to_share: str | None = None
    has_recommended_trainings: bool = False

    @property
    def should_see_data_protection_policy_information_banner(self) -> bool:
        seen_at = self.user.last_data_protection_policy_seen_at
        return (
            not self.user.is_anonymous
            and self.user.cgu
            and (seen_at is None or seen_at < DATA_PROTECTION_POLICY_UPDATED_AT)
        )


async def get_authenticated_user(session: AsyncSession, user_id: int) -> User:
    """The token's user; a token for an account that no longer exists authenticates nobody."""
    user = await session.get(User, user_id)
    if user is None:
        raise MissingAuthentication()
    return user


async def get_user_with_activity(session: AsyncSession, user_id: int) -> UserWithActivity:
    user = await get_authenticated_user(session, user_id)
    own = (CampaignParticipation.user_id == user_id, CampaignParticipation.deleted_at.is_(None))
    assessment = await session.scalar(
        select(CampaignParticipation.id)
        .join(Campaign, Campaign.id == CampaignParticipation.campaign_id)
        .where(*own, Campaign.type == CampaignType.ASSESSMENT)
        .limit(1)
    )
    # Pix App's dashboard reminds the student of a profile collected but not yet sent.
    code_to_share = await session.scalar(
        select(Campaign.code)
        .join(CampaignParticipation, CampaignParticipation.campaign_id == Campaign.id)
        .where(
            *own,
            CampaignParticipation.status == ParticipationStatus.TO_SHARE,
            Campaign.type == CampaignType.PROFILES_COLLECTION,
            Campaign.archived_at.is_(None),
            Campaign.deleted_at.is_(None),
        )
        .order_by(CampaignParticipation.created_at.desc(), CampaignParticipation.id.desc())
        .limit(1)
    )
    return UserWithActivity(
        user=user,
        has_assessment_participations=assessment is not None,
        code_for_last_profile_to_share=code_to_share,
    )


async def accept_pix_orga_terms_of_service(session: AsyncSession, user_id: int) -> None:
    user = await get_authenticated_user(session, user_id)
    user.pix_orga_terms_of_service_accepted = True
