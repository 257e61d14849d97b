"""Pix App test pages: assessments, challenges, answers, corrections, progression, feedbacks
(CONTRACT 7.3-7.7, 7.13). Pix declares most of them `auth: false` and checks ownership."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from server.db import SessionDep
from server.errors import NotFound
from server.idempotency import REPLAYED_HEADER, IdempotencyKeyHeader
from server.jsonapi import MAX_ID, KebabModel, RequiredToOneIn, respond
from server.models import utcnow
from server.routes.conditional import PRIVATE_REVALIDATE, PUBLIC_CONTENT, conditional_json
from server.routes.optional_caller import OptionalCallerDep, caller_id
from server.serializers.assessments import (
    answer_document,
    answers_document,
    assessment_document,
    challenge_document,
    correction_document,
    feedback_document,
    progression_document,
)
from server.usecases.student.answers import (
    AnswerSubmission,
    find_answer,
    get_answer,
    get_correction,
    list_answers,
    save_answer,
)
from server.usecases.student.assessments import (
    complete_assessment,
    get_assessment_with_next_challenge,
    get_challenge,
    get_progression,
    update_last_question_state,
)
from server.usecases.student.feedbacks import create_feedback

router = APIRouter(prefix="/api", tags=["assessments"])

AssessmentIdPath = Annotated[int, Path(alias="id", ge=1, le=MAX_ID)]
AnswerIdPath = Annotated[int, Path(alias="id", ge=1, le=MAX_ID)]
ContentId = Annotated[str, Field(min_length=1, max_length=100)]
MAX_ANSWER_LENGTH = 10_000
MAX_FEEDBACK_LENGTH = 10_000
_PROGRESSION_ID = re.compile(r"^progression-([1-9][0-9]{0,9})$")


@router.get("/assessments/{id}")
async def get_assessment(
    assessment_id: AssessmentIdPath,
    request: Request,
    caller: OptionalCallerDep,
    session: SessionDep,
) -> Response:
    item = await get_assessment_with_next_challenge(
        session, assessment_id, caller_id(caller), utcnow()
    )
    return conditional_json(request, assessment_document(item), cache_control=PRIVATE_REVALIDATE)


@router.patch("/assessments/{id}/complete-assessment", status_code=204)
async def patch_complete_assessment(
    assessment_id: AssessmentIdPath, caller: OptionalCallerDep, session: SessionDep
) -> Response:
    await complete_assessment(session, assessment_id, caller_id(caller), utcnow())
    return Response(status_code=204)


class LastChallengeStateAttributes(KebabModel):
    challenge_id: ContentId | None = None


class LastChallengeStateData(BaseModel):
    attributes: LastChallengeStateAttributes = LastChallengeStateAttributes()


class LastChallengeStateBody(BaseModel):
    data: LastChallengeStateData = LastChallengeStateData()


@router.patch("/assessments/{id}/last-challenge-state/{state}", status_code=204)
async def patch_last_challenge_state(
    assessment_id: AssessmentIdPath,
    state: Annotated[str, Path(max_length=20)],
    caller: OptionalCallerDep,
    session: SessionDep,
    body: LastChallengeStateBody | None = None,
) -> Response:
    challenge_id = body.data.attributes.challenge_id if body is not None else None
    await update_last_question_state(
        session, assessment_id, caller_id(caller), state, challenge_id, utcnow()
    )
    return Response(status_code=204)


@router.get("/challenges/{id}")
async def get_challenge_to_play(
    challenge_id: Annotated[str, Path(alias="id", max_length=100)], request: Request
) -> Response:
    return conditional_json(
        request, challenge_document(get_challenge(challenge_id)), cache_control=PUBLIC_CONTENT
    )


# --- answers --------------------------------------------------------------------------------


class ChallengeIdentifierIn(BaseModel):
    id: ContentId
    type: str


class ChallengeToOneIn(BaseModel):
    data: ChallengeIdentifierIn


class AnswerAttributes(KebabModel):
    value: Annotated[str, Field(max_length=MAX_ANSWER_LENGTH)] | None = None
    # `result` and `result-details` may be sent: the server computes them and ignores these.
    result: Any = None
    result_details: Any = None
    # Seconds left when answered (negative: the time ran out); bounded like every integer
    # we store, so an absurd value is a 400 rather than a database overflow.
    timeout: Annotated[int, Field(ge=-MAX_ID, le=MAX_ID)] | None = None
    focused_out: bool = False
    time_spent: Annotated[int, Field(ge=0, le=MAX_ID)] | None = None


class AnswerRelationships(BaseModel):
    assessment: RequiredToOneIn
    challenge: ChallengeToOneIn


class AnswerData(BaseModel):
    attributes: AnswerAttributes = AnswerAttributes()
    relationships: AnswerRelationships


class AnswerBody(BaseModel):
    data: AnswerData


@router.post("/answers", status_code=201)
async def post_answer(
    body: AnswerBody,
    caller: OptionalCallerDep,
    session: SessionDep,
    idempotency_key: IdempotencyKeyHeader = None,
) -> JSONResponse:
    attributes = body.data.attributes
    relationships = body.data.relationships
    submission = AnswerSubmission(
        assessment_id=relationships.assessment.data.id,
        challenge_id=relationships.challenge.data.id,
        # NUL characters cannot be stored in PostgreSQL text; Pix strips them too.
        value=(attributes.value or "").replace("\x00", ""),
        timeout=attributes.timeout,
        focused_out=attributes.focused_out,
        time_spent=attributes.time_spent,
        idempotency_key=idempotency_key,
    )
    saved = await save_answer(session, caller_id(caller), submission, utcnow())
    headers = {REPLAYED_HEADER: "true"} if saved.replayed else None
    return respond(answer_document(saved.answer), status_code=201, headers=headers)


@router.get("/answers")
async def get_answers(
    caller: OptionalCallerDep,
    session: SessionDep,
    assessment_id: Annotated[int, Query(alias="assessmentId", ge=1, le=MAX_ID)],
    challenge_id: Annotated[str | None, Query(alias="challengeId", max_length=100)] = None,
) -> JSONResponse:
    if challenge_id is not None:
        found = await find_answer(session, assessment_id, challenge_id, caller_id(caller))
        return respond(answer_document(found))
    return respond(answers_document(await list_answers(session, assessment_id, caller_id(caller))))


@router.get("/answers/{id}")
async def get_one_answer(
    answer_id: AnswerIdPath, caller: OptionalCallerDep, session: SessionDep
) -> JSONResponse:
    return respond(answer_document(await get_answer(session, answer_id, caller_id(caller))))


@router.get("/answers/{id}/correction")
async def get_answer_correction(
    answer_id: AnswerIdPath, caller: OptionalCallerDep, session: SessionDep
) -> JSONResponse:
    correction = await get_correction(session, answer_id, caller_id(caller))
    return respond(correction_document(correction))


@router.get("/progressions/{id}")
async def get_assessment_progression(
    progression_id: Annotated[str, Path(alias="id", max_length=30)],
    caller: OptionalCallerDep,
    session: SessionDep,
) -> JSONResponse:
    match = _PROGRESSION_ID.match(progression_id)
    if match is None or int(match.group(1)) > MAX_ID:
        raise NotFound(f"Progression not found for ID {progression_id}")
    progress = await get_progression(session, int(match.group(1)), caller_id(caller))
    return respond(progression_document(progress))


# --- feedbacks ------------------------------------------------------------------------------


class FeedbackAttributes(KebabModel):
    content: Annotated[str, Field(max_length=MAX_FEEDBACK_LENGTH)] = ""
    category: Annotated[str, Field(max_length=255)] | None = None
    answer: Annotated[str, Field(max_length=MAX_ANSWER_LENGTH)] | None = None


class FeedbackRelationships(BaseModel):
    assessment: RequiredToOneIn
    challenge: ChallengeToOneIn


class FeedbackData(BaseModel):
    attributes: FeedbackAttributes = FeedbackAttributes()
    relationships: FeedbackRelationships


class FeedbackBody(BaseModel):
    data: FeedbackData


@router.post("/feedbacks", status_code=201)
async def post_feedback(body: FeedbackBody, request: Request, session: SessionDep) -> JSONResponse:
    attributes = body.data.attributes
    feedback = await create_feedback(
        session,
        assessment_id=body.data.relationships.assessment.data.id,
        challenge_id=body.data.relationships.challenge.data.id,
        text=attributes.content.replace("\x00", ""),
        category=attributes.category,
        answer=attributes.answer.replace("\x00", "") if attributes.answer else attributes.answer,
        user_agent=request.headers.get("user-agent"),
        now=utcnow(),
    )
    return respond(feedback_document(feedback), status_code=201)
