"""A teacher follows a campaign (CONTRACT §5, §6): participants, results, statistics, exports.

Every route first checks that the caller is an active member of the campaign's organisation
(E3 403 otherwise, for another organisation's campaign too). The pages a client polls carry
an ETag computed from the campaign's version key, one small query made *before* the page is
built: a client whose copy is current gets a bodiless 304 at the cost of two statements.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession

from server.db import Database, SessionDep
from server.deps import Caller, CallerDep, JwtSecretDep, authenticated_caller, forwarded_origin
from server.deps import path_id as _path_id
from server.errors import BadRequest, MissingAuthentication
from server.jsonapi import Page, page_params
from server.models import Campaign, CampaignType, ParticipationStatus, utcnow
from server.routes.conditional import PRIVATE_REVALIDATE, client_has_current, not_modified
from server.security import InvalidAccessToken, decode_access_token
from server.serializers.campaign_follow import (
    activity_by_day_document,
    assessment_participation_document,
    assessment_participation_results_document,
    assessment_results_document,
    collective_results_document,
    learner_participations_document,
    mastery_distribution_document,
    participants_activity_document,
    profiles_participations_document,
    received_profile_document,
    status_counts_document,
)
from server.usecases.campaign_follow.csv_export import export_chunks
from server.usecases.campaign_follow.csv_format import content_disposition, export_file_name
from server.usecases.campaign_follow.participant_detail import (
    assessment_participation,
    assessment_participation_results,
    received_profile,
)
from server.usecases.campaign_follow.participants import (
    ParticipantFilters,
    learner_participations,
    participants_activity,
    shared_results,
)
from server.usecases.campaign_follow.statistics import (
    collective_results,
    participations_by_day,
    participations_by_mastery_rate,
    participations_by_status,
)
from server.usecases.campaign_follow.versions import campaign_version, entity_tag
from server.usecases.campaigns import campaign_access

router = APIRouter(prefix="/api", tags=["campaign follow-up"])

CampaignIdPath = Annotated[int, _path_id("id")]
CampaignIdInPath = Annotated[int, _path_id("campaignId")]
ParticipationIdPath = Annotated[int, _path_id("participationId")]
LearnerIdPath = Annotated[int, _path_id("organizationLearnerId")]
PageDep = Annotated[Page, Depends(page_params)]
SearchQuery = Annotated[str | None, Query(alias="filter[search]", max_length=255)]
STATUSES = (ParticipationStatus.STARTED, ParticipationStatus.TO_SHARE, ParticipationStatus.SHARED)
CSV_MEDIA_TYPE = "text/csv;charset=utf-8"
WRONG_CAMPAIGN_TYPE = "Type de campagne incorrect"


async def _campaign(session: AsyncSession, caller: Caller, campaign_id: int) -> Campaign:
    return (await campaign_access(session, caller.user_id, campaign_id)).campaign


async def conditional_document(
    request: Request,
    session: AsyncSession,
    campaign: Campaign,
    build: Callable[[], Awaitable[Mapping[str, Any]]],
) -> Response:
    """200 with the document and an ETag, or 304 when the client's copy is current.

    The ETag depends on the campaign's version key and on the URL (path and query), so that
    each page of each filter has its own."""
    version = await campaign_version(session, campaign)
    query = sorted(request.query_params.multi_items())
    etag = entity_tag(version, request.url.path, query)
    if client_has_current(request, etag):
        return not_modified(etag, cache_control=PRIVATE_REVALIDATE)
    doc = await build()
    return JSONResponse(dict(doc), headers={"ETag": etag, "Cache-Control": PRIVATE_REVALIDATE})


def _status_filter(value: str | None) -> ParticipationStatus | None:
    # Joi's `.valid(...).empty('')`: empty means absent, anything unknown is a 400.
    if not value:
        return None
    if value not in STATUSES:
        raise BadRequest('"filter.status" must be one of [STARTED, TO_SHARE, SHARED]')
    return ParticipationStatus(value)


# --- participants and results lists --------------------------------------------------------


@router.get("/campaigns/{id}/participants-activity")
async def get_participants_activity(
    request: Request,
    campaign_id: CampaignIdPath,
    caller: CallerDep,
    session: SessionDep,
    page: PageDep,
    status: Annotated[str | None, Query(alias="filter[status]", max_length=20)] = None,
    search: SearchQuery = None,
) -> Response:
    campaign = await _campaign(session, caller, campaign_id)
    filters = ParticipantFilters(status=_status_filter(status), search=search)

    async def build() -> dict[str, Any]:
        listing = await participants_activity(session, campaign, filters, page)
        return participants_activity_document(listing, page)

    return await conditional_document(request, session, campaign, build)


@router.get("/campaigns/{id}/assessment-results")
async def get_assessment_results(
    request: Request,
    campaign_id: CampaignIdPath,
    caller: CallerDep,
    session: SessionDep,
    page: PageDep,
    search: SearchQuery = None,
) -> Response:
    campaign = await _campaign(session, caller, campaign_id)

    async def build() -> dict[str, Any]:
        listing = await shared_results(session, campaign, search, page)
        return assessment_results_document(listing, page)

    return await conditional_document(request, session, campaign, build)


@router.get("/campaigns/{id}/profiles-collection-participations")
async def get_profiles_collection_participations(
    request: Request,
    campaign_id: CampaignIdPath,
    caller: CallerDep,
    session: SessionDep,
    page: PageDep,
    search: SearchQuery = None,
) -> Response:
    campaign = await _campaign(session, caller, campaign_id)

    async def build() -> dict[str, Any]:
        listing = await shared_results(session, campaign, search, page)
        return profiles_participations_document(listing, page)

    return await conditional_document(request, session, campaign, build)


@router.get("/campaigns/{campaignId}/organization-learners/{organizationLearnerId}/participations")
async def get_learner_participations(
    campaign_id: CampaignIdInPath, learner_id: LearnerIdPath, caller: CallerDep, session: SessionDep
) -> JSONResponse:
    """Every attempt of one learner (multiple sendings), newest first."""
    campaign = await _campaign(session, caller, campaign_id)
    participations = await learner_participations(session, campaign, learner_id)
    return JSONResponse(learner_participations_document(participations))


# --- one participant -----------------------------------------------------------------------


@router.get("/campaigns/{campaignId}/assessment-participations/{participationId}")
async def get_assessment_participation(
    campaign_id: CampaignIdInPath,
    participation_id: ParticipationIdPath,
    caller: CallerDep,
    session: SessionDep,
) -> JSONResponse:
    campaign = await _campaign(session, caller, campaign_id)
    view = await assessment_participation(session, campaign, participation_id)
    return JSONResponse(assessment_participation_document(view))


@router.get("/campaigns/{campaignId}/assessment-participations/{participationId}/results")
async def get_assessment_participation_results(
    campaign_id: CampaignIdInPath,
    participation_id: ParticipationIdPath,
    caller: CallerDep,
    session: SessionDep,
) -> JSONResponse:
    campaign = await _campaign(session, caller, campaign_id)
    results = await assessment_participation_results(session, campaign, participation_id)
    return JSONResponse(assessment_participation_results_document(results))


@router.get("/campaigns/{campaignId}/profiles-collection-participations/{participationId}")
async def get_profiles_collection_participation(
    campaign_id: CampaignIdInPath,
    participation_id: ParticipationIdPath,
    caller: CallerDep,
    session: SessionDep,
) -> JSONResponse:
    campaign = await _campaign(session, caller, campaign_id)
    profile = await received_profile(session, campaign, participation_id)
    return JSONResponse(received_profile_document(profile))


# --- the class -----------------------------------------------------------------------------


@router.get("/campaigns/{id}/collective-results")
async def get_collective_results(
    request: Request, campaign_id: CampaignIdPath, caller: CallerDep, session: SessionDep
) -> Response:
    campaign = await _campaign(session, caller, campaign_id)

    async def build() -> dict[str, Any]:
        return collective_results_document(campaign, await collective_results(session, campaign))

    return await conditional_document(request, session, campaign, build)


@router.get("/campaigns/{id}/stats/participations-by-status")
async def get_participations_by_status(
    request: Request, campaign_id: CampaignIdPath, caller: CallerDep, session: SessionDep
) -> Response:
    campaign = await _campaign(session, caller, campaign_id)

    async def build() -> dict[str, Any]:
        return status_counts_document(campaign, await participations_by_status(session, campaign))

    return await conditional_document(request, session, campaign, build)


@router.get("/campaigns/{id}/stats/participations-by-day")
async def get_participations_by_day(
    request: Request, campaign_id: CampaignIdPath, caller: CallerDep, session: SessionDep
) -> Response:
    campaign = await _campaign(session, caller, campaign_id)

    async def build() -> dict[str, Any]:
        return activity_by_day_document(campaign, await participations_by_day(session, campaign))

    return await conditional_document(request, session, campaign, build)


@router.get("/campaigns/{id}/stats/participations-by-mastery-rate")
async def get_participations_by_mastery_rate(
    request: Request, campaign_id: CampaignIdPath, caller: CallerDep, session: SessionDep
) -> Response:
    campaign = await _campaign(session, caller, campaign_id)

    async def build() -> dict[str, Any]:
        distribution = await participations_by_mastery_rate(session, campaign)
        return mastery_distribution_document(campaign, distribution)

    return await conditional_document(request, session, campaign, build)


# --- CSV exports ---------------------------------------------------------------------------


async def export_caller(
    request: Request,
    secrets: JwtSecretDep,
    access_token: Annotated[str | None, Query(alias="accessToken", max_length=4096)] = None,
) -> Caller:
    """The bearer header, or (older Pix Orga, which opened the file as a plain link) the
    same access token given as `?accessToken=`."""
    if request.headers.get("authorization") or not access_token:
        return await authenticated_caller(request, secrets)
    try:
        claims = decode_access_token(access_token, await secrets.get())
    except InvalidAccessToken as error:
        raise MissingAuthentication() from error
    origin = forwarded_origin(request)
    if origin is not None and claims.audience != origin:
        raise MissingAuthentication()
    return Caller(user_id=claims.user_id, scope=claims.scope, audience=claims.audience)


ExportCallerDep = Annotated[Caller, Depends(export_caller)]


def _csv_response(request: Request, campaign: Campaign) -> StreamingResponse:
    database: Database = request.app.state.database
    file_name = export_file_name(campaign.name, campaign.id, utcnow())
    return StreamingResponse(
        export_chunks(database.sessionmaker, campaign.id),
        media_type=CSV_MEDIA_TYPE,
        headers={
            "Content-Disposition": content_disposition(file_name),
            # Sent as is, never gzipped: Pix does the same, and a client counts bytes.
            "Content-Encoding": "identity",
            "Cache-Control": "no-store",
        },
    )


async def _exportable(
    session: AsyncSession, caller: Caller, campaign_id: int, campaign_type: CampaignType
) -> Campaign:
    campaign = await _campaign(session, caller, campaign_id)
    if campaign.type != campaign_type:
        raise BadRequest(WRONG_CAMPAIGN_TYPE)
    return campaign


@router.get("/campaigns/{id}/csv-assessment-results")
async def get_csv_assessment_results(
    request: Request, campaign_id: CampaignIdPath, caller: ExportCallerDep, session: SessionDep
) -> StreamingResponse:
    campaign = await _exportable(session, caller, campaign_id, CampaignType.ASSESSMENT)
    return _csv_response(request, campaign)


@router.get("/campaigns/{id}/csv-profiles-collection-results")
async def get_csv_profiles_collection_results(
    request: Request, campaign_id: CampaignIdPath, caller: ExportCallerDep, session: SessionDep
) -> StreamingResponse:
    campaign = await _exportable(session, caller, campaign_id, CampaignType.PROFILES_COLLECTION)
    return _csv_response(request, campaign)
