"""`/api/users/...` of the current user."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse

from server.db import SessionDep
from server.deps import CallerDep, UserIdPath
from server.jsonapi import respond
from server.permissions import ensure_same_user
from server.serializers.users import user_with_activity_document
from server.usecases.users import accept_pix_orga_terms_of_service, get_user_with_activity

router = APIRouter(prefix="/api/users", tags=["users"])


@router.get("/me")
async def get_current_user(caller: CallerDep, session: SessionDep) -> JSONResponse:
    return respond(
        user_with_activity_document(await get_user_with_activity(session, caller.user_id))
    )


@router.patch("/{userId}/pix-orga-terms-of-service-acceptance", status_code=204)
async def accept_pix_orga_terms(
    user_id: UserIdPath, caller: CallerDep, session: SessionDep
) -> Response:
    ensure_same_user(caller.user_id, user_id)
    await accept_pix_orga_terms_of_service(session, user_id)
    return Response(status_code=204)
