"""Fault injection: what the client retries, how long it waits, what it never repeats."""

from __future__ import annotations

import gzip
import socket

import httpx
import pytest

import api_client.retry
from api_client import (
    NetworkError,
    NetworkTimeoutError,
    PixClient,
    RateLimitError,
    ServerError,
    Space,
    UnexpectedResponseError,
)
from api_client.resources import SpaceResource

from .fake_pix import USER, FakePix, form_of, jsonapi

UNAVAILABLE = {
    "errors": [{"status": "503", "title": "ServiceUnavailable", "detail": "Maintenance"}]
}
BASE = "https://pix.test"


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record back-off waits instead of waiting."""
    delays: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        delays.append(seconds)

    monkeypatch.setattr(api_client.retry, "sleep", fake_sleep)
    return delays


async def logged_in(fake: FakePix, max_retries: int = 2) -> PixClient:
    client = PixClient(BASE, transport=fake.transport, max_retries=max_retries)
    await client.login("ada@example.net", "secret")
    return client


class Things(SpaceResource):
    """A namespace written the way later resources will be, to drive POSTs."""

    space = Space.APP

    async def create(self, idempotency_key: str | None = None) -> None:
        await self._post(
            "/api/things", {"data": {"type": "things"}}, idempotency_key=idempotency_key
        )


async def test_get_is_retried_with_growing_backoff_after_503(sleeps: list[float]) -> None:
    fake = FakePix().token_endpoint()
    fake.on(
        "GET", "/api/users/me", jsonapi(UNAVAILABLE, 503), jsonapi(UNAVAILABLE, 503), jsonapi(USER)
    )
    client = await logged_in(fake)

    user = await client.users.me()

    assert user.first_name == "Ada"
    assert len(fake.sent("GET", "/api/users/me")) == 3
    assert len(sleeps) == 2
    assert 0.375 <= sleeps[0] <= 0.5  # 0.5 s minus up to 25 % jitter
    assert 0.75 <= sleeps[1] <= 1.0  # doubled


async def test_get_gives_up_after_max_retries(sleeps: list[float]) -> None:
    fake = FakePix().token_endpoint().on("GET", "/api/users/me", jsonapi(UNAVAILABLE, 503))
    client = await logged_in(fake)

    with pytest.raises(ServerError) as caught:
        await client.users.me()

    assert caught.value.status == 503
    assert caught.value.detail == "Maintenance"
    assert len(fake.sent("GET", "/api/users/me")) == 3  # 1 + max_retries (2)


async def test_backoff_is_capped(sleeps: list[float]) -> None:
    fake = FakePix().token_endpoint().on("GET", "/api/users/me", jsonapi(UNAVAILABLE, 503))
    client = await logged_in(fake, max_retries=8)

    with pytest.raises(ServerError):
        await client.users.me()

    assert len(sleeps) == 8
    assert max(sleeps) <= 8.0
    assert sleeps[-1] >= 6.0  # reached the cap (8 s minus jitter)


async def test_plain_post_is_not_repeated_after_a_read_timeout(sleeps: list[float]) -> None:
    """The server may have counted the login attempt: sending it again could block the account."""
    fake = FakePix().on("POST", "/api/token", httpx.ReadTimeout("slow"))
    client = PixClient(BASE, transport=fake.transport)

    with pytest.raises(NetworkTimeoutError):
        await client.login("ada@example.net", "secret")

    assert len(fake.sent("POST", "/api/token")) == 1
    assert sleeps == []
    assert client.session is None


async def test_plain_post_is_not_repeated_after_503(sleeps: list[float]) -> None:
    fake = FakePix().token_endpoint().on("POST", "/api/things", jsonapi(UNAVAILABLE, 503))
    client = await logged_in(fake)

    with pytest.raises(ServerError):
        await Things(client._core).create()

    assert len(fake.sent("POST", "/api/things")) == 1


async def test_post_is_repeated_when_the_connection_never_opened(sleeps: list[float]) -> None:
    fake = FakePix().token_endpoint()
    first_reply = fake.routes[("POST", "/api/token")][0]
    fake.on("POST", "/api/token", httpx.ConnectError("refused"), first_reply)

    session = await PixClient(BASE, transport=fake.transport).login("ada@example.net", "secret")

    assert session.spaces == {Space.APP}
    mon_pix = [r for r in fake.sent("POST", "/api/token") if form_of(r)["scope"] == "mon-pix"]
    assert len(mon_pix) == 2
    assert len(sleeps) == 1


async def test_post_with_idempotency_key_is_retried(sleeps: list[float]) -> None:
    fake = FakePix().token_endpoint()
    fake.on("POST", "/api/things", jsonapi(UNAVAILABLE, 503), httpx.Response(204))
    client = await logged_in(fake)

    await Things(client._core).create(idempotency_key="answer-7")

    sent = fake.sent("POST", "/api/things")
    assert len(sent) == 2
    assert {r.headers["Idempotency-Key"] for r in sent} == {"answer-7"}


async def test_retry_after_is_honoured(sleeps: list[float]) -> None:
    limited = jsonapi({"errors": [{"status": "429"}]}, 429, headers={"Retry-After": "3"})
    fake = FakePix().token_endpoint().on("GET", "/api/users/me", limited, jsonapi(USER))
    client = await logged_in(fake)

    await client.users.me()

    assert sleeps == [3.0]


async def test_a_long_retry_after_reaches_the_caller_at_once(sleeps: list[float]) -> None:
    limited = jsonapi(
        {"errors": [{"status": "429", "title": "Too many requests"}]},
        429,
        headers={"Retry-After": "120"},
    )
    fake = FakePix().token_endpoint().on("GET", "/api/users/me", limited)
    client = await logged_in(fake)

    with pytest.raises(RateLimitError) as caught:
        await client.users.me()

    assert caught.value.retry_after == 120.0
    assert len(fake.sent("GET", "/api/users/me")) == 1
    assert sleeps == []


async def test_500_is_not_retried(sleeps: list[float]) -> None:
    fake = FakePix().token_endpoint().on("GET", "/api/users/me", jsonapi({"errors": []}, 500))
    client = await logged_in(fake)

    with pytest.raises(ServerError):
        await client.users.me()

    assert len(fake.sent("GET", "/api/users/me")) == 1


async def test_get_read_timeouts_are_retried_then_reported(sleeps: list[float]) -> None:
    fake = FakePix().token_endpoint().on("GET", "/api/users/me", httpx.ReadTimeout("slow"))
    client = await logged_in(fake)

    with pytest.raises(NetworkTimeoutError):
        await client.users.me()

    assert len(fake.sent("GET", "/api/users/me")) == 3


async def test_server_gone_mid_answer_is_a_network_error(sleeps: list[float]) -> None:
    fake = FakePix().token_endpoint()
    fake.on("GET", "/api/users/me", httpx.RemoteProtocolError("Server disconnected"))
    client = await logged_in(fake, max_retries=0)

    with pytest.raises(NetworkError) as caught:
        await client.users.me()

    assert not isinstance(caught.value, NetworkTimeoutError)


async def test_connection_refused_on_a_real_socket(sleeps: list[float]) -> None:
    with socket.socket() as probe:  # find a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with PixClient(f"http://127.0.0.1:{port}") as client:
        with pytest.raises(NetworkError) as caught:
            await client.login("ada@example.net", "secret")
    assert "ConnectError" in str(caught.value)
    assert len(sleeps) == 2  # a connect failure is safe to retry, even for a POST


async def test_unknown_host_is_a_network_error(sleeps: list[float]) -> None:
    async with PixClient("http://pix.invalid", max_retries=0) as client:
        with pytest.raises(NetworkError):
            await client.login("ada@example.net", "secret")


async def test_corrupted_gzip_body_is_not_an_httpx_error(sleeps: list[float]) -> None:
    broken = httpx.Response(
        200, headers={"Content-Encoding": "gzip"}, stream=httpx.ByteStream(b"not gzip")
    )
    fake = FakePix().token_endpoint().on("GET", "/api/users/me", broken)
    client = await logged_in(fake)

    with pytest.raises(UnexpectedResponseError):
        await client.users.me()


async def test_gzip_body_is_accepted(sleeps: list[float]) -> None:
    import json

    packed = gzip.compress(json.dumps(USER).encode())
    fake = FakePix().token_endpoint()
    fake.on(
        "GET",
        "/api/users/me",
        httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=packed),
    )
    client = await logged_in(fake)

    assert (await client.users.me()).first_name == "Ada"
    assert fake.sent("GET", "/api/users/me")[0].headers["Accept-Encoding"] == "gzip"


async def test_a_captive_portal_page_is_an_unexpected_response(sleeps: list[float]) -> None:
    portal = httpx.Response(200, html="<html>Wi-Fi login</html>")
    fake = FakePix().token_endpoint().on("GET", "/api/users/me", portal)
    client = await logged_in(fake)

    with pytest.raises(UnexpectedResponseError):
        await client.users.me()


async def test_requests_carry_the_space_audience_and_user_agent(sleeps: list[float]) -> None:
    fake = FakePix().token_endpoint(orga=True, admin=True)
    client = await logged_in(fake)

    token_requests = fake.sent("POST", "/api/token")
    assert form_of(token_requests[0])["scope"] == "mon-pix"  # alone, first
    hosts = {form_of(r)["scope"]: r.headers["X-Forwarded-Host"] for r in token_requests}
    assert hosts == {
        "mon-pix": "app.pix.fr",
        "pix-orga": "orga.pix.fr",
        "pix-admin": "admin.pix.fr",
    }
    assert {r.headers["X-Forwarded-Proto"] for r in token_requests} == {"https"}
    assert all(
        r.headers["User-Agent"] == f"pix-tui/{api_client.__version__}" for r in token_requests
    )
    assert all("Authorization" not in r.headers for r in token_requests)
    assert client.session is not None
    assert client.session.spaces == {Space.APP, Space.ORGA, Space.ADMIN}


async def test_wrong_password_costs_one_attempt_only(sleeps: list[float]) -> None:
    refused = jsonapi(
        {"errors": [{"status": "401", "title": "Unauthorized", "detail": "incorrects"}]}, 401
    )
    fake = FakePix().on("POST", "/api/token", refused)

    with pytest.raises(api_client.InvalidCredentialsError):
        await PixClient(BASE, transport=fake.transport).login("ada@example.net", "wrong")

    assert len(fake.requests) == 1
