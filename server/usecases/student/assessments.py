"""A campaign assessment in progress: the next challenge, progression, completion (CONTRACT 7.3,
7.6, 7.7).

The next challenge comes from the engine, then is *recorded* on the assessment
(`last_challenge_id`): while it is unanswered, asking again serves it again without
recomputing, so a learner who resumes from another machine meets the very same question.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from server.content import Challenge
from server.engine import types as engine
from server.engine.smart_random import next_challenge
from server.errors import BadRequest, Conflict, NotFound
from server.learning import (
    TargetedContent,
    campaign_content,
    content,
    knowledge_for_algorithm,
    last_answer_record,
)
from server.models import (
    Answer,
    AssessmentState,
    LastQuestionState,
    ParticipationStatus,
)
from server.usecases.student.access import AssessmentInCampaign, owned_assessment
from server.usecases.student.knowledge import (
    answers_of_assessment,
    has_several_participations,
    user_knowledge_elements,
)

TEST_NOT_ENDED = "Cette évaluation n'est pas terminée : il reste des questions."
UNKNOWN_LAST_QUESTION_STATE = '"state" must be one of [asked, timeout, focusedout]'


@dataclass(frozen=True)
class AssessmentProgress:
    """Everything the algorithm reads about one assessment."""

    where: AssessmentInCampaign
    targeted: TargetedContent
    answers: list[Answer]
    # The learner's KEs as the algorithm sees them (latest, improvement-filtered).
    knowledge: list[engine.KnowledgeElement]

    @property
    def answered_challenge_ids(self) -> list[str]:
        return [answer.challenge_id for answer in self.answers]

    def compute_next_challenge_id(self) -> str | None:
        """The engine's pick, or None when the test has ended."""
        assessment = self.where.assessment
        picked = next_challenge(
            self.targeted.skills,
            self.targeted.challenges,
            self.knowledge,
            self.answered_challenge_ids,
            last_answer_record(self.answers),
            assessment.id,
        )
        return picked.challenge_id if picked is not None else None

    def pending_challenge_id(self) -> str | None:
        """The recorded challenge if it still waits for its answer (and still exists)."""
        last = self.where.assessment.last_challenge_id
        if last is None or last in self.answered_challenge_ids:
            return None
        return last if last in content().challenges_by_id else None

    @property
    def completion_rate(self) -> float:
        """DOMAIN §4.3 in-test progression: targeted skills already assessed / targeted."""
        if self.where.assessment.is_completed:
            return 1.0
        if not self.targeted.skill_ids:
            return 0.0
        assessed = {ke.skill_id for ke in self.knowledge if ke.skill_id in self.targeted.skill_ids}
        return len(assessed) / len(self.targeted.skill_ids)


async def load_progress(session: AsyncSession, where: AssessmentInCampaign) -> AssessmentProgress:
    assessment = where.assessment
    is_retrying = assessment.is_improving and await has_several_participations(
        session, assessment.user_id, where.campaign.id
    )
    knowledge = knowledge_for_algorithm(
        await user_knowledge_elements(session, assessment.user_id),
        is_improving=assessment.is_improving,
        assessment_created_at=assessment.created_at,
        is_retrying=is_retrying,
    )
    return AssessmentProgress(
        where=where,
        targeted=campaign_content(where.campaign),
        answers=await answers_of_assessment(session, assessment.id),
        knowledge=knowledge,
    )


@dataclass(frozen=True)
class AssessmentWithNextChallenge:
    progress: AssessmentProgress
    next_challenge: Challenge | None

    @property
    def where(self) -> AssessmentInCampaign:
        return self.progress.where


async def get_assessment_with_next_challenge(
    session: AsyncSession, assessment_id: int, user_id: int | None, now: datetime
) -> AssessmentWithNextChallenge:
    """The assessment and the challenge to answer now (None once the test has ended).

    Not read-only: a newly picked challenge is recorded as the one asked.
    """
    where = await owned_assessment(session, assessment_id, user_id)
    progress = await load_progress(session, where)
    assessment = where.assessment
    if assessment.state != AssessmentState.STARTED:
        return AssessmentWithNextChallenge(progress, None)
    challenge_id = progress.pending_challenge_id()
    if challenge_id is None:
        challenge_id = progress.compute_next_challenge_id()
        if challenge_id is not None:
            assessment.last_challenge_id = challenge_id
            assessment.last_question_state = LastQuestionState.ASKED
            assessment.last_question_date = now
            assessment.updated_at = now
            await session.flush()
    challenge = content().challenges_by_id[challenge_id] if challenge_id else None
    return AssessmentWithNextChallenge(progress, challenge)


def get_challenge(challenge_id: str) -> Challenge:
    """A challenge of the content, to play (any learner, no token needed)."""
    challenge = content().challenges_by_id.get(challenge_id)
    if challenge is None:
        raise NotFound(f"Challenge not found for ID {challenge_id}")
    return challenge


async def get_progression(
    session: AsyncSession, assessment_id: int, user_id: int | None
) -> AssessmentProgress:
    return await load_progress(session, await owned_assessment(session, assessment_id, user_id))


async def complete_assessment(
    session: AsyncSession, assessment_id: int, user_id: int | None, now: datetime
) -> None:
    """End the test: the assessment is completed and the participation waits to be shared.

    Refused while a question is left (a client must not end a test early); completing twice
    is harmless, so that a client may retry after a network failure.
    """
    where = await owned_assessment(session, assessment_id, user_id)
    assessment = where.assessment
    if assessment.is_completed:
        return
    progress = await load_progress(session, where)
    if progress.pending_challenge_id() or progress.compute_next_challenge_id():
        raise Conflict(TEST_NOT_ENDED)
    assessment.state = AssessmentState.COMPLETED
    assessment.updated_at = now
    if where.participation.status == ParticipationStatus.STARTED:
        where.participation.status = ParticipationStatus.TO_SHARE
    await session.flush()


async def update_last_question_state(
    session: AsyncSession,
    assessment_id: int,
    user_id: int | None,
    state: str,
    challenge_id: str | None,
    now: datetime,
) -> None:
    """A timed challenge ran out, or the learner left a focused one (`focusedout`)."""
    try:
        new_state = LastQuestionState(state)
    except ValueError:
        raise BadRequest(UNKNOWN_LAST_QUESTION_STATE) from None
    where = await owned_assessment(session, assessment_id, user_id)
    assessment = where.assessment
    # Pix ignores a focus-out reported for a challenge that is no longer the current one.
    if (
        new_state == LastQuestionState.FOCUSED_OUT
        and challenge_id is not None
        and challenge_id != assessment.last_challenge_id
    ):
        return
    assessment.last_question_state = new_state
    assessment.updated_at = now
    await session.flush()
