"""`client.admin.organization_members` against the reference server, and against a server
without the extension (real Pix answers Hapi's bare 404 there).

Demo: the collège has Claire Moreau (prof@) and Julien Bernard (prof2@); support@ belongs to
no organisation and has no Pix Orga session for Pix Orga's member-identities route.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from api_client import ExtensionUnavailableError, NoSessionError, NotFoundError, PixClient
from server.app import create_app

PASSWORD = "Pix12345"
BASE = "http://pix.localhost"
BOOM_404 = {"statusCode": 404, "error": "Not Found", "message": "Not Found"}
MEMBERS_ROUTE = re.compile(r"^/api/admin/organizations/\d+/members$")


@pytest.fixture
async def server_app(seeded_url: str) -> AsyncIterator[FastAPI]:
    app = create_app(seeded_url)
    yield app
    await app.state.database.dispose()


class PixWithoutMembers(httpx.AsyncBaseTransport):
    """The reference server, answering the members route as Hapi answers an unknown one."""

    def __init__(self, app: FastAPI) -> None:
        self.inner = httpx.ASGITransport(app=app)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if MEMBERS_ROUTE.match(request.url.path):
            return httpx.Response(404, json=BOOM_404)
        return await self.inner.handle_async_request(request)


async def test_support_gets_the_members_and_can_make_one_the_owner(server_app) -> None:
    transport = httpx.ASGITransport(app=server_app)
    async with PixClient(BASE, transport=transport) as client:
        await client.login("support@example.net", PASSWORD)
        campaign = await client.admin.find_campaign("RENTRE123")
        assert campaign.organization_id is not None
        members = await client.admin.organization_members(campaign.organization_id)
        # Pix Orga's route is out of reach: an admin login opens no Orga session.
        with pytest.raises(NoSessionError):
            await client.orga.member_identities(campaign.organization_id)
        newcomer = next(member for member in members if member.last_name == "Bernard")
        changed = await client.admin.change_owner(campaign.id, newcomer.id)

    assert [(m.first_name, m.last_name) for m in members] == [
        ("Claire", "Moreau"),
        ("Julien", "Bernard"),
    ]
    assert changed.owner_full_name == "Julien Bernard"


async def test_an_unknown_organisation_is_not_found(server_app) -> None:
    transport = httpx.ASGITransport(app=server_app)
    async with PixClient(BASE, transport=transport) as client:
        await client.login("support@example.net", PASSWORD)
        with pytest.raises(NotFoundError):
            await client.admin.organization_members(999999)


async def test_without_the_extension_the_error_says_so(server_app) -> None:
    async with PixClient(BASE, transport=PixWithoutMembers(server_app)) as client:
        await client.login("support@example.net", PASSWORD)
        with pytest.raises(ExtensionUnavailableError) as raised:
            await client.admin.organization_members(1)

    assert raised.value.route == "/api/admin/organizations/1/members"
