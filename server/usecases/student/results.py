"""The learner's own results page of an assessment campaign (CONTRACT 7.8; DOMAIN §4.3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.content import Area, Competence
from server.engine.scoring import mastery_percentage, mastery_rate_for_participant
from server.errors import PreconditionFailed
from server.learning import campaign_content, content
from server.models import Campaign, CampaignParticipation
from server.usecases.student.access import latest_assessment
from server.usecases.student.eligibility import (
    can_reset,
    can_retry,
    is_disabled,
    is_shared,
    remaining_seconds_before_retrying,
)
from server.usecases.student.knowledge import participation_knowledge

NO_PARTICIPATION = "L'utilisateur n'a pas encore participé à la campagne"


@dataclass(frozen=True)
class CompetenceResult:
    competence: Competence
    area: Area
    total_skills_count: int
    tested_skills_count: int
    validated_skills_count: int

    @property
    def mastery_percentage(self) -> int:
        return mastery_percentage(self.validated_skills_count, self.total_skills_count)


@dataclass(frozen=True)
class AssessmentResult:
    participation: CampaignParticipation
    campaign: Campaign
    total_skills_count: int
    tested_skills_count: int
    validated_skills_count: int
    is_completed: bool
    can_retry: bool
    can_reset: bool
    is_disabled: bool
    remaining_seconds_before_retrying: int | None
    competence_results: list[CompetenceResult]

    @property
    def mastery_rate(self) -> float:
        return mastery_rate_for_participant(self.validated_skills_count, self.total_skills_count)

    @property
    def is_shared(self) -> bool:
        return is_shared(self.participation)


async def last_participation(
    session: AsyncSession, user_id: int, campaign_id: int
) -> tuple[CampaignParticipation, Campaign]:
    """The learner's latest participation that no retry superseded (a deleted one included:
    its page says it is disabled). 412 when there is none, as in Pix."""
    row = (
        await session.execute(
            select(CampaignParticipation, Campaign)
            .join(Campaign, Campaign.id == CampaignParticipation.campaign_id)
            .where(
                CampaignParticipation.user_id == user_id,
                CampaignParticipation.campaign_id == campaign_id,
                CampaignParticipation.is_improved.is_(False),
            )
            .order_by(CampaignParticipation.created_at.desc(), CampaignParticipation.id.desc())
            .limit(1)
        )
    ).one_or_none()
    if row is None:
        raise PreconditionFailed(NO_PARTICIPATION)
    participation, campaign = row
    return participation, campaign


async def get_assessment_result(
    session: AsyncSession, user_id: int, campaign_id: int, now: datetime
) -> AssessmentResult:
    participation, campaign = await last_participation(session, user_id, campaign_id)
    targeted = campaign_content(campaign)
    knowledge = {
        ke.skill_id: ke
        for ke in await participation_knowledge(session, participation)
        if ke.skill_id in targeted.skill_ids
    }
    learning = content()
    per_competence: dict[str, list[str]] = {}
    for skill in targeted.skills:
        per_competence.setdefault(skill.competence_id, []).append(skill.id)
    competences = sorted(
        (learning.competences_by_id[competence_id] for competence_id in per_competence),
        key=lambda competence: competence.index,
    )
    competence_results = [
        CompetenceResult(
            competence=competence,
            area=learning.areas_by_id[competence.area_id],
            total_skills_count=len(per_competence[competence.id]),
            tested_skills_count=sum(1 for s in per_competence[competence.id] if s in knowledge),
            validated_skills_count=sum(
                1
                for s in per_competence[competence.id]
                if s in knowledge and knowledge[s].is_validated
            ),
        )
        for competence in competences
    ]
    validated = sum(1 for ke in knowledge.values() if ke.is_validated)
    assessment = await latest_assessment(session, participation.id)
    total = len(targeted.skill_ids)
    return AssessmentResult(
        participation=participation,
        campaign=campaign,
        total_skills_count=total,
        tested_skills_count=len(knowledge),
        validated_skills_count=validated,
        is_completed=assessment is not None and assessment.is_completed,
        can_retry=can_retry(
            campaign,
            participation,
            participation.mastery_rate
            if participation.mastery_rate is not None
            else mastery_rate_for_participant(validated, total),
        ),
        can_reset=can_reset(campaign, participation, now),
        is_disabled=is_disabled(campaign, participation),
        remaining_seconds_before_retrying=remaining_seconds_before_retrying(participation, now),
        competence_results=competence_results,
    )
