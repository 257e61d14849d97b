"""Finding a campaign by its code and joining it (CONTRACT 7.1, 7.2; DOMAIN §5.2)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.content import TargetProfile
from server.errors import (
    ENTITY_VALIDATION_TRANSLATIONS,
    EntityValidation,
    Forbidden,
    NotFound,
    PreconditionFailed,
)
from server.learning import campaign_content
from server.models import (
    Assessment,
    Campaign,
    CampaignParticipation,
    CampaignType,
    ExternalIdType,
    Organization,
    ParticipationStatus,
)
from server.usecases.student.access import latest_assessment
from server.usecases.student.eligibility import can_reset
from server.usecases.student.knowledge import reset_knowledge_elements

CAMPAIGN_CODE_UNKNOWN = "Le code campagne n'existe pas."
COULD_NOT_JOIN = "Vous n'êtes pas autorisé à rejoindre la campagne"
COULD_NOT_IMPROVE = "Vous ne pouvez pas repasser la campagne"
NOT_ENOUGH_DAYS_FOR_RESET = (
    "Il n’est pas possible de remettre à zéro votre parcours pour le moment."
)
MISSING_EXTERNAL_ID = "MISSING_EXTERNAL_ID"
INVALID_EMAIL = "INVALID_EMAIL"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

ENTITY_VALIDATION_TRANSLATIONS["fr"].update(
    {
        MISSING_EXTERNAL_ID: "Un identifiant externe est requis pour accéder à la campagne.",
        INVALID_EMAIL: "L’identifiant externe doit être une adresse e-mail valide.",
    }
)
ENTITY_VALIDATION_TRANSLATIONS["en"].update(
    {
        MISSING_EXTERNAL_ID: "An external identifier is required to access the campaign.",
        INVALID_EMAIL: "The external identifier must be a valid e-mail address.",
    }
)


def normalize_campaign_code(code: str) -> str:
    """Codes are typed by hand: `  rentre123 ` finds RENTRE123."""
    return code.strip().upper()


@dataclass(frozen=True)
class CampaignToJoin:
    campaign: Campaign
    organization: Organization
    target_profile: TargetProfile | None

    @property
    def is_accessible(self) -> bool:
        return self.campaign.archived_at is None and self.campaign.deleted_at is None


async def find_campaign_to_join(session: AsyncSession, code: str) -> CampaignToJoin:
    row = (
        await session.execute(
            select(Campaign, Organization)
            .join(Organization, Organization.id == Campaign.organization_id)
            .where(Campaign.code == normalize_campaign_code(code))
        )
    ).one_or_none()
    if row is None:
        raise NotFound(CAMPAIGN_CODE_UNKNOWN)
    campaign, organization = row
    return CampaignToJoin(campaign, organization, campaign_content(campaign).target_profile)


@dataclass(frozen=True)
class ParticipationView:
    """A participation as Pix App shows it, with its campaign and current assessment."""

    participation: CampaignParticipation
    campaign: Campaign
    assessment: Assessment | None


async def _previous_participation(
    session: AsyncSession, user_id: int, campaign_id: int
) -> CampaignParticipation | None:
    return await session.scalar(
        select(CampaignParticipation)
        .where(
            CampaignParticipation.user_id == user_id,
            CampaignParticipation.campaign_id == campaign_id,
            CampaignParticipation.is_improved.is_(False),
        )
        .order_by(CampaignParticipation.created_at.desc(), CampaignParticipation.id.desc())
        .limit(1)
    )


def _check_can_join(
    user_id: int,
    campaign: Campaign,
    previous: CampaignParticipation | None,
    external_id: str | None,
    is_reset: bool,
    now: datetime,
) -> None:
    """DOMAIN §5.2, in Pix's order (organization learners do not exist here: rules 1, 3, 9)."""
    if campaign.archived_at is not None or campaign.deleted_at is not None:
        raise Forbidden(COULD_NOT_JOIN)
    if previous is not None and not campaign.multiple_sendings:
        raise PreconditionFailed(
            f"User {user_id} has already a campaign participation with campaign {campaign.id}"
        )
    if previous is not None and (
        previous.deleted_at is not None or previous.status != ParticipationStatus.SHARED
    ):
        raise Forbidden(COULD_NOT_IMPROVE)
    if (
        not is_reset
        and previous is not None
        and campaign.type == CampaignType.ASSESSMENT
        and (previous.validated_skills_count or 0) >= len(campaign_content(campaign).skills)
    ):
        raise Forbidden(COULD_NOT_IMPROVE)
    if is_reset and previous is not None and not can_reset(campaign, previous, now):
        raise PreconditionFailed(NOT_ENOUGH_DAYS_FOR_RESET)
    if campaign.external_id_label and not external_id:
        raise EntityValidation.single("externalId", MISSING_EXTERNAL_ID)
    if (
        campaign.external_id_type == ExternalIdType.EMAIL
        and external_id
        and not _EMAIL.match(external_id)
    ):
        raise EntityValidation.single("externalId", INVALID_EMAIL)


async def start_participation(
    session: AsyncSession,
    user_id: int,
    campaign_id: int,
    *,
    participant_external_id: str | None,
    is_reset: bool,
    now: datetime,
) -> ParticipationView:
    """Join a campaign, or start it again (multiple sendings) after sharing.

    An assessment campaign starts a participation STARTED with a new smart-random assessment;
    a profiles collection has nothing to answer: TO_SHARE at once.
    """
    campaign = await session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound(f"La campagne d'id {campaign_id} n'existe pas ou son accès est restreint")
    previous = await _previous_participation(session, user_id, campaign.id)
    # A retry keeps the identifier given the first time.
    external_id = (
        previous.participant_external_id if previous is not None else None
    ) or participant_external_id
    _check_can_join(user_id, campaign, previous, external_id, is_reset, now)

    if previous is not None:
        previous.is_improved = True
        if is_reset:
            await reset_knowledge_elements(
                session, user_id, campaign_content(campaign).skill_ids, now
            )
    is_assessment = campaign.type == CampaignType.ASSESSMENT
    participation = CampaignParticipation(
        campaign_id=campaign.id,
        user_id=user_id,
        participant_external_id=external_id,
        status=ParticipationStatus.STARTED if is_assessment else ParticipationStatus.TO_SHARE,
        is_improved=False,
        created_at=now,
    )
    session.add(participation)
    await session.flush()
    assessment = None
    if is_assessment:
        assessment = Assessment(
            user_id=user_id,
            campaign_participation_id=participation.id,
            is_improving=previous is not None,
            created_at=now,
            updated_at=now,
        )
        session.add(assessment)
        await session.flush()
    return ParticipationView(participation, campaign, assessment)


async def current_participation(
    session: AsyncSession, user_id: int, campaign_id: int
) -> ParticipationView | None:
    """The participation a learner resumes: not superseded by a retry, not deleted."""
    row = (
        await session.execute(
            select(CampaignParticipation, Campaign)
            .join(Campaign, Campaign.id == CampaignParticipation.campaign_id)
            .where(
                CampaignParticipation.user_id == user_id,
                CampaignParticipation.campaign_id == campaign_id,
                CampaignParticipation.is_improved.is_(False),
                CampaignParticipation.deleted_at.is_(None),
            )
            .order_by(CampaignParticipation.created_at.desc(), CampaignParticipation.id.desc())
            .limit(1)
        )
    ).one_or_none()
    if row is None:
        return None
    participation, campaign = row
    return ParticipationView(
        participation, campaign, await latest_assessment(session, participation.id)
    )
