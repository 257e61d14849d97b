"""`/api/admin/campaigns...` and `/api/admin/organizations...` (CONTRACT 8.2-8.6, DOMAIN §9).

Pix's routes: campaign detail, an organisation's campaigns, participations, campaign edit,
participation delete and external id, bulk archive from CSV, organisation search.
Extensions of the reference server (same dialect, listed in the README):
`GET /api/admin/campaigns` (search), `POST /api/admin/campaigns/{id}/archive` and
`/unarchive`, `PATCH /api/admin/campaigns/{id}/owner`, `GET .../feedbacks`,
`GET .../audit-log`, `filter[status]` / `filter[stuckAfterDays]` on participations, the
triage attributes of the detail, and `GET /api/admin/organizations/{id}/members` (the owner
picker's list, for an admin who is no member of the organisation).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from server.db import SessionDep
from server.errors import BadRequest, PreconditionFailed
from server.jsonapi import MAX_ID, EntityId, KebabModel, Page, page_params, respond
from server.models import ParticipationStatus
from server.routes.admin_access import (
    ArchiverDep,
    EditorDep,
    ParticipationRemoverDep,
    ReaderDep,
)
from server.serializers.admin_campaigns import (
    audit_log_document,
    campaign_management_document,
    campaigns_list_document,
    feedbacks_document,
    organizations_document,
    participations_document,
)
from server.serializers.prescription import member_identities_document
from server.usecases.admin_audit import admin_actor, campaign_audit_entries
from server.usecases.admin_campaigns import (
    CampaignDetailsChanges,
    CampaignSearch,
    archive_campaign,
    archive_campaigns_in_bulk,
    change_campaign_owner,
    ensure_campaign_exists,
    get_campaign_management,
    organization_campaigns,
    search_campaigns,
    unarchive_campaign,
    update_campaign_details,
)
from server.usecases.admin_organizations import (
    OrganizationSearch,
    organization_members,
    search_organizations,
)
from server.usecases.admin_participations import (
    ParticipationFilters,
    campaign_feedbacks,
    delete_participation,
    list_campaign_participations,
    update_participant_external_id,
)

# Included by server/routes/admin.py, which carries the /api/admin prefix.
router = APIRouter()

CampaignIdPath = Annotated[int, Path(alias="id", ge=1, le=MAX_ID)]
PageDep = Annotated[Page, Depends(page_params)]
MAX_FILTER_LENGTH = 255
MAX_STUCK_DAYS = 3650
MAX_CSV_BYTES = 1_000_000
CSV_HEADER = "campaignId"
INVALID_SEARCH = "Un des champs de recherche saisis est invalide."


def _optional_text(value: str | None) -> str | None:
    # Pix's Joi treats an empty filter as absent (`.empty('')`).
    return value if value and value.strip() else None


def _optional_id(value: str | None) -> int | None:
    text = (value or "").strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= MAX_ID:
        raise BadRequest(INVALID_SEARCH)
    return int(text)


def _no_content() -> Response:
    return Response(status_code=204)


async def _detail(session: SessionDep, campaign_id: int) -> JSONResponse:
    return respond(
        campaign_management_document(await get_campaign_management(session, campaign_id))
    )


# --- reading -------------------------------------------------------------------------------


@router.get("/campaigns")
async def get_campaigns_search(
    _admin: ReaderDep,
    session: SessionDep,
    page: PageDep,
    code: Annotated[str | None, Query(alias="filter[code]", max_length=MAX_FILTER_LENGTH)] = None,
    id_: Annotated[str | None, Query(alias="filter[id]", max_length=20)] = None,
    name: Annotated[str | None, Query(alias="filter[name]", max_length=MAX_FILTER_LENGTH)] = None,
) -> JSONResponse:
    search = CampaignSearch(
        code=_optional_text(code), id=_optional_id(id_), name=_optional_text(name)
    )
    items, row_count = await search_campaigns(session, search, page)
    return respond(campaigns_list_document(items, page, row_count))


@router.get("/campaigns/{id}")
async def get_campaign_detail(
    campaign_id: CampaignIdPath, _admin: ReaderDep, session: SessionDep
) -> JSONResponse:
    return await _detail(session, campaign_id)


@router.get("/campaigns/{id}/participations")
async def get_campaign_participations(
    campaign_id: CampaignIdPath,
    _admin: ReaderDep,
    session: SessionDep,
    page: PageDep,
    status: Annotated[ParticipationStatus | None, Query(alias="filter[status]")] = None,
    stuck_after_days: Annotated[
        int | None, Query(alias="filter[stuckAfterDays]", ge=0, le=MAX_STUCK_DAYS)
    ] = None,
) -> JSONResponse:
    filters = ParticipationFilters(
        status=status.value if status is not None else None, stuck_after_days=stuck_after_days
    )
    items, row_count = await list_campaign_participations(session, campaign_id, filters, page)
    return respond(participations_document(items, page, row_count))


@router.get("/campaigns/{id}/feedbacks")
async def get_campaign_feedbacks(
    campaign_id: CampaignIdPath, _admin: ReaderDep, session: SessionDep, page: PageDep
) -> JSONResponse:
    items, row_count = await campaign_feedbacks(session, campaign_id, page)
    return respond(feedbacks_document(items, page, row_count))


@router.get("/campaigns/{id}/audit-log")
async def get_campaign_audit_log(
    campaign_id: CampaignIdPath, _admin: ReaderDep, session: SessionDep, page: PageDep
) -> JSONResponse:
    await ensure_campaign_exists(session, campaign_id)
    entries, row_count = await campaign_audit_entries(session, campaign_id, page)
    return respond(audit_log_document(entries, page, row_count))


@router.get("/organizations")
async def get_organizations_search(
    _admin: ReaderDep,
    session: SessionDep,
    page: PageDep,
    id_: Annotated[str | None, Query(alias="filter[id]", max_length=20)] = None,
    name: Annotated[str | None, Query(alias="filter[name]", max_length=MAX_FILTER_LENGTH)] = None,
    type_: Annotated[str | None, Query(alias="filter[type]", max_length=MAX_FILTER_LENGTH)] = None,
    external_id: Annotated[
        str | None, Query(alias="filter[externalId]", max_length=MAX_FILTER_LENGTH)
    ] = None,
) -> JSONResponse:
    search = OrganizationSearch(
        id=_optional_id(id_),
        name=_optional_text(name),
        type=_optional_text(type_),
        external_id=_optional_text(external_id),
    )
    items, row_count = await search_organizations(session, search, page)
    return respond(organizations_document(items, page, row_count))


@router.get("/organizations/{id}/campaigns")
async def get_organization_campaigns(
    organization_id: Annotated[int, Path(alias="id", ge=1, le=MAX_ID)],
    _admin: ReaderDep,
    session: SessionDep,
    page: PageDep,
    name: Annotated[str | None, Query(alias="filter[name]", max_length=MAX_FILTER_LENGTH)] = None,
) -> JSONResponse:
    items, row_count = await organization_campaigns(
        session, organization_id, page, name=_optional_text(name)
    )
    return respond(campaigns_list_document(items, page, row_count))


@router.get("/organizations/{id}/members")
async def get_organization_members(
    organization_id: Annotated[int, Path(alias="id", ge=1, le=MAX_ID)],
    _admin: ReaderDep,
    session: SessionDep,
) -> JSONResponse:
    """Extension: the organisation's active members, as Pix Orga's `member-identities`."""
    return respond(member_identities_document(await organization_members(session, organization_id)))


# --- PATCH /api/admin/campaigns/{id} (CONTRACT 8.5): every key required (Joi, 400) ----------


class CampaignDetailsAttributes(KebabModel):
    model_config = ConfigDict(extra="ignore")

    name: str
    title: str | None
    custom_landing_page_text: str | None
    custom_result_page_text: str | None
    custom_result_page_button_text: str | None
    custom_result_page_button_url: str | None
    multiple_sendings: bool


class CampaignDetailsData(BaseModel):
    attributes: CampaignDetailsAttributes


class CampaignDetailsBody(BaseModel):
    data: CampaignDetailsData


@router.patch("/campaigns/{id}", status_code=204)
async def patch_campaign_details(
    campaign_id: CampaignIdPath, admin: EditorDep, body: CampaignDetailsBody, session: SessionDep
) -> Response:
    attributes = body.data.attributes
    changes = CampaignDetailsChanges(
        name=attributes.name,
        title=attributes.title,
        custom_landing_page_text=attributes.custom_landing_page_text,
        custom_result_page_text=attributes.custom_result_page_text,
        custom_result_page_button_text=attributes.custom_result_page_button_text,
        custom_result_page_button_url=attributes.custom_result_page_button_url,
        multiple_sendings=attributes.multiple_sendings,
    )
    await update_campaign_details(session, await admin_actor(session, admin), campaign_id, changes)
    return _no_content()


# --- archive, owner --------------------------------------------------------------------------


@router.post("/campaigns/archive-campaigns", status_code=204)
async def post_archive_campaigns(
    request: Request, admin: ArchiverDep, session: SessionDep
) -> Response:
    """Pix's bulk archive: a CSV body `campaignId\\n101\\n102`."""
    campaign_ids = _campaign_ids_from_csv(await request.body())
    await archive_campaigns_in_bulk(session, await admin_actor(session, admin), campaign_ids)
    return _no_content()


