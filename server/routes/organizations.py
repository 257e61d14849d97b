"""`/api/organizations/{id}/...` shared by Orga screens."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from server.db import SessionDep
from server.deps import CallerDep, OrganizationIdPath
from server.jsonapi import respond
from server.serializers.prescription import member_identities_document
from server.usecases.prescription import list_member_identities

router = APIRouter(prefix="/api/organizations", tags=["organizations"])


@router.get("/{id}/member-identities")
async def get_member_identities(
    organization_id: OrganizationIdPath, caller: CallerDep, session: SessionDep
) -> JSONResponse:
    members = await list_member_identities(session, caller.user_id, organization_id)
    return respond(member_identities_document(members))
