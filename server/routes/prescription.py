"""Pix Orga bootstrap: prescriber and organization switch (CONTRACT 3.2, 3.3)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from server.db import SessionDep
from server.deps import CallerDep, UserIdPath
from server.jsonapi import RequiredToOneIn, respond
from server.permissions import ensure_same_user
from server.serializers.prescription import prescriber_document, user_orga_settings_document
from server.usecases.prescription import get_prescriber, switch_current_organization

router = APIRouter(prefix="/api", tags=["prescription"])


@router.get("/prescription/prescribers/{userId}")
async def get_prescriber_informations(
    user_id: UserIdPath, caller: CallerDep, session: SessionDep
) -> JSONResponse:
    ensure_same_user(caller.user_id, user_id)
    return respond(prescriber_document(await get_prescriber(session, user_id)))


class UserOrgaSettingsRelationships(BaseModel):
    organization: RequiredToOneIn


class UserOrgaSettingsData(BaseModel):
    relationships: UserOrgaSettingsRelationships


class UserOrgaSettingsBody(BaseModel):
    data: UserOrgaSettingsData


@router.put("/user-orga-settings/{userId}")
async def update_user_orga_settings(
    user_id: UserIdPath, body: UserOrgaSettingsBody, caller: CallerDep, session: SessionDep
) -> JSONResponse:
    ensure_same_user(caller.user_id, user_id)
    organization_id = body.data.relationships.organization.data.id
    settings = await switch_current_organization(session, user_id, organization_id)
    return respond(user_orga_settings_document(settings))
