"""The client against the real reference server (in-process, over a seeded database).

Demo accounts (password Pix12345): prof@example.net is ADMIN of the Collège and MEMBER of the
Lycée, prof2@example.net MEMBER of the Collège, eleve@example.net a student,
support@example.net a Pix Admin SUPPORT.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from fastapi import FastAPI

from api_client import (
    AccountBlockedError,
    FileTokenStore,
    InvalidCredentialsError,
    MemoryTokenStore,
    NoSessionError,
    PixClient,
    Space,
    ValidationError,
)
from server.app import create_app
from server.config import LoginBlockingPolicy, Settings

PASSWORD = "Pix12345"
BASE = "http://pix.localhost"
COLLEGE = "Collège Pix (DEMO)"
LYCEE = "Lycée Pix (DEMO)"

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


@dataclasses.dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}


class Recorder:
    """ASGI middleware noting what reached the server (the server itself is untouched)."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.seen: list[Seen] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []

        async def recording_receive() -> MutableMapping[str, Any]:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
                self.seen.append(Seen(scope["method"], scope["path"], headers, b"".join(chunks)))
            return message

        await self.app(scope, recording_receive, send)

    def token_requests(self) -> list[Seen]:
        return [s for s in self.seen if s.path == "/api/token"]


@pytest.fixture
async def server_app(seeded_url: str) -> AsyncIterator[FastAPI]:
    app = create_app(seeded_url)
    yield app
    await app.state.database.dispose()


@pytest.fixture
def recorder(server_app: FastAPI) -> Recorder:
    return Recorder(server_app)


@pytest.fixture
def make_client(recorder: Recorder) -> Callable[..., PixClient]:
    def make(token_store: Any = None) -> PixClient:
        return PixClient(BASE, transport=httpx.ASGITransport(app=recorder), token_store=token_store)

    return make


@pytest.mark.parametrize(
    ("email", "spaces"),
    [
        ("prof@example.net", {Space.APP, Space.ORGA}),
        ("prof2@example.net", {Space.APP, Space.ORGA}),
        ("eleve@example.net", {Space.APP}),
        ("support@example.net", {Space.APP, Space.ADMIN}),
    ],
)
async def test_each_demo_account_opens_its_spaces(
    make_client: Callable[..., PixClient], email: str, spaces: set[Space]
) -> None:
    async with make_client() as client:
        session = await client.login(email, PASSWORD)
        assert session.spaces == spaces
        assert session.email == email
        me = await client.users.me()
        assert me.email == email
        assert me.id == str(session.user_id)


async def test_login_sends_each_scope_from_its_own_host(
    make_client: Callable[..., PixClient], recorder: Recorder
) -> None:
    async with make_client() as client:
        await client.login("prof@example.net", PASSWORD)
        # Tokens are bound to their audience: each space's call must come from its host.
        await client.users.me()
        await client.orga.prescriber()
    hosts = {s.form["scope"]: s.headers["x-forwarded-host"] for s in recorder.token_requests()}
    assert hosts == {
        "mon-pix": "app.pix.fr",
        "pix-orga": "orga.pix.fr",
        "pix-admin": "admin.pix.fr",
    }
    assert recorder.token_requests()[0].form["scope"] == "mon-pix"
    assert all("Pix12345" not in str(s.headers) for s in recorder.seen)


async def test_prescriber_of_prof(make_client: Callable[..., PixClient]) -> None:
    async with make_client() as client:
        await client.login("prof@example.net", PASSWORD)
        prescriber = await client.orga.prescriber()
    assert (prescriber.first_name, prescriber.last_name) == ("Claire", "Moreau")
    roles = {
        m.organization.name: m.organization_role for m in prescriber.memberships if m.organization
    }
    assert roles == {COLLEGE: "ADMIN", LYCEE: "MEMBER"}
    current = prescriber.current_organization
    assert current is not None and current.name == COLLEGE
    assert prescriber.current_membership is not None and prescriber.current_membership.is_admin
    assert all(isinstance(v, bool) for v in prescriber.features.values())


async def test_switch_organization_and_back(make_client: Callable[..., PixClient]) -> None:
    async with make_client() as client:
        await client.login("prof@example.net", PASSWORD)
        start = await client.orga.prescriber()
        college = next(o for o in start.organizations if o.name == COLLEGE)
        lycee = next(o for o in start.organizations if o.name == LYCEE)
        try:
            switched = await client.orga.switch_organization(lycee.id)
            assert switched.current_organization is not None
            assert switched.current_organization.name == LYCEE
            assert switched.current_membership is not None
            assert switched.current_membership.organization_role == "MEMBER"
        finally:
            back = await client.orga.switch_organization(college.id)
        assert back.current_organization is not None
        assert back.current_organization.name == COLLEGE


