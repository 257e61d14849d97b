"""`client.admin`: Pix Admin (support)."""

from __future__ import annotations

from api_client.models.admin import AdminMember
from api_client.resources._base import SpaceResource
from api_client.spaces import Space


class AdminResource(SpaceResource):
    """Routes of the Admin space."""

    space = Space.ADMIN

    async def me(self) -> AdminMember:
        """`GET /api/admin/admin-members/me`: the user's Pix Admin role."""
        document = await self._get("/api/admin/admin-members/me")
        return document.one(AdminMember)