def _campaign_ids_from_csv(body: bytes) -> list[int]:
    """The ids of the first column, under a `campaignId` header (`;` or `,` separated)."""
    if len(body) > MAX_CSV_BYTES:
        raise PreconditionFailed("Le fichier CSV est trop volumineux.", code="PAYLOAD_TOO_LARGE")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PreconditionFailed(
            "Le fichier CSV doit être encodé en UTF-8.", code="ENCODING_NOT_SUPPORTED"
        ) from None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines or _first_cell(lines[0]) != CSV_HEADER:
        raise PreconditionFailed(
            f"La colonne « {CSV_HEADER} » est obligatoire.", code="HEADER_REQUIRED"
        )
    ids = []
    for number, line in enumerate(lines[1:], start=2):
        cell = _first_cell(line)
        if not cell.isdigit() or not 1 <= int(cell) <= MAX_ID:
            raise PreconditionFailed(
                f"Ligne {number} : « {cell} » n'est pas un identifiant de campagne.",
                code="INVALID_CAMPAIGN_ID",
                meta={"line": number},
            )
        ids.append(int(cell))
    return ids


def _first_cell(line: str) -> str:
    for separator in (";", ","):
        line = line.split(separator, 1)[0]
    return line.strip().strip('"').strip()


@router.post("/campaigns/{id}/archive")
async def post_campaign_archive(
    campaign_id: CampaignIdPath, admin: ArchiverDep, session: SessionDep
) -> JSONResponse:
    await archive_campaign(session, await admin_actor(session, admin), campaign_id)
    return await _detail(session, campaign_id)


