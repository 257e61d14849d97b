"""Who may touch an assessment, an answer or a participation, and the rows they lead to.

Pix guards each resource in its own way, and a client sees the difference, so each refusal
here reproduces the status and body Pix sends for it (CONTRACT 7.3-7.9).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.errors import ApiError, Forbidden, NotFound
from server.models import Answer, Assessment, Campaign, CampaignParticipation

ASSESSMENT_NOT_ACCESSIBLE = "Vous n’êtes pas autorisé à accéder à cette évaluation"
PARTICIPATION_NOT_ACCESSIBLE = "User does not have an access to this campaign participation"


class AssessmentNotAccessible(ApiError):
    """Pix's assessment-authorization pre-handler: HTTP 401 carrying a *validation* error.

    Odd but real: the body is Pix's validation-error serializer output (status "400",
    title "Invalid Attribute", pointer on `authorization`) sent with a 401.
    """

    status_code = 401
    title = "Invalid Attribute"

    def __init__(self) -> None:
        super().__init__(ASSESSMENT_NOT_ACCESSIBLE)

    def to_error_object(self) -> dict[str, Any]:
        return {
            "status": "400",
            "title": self.title,
            "detail": self.detail,
            "source": {"pointer": "/data/attributes/authorization"},
            "meta": {"field": "authorization"},
        }


@dataclass(frozen=True)
class AssessmentInCampaign:
    """A campaign assessment with the participation and campaign it belongs to."""

    assessment: Assessment
    participation: CampaignParticipation
    campaign: Campaign


async def assessment_in_campaign(
    session: AsyncSession, assessment: Assessment
) -> AssessmentInCampaign:
    row = (
        await session.execute(
            select(CampaignParticipation, Campaign)
            .join(Campaign, Campaign.id == CampaignParticipation.campaign_id)
            .where(CampaignParticipation.id == assessment.campaign_participation_id)
        )
    ).one()
    participation, campaign = row
    return AssessmentInCampaign(assessment, participation, campaign)


async def owned_assessment(
    session: AsyncSession, assessment_id: int, user_id: int | None
) -> AssessmentInCampaign:
    """The caller's own campaign assessment; anything else is Pix's 401 (no token included)."""
    if user_id is None:
        raise AssessmentNotAccessible()
    where = await campaign_assessment(session, assessment_id)
    if where is None or where.assessment.user_id != user_id:
        raise AssessmentNotAccessible()
    return where


# Built once: constructing the statement cost more than running it on every answer cycle.
_CAMPAIGN_ASSESSMENT = (
    select(Assessment, CampaignParticipation, Campaign)
    .join(CampaignParticipation, CampaignParticipation.id == Assessment.campaign_participation_id)
    .join(Campaign, Campaign.id == CampaignParticipation.campaign_id)
    .where(Assessment.id == bindparam("assessment_id"))
)


async def campaign_assessment(
    session: AsyncSession, assessment_id: int
) -> AssessmentInCampaign | None:
    """The assessment with its participation and campaign, in one query (every answer cycle
    reads them); None when it does not exist or belongs to no campaign."""
    row = (
        await session.execute(_CAMPAIGN_ASSESSMENT, {"assessment_id": assessment_id})
    ).one_or_none()
    if row is None:
        return None
    assessment, participation, campaign = row
    return AssessmentInCampaign(assessment, participation, campaign)


async def answer_of_user(session: AsyncSession, answer_id: int, user_id: int) -> Answer:
    """One of the caller's answers; another user's is reported as missing (Pix: 404)."""
    answer = await session.scalar(
        select(Answer)
        .join(Assessment, Assessment.id == Answer.assessment_id)
        .where(Answer.id == answer_id, Assessment.user_id == user_id)
    )
    if answer is None:
        raise NotFound(f"Not found answer for ID {answer_id}")
    return answer


@dataclass(frozen=True)
class ParticipationWithCampaign:
    participation: CampaignParticipation
    campaign: Campaign


async def participation_of_user(
    session: AsyncSession, participation_id: int, user_id: int
) -> ParticipationWithCampaign:
    """The caller's own participation: 404 when it does not exist, 403 when it is not theirs."""
    row = (
        await session.execute(
            select(CampaignParticipation, Campaign)
            .join(Campaign, Campaign.id == CampaignParticipation.campaign_id)
            .where(CampaignParticipation.id == participation_id)
        )
    ).one_or_none()
    if row is None:
        raise NotFound(f"La participation {participation_id} n'existe pas.")
    participation, campaign = row
    if participation.user_id != user_id:
        raise Forbidden(PARTICIPATION_NOT_ACCESSIBLE)
    return ParticipationWithCampaign(participation, campaign)


async def latest_assessment(session: AsyncSession, participation_id: int) -> Assessment | None:
    """The participation's current assessment (an improvement adds a newer one)."""
    return await session.scalar(
        select(Assessment)
        .where(Assessment.campaign_participation_id == participation_id)
        .order_by(Assessment.created_at.desc(), Assessment.id.desc())
        .limit(1)
    )
