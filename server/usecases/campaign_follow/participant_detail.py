"""One participant seen from Pix Orga: the assessment participation (CONTRACT 5.3), its
results per competence (5.4), and a received profile (6.2).

What was shared is read from the KE snapshot and the frozen results, never from the
learner's live knowledge: what the teacher sees no longer moves afterwards. Before sharing,
only the progression is shown (Pix hides the results until then, and so does this server).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.content import Area, Competence
from server.engine import types as engine
from server.engine.knowledge import latest_non_reset
from server.engine.scoring import progression
from server.errors import NotFound
from server.learning import campaign_content, content, knowledge_for_algorithm
from server.models import Assessment, Campaign, CampaignParticipation, ParticipationStatus, User
from server.usecases.campaign_follow.queries import pix_mastery_rate
from server.usecases.student.access import latest_assessment
from server.usecases.student.knowledge import (
    has_several_participations,
    snapshot_knowledge,
    user_knowledge_elements,
)

CP = CampaignParticipation


@dataclass(frozen=True)
class Participant:
    participation: CampaignParticipation
    first_name: str
    last_name: str

    @property
    def is_shared(self) -> bool:
        return self.participation.status == ParticipationStatus.SHARED


async def participant(
    session: AsyncSession, campaign: Campaign, participation_id: int
) -> Participant:
    """A participation of this campaign with its learner's name; 404 otherwise (deleted
    included, as Pix)."""
    row = (
        await session.execute(
            select(CP, User.first_name, User.last_name)
            .join(User, User.id == CP.user_id)
            .where(
                CP.id == participation_id,
                CP.campaign_id == campaign.id,
                CP.deleted_at.is_(None),
            )
        )
    ).one_or_none()
    if row is None:
        raise NotFound(f'There is no campaign participation with the id "{participation_id}"')
    return Participant(row[0], row[1], row[2])


# --- 5.3 ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentParticipation:
    participant: Participant
    progression: float
    targeted_skills_count: int
    # Results: None until shared.
    mastery_rate: float | None
    validated_skills_count: int | None
    tested_skills_count: int | None


async def _knowledge_before_sharing(
    session: AsyncSession,
    campaign: Campaign,
    participation: CampaignParticipation,
    assessment: Assessment | None,
) -> list[engine.KnowledgeElement]:
    """What the algorithm knows of the learner now (an improvement forgets old failures)."""
    live = await user_knowledge_elements(session, participation.user_id)
    return knowledge_for_algorithm(
        live,
        is_improving=assessment is not None and assessment.is_improving,
        assessment_created_at=assessment.created_at if assessment else participation.created_at,
        is_retrying=await has_several_participations(session, participation.user_id, campaign.id),
    )


async def assessment_participation(
    session: AsyncSession, campaign: Campaign, participation_id: int
) -> AssessmentParticipation:
    found = await participant(session, campaign, participation_id)
    participation = found.participation
    targeted = campaign_content(campaign)
    target_count = len(targeted.skills)
    if found.is_shared:
        frozen = await snapshot_knowledge(session, participation.id) or []
        tested = sum(1 for ke in latest_non_reset(frozen) if ke.skill_id in targeted.skill_ids)
        # Sharing needs a completed assessment: the test is over.
        return AssessmentParticipation(
            participant=found,
            progression=progression(tested, target_count, completed=True),
            targeted_skills_count=target_count,
            mastery_rate=pix_mastery_rate(participation.mastery_rate),
            validated_skills_count=participation.validated_skills_count,
            tested_skills_count=tested,
        )
    assessment = await latest_assessment(session, participation.id)
    completed = assessment is not None and assessment.is_completed
    tested = 0
    if not completed:
        knowledge = await _knowledge_before_sharing(session, campaign, participation, assessment)
        tested = sum(1 for ke in knowledge if ke.skill_id in targeted.skill_ids)
    return AssessmentParticipation(
        participant=found,
        progression=progression(tested, target_count, completed),
        targeted_skills_count=target_count,
        mastery_rate=None,
        validated_skills_count=None,
        tested_skills_count=None,
    )


# --- 5.4 ------------------------------------------------------------------------------------


def js_to_fixed_2(value: float) -> float:
    """`Number(x.toFixed(2))`: the exact binary value rounded, halves up (Pix's competence
    mastery rate)."""
    return float(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class CompetenceResult:
    competence: Competence
    area: Area
    targeted_skills_count: int
    validated_skills_count: int
    tested_skills_count: int

    @property
    def mastery_rate(self) -> float:
        if self.targeted_skills_count == 0:
            return 0.0
        return js_to_fixed_2(self.validated_skills_count / self.targeted_skills_count)


@dataclass(frozen=True)
class AssessmentParticipationResults:
    participant: Participant
    competence_results: list[CompetenceResult]  # empty until shared


async def assessment_participation_results(
    session: AsyncSession, campaign: Campaign, participation_id: int
) -> AssessmentParticipationResults:
    found = await participant(session, campaign, participation_id)
    if not found.is_shared:
        return AssessmentParticipationResults(found, [])
    frozen = latest_non_reset(await snapshot_knowledge(session, found.participation.id) or [])
    targeted = campaign_content(campaign)
    learning = content()
    tested = {ke.skill_id for ke in frozen}
    validated = {ke.skill_id for ke in frozen if ke.is_validated}
    per_competence: dict[str, list[str]] = {}
    for skill in targeted.skills:
        per_competence.setdefault(skill.competence_id, []).append(skill.id)
    competences = sorted(
        (learning.competences_by_id[competence_id] for competence_id in per_competence),
        key=lambda competence: competence.index,
    )
    results = []
    for competence in competences:
        skills = per_competence[competence.id]
        results.append(
            CompetenceResult(
                competence=competence,
                area=learning.areas_by_id[competence.area_id],
                targeted_skills_count=len(skills),
                validated_skills_count=sum(1 for skill in skills if skill in validated),
                tested_skills_count=sum(1 for skill in skills if skill in tested),
            )
        )
    return AssessmentParticipationResults(found, results)


# --- 6.2 ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileCompetence:
    competence: Competence
    area: Area
    level: int
    pix_score: int


@dataclass(frozen=True)
class ReceivedProfile:
    participant: Participant
    # None / empty until shared.
    pix_score: int | None
    is_certifiable: bool | None
    certifiable_competences_count: int | None
    competences: list[ProfileCompetence]

    @property
    def shared_at(self) -> datetime | None:
        return self.participant.participation.shared_at


def profile_competences(frozen: list[dict[str, Any]] | None) -> list[ProfileCompetence]:
    """The 16 competences of a shared profile, by index, from its frozen results."""
    learning = content()
    by_id = {item["competence_id"]: item for item in frozen or []}
    competences = sorted(learning.competences, key=lambda competence: competence.index)
    return [
        ProfileCompetence(
            competence=competence,
            area=learning.areas_by_id[competence.area_id],
            level=int(by_id.get(competence.id, {}).get("level", 0)),
            pix_score=int(by_id.get(competence.id, {}).get("pix_score", 0)),
        )
        for competence in competences
    ]


async def received_profile(
    session: AsyncSession, campaign: Campaign, participation_id: int
) -> ReceivedProfile:
    found = await participant(session, campaign, participation_id)
    participation = found.participation
    if not found.is_shared:
        return ReceivedProfile(found, None, None, None, [])
    return ReceivedProfile(
        found,
        pix_score=participation.pix_score,
        is_certifiable=participation.is_certifiable,
        certifiable_competences_count=participation.certifiable_competences_count,
        competences=profile_competences(participation.competence_results),
    )
