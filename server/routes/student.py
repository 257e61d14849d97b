"""Pix App around a campaign: find it by code, join it, share, improve, results, profiles
(CONTRACT 7.1, 7.2, 7.8-7.12)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from server.db import SessionDep
from server.deps import CallerDep, UserIdPath
from server.errors import BadRequest
from server.idempotency import (
    IdempotencyKeyHeader,
    claim_idempotency_key,
    remember_response,
)
from server.jsonapi import MAX_ID, KebabModel, RequiredToOneIn, respond
from server.models import utcnow
from server.permissions import ensure_same_user
from server.serializers.student import (
    assessment_result_document,
    campaign_to_join_document,
    participation_document,
    shared_profile_document,
    user_profile_document,
)
from server.usecases.student.participations import (
    current_participation,
    find_campaign_to_join,
    start_participation,
)
from server.usecases.student.profiles import get_shared_profile_for_campaign, get_user_profile
from server.usecases.student.results import get_assessment_result
from server.usecases.student.sharing import begin_improvement, share_participation

router = APIRouter(prefix="/api", tags=["student"])

CampaignIdPath = Annotated[int, Path(alias="campaignId", ge=1, le=MAX_ID)]
ParticipationIdPath = Annotated[int, Path(alias="id", ge=1, le=MAX_ID)]
MAX_CODE_LENGTH = 50


class MissingQueryParameter(BadRequest):
    title = "Missing Query Parameter"


@router.get("/campaigns")
async def get_campaign_by_code(
    session: SessionDep,
    code: Annotated[str | None, Query(alias="filter[code]", max_length=MAX_CODE_LENGTH)] = None,
) -> JSONResponse:
    """The campaign a learner types the code of; no token needed (Pix App landing page)."""
    if code is None or not code.strip():
        raise MissingQueryParameter("Missing filter.code query parameter.")
    return respond(campaign_to_join_document(await find_campaign_to_join(session, code)))


class ParticipationAttributes(KebabModel):
    participant_external_id: Annotated[str, Field(max_length=255)] | None = None
    # Accepted like Pix; a second participation after sharing is a retry whatever it says.
    is_retry: bool = False
    is_reset: bool = False


class ParticipationRelationships(BaseModel):
    campaign: RequiredToOneIn


class ParticipationData(BaseModel):
    attributes: ParticipationAttributes = ParticipationAttributes()
    relationships: ParticipationRelationships


class ParticipationBody(BaseModel):
    data: ParticipationData


@router.post("/campaign-participations", status_code=201)
async def post_campaign_participation(
    body: ParticipationBody,
    request: Request,
    caller: CallerDep,
    session: SessionDep,
    idempotency_key: IdempotencyKeyHeader = None,
) -> JSONResponse:
    # A double submit (or a retry after a lost response) must not start two participations.
    claim = await claim_idempotency_key(session, caller.user_id, idempotency_key, request)
    if claim.replay is not None:
        return claim.replay
    attributes = body.data.attributes
    view = await start_participation(
        session,
        caller.user_id,
        body.data.relationships.campaign.data.id,
        participant_external_id=(attributes.participant_external_id or "").strip() or None,
        is_reset=attributes.is_reset,
        now=utcnow(),
    )
    response = respond(participation_document(view), status_code=201)
    return await remember_response(session, claim, response)


@router.patch("/campaign-participations/{id}", status_code=204)
async def patch_share_campaign_participation(
    participation_id: ParticipationIdPath, caller: CallerDep, session: SessionDep
) -> Response:
    await share_participation(session, participation_id, caller.user_id, utcnow())
    return Response(status_code=204)


@router.patch("/campaign-participations/{id}/begin-improvement", status_code=204)
async def patch_begin_improvement(
    participation_id: ParticipationIdPath, caller: CallerDep, session: SessionDep
) -> Response:
    await begin_improvement(session, participation_id, caller.user_id, utcnow())
    return Response(status_code=204)


@router.get("/users/{userId}/campaigns/{campaignId}/campaign-participations")
async def get_user_campaign_participation(
    user_id: UserIdPath, campaign_id: CampaignIdPath, caller: CallerDep, session: SessionDep
) -> JSONResponse:
    """The participation to resume (with its assessment id), or `data: null`."""
    ensure_same_user(caller.user_id, user_id)
    return respond(
        participation_document(await current_participation(session, user_id, campaign_id))
    )


@router.get("/users/{userId}/campaigns/{campaignId}/assessment-result")
async def get_user_assessment_result(
    user_id: UserIdPath, campaign_id: CampaignIdPath, caller: CallerDep, session: SessionDep
) -> JSONResponse:
    ensure_same_user(caller.user_id, user_id)
    result = await get_assessment_result(session, user_id, campaign_id, utcnow())
    return respond(assessment_result_document(result))


@router.get("/users/{userId}/campaigns/{campaignId}/profile")
async def get_user_shared_profile(
    user_id: UserIdPath, campaign_id: CampaignIdPath, caller: CallerDep, session: SessionDep
) -> JSONResponse:
    ensure_same_user(caller.user_id, user_id)
    shared = await get_shared_profile_for_campaign(session, user_id, campaign_id, utcnow())
    return respond(shared_profile_document(shared))


@router.get("/users/{userId}/profile")
async def get_user_profile_route(
    user_id: UserIdPath, caller: CallerDep, session: SessionDep
) -> JSONResponse:
    ensure_same_user(caller.user_id, user_id)
    return respond(user_profile_document(await get_user_profile(session, user_id, utcnow())))
