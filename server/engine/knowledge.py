"""Knowledge elements: what an answer teaches us about the learner's skills (DOMAIN §3.4, §5.4)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from server.engine.types import (
    AnswerResult,
    AssessmentId,
    KnowledgeElement,
    KnowledgeElementSource,
    KnowledgeElementStatus,
    Skill,
)

MINIMUM_DELAY_IN_DAYS_BEFORE_RETRYING = 4
MINIMUM_DELAY_IN_DAYS_BEFORE_IMPROVING = 4


def latest_non_reset(knowledge_elements: Iterable[KnowledgeElement]) -> list[KnowledgeElement]:
    """The latest knowledge element of each skill, newest first, dropped when it is a reset.

    On equal dates the one given first wins (Pix `toLatestUniqNonResetCollection`).
    """
    newest_first = sorted(knowledge_elements, key=lambda ke: ke.created_at, reverse=True)
    seen: set[str] = set()
    latest: list[KnowledgeElement] = []
    for ke in newest_first:
        if ke.skill_id in seen:
            continue
        seen.add(ke.skill_id)
        if ke.status != KnowledgeElementStatus.RESET:
            latest.append(ke)
    return latest


def filter_for_improvement(
    knowledge_elements: Iterable[KnowledgeElement],
    assessment_created_at: datetime,
    is_retrying: bool,
) -> list[KnowledgeElement]:
    """Forget failures old enough to be retried: keep a KE if validated or younger than 4 days.

    Age is measured at the assessment's creation. The current Pix code applies this to every
    campaign assessment (its data fetcher always passes `isImproving: true`), so a failure from
    more than 4 days ago is asked again while a validated skill never is.
    """
    days = (
        MINIMUM_DELAY_IN_DAYS_BEFORE_RETRYING
        if is_retrying
        else MINIMUM_DELAY_IN_DAYS_BEFORE_IMPROVING
    )
    delay = timedelta(days=days)
    return [
        ke
        for ke in knowledge_elements
        if ke.is_validated or assessment_created_at - ke.created_at < delay
    ]


def knowledge_elements_for_answer(
    *,
    result: AnswerResult,
    skill_id: str,
    target_skills: Sequence[Skill],
    knowledge_elements: Iterable[KnowledgeElement],
    assessment_id: AssessmentId,
    created_at: datetime,
) -> list[KnowledgeElement]:
    """The knowledge elements an answer creates: the direct one first, then the inferred ones.

    `skill_id` is the skill of the answered challenge; `knowledge_elements` are the learner's
    (any assessment: only those of `assessment_id` count as "already assessed").
    Nothing is created when the skill is not a target skill or was already assessed in this
    assessment. Otherwise the direct KE, then within the same tube, among target skills not yet
    assessed here: a success validates every strictly easier skill, a failure (any result but
    `ok`, skips and time-outs included) invalidates every strictly harder one.
    """
    targets = {skill.id: skill for skill in target_skills}
    skill = targets.get(skill_id)
    assessed_here = {
        ke.skill_id
        for ke in latest_non_reset(knowledge_elements)
        if ke.assessment_id == assessment_id
    }
    if skill is None or skill_id in assessed_here:
        return []

    validated = result == AnswerResult.OK
    status = KnowledgeElementStatus.VALIDATED if validated else KnowledgeElementStatus.INVALIDATED

    def make(target: Skill, source: KnowledgeElementSource) -> KnowledgeElement:
        return KnowledgeElement(
            skill_id=target.id,
            status=status,
            source=source,
            assessment_id=assessment_id,
            created_at=created_at,
            earned_pix=target.pix_value if validated else 0,
            competence_id=target.competence_id,
        )

    created = [make(skill, KnowledgeElementSource.DIRECT)]
    for other in targets.values():
        if other.tube_name != skill.tube_name or other.id in assessed_here or other.id == skill.id:
            continue
        easier = other.difficulty < skill.difficulty
        harder = other.difficulty > skill.difficulty
        if (validated and easier) or (not validated and harder):
            created.append(make(other, KnowledgeElementSource.INFERRED))
    return created
