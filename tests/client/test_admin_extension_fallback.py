"""`client.admin` against a server without pix-tui's /api/admin extensions (like real Pix).

A transport in front of the real reference server answers the extension routes the way
Hapi answers an unknown route (Boom 404), and an unknown query filter the way Joi does (400):
what Pix itself would say. Everything else reaches the real server, so the fallbacks run for
real. A few MockTransport cases inject shapes the reference server never produces.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api_client import ExtensionUnavailableError, NotFoundError, PixClient
from api_client.errors import EXTENSION_UNAVAILABLE_MESSAGE, error_from_response, is_missing_route
from server.app import create_app

PASSWORD = "Pix12345"
BASE = "http://pix.localhost"
BOOM_404 = {"statusCode": 404, "error": "Not Found", "message": "Not Found"}
EXTENSION_ROUTES = [
    ("GET", re.compile(r"^/api/admin/campaigns$")),
    ("GET", re.compile(r"^/api/admin/campaigns/\d+/(feedbacks|audit-log)$")),
    ("POST", re.compile(r"^/api/admin/campaigns/\d+/(archive|unarchive)$")),
    ("PATCH", re.compile(r"^/api/admin/campaigns/\d+/owner$")),
]


class PixWithoutExtensions(httpx.AsyncBaseTransport):
    """The reference server, minus its extensions; records what was asked."""

    def __init__(self, app: FastAPI) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.requests: list[tuple[str, str, str]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.requests.append((request.method, path, request.headers.get("content-type", "")))
        if any(method == request.method and rx.match(path) for method, rx in EXTENSION_ROUTES):
            return httpx.Response(404, json=BOOM_404)
        if path.endswith("/participations") and any(
            key.startswith("filter[") for key in request.url.params
        ):
            return httpx.Response(
                400,
                json={
                    "errors": [
                        {
                            "status": "400",
                            "title": "Bad Request",
                            "detail": '"filter" is not allowed',
                        }
                    ]
                },
            )
        return await self.inner.handle_async_request(request)


@pytest.fixture
async def server_app(seeded_url: str) -> AsyncIterator[FastAPI]:
    app = create_app(seeded_url)
    yield app
    await app.state.database.dispose()


@pytest.fixture
def pix(server_app: FastAPI) -> PixWithoutExtensions:
    return PixWithoutExtensions(server_app)


async def test_find_by_code_falls_back_on_pix_app_lookup(pix) -> None:
    async with PixClient(BASE, transport=pix) as client:
        await client.login("support@example.net", PASSWORD)
        pix.requests.clear()
        campaign = await client.admin.find_campaign("archiv789")
        with pytest.raises(NotFoundError):
            await client.admin.find_campaign("NOPE00000")

    assert campaign.code == "ARCHIV789" and campaign.status == "ARCHIVED"
    asked = [(method, path) for method, path, _ in pix.requests]
    assert asked[:3] == [
        ("GET", "/api/admin/campaigns"),
        ("GET", "/api/campaigns"),
        ("GET", f"/api/admin/campaigns/{campaign.id}"),
    ]


async def test_archive_falls_back_on_the_bulk_csv_route(pix) -> None:
    async with PixClient(BASE, transport=pix) as client:
        await client.login("metier@example.net", PASSWORD)
        campaign = await client.admin.find_campaign("RENTRE123")
        pix.requests.clear()
        archived = await client.admin.archive(campaign.id)

    assert archived.is_archived
    assert ("POST", "/api/admin/campaigns/archive-campaigns") in [
        (method, path) for method, path, _ in pix.requests
    ]
    content_types = [ct for _, path, ct in pix.requests if path.endswith("archive-campaigns")]
    assert content_types == ["text/csv; charset=utf-8"]


async def test_extensions_without_fallback_say_so_in_french(pix) -> None:
    async with PixClient(BASE, transport=pix) as client:
        await client.login("superadmin@example.net", PASSWORD)
        campaign = await client.admin.find_campaign("ARCHIV789")
        calls = [
            client.admin.search_campaigns(name="rentrée"),
            client.admin.feedbacks(campaign.id),
            client.admin.audit_log(campaign.id),
            client.admin.unarchive(campaign.id),
            client.admin.change_owner(campaign.id, 1),
            client.admin.participations(campaign.id, status="STARTED"),
        ]
        for call in calls:
            with pytest.raises(ExtensionUnavailableError) as raised:
                await call
            assert str(raised.value) == EXTENSION_UNAVAILABLE_MESSAGE
            assert raised.value.route.startswith("/api/admin/campaigns")
        # Pix's own routes still work.
        plain = await client.admin.participations(campaign.id)
        still_archived = await client.admin.campaign(campaign.id)

    assert plain.meta.row_count == 0
    assert still_archived.is_archived


TOKEN = {"token_type": "bearer", "access_token": "a", "refresh_token": "r", "user_id": 1}


async def _mock_client(handler: Any) -> PixClient:
    """A client logged in to a fake server answering `handler` (the token route aside)."""

    def serve(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/token":
            return httpx.Response(200, json=TOKEN)
        return handler(request)

    client = PixClient(BASE, transport=httpx.MockTransport(serve))
    await client.login("support@example.net", PASSWORD)
    return client


def _participation(id_: int, status: str) -> dict[str, Any]:
    return {"type": "campaign-participations", "id": str(id_), "attributes": {"status": status}}


async def test_a_server_that_ignores_the_filters_is_not_believed() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        data = [_participation(1, "SHARED"), _participation(2, "STARTED")]
        return httpx.Response(200, json={"data": data, "meta": {"page": 1, "pageCount": 1}})

    async with await _mock_client(handler) as client:
        with pytest.raises(ExtensionUnavailableError):
            await client.admin.participations(7, status="STARTED")
        with pytest.raises(ExtensionUnavailableError):
            await client.admin.participations(7, stuck_after_days=7)
        assert len(await client.admin.participations(7)) == 2


async def test_a_missing_resource_is_not_a_missing_extension() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path == "/api/admin/campaigns":
            body = {
                "statusCode": 405,
                "error": "Method Not Allowed",
                "message": "Method Not Allowed",
            }
            return httpx.Response(405, json=body)
        detail = "La campagne d'id 7 n'existe pas."
        body = {"errors": [{"status": "404", "title": "Not Found", "detail": detail}]}
        return httpx.Response(404, content=json.dumps(body).encode())

    async with await _mock_client(handler) as client:
        with pytest.raises(ExtensionUnavailableError):
            await client.admin.search_campaigns(code="ABC")
        with pytest.raises(NotFoundError) as raised:
            await client.admin.feedbacks(7)
    assert not isinstance(raised.value, ExtensionUnavailableError)
    assert raised.value.detail == "La campagne d'id 7 n'existe pas."


def _e1(detail: str, **extra: Any) -> dict[str, Any]:
    return {"errors": [{"status": "404", "title": "Not Found", "detail": detail, **extra}]}


BOOM_405 = {"statusCode": 405, "error": "Method Not Allowed", "message": "Method Not Allowed"}


@pytest.mark.parametrize(
    ("status", "body", "missing"),
    [
        (404, BOOM_404, True),
        (404, {"statusCode": 404, "error": "Not Found"}, True),
        (405, BOOM_405, True),
        (404, _e1("Campagne inconnue"), False),
        (404, _e1("Not Found", code="X"), False),
        (403, {"errors": [{"code": 403, "title": "Forbidden access", "detail": "Missing"}]}, False),
    ],
)
def test_is_missing_route(status: int, body: dict[str, Any], missing: bool) -> None:
    assert is_missing_route(error_from_response(status, json.dumps(body))) is missing
