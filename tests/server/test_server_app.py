"""The app as a whole: identity, compression, and the error shapes every route shares."""

from __future__ import annotations

import gzip
import logging
from typing import Annotated

import httpx
import pytest
from fastapi import Depends, FastAPI
from server_support import load_fixture

from server.app import create_app
from server.errors import (
    Conflict,
    EntityValidation,
    InvalidAttribute,
    NotFound,
    PreconditionFailed,
)
from server.jsonapi import Page, page_params, pagination_meta


async def test_root_says_what_this_server_is(api) -> None:
    from importlib.metadata import version

    response = await api.get("/")
    assert response.json() == {"name": "pix-server", "version": version("pix-tui")}


async def test_large_responses_are_gzipped(api, auth_headers) -> None:
    headers = await auth_headers("prof@example.net")
    me = await api.get("/api/users/me", headers={**headers, "Accept-Encoding": "gzip"})
    assert me.headers["content-encoding"] == "gzip"
    assert me.json()["data"]["type"] == "users"  # httpx inflated it
    assert int(me.headers["content-length"]) < len(me.content)

    small = await api.get("/", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers


async def test_gzip_body_really_is_gzip(app, auth_headers) -> None:
    headers = await auth_headers("prof@example.net")
    transport = httpx.ASGITransport(app=app)
    request = httpx.Request(
        "GET", "http://testserver/api/users/me", headers={**headers, "Accept-Encoding": "gzip"}
    )
    response = await transport.handle_async_request(request)
    raw = b"".join([chunk async for chunk in response.aiter_raw()])
    assert b'"first-name"' in gzip.decompress(raw)


async def test_unknown_route_is_a_boom_404(api) -> None:
    response = await api.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"statusCode": 404, "error": "Not Found", "message": "Not Found"}


@pytest.fixture
async def app_with_probe_routes(seeded_url: str):
    """The real app plus routes that raise each error kind, as future routes will."""
    app: FastAPI = create_app(seeded_url)

    @app.get("/probe/not-found")
    async def not_found() -> None:
        raise NotFound("Campagne introuvable")

    @app.get("/probe/conflict")
    async def conflict() -> None:
        raise Conflict("This challenge has already been answered.")

    @app.get("/probe/precondition")
    async def precondition() -> None:
        raise PreconditionFailed(
            "User 123 has already a campaign participation with campaign 101",
            code="ALREADY_PARTICIPATED",
            meta={"campaignId": 101},
        )

    @app.post("/probe/entity")
    async def entity() -> None:
        raise EntityValidation(
            [
                InvalidAttribute("name", "The title is required"),
                InvalidAttribute("targetProfileId", "TARGET_PROFILE_IS_REQUIRED"),
            ]
        )

    @app.get("/probe/crash")
    async def crash() -> None:
        raise RuntimeError("secret internal detail")

    @app.get("/probe/page")
    async def page(params: Annotated[Page, Depends(page_params)]) -> dict[str, object]:
        return {"meta": pagination_meta(params, row_count=25)}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client
    await app.state.database.dispose()


async def test_domain_errors_are_e1(app_with_probe_routes) -> None:
    api = app_with_probe_routes
    not_found = await api.get("/probe/not-found")
    assert not_found.status_code == 404
    assert not_found.json() == {
        "errors": [{"status": "404", "title": "Not Found", "detail": "Campagne introuvable"}]
    }
    assert (await api.get("/probe/conflict")).json()["errors"][0]["title"] == "Conflict"
    precondition = await api.get("/probe/precondition")
    assert precondition.status_code == 412
    error = precondition.json()["errors"][0]
    fixture = load_fixture("error-412-already-participated.response.json")["errors"][0]
    assert {key: error[key] for key in fixture} == fixture
    assert error["code"] == "ALREADY_PARTICIPATED"
    assert error["meta"] == {"campaignId": 101}


async def test_entity_validation_is_e2(app_with_probe_routes) -> None:
    response = await app_with_probe_routes.post("/probe/entity", headers={"Accept-Language": "en"})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors[0] == load_fixture("error-422-entity-validation-en.response.json")["errors"][0]
    assert errors[1] == {
        "status": "422",
        "source": {"pointer": "/data/relationships/target-profile"},
        "title": 'Invalid relationship "targetProfile"',
        "detail": "TARGET_PROFILE_IS_REQUIRED",
    }


async def test_unexpected_errors_are_a_500_without_details(app_with_probe_routes, caplog) -> None:
    with caplog.at_level(logging.ERROR, logger="server"):
        response = await app_with_probe_routes.get("/probe/crash")
    assert response.status_code == 500
    assert response.json() == {
        "errors": [
            {
                "status": "500",
                "title": "Internal Server Error",
                "detail": "An internal server error occurred",
            }
        ]
    }
    assert "secret internal detail" not in response.text
    assert "secret internal detail" in caplog.text  # but the log has it


async def test_pagination_parameters(app_with_probe_routes) -> None:
    api = app_with_probe_routes
    assert (await api.get("/probe/page")).json()["meta"] == {
        "page": 1, "pageSize": 10, "rowCount": 25, "pageCount": 3,
    }  # fmt: skip
    second = await api.get("/probe/page", params={"page[number]": 2, "page[size]": 20})
    assert second.json()["meta"] == {"page": 2, "pageSize": 20, "rowCount": 25, "pageCount": 2}
    bad = await api.get("/probe/page", params={"page[size]": "lots"})
    assert bad.status_code == 400
    assert bad.json() == {
        "errors": [
            {"status": "400", "title": "Bad Request", "detail": '"page.size" must be a number'}
        ]
    }
    too_big = await api.get("/probe/page", params={"page[size]": 1000})
    assert too_big.json()["errors"][0]["detail"] == '"page.size" must be less than or equal to 100'


async def test_a_missing_signing_key_is_recreated_once_for_every_app(seeded_url) -> None:
    from sqlalchemy import delete

    from server.db import Database
    from server.models import ServerSecret

    database = Database.connect(seeded_url, pooled=False)
    async with database.sessionmaker.begin() as session:
        await session.execute(delete(ServerSecret))
    await database.dispose()

    apps = [create_app(seeded_url), create_app(seeded_url)]
    try:
        secrets = [await app.state.jwt_secret.get() for app in apps]
        assert secrets[0] == secrets[1]
        assert len(secrets[0]) >= 32
    finally:
        for app in apps:
            await app.state.database.dispose()


async def test_a_configured_secret_is_used_instead_of_the_database_one(seeded_url) -> None:
    from dataclasses import replace

    from server.config import Settings

    configured = create_app(settings=replace(Settings(seeded_url), jwt_secret="s" * 48))
    default = create_app(seeded_url)
    try:
        async with (
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=configured), base_url="http://a"
            ) as a,
            httpx.AsyncClient(transport=httpx.ASGITransport(app=default), base_url="http://b") as b,
        ):
            form = {
                "grant_type": "password",
                "username": "prof@example.net",
                "password": "Pix12345",
            }
            token = (await a.post("/api/token", data=form)).json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            assert (await a.get("/api/users/me", headers=headers)).status_code == 200
            assert (await b.get("/api/users/me", headers=headers)).status_code == 401
    finally:
        await configured.state.database.dispose()
        await default.state.database.dispose()