async def test_switching_to_a_foreign_organization_is_refused(
    make_client: Callable[..., PixClient],
) -> None:
    async with make_client() as client:
        await client.login("prof@example.net", PASSWORD)
        lycee_id = next(
            o.id for o in (await client.orga.prescriber()).organizations if o.name == LYCEE
        )
        await client.login("prof2@example.net", PASSWORD)
        with pytest.raises(ValidationError) as caught:
            await client.orga.switch_organization(lycee_id)
        assert caught.value.status == 422
        assert (await client.orga.prescriber()).current_organization is not None


async def test_member_identities_of_the_college(make_client: Callable[..., PixClient]) -> None:
    async with make_client() as client:
        await client.login("prof@example.net", PASSWORD)
        prescriber = await client.orga.prescriber()
        college = next(o for o in prescriber.organizations if o.name == COLLEGE)
        members = await client.orga.member_identities(college.id)
    names = {m.display_name for m in members}
    assert {"Claire Moreau", "Julien Bernard"} <= names


async def test_support_admin_profile(make_client: Callable[..., PixClient]) -> None:
    async with make_client() as client:
        session = await client.login("support@example.net", PASSWORD)
        admin = await client.admin.me()
    assert admin.role == "SUPPORT"
    assert admin.is_support is True and admin.is_super_admin is False
    assert admin.user_id == session.user_id
    assert admin.full_name == "Sophie Laurent"


async def test_student_has_no_orga_space(make_client: Callable[..., PixClient]) -> None:
    async with make_client() as client:
        await client.login("eleve@example.net", PASSWORD)
        with pytest.raises(NoSessionError) as caught:
            await client.orga.prescriber()
        assert caught.value.space is Space.ORGA


async def test_wrong_password(make_client: Callable[..., PixClient], recorder: Recorder) -> None:
    async with make_client() as client:
        with pytest.raises(InvalidCredentialsError) as caught:
            await client.login("prof@example.net", "pas-le-bon")
        assert client.session is None
    assert caught.value.detail == "L'adresse e-mail et/ou le mot de passe saisis sont incorrects."
    assert len(recorder.token_requests()) == 1  # one failed attempt, not one per space


async def test_each_failed_login_counts_once_towards_the_block(seeded_url: str) -> None:
    threshold = 3
    settings = dataclasses.replace(
        Settings.from_env(seeded_url),
        login_blocking=LoginBlockingPolicy(temporary_threshold=threshold),
    )
    app = create_app(seeded_url, settings=settings)
    email = "eleve30@example.net"
    try:
        async with PixClient(BASE, transport=httpx.ASGITransport(app=app)) as client:
            for _ in range(threshold):
                with pytest.raises(InvalidCredentialsError):
                    await client.login(email, "mauvais")
            with pytest.raises(AccountBlockedError) as caught:
                await client.login(email, PASSWORD)  # even the right password now
    finally:
        await app.state.database.dispose()
    assert caught.value.code == "USER_IS_TEMPORARY_BLOCKED"
    assert caught.value.permanent is False
    assert caught.value.blocking_duration_ms is not None
    assert 0 < caught.value.blocking_duration_ms <= 2 * 60 * 1000


async def test_restore_then_logout_then_nothing_to_restore(
    make_client: Callable[..., PixClient], tmp_path: Path
) -> None:
    store = FileTokenStore(tmp_path / "tokens.json")
    async with make_client(store) as client:
        first = await client.login("prof@example.net", PASSWORD)

    async with make_client(store) as client:
        restored = await client.restore_session()
        assert restored == first
        assert (await client.orga.prescriber()).first_name == "Claire"
        await client.logout()
        assert client.session is None

    assert store.load(BASE) is None
    async with make_client(store) as client:
        assert await client.restore_session() is None


async def test_refresh_with_the_real_token_endpoint(make_client: Callable[..., PixClient]) -> None:
    store = MemoryTokenStore()
    async with make_client(store) as client:
        await client.login("prof@example.net", PASSWORD)
    saved = store.load(BASE)
    assert saved is not None
    # The access token is refused (as an expired one would be): the refresh token saves the day.
    saved["tokens"]["app"]["access_token"] = "not-a-valid-jwt"
    store.save(BASE, saved)

    async with make_client(store) as client:
        session = await client.restore_session()

    assert session is not None and session.email == "prof@example.net"
    refreshed = store.load(BASE)
    assert refreshed is not None
    assert refreshed["tokens"]["app"]["access_token"] not in ("not-a-valid-jwt", "")


async def test_logout_revokes_the_refresh_tokens(make_client: Callable[..., PixClient]) -> None:
    store = MemoryTokenStore()
    async with make_client(store) as client:
        await client.login("prof@example.net", PASSWORD)
        copy = store.load(BASE)
        await client.logout()
    assert copy is not None
    # Someone kept a copy of the saved session: its refresh token no longer works.
    copy["tokens"]["app"]["access_token"] = "not-a-valid-jwt"
    stolen = MemoryTokenStore()
    stolen.save(BASE, copy)
    async with make_client(stolen) as client:
        assert await client.restore_session() is None
    assert stolen.load(BASE) is None
