"""Fault injection: an access token that expires mid-session, and a refresh that fails."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from api_client import (
    AuthenticationError,
    MemoryTokenStore,
    NoSessionError,
    PixClient,
    SessionExpiredError,
    Space,
)

from .fake_pix import USER, FakePix, form_of, jsonapi, token_body

BASE = "https://pix.test"
EXPIRED = {"statusCode": 401, "error": "Unauthorized", "message": "Invalid token"}


def bearer(request: httpx.Request) -> str:
    return request.headers["Authorization"].removeprefix("Bearer ")


async def test_expired_token_is_refreshed_once_then_the_call_succeeds() -> None:
    store = MemoryTokenStore()
    fake = FakePix().token_endpoint()
    fake.on("GET", "/api/users/me", jsonapi(EXPIRED, 401), jsonapi(USER))
    client = PixClient(BASE, transport=fake.transport, token_store=store)
    await client.login("ada@example.net", "secret")

    user = await client.users.me()

    assert user.first_name == "Ada"
    calls = fake.sent("GET", "/api/users/me")
    assert [bearer(r) for r in calls] == ["mon-pix-access", "refreshed-access"]
    [refresh] = fake.refreshes()
    assert form_of(refresh) == {
        "grant_type": "refresh_token",
        "refresh_token": "mon-pix-refresh",
        "scope": "mon-pix",
    }
    assert refresh.headers["X-Forwarded-Host"] == "app.pix.fr"
    # The new token is what a later run will restore.
    saved = store.load(BASE)
    assert saved is not None
    assert saved["tokens"]["app"] == {
        "access_token": "refreshed-access",
        "refresh_token": "mon-pix-refresh",
    }


async def test_refused_refresh_ends_the_session() -> None:
    store = MemoryTokenStore()
    fake = FakePix().token_endpoint()
    fake.on("GET", "/api/users/me", jsonapi(EXPIRED, 401))
    client = PixClient(BASE, transport=fake.transport, token_store=store)
    await client.login("ada@example.net", "secret")
    invalid_grant = jsonapi(
        {
            "errors": [
                {"status": "401", "title": "Unauthorized", "detail": "Refresh token invalide"}
            ]
        },
        401,
    )
    fake.on("POST", "/api/token", invalid_grant)

    with pytest.raises(SessionExpiredError) as caught:
        await client.users.me()

    assert isinstance(caught.value, AuthenticationError)
    assert caught.value.detail == "Refresh token invalide"
    assert len(fake.sent("GET", "/api/users/me")) == 1  # not sent again without a token
    assert client.session is None
    assert store.load(BASE) is None
    with pytest.raises(NoSessionError):
        await client.users.me()


async def test_token_refused_again_after_refresh_ends_the_session() -> None:
    fake = FakePix().token_endpoint().on("GET", "/api/users/me", jsonapi(EXPIRED, 401))
    client = PixClient(BASE, transport=fake.transport)
    await client.login("ada@example.net", "secret")

    with pytest.raises(SessionExpiredError):
        await client.users.me()

    refreshes = fake.refreshes()
    assert len(refreshes) == 1  # refresh once, retry once, then stop
    assert len(fake.sent("GET", "/api/users/me")) == 2
    assert client.session is None


async def test_concurrent_401s_share_one_refresh() -> None:
    fake = FakePix().token_endpoint()

    def me(request: httpx.Request) -> httpx.Response:
        if bearer(request) == "refreshed-access":
            return jsonapi(USER)
        return jsonapi(EXPIRED, 401)

    fake.on("GET", "/api/users/me", me)
    client = PixClient(BASE, transport=fake.transport)
    await client.login("ada@example.net", "secret")

    users = await asyncio.gather(*(client.users.me() for _ in range(5)))

    assert [u.first_name for u in users] == ["Ada"] * 5
    refreshes = fake.refreshes()
    assert len(refreshes) == 1


async def test_each_space_refreshes_with_its_own_token_and_host() -> None:
    fake = FakePix().token_endpoint(orga=True)
    prescriber = {"data": {"type": "prescribers", "id": "42", "attributes": {"first-name": "Ada"}}}
    fake.on(
        "GET",
        "/api/prescription/prescribers/42",
        jsonapi(EXPIRED, 401),
        jsonapi(prescriber),
    )
    client = PixClient(BASE, transport=fake.transport)
    await client.login("ada@example.net", "secret")

    result = await client.orga.prescriber()

    assert result.first_name == "Ada"
    [refresh] = fake.refreshes()
    assert form_of(refresh)["refresh_token"] == "pix-orga-refresh"
    assert refresh.headers["X-Forwarded-Host"] == "orga.pix.fr"
    # The App token was not touched.
    assert client.session is not None and client.session.has(Space.APP)


async def test_refresh_answer_may_rotate_the_refresh_token() -> None:
    store = MemoryTokenStore()
    fake = FakePix().token_endpoint()
    fake.on("GET", "/api/users/me", jsonapi(EXPIRED, 401), jsonapi(USER))
    client = PixClient(BASE, transport=fake.transport, token_store=store)
    await client.login("ada@example.net", "secret")
    fake.on("POST", "/api/token", jsonapi(token_body("new-access", "rotated-refresh")))

    await client.users.me()

    saved = store.load(BASE)
    assert saved is not None
    assert saved["tokens"]["app"]["refresh_token"] == "rotated-refresh"


async def test_concurrent_401s_with_a_refused_refresh_ask_only_once() -> None:
    fake = FakePix().token_endpoint().on("GET", "/api/users/me", jsonapi(EXPIRED, 401))
    client = PixClient(BASE, transport=fake.transport)
    await client.login("ada@example.net", "secret")
    fake.on("POST", "/api/token", jsonapi({"errors": [{"status": "401"}]}, 401))

    outcomes = await asyncio.gather(*(client.users.me() for _ in range(4)), return_exceptions=True)

    assert all(isinstance(o, SessionExpiredError) for o in outcomes)
    assert len(fake.refreshes()) == 1
    assert client.session is None
