"""`client.users`: the logged-in user, as Pix App sees them."""

from __future__ import annotations

from api_client.models.users import User
from api_client.resources._base import SpaceResource
from api_client.spaces import Space


class UsersResource(SpaceResource):
    """Routes about the current user (App space)."""

    space = Space.APP

    async def me(self) -> User:
        """`GET /api/users/me`: the logged-in user."""
        document = await self._get("/api/users/me")
        return document.one(User)