@router.post("/campaigns/{id}/unarchive")
async def post_campaign_unarchive(
    campaign_id: CampaignIdPath, admin: ArchiverDep, session: SessionDep
) -> JSONResponse:
    await unarchive_campaign(session, await admin_actor(session, admin), campaign_id)
    return await _detail(session, campaign_id)


class OwnerAttributes(KebabModel):
    model_config = ConfigDict(extra="ignore")

    owner_id: EntityId


class OwnerData(BaseModel):
    attributes: OwnerAttributes


class OwnerBody(BaseModel):
    data: OwnerData


@router.patch("/campaigns/{id}/owner")
async def patch_campaign_owner(
    campaign_id: CampaignIdPath, admin: EditorDep, body: OwnerBody, session: SessionDep
) -> JSONResponse:
    owner_id = body.data.attributes.owner_id
    await change_campaign_owner(session, await admin_actor(session, admin), campaign_id, owner_id)
    return await _detail(session, campaign_id)


# --- participations ---------------------------------------------------------------------------


@router.delete(
    "/campaigns/{campaignId}/campaign-participations/{campaignParticipationId}",
    status_code=204,
)
async def delete_campaign_participation(
    campaign_id: Annotated[int, Path(alias="campaignId", ge=1, le=MAX_ID)],
    participation_id: Annotated[int, Path(alias="campaignParticipationId", ge=1, le=MAX_ID)],
    admin: ParticipationRemoverDep,
    session: SessionDep,
) -> Response:
    actor = await admin_actor(session, admin)
    await delete_participation(session, actor, campaign_id, participation_id)
    return _no_content()


class ExternalIdAttributes(KebabModel):
    model_config = ConfigDict(extra="ignore")

    participant_external_id: Annotated[str, Field(max_length=255)] | None


class ExternalIdData(BaseModel):
    attributes: ExternalIdAttributes


class ExternalIdBody(BaseModel):
    data: ExternalIdData


@router.patch("/campaign-participations/{id}", status_code=204)
async def patch_participant_external_id(
    participation_id: Annotated[int, Path(alias="id", ge=1, le=MAX_ID)],
    admin: EditorDep,
    body: ExternalIdBody,
    session: SessionDep,
) -> Response:
    value = body.data.attributes.participant_external_id
    await update_participant_external_id(
        session, await admin_actor(session, admin), participation_id, value
    )
    return _no_content()
