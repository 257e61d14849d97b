"""Pix Orga campaigns (CONTRACT §4): list, target profiles, create, detail, update, archive."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from server.db import SessionDep
from server.deps import CallerDep, OrganizationIdPath, path_id
from server.errors import BadRequest
from server.idempotency import IdempotencyKeyHeader, claim_idempotency_key, remember_response
from server.jsonapi import EntityId, KebabModel, Page, ToOneIn, page_params, respond
from server.routes.campaign_follow import conditional_document
from server.serializers.campaigns import (
    campaign_document,
    campaigns_page_document,
    target_profiles_document,
)
from server.usecases.campaigns import (
    CampaignChanges,
    CampaignCreation,
    CampaignFilters,
    archive_campaign,
    available_target_profiles,
    campaign_access,
    create_campaign,
    get_campaign,
    list_organization_campaigns,
    unarchive_campaign,
    update_campaign,
)

router = APIRouter(prefix="/api", tags=["campaigns"])

CampaignIdPath = Annotated[int, path_id("id")]
PageDep = Annotated[Page, Depends(page_params)]
ARCHIVED_STATUS = "archived"


def _optional_text(value: str | None) -> str | None:
    # Pix's Joi treats an empty filter as absent (`.empty('')`).
    return value if value else None


def _flag(value: str | None, name: str) -> bool:
    # Joi's boolean(): "true" / "false" in any case; empty means absent.
    text = (value or "").lower()
    if text in ("", "false"):
        return False
    if text == "true":
        return True
    raise BadRequest(f'"filter.{name}" must be a boolean')


@router.get("/organizations/{id}/campaigns")
async def list_campaigns(
    organization_id: OrganizationIdPath,
    caller: CallerDep,
    session: SessionDep,
    page: PageDep,
    name: Annotated[str | None, Query(alias="filter[name]", max_length=255)] = None,
    status: Annotated[str | None, Query(alias="filter[status]", max_length=50)] = None,
    owned_by_me: Annotated[str | None, Query(alias="filter[isOwnedByMe]")] = None,
    owner_name: Annotated[str | None, Query(alias="filter[ownerName]", max_length=255)] = None,
) -> JSONResponse:
    filters = CampaignFilters(
        name=_optional_text(name),
        owner_name=_optional_text(owner_name),
        owned_by_me=_flag(owned_by_me, "isOwnedByMe"),
        archived=status == ARCHIVED_STATUS,
    )
    listing = await list_organization_campaigns(
        session, caller.user_id, organization_id, filters, page
    )
    return respond(campaigns_page_document(listing, page))


@router.get("/organizations/{id}/target-profiles")
async def list_target_profiles(
    organization_id: OrganizationIdPath, caller: CallerDep, session: SessionDep
) -> JSONResponse:
    profiles = await available_target_profiles(session, caller.user_id, organization_id)
    return respond(target_profiles_document(profiles))


# --- POST /api/campaigns: read leniently, the use case judges each field (E2) ---------------


class CampaignCreationAttributes(KebabModel):
    model_config = ConfigDict(extra="ignore")

    name: Any = None
    type: Any = None
    title: Any = None
    multiple_sendings: bool | None = None
    external_id_label: Any = None
    external_id_type: Any = None
    custom_landing_page_text: Any = None
    owner_id: Any = None
    id_pix_label: Any = None


class CampaignCreationRelationships(BaseModel):
    target_profile: ToOneIn | None = Field(default=None, alias="target-profile")
    organization: ToOneIn | None = None


class CampaignCreationData(BaseModel):
    attributes: CampaignCreationAttributes = Field(default_factory=CampaignCreationAttributes)
    relationships: CampaignCreationRelationships = Field(
        default_factory=CampaignCreationRelationships
    )


class CampaignCreationBody(BaseModel):
    data: CampaignCreationData


def _linked_id(relationship: ToOneIn | None) -> int | None:
    return relationship.data.id if relationship is not None and relationship.data else None


@router.post("/campaigns", status_code=201)
async def post_campaign(
    request: Request,
    body: CampaignCreationBody,
    caller: CallerDep,
    session: SessionDep,
    idempotency_key: IdempotencyKeyHeader = None,
) -> JSONResponse:
    claim = await claim_idempotency_key(session, caller.user_id, idempotency_key, request)
    if claim.replay is not None:
        return claim.replay
    attributes = body.data.attributes
    relationships = body.data.relationships
    report = await create_campaign(
        session,
        caller.user_id,
        CampaignCreation(
            organization_id=_linked_id(relationships.organization),
            name=attributes.name,
            type=attributes.type,
            title=attributes.title,
            target_profile_id=_linked_id(relationships.target_profile),
            owner_id=attributes.owner_id,
            multiple_sendings=bool(attributes.multiple_sendings),
            external_id_label=attributes.external_id_label,
            external_id_type=attributes.external_id_type,
            custom_landing_page_text=attributes.custom_landing_page_text,
            legacy_id_pix_label=attributes.id_pix_label,
        ),
    )
    return await remember_response(session, claim, respond(campaign_document(report), 201))


@router.get("/campaigns/{id}")
async def get_campaign_detail(
    request: Request, campaign_id: CampaignIdPath, caller: CallerDep, session: SessionDep
) -> Response:
    """With an ETag: a client polling the detail (counts, average) gets 304 until a
    participation or the campaign changes."""
    campaign = (await campaign_access(session, caller.user_id, campaign_id)).campaign

    async def build() -> dict[str, Any]:
        return campaign_document(await get_campaign(session, caller.user_id, campaign_id))

    return await conditional_document(request, session, campaign, build)


# --- PATCH: Pix validates the payload's shape first (Joi, 400), then the values (422) -------


class CampaignUpdateAttributes(KebabModel):
    model_config = ConfigDict(extra="ignore")

    name: str
    title: str | None
    custom_landing_page_text: str | None
    owner_id: EntityId


class CampaignUpdateData(BaseModel):
    attributes: CampaignUpdateAttributes


class CampaignUpdateBody(BaseModel):
    data: CampaignUpdateData


@router.patch("/campaigns/{id}")
async def patch_campaign(
    campaign_id: CampaignIdPath, body: CampaignUpdateBody, caller: CallerDep, session: SessionDep
) -> JSONResponse:
    attributes = body.data.attributes
    changes = CampaignChanges(
        name=attributes.name,
        title=attributes.title,
        custom_landing_page_text=attributes.custom_landing_page_text,
        owner_id=attributes.owner_id,
    )
    report = await update_campaign(session, caller.user_id, campaign_id, changes)
    return respond(campaign_document(report))


@router.put("/campaigns/{id}/archive")
async def put_campaign_archive(
    campaign_id: CampaignIdPath, caller: CallerDep, session: SessionDep
) -> JSONResponse:
    return respond(campaign_document(await archive_campaign(session, caller.user_id, campaign_id)))


@router.delete("/campaigns/{id}/archive")
async def delete_campaign_archive(
    campaign_id: CampaignIdPath, caller: CallerDep, session: SessionDep
) -> JSONResponse:
    report = await unarchive_campaign(session, caller.user_id, campaign_id)
    return respond(campaign_document(report))
