"""Answering a challenge (CONTRACT 7.5) and reading answers back with their correction (7.6).

One answer is one transaction: the answer and the knowledge elements it creates commit
together or not at all. A client that lost the response re-sends the same request with the
same `Idempotency-Key`: it gets the stored answer back, and nothing is recorded twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from server.content import Challenge, Skill, Tutorial
from server.engine.knowledge import knowledge_elements_for_answer
from server.engine.validation import EmptyAnswerError, check_answer_not_empty, evaluate
from server.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    PreconditionFailed,
    UnprocessableEntity,
)
from server.idempotency import KEY_REUSED
from server.learning import campaign_content, content, knowledge_element_values
from server.models import Answer, Assessment, AssessmentState, KnowledgeElement
from server.usecases.student.access import answer_of_user, campaign_assessment
from server.usecases.student.corrections import FieldVerdicts, field_verdicts, solution_to_display
from server.usecases.student.knowledge import answers_of_assessment, user_knowledge_elements

NOT_YOUR_ASSESSMENT = "User is not allowed to add an answer for this assessment."
ALREADY_ANSWERED = "This challenge has already been answered."
NOT_ASKED = "This challenge has not been asked to the user."
ASSESSMENT_ENDED = "Evaluation terminée."
EMPTY_ANSWER = "The answer value cannot be empty"
EMPTY_ANSWER_CODE = "ANSWER_CANNOT_BE_EMPTY"
NOT_YOUR_ANSWERS = "User does not have an access to this assessment"
IDEMPOTENCY_KEY_REUSED = "Cette clé d'idempotence a déjà servi pour une autre réponse."
CAMPAIGN_ARCHIVED = "La campagne est archivée : vous ne pouvez plus y répondre."
CAMPAIGN_ARCHIVED_CODE = "CAMPAIGN_ARCHIVED"
PARTICIPATION_DELETED = "Cannot answer on a deleted participation."
PARTICIPATION_DELETED_CODE = "PARTICIPATION_DELETED"


@dataclass(frozen=True)
class AnswerSubmission:
    assessment_id: int
    challenge_id: str
    value: str
    timeout: int | None
    focused_out: bool
    time_spent: int | None
    idempotency_key: str | None


@dataclass(frozen=True)
class SavedAnswer:
    answer: Answer
    # True when the answer was already stored (a re-sent request): nothing was recorded now.
    replayed: bool


async def _answer_for(
    session: AsyncSession,
    assessment_id: int,
    *,
    challenge_id: str | None = None,
    key: str | None = None,
) -> Answer | None:
    query = select(Answer).where(Answer.assessment_id == assessment_id)
    if challenge_id is not None:
        query = query.where(Answer.challenge_id == challenge_id)
    if key is not None:
        query = query.where(Answer.idempotency_key == key)
    return await session.scalar(query)


async def _earlier_answers(
    session: AsyncSession, assessment_id: int, challenge_id: str, key: str | None
) -> tuple[Answer | None, Answer | None]:
    """(the answer stored under this idempotency key, the answer to this challenge), in one
    query: both unique in the assessment, often the same row."""
    condition = Answer.challenge_id == challenge_id
    if key is not None:
        condition = or_(condition, Answer.idempotency_key == key)
    rows = (
        await session.scalars(
            select(Answer).where(Answer.assessment_id == assessment_id, condition)
        )
    ).all()
    by_key = next((row for row in rows if key is not None and row.idempotency_key == key), None)
    to_challenge = next((row for row in rows if row.challenge_id == challenge_id), None)
    return by_key, to_challenge


def _insert_new_answer(session: AsyncSession, values: dict[str, Any]) -> Any:
    """INSERT of an answer returning it, or nothing when a unique constraint (a twin answer)
    already holds the row: one statement where a savepoint around the insert took three."""
    dialect_insert = postgresql_insert if _dialect(session) == "postgresql" else sqlite_insert
    return dialect_insert(Answer).values(**values).on_conflict_do_nothing().returning(Answer)


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


async def save_answer(
    session: AsyncSession, user_id: int | None, submission: AnswerSubmission, now: datetime
) -> SavedAnswer:
    """Correct and record an answer to the challenge the assessment last asked."""
    # Write to the assessment first: it takes the row lock (the database lock on SQLite), so
    # two posts for one assessment run one after the other and the second sees the first.
    await session.execute(
        update(Assessment).where(Assessment.id == submission.assessment_id).values(updated_at=now)
    )
    where = await campaign_assessment(session, submission.assessment_id)
    if where is None:
        raise NotFound(f"Assessment not found for ID {submission.assessment_id}")
    assessment = where.assessment
    if user_id is None or assessment.user_id != user_id:
        raise Forbidden(NOT_YOUR_ASSESSMENT)

    stored, to_challenge = await _earlier_answers(
        session, assessment.id, submission.challenge_id, submission.idempotency_key
    )
    if stored is not None and stored.challenge_id != submission.challenge_id:
        raise UnprocessableEntity(IDEMPOTENCY_KEY_REUSED, code=KEY_REUSED)
    if stored is not None:
        return SavedAnswer(stored, replayed=True)
    if to_challenge is not None:
        raise Conflict(ALREADY_ANSWERED)
    if assessment.state != AssessmentState.STARTED:
        raise BadRequest(ASSESSMENT_ENDED)
    # An archived campaign takes no new answers (its teacher closed it; Pix refuses joining
    # and sharing there too). A re-sent answer stored before the archive is replayed above.
    if where.campaign.archived_at is not None:
        raise PreconditionFailed(CAMPAIGN_ARCHIVED, code=CAMPAIGN_ARCHIVED_CODE)
    # Deleted by support (or with its campaign): what is answered there would count nowhere.
    if where.participation.deleted_at is not None or where.campaign.deleted_at is not None:
        raise PreconditionFailed(PARTICIPATION_DELETED, code=PARTICIPATION_DELETED_CODE)
    if submission.challenge_id != assessment.last_challenge_id:
        raise Conflict(NOT_ASKED)
    challenge = content().challenges_by_id.get(submission.challenge_id)
    if challenge is None:  # the content changed under a pending question
        raise NotFound(f"Challenge not found for ID {submission.challenge_id}")
    try:
        check_answer_not_empty(submission.value, submission.timeout)
    except EmptyAnswerError:
        raise BadRequest(EMPTY_ANSWER, code=EMPTY_ANSWER_CODE) from None

    evaluation = evaluate(
        challenge.type,
        challenge.solution,
        submission.value,
        treatments=challenge.treatments,
        format=challenge.format,
        timeout=submission.timeout,
    )
    # The unique constraints are the last guard against a twin answer.
    answer = await session.scalar(
        _insert_new_answer(
            session,
            {
                "assessment_id": assessment.id,
                "challenge_id": challenge.id,
                "value": submission.value,
                "result": evaluation.result.value,
                "result_details": (
                    dict(evaluation.result_details) if evaluation.result_details else None
                ),
                "timeout": submission.timeout,
                "focused_out": submission.focused_out,
                "time_spent": submission.time_spent,
                "idempotency_key": submission.idempotency_key,
                "created_at": now,
            },
        )
    )
    if answer is None:
        twin = await _answer_for(session, assessment.id, challenge_id=submission.challenge_id)
        if twin is not None and twin.idempotency_key == submission.idempotency_key:
            return SavedAnswer(twin, replayed=True)
        raise Conflict(ALREADY_ANSWERED)

    created = knowledge_elements_for_answer(
        result=evaluation.result,
        skill_id=challenge.skill_id,
        target_skills=campaign_content(where.campaign).skills,
        knowledge_elements=await user_knowledge_elements(session, assessment.user_id),
        assessment_id=assessment.id,
        created_at=now,
    )
    if created:
        # One statement for all of them (a flush of ORM objects sends one INSERT each).
        await session.execute(
            insert(KnowledgeElement),
            [
                knowledge_element_values(ke, user_id=assessment.user_id, answer_id=answer.id)
                for ke in created
            ],
        )
    return SavedAnswer(answer, replayed=False)


async def list_answers(
    session: AsyncSession, assessment_id: int, user_id: int | None
) -> list[Answer]:
    assessment = await session.get(Assessment, assessment_id)
    if assessment is None or user_id is None or assessment.user_id != user_id:
        raise Forbidden(NOT_YOUR_ANSWERS)
    return await answers_of_assessment(session, assessment_id)


async def find_answer(
    session: AsyncSession, assessment_id: int, challenge_id: str, user_id: int | None
) -> Answer | None:
    """`?assessmentId=&challengeId=`: Pix answers `data: null` rather than refusing."""
    if user_id is None:
        return None
    return await session.scalar(
        select(Answer)
        .join(Assessment, Assessment.id == Answer.assessment_id)
        .where(
            Answer.assessment_id == assessment_id,
            Answer.challenge_id == challenge_id,
            Assessment.user_id == user_id,
        )
    )


async def get_answer(session: AsyncSession, answer_id: int, user_id: int | None) -> Answer:
    if user_id is None:
        raise NotFound(f"Not found answer for ID {answer_id}")
    return await answer_of_user(session, answer_id, user_id)


@dataclass(frozen=True)
class Correction:
    answer: Answer
    challenge: Challenge
    skill: Skill
    tutorials: list[Tutorial]
    verdicts: FieldVerdicts

    @property
    def solution_to_display(self) -> str:
        return solution_to_display(self.challenge)


async def get_correction(session: AsyncSession, answer_id: int, user_id: int | None) -> Correction:
    answer = await get_answer(session, answer_id, user_id)
    learning = content()
    challenge = learning.challenges_by_id.get(answer.challenge_id)
    if challenge is None:
        raise NotFound(f"Challenge not found for ID {answer.challenge_id}")
    skill = learning.skills_by_id[challenge.skill_id]
    return Correction(
        answer=answer,
        challenge=challenge,
        skill=skill,
        tutorials=learning.tutorials_of_skill(skill.id),
        verdicts=field_verdicts(challenge, answer.value),
    )
