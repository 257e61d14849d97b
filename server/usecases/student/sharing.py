"""Sharing results with the organization (CONTRACT 7.9) and improving them first (7.10).

At sharing time the results are frozen on the participation row and the learner's knowledge
elements are copied into a snapshot: what the teacher sees no longer moves when the learner
goes on learning elsewhere (DOMAIN §4.3).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.ext.asyncio import AsyncSession

from server.engine import types as engine
from server.engine.knowledge import latest_non_reset
from server.engine.scoring import (
    competence_results,
    competence_scores,
    is_certifiable,
    mastery_rate,
    max_pix_score,
    participation_results,
    total_pix_score,
)
from server.errors import Conflict, PreconditionFailed
from server.learning import TargetedContent, campaign_content, content, snapshot_item
from server.models import (
    Assessment,
    AssessmentState,
    Campaign,
    CampaignParticipation,
    CampaignType,
    KnowledgeElementSnapshot,
    ParticipationStatus,
)
from server.usecases.student.access import latest_assessment, participation_of_user
from server.usecases.student.knowledge import user_knowledge_elements

ALREADY_SHARED = "Ces résultats de campagne ont déjà été partagés."
ARCHIVED_CAMPAIGN = "Cannot share results on an archived campaign."
DELETED_CAMPAIGN = "Cannot share results on a deleted campaign."
DELETED_PARTICIPATION = "Cannot share results on a deleted participation."
ASSESSMENT_NOT_COMPLETED = "Cette évaluation n'est pas terminée."
CANT_IMPROVE = "Une campagne de collecte de profils ne peut pas être retentée."


@dataclass(frozen=True)
class FrozenResults:
    """The columns of `campaign_participations` written when results are shared."""

    mastery_rate: float
    validated_skills_count: int
    pix_score: int
    is_certifiable: bool | None
    certifiable_competences_count: int | None
    competence_results: list[dict[str, Any]]

    def apply_to(self, participation: CampaignParticipation) -> None:
        participation.mastery_rate = self.mastery_rate
        participation.validated_skills_count = self.validated_skills_count
        participation.pix_score = self.pix_score
        participation.is_certifiable = self.is_certifiable
        participation.certifiable_competences_count = self.certifiable_competences_count
        participation.competence_results = self.competence_results


def assessment_results_to_freeze(
    targeted: TargetedContent, knowledge: Iterable[engine.KnowledgeElement]
) -> FrozenResults:
    """Assessment campaign: validated target skills, their pix, targeted/validated per
    competence (Pix `ParticipantResultsShared`)."""
    latest = latest_non_reset(knowledge)
    results = participation_results(targeted.skills, latest)
    validated = {ke.skill_id for ke in latest if ke.is_validated}
    return FrozenResults(
        mastery_rate=results.mastery_rate,
        validated_skills_count=results.validated_skills_count,
        pix_score=results.pix_score,
        is_certifiable=None,
        certifiable_competences_count=None,
        competence_results=[
            {
                "competence_id": result.competence_id,
                "validated": result.validated_skills_count,
                "targeted": result.target_skills_count,
            }
            for result in competence_results(targeted.skills, validated)
        ],
    )


def profile_results_to_freeze(knowledge: Iterable[engine.KnowledgeElement]) -> FrozenResults:
    """Profiles collection: pix over every validated KE, level per competence, certifiability;
    the "mastery rate" is the share of the maximal pix score (1024 with 8 levels)."""
    validated = [ke for ke in latest_non_reset(knowledge) if ke.is_validated]
    scores = competence_scores(validated)
    pix_score = total_pix_score(validated)
    levels = [score.level for score in scores.values()]
    return FrozenResults(
        mastery_rate=mastery_rate(pix_score, max_pix_score()),
        validated_skills_count=len(validated),
        pix_score=pix_score,
        is_certifiable=is_certifiable(levels),
        certifiable_competences_count=sum(1 for level in levels if level >= 1),
        competence_results=[
            {
                "competence_id": competence.id,
                "level": scores[competence.id].level if competence.id in scores else 0,
                "pix_score": scores[competence.id].pix_score if competence.id in scores else 0,
            }
            for competence in sorted(content().competences, key=lambda c: c.index)
        ],
    )


def results_to_freeze(
    campaign: Campaign, knowledge: Iterable[engine.KnowledgeElement]
) -> FrozenResults:
    if campaign.type == CampaignType.PROFILES_COLLECTION:
        return profile_results_to_freeze(knowledge)
    return assessment_results_to_freeze(campaign_content(campaign), knowledge)


def knowledge_snapshot(knowledge: Iterable[engine.KnowledgeElement]) -> list[dict[str, Any]]:
    """The learner's latest KE of every skill (all of Pix, not only the campaign's)."""
    return [snapshot_item(ke) for ke in latest_non_reset(knowledge)]


def _check_can_share(
    campaign: Campaign, participation: CampaignParticipation, assessment: Assessment | None
) -> None:
    if participation.status == ParticipationStatus.SHARED:
        raise PreconditionFailed(ALREADY_SHARED)
    if campaign.archived_at is not None:
        raise PreconditionFailed(ARCHIVED_CAMPAIGN)
    if campaign.deleted_at is not None:
        raise PreconditionFailed(DELETED_CAMPAIGN)
    if participation.deleted_at is not None:
        raise PreconditionFailed(DELETED_PARTICIPATION)
    if campaign.type == CampaignType.ASSESSMENT and (
        assessment is None or assessment.state != AssessmentState.COMPLETED
    ):
        raise Conflict(ASSESSMENT_NOT_COMPLETED)


async def share_participation(
    session: AsyncSession, participation_id: int, user_id: int, now: datetime
) -> CampaignParticipation:
    """Share ("J'envoie mes résultats"): SHARED, results frozen, KE snapshot taken."""
    found = await participation_of_user(session, participation_id, user_id)
    participation, campaign = found.participation, found.campaign
    _check_can_share(campaign, participation, await latest_assessment(session, participation.id))
    # Conditional on the status, so two racing shares cannot both succeed.
    changed = await session.execute(
        update(CampaignParticipation)
        .where(
            CampaignParticipation.id == participation.id,
            CampaignParticipation.status != ParticipationStatus.SHARED,
        )
        .values(status=ParticipationStatus.SHARED, shared_at=now)
        .execution_options(synchronize_session="fetch")
    )
    if cast("CursorResult[Any]", changed).rowcount != 1:
        raise PreconditionFailed(ALREADY_SHARED)
    knowledge = await user_knowledge_elements(session, user_id)
    results_to_freeze(campaign, knowledge).apply_to(participation)
    session.add(
        KnowledgeElementSnapshot(
            campaign_participation_id=participation.id,
            snapshot=knowledge_snapshot(knowledge),
            snapped_at=now,
        )
    )
    await session.flush()
    return participation


async def begin_improvement(
    session: AsyncSession, participation_id: int, user_id: int, now: datetime
) -> None:
    """Before sharing, go back to the test to answer what was failed long enough ago.

    A no-op while an assessment is still under way (improving or not).
    """
    found = await participation_of_user(session, participation_id, user_id)
    participation, campaign = found.participation, found.campaign
    if campaign.type == CampaignType.PROFILES_COLLECTION:
        raise PreconditionFailed(CANT_IMPROVE)
    if participation.status == ParticipationStatus.SHARED:
        raise PreconditionFailed(ALREADY_SHARED)
    current = await latest_assessment(session, participation.id)
    if current is not None and current.state == AssessmentState.STARTED:
        return
    session.add(
        Assessment(
            user_id=user_id,
            campaign_participation_id=participation.id,
            is_improving=True,
            created_at=now,
            updated_at=now,
        )
    )
    participation.status = ParticipationStatus.STARTED
    await session.flush()
