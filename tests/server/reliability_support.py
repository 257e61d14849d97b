"""Helpers of the reliability tests (issue 9): apps with other settings, tokens for them, and
real `pix-server serve` processes on random ports of 127.0.0.1."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from server_support import ROOT
from sqlalchemy import select
from student_support import db_scalar

from server.config import Settings
from server.models import User, utcnow
from server.security import create_access_token

DEMO_PASSWORD = "Pix12345"
_LISTENING = re.compile(r"Uvicorn running on (http://127\.0\.0\.1:\d+)")


@dataclass
class AppClient:
    """An httpx client on an app built with `settings`, and bearer headers valid for it."""

    client: httpx.AsyncClient
    settings: Settings
    jwt_secret: str

    async def headers_for(self, email: str) -> dict[str, str]:
        user = await db_scalar(
            self.settings.database_url, select(User.id).where(User.email == email)
        )
        assert user is not None, email
        token = create_access_token(
            secret=self.jwt_secret,
            user_id=int(user),
            scope=None,
            audience=None,
            now=utcnow(),
            ttl=self.settings.access_token_ttl,
        )
        return {"Authorization": f"Bearer {token}"}


@asynccontextmanager
async def app_client(
    settings: Settings, *, client_address: str = "127.0.0.1"
) -> AsyncIterator[AppClient]:
    """`async with app_client(Settings(...)) as app:` — in-process, as from `client_address`."""
    from server.app import create_app

    app = create_app(settings=settings)
    transport = httpx.ASGITransport(app=app, client=(client_address, 50_000))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield AppClient(client, settings, await app.state.jwt_secret.get())
    finally:
        await app.state.database.dispose()


def login_form(email: str, password: str = DEMO_PASSWORD) -> dict[str, str]:
    return {"grant_type": "password", "username": email, "password": password}


# --- real server processes ------------------------------------------------------------------


@dataclass
class ServerProcess:
    """A `pix-server serve` child process; its output (access log included) goes to a file."""

    process: subprocess.Popen[bytes]
    base_url: str
    log_path: Path

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def start_server(
    database_url: str, log_path: Path, env: dict[str, str] | None = None
) -> ServerProcess:
    """Start `pix-server serve --port 0` and wait until it listens (its port is read from the
    log line uvicorn prints, so two servers never race for a port)."""
    log = log_path.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--port", "0", "--database-url", database_url],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
    )
    log.close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = _LISTENING.search(log_path.read_text(encoding="utf-8", errors="replace"))
        if found:
            return ServerProcess(process, found.group(1), log_path)
        if process.poll() is not None:
            raise AssertionError(f"server exited: {log_path.read_text(errors='replace')}")
        time.sleep(0.05)
    process.kill()
    raise AssertionError(
        f"server did not start within 30 s: {log_path.read_text(errors='replace')}"
    )


def stop_server(server: ServerProcess) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@contextmanager
def running_servers(
    database_url: str, folder: Path, count: int = 2, env: dict[str, str] | None = None
) -> Iterator[list[ServerProcess]]:
    """`count` independent server processes over one database, stopped afterwards."""
    servers: list[ServerProcess] = []
    try:
        for index in range(count):
            servers.append(start_server(database_url, folder / f"server-{index}.log", env))
        yield servers
    finally:
        for server in servers:
            stop_server(server)


@contextmanager
def servers_on_a_seeded_database(
    request: pytest.FixtureRequest,
    folder: Path,
    env: dict[str, str] | None = None,
) -> Iterator[tuple[str, list[ServerProcess]]]:
    """Two server processes over one seeded database of the backend `request.param` names
    ("sqlite" or "postgresql"), for a module-scoped fixture; the database goes afterwards."""
    if request.param == "sqlite":
        url = request.getfixturevalue("sqlite_templates").new_database(
            folder / "shared.db", seeded=True
        )
    else:
        url = request.getfixturevalue("postgres_templates").new_database(seeded=True)
    with running_servers(url, folder, count=2, env=env) as servers:
        yield url, servers
    if request.param == "postgresql":
        request.getfixturevalue("postgres_templates").drop(url)


@asynccontextmanager
async def clients_of(
    servers: list[ServerProcess], timeout: float
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    """One HTTP client per server of a pair."""
    a, b = servers
    async with (
        httpx.AsyncClient(base_url=a.base_url, timeout=timeout) as on_a,
        httpx.AsyncClient(base_url=b.base_url, timeout=timeout) as on_b,
    ):
        yield on_a, on_b


# --- demo data through the API ---------------------------------------------------------------


async def fresh_assessment_campaign(
    client: httpx.AsyncClient,
    teacher_headers: dict[str, str],
    database_url: str,
    name: str,
    target_profile_id: int | None = None,
) -> tuple[int, str]:
    """A new assessment campaign like RENTRE123 (same organisation, same target profile unless
    another is given) that nobody has joined yet; returns its id and code."""
    from server.models import Campaign

    row = await db_scalar(database_url, select(Campaign).where(Campaign.code == "RENTRE123"))
    profile = target_profile_id if target_profile_id is not None else row.target_profile_id
    body = {
        "data": {
            "type": "campaigns",
            "attributes": {"name": name, "type": "ASSESSMENT"},
            "relationships": {
                "organization": {"data": {"type": "organizations", "id": str(row.organization_id)}},
                "target-profile": {"data": {"type": "target-profiles", "id": str(profile)}},
            },
        }
    }
    response = await client.post("/api/campaigns", json=body, headers=teacher_headers)
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    return int(data["id"]), str(data["attributes"]["code"])


async def bearer(client: httpx.AsyncClient, email: str) -> dict[str, str]:
    """Log in with the demo password (a real password check) and return bearer headers."""
    response = await client.post("/api/token", data=login_form(email))
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
