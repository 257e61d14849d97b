"""`/api/admin/...` (Pix Admin, CONTRACT 8): every route checks the caller's admin role.

Campaigns, participations and organisations live in admin_campaigns.py, included here.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from server.db import SessionDep
from server.deps import AnyAdminDep
from server.jsonapi import respond
from server.routes import admin_campaigns
from server.serializers.admin import admin_member_document
from server.usecases.admin import get_admin_member_with_user

router = APIRouter(prefix="/api/admin", tags=["admin"])
router.include_router(admin_campaigns.router)


@router.get("/admin-members/me")
async def get_current_admin_member(admin: AnyAdminDep, session: SessionDep) -> JSONResponse:
    return respond(admin_member_document(await get_admin_member_with_user(session, admin)))
