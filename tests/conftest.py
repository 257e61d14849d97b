"""Shared fixtures: real databases (SQLite, and PostgreSQL when configured) and the real app.

Every test gets its own database, copied from a template migrated (and seeded) once per
session: a SQLite file copied with the backup API, or a PostgreSQL `CREATE DATABASE ...
TEMPLATE ...`. Set PIX_TEST_POSTGRES_URL (e.g. postgresql+asyncpg://pix:pix@127.0.0.1:5432/pix_test,
a role allowed to CREATE DATABASE) to run every database test on PostgreSQL too.

Fixtures:
- `backend`: "sqlite" | "postgresql" (parametrized; PostgreSQL only when configured)
- `unmigrated_url`: a fresh database without any table
- `database_url`: a fresh migrated, empty database
- `seeded_url`: a fresh migrated database holding the demo data (server.seed)
- `app`: `create_app(seeded_url)`, disposed afterwards
- `api`: an httpx.AsyncClient on `app` through ASGITransport, base_url http://testserver
- `login`: `await login(email, password="Pix12345", scope=None, headers=None)` → httpx.Response
- `auth_headers`: `await auth_headers(email, scope=None)` → {"Authorization": "Bearer ..."}
  (a real token of the app, minted without the slow password check)
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from server.background import run_coroutine_blocking
from server.config import normalize_database_url

if TYPE_CHECKING:
    from fastapi import FastAPI

# The server itself (SQLAlchemy, FastAPI...) is imported inside the fixtures, so that test
# folders that never use a database do not pay for loading it.

DEMO_PASSWORD = "Pix12345"
POSTGRES_ENV = "PIX_TEST_POSTGRES_URL"

LoginFn = Callable[..., Awaitable[httpx.Response]]
AuthHeadersFn = Callable[..., Awaitable[dict[str, str]]]


def postgres_test_url() -> str | None:
    url = os.environ.get(POSTGRES_ENV)
    return normalize_database_url(url) if url else None


def _sqlite_copy(source: Path, destination: Path) -> None:
    # The backup API copies a consistent state, WAL content included.
    src = sqlite3.connect(source)
    dst = sqlite3.connect(destination)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


@dataclass
class SqliteTemplates:
    folder: Path

    def __post_init__(self) -> None:
        from server.migrate import upgrade
        from server.seed import seed_demo

        self.migrated = self.folder / "migrated.db"
        self.seeded = self.folder / "seeded.db"
        upgrade(self.url(self.migrated))
        _sqlite_copy(self.migrated, self.seeded)
        seed_url = self.url(self.seeded)
        run_coroutine_blocking(lambda: seed_demo(seed_url))

    @staticmethod
    def url(path: Path) -> str:
        return f"sqlite+aiosqlite:///{path}"

    def new_database(self, destination: Path, *, seeded: bool) -> str:
        _sqlite_copy(self.seeded if seeded else self.migrated, destination)
        return self.url(destination)


@dataclass
class PostgresTemplates:
    """Template databases on the server of PIX_TEST_POSTGRES_URL, dropped at the end."""

    admin_url: str
    prefix: str = field(default_factory=lambda: f"pixt_{uuid.uuid4().hex[:8]}")
    created: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        from server.migrate import upgrade
        from server.seed import seed_demo

        self.migrated = f"{self.prefix}_migrated"
        self.seeded = f"{self.prefix}_seeded"
        self._create(self.migrated)
        upgrade(self.url(self.migrated))
        self._create(self.seeded, template=self.migrated)
        seed_url = self.url(self.seeded)
        run_coroutine_blocking(lambda: seed_demo(seed_url))

    def url(self, name: str) -> str:
        base, _, _ = self.admin_url.rpartition("/")
        return f"{base}/{name}"

    def _admin(self, sql: str) -> None:
        import asyncpg

        dsn = self.admin_url.replace("postgresql+asyncpg://", "postgresql://", 1)

        async def run() -> None:
            connection = await asyncpg.connect(dsn)
            try:
                await connection.execute(sql)
            finally:
                await connection.close()

        run_coroutine_blocking(run)

    def _create(self, name: str, template: str | None = None) -> None:
        suffix = f' TEMPLATE "{template}"' if template else ""
        self._admin(f'CREATE DATABASE "{name}"{suffix}')
        self.created.append(name)

    def new_database(self, *, seeded: bool, migrated: bool = True) -> str:
        name = f"{self.prefix}_{uuid.uuid4().hex[:10]}"
        template = (self.seeded if seeded else self.migrated) if migrated else None
        self._create(name, template=template)
        return self.url(name)

    def drop(self, url: str) -> None:
        name = url.rpartition("/")[2]
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self.created:
            self.created.remove(name)

    def drop_all(self) -> None:
        for name in reversed(list(self.created)):
            self.drop(self.url(name))


@pytest.fixture(scope="session")
def sqlite_templates(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplates:
    return SqliteTemplates(tmp_path_factory.mktemp("db-templates"))


@pytest.fixture(scope="session")
def postgres_templates() -> Iterator[PostgresTemplates | None]:
    url = postgres_test_url()
    if url is None:
        yield None
        return
    templates = PostgresTemplates(admin_url=url)
    yield templates
    templates.drop_all()


def pytest_report_header() -> str:
    state = "on" if postgres_test_url() else f"off (set {POSTGRES_ENV} to run them)"
    return f"PostgreSQL database tests: {state}"


# Without PIX_TEST_POSTGRES_URL the PostgreSQL variants are not generated at all (rather than
# dozens of skip lines); the report header says so.
BACKENDS = ["sqlite"] + (
    [pytest.param("postgresql", marks=pytest.mark.postgres)] if postgres_test_url() else []
)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _fresh_database(
    request: pytest.FixtureRequest,
    backend: str,
    tmp_path: Path,
    *,
    seeded: bool,
    migrated: bool = True,
) -> Iterator[str]:
    if backend == "sqlite":
        if not migrated:
            yield SqliteTemplates.url(tmp_path / "never-migrated.db")
            return
        templates: SqliteTemplates = request.getfixturevalue("sqlite_templates")
        name = "seeded.db" if seeded else "empty.db"
        yield templates.new_database(tmp_path / name, seeded=seeded)
        return
    pg: PostgresTemplates | None = request.getfixturevalue("postgres_templates")
    assert pg is not None
    url = pg.new_database(seeded=seeded, migrated=migrated)
    yield url
    pg.drop(url)


@pytest.fixture
def unmigrated_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh database with no table at all (to test migrations themselves)."""
    yield from _fresh_database(request, backend, tmp_path, seeded=False, migrated=False)


@pytest.fixture
def database_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated, empty database of the current backend."""
    yield from _fresh_database(request, backend, tmp_path, seeded=False)


@pytest.fixture
def seeded_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database holding the demo data."""
    yield from _fresh_database(request, backend, tmp_path, seeded=True)


@pytest.fixture
async def app(seeded_url: str) -> AsyncIterator[FastAPI]:
    from server.app import create_app

    application = create_app(seeded_url)
    yield application
    await application.state.database.dispose()


@pytest.fixture
async def api(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
def login(api: httpx.AsyncClient) -> LoginFn:
    async def do_login(
        email: str,
        password: str = DEMO_PASSWORD,
        scope: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        form = {"grant_type": "password", "username": email, "password": password}
        if scope is not None:
            form["scope"] = scope
        return await api.post("/api/token", data=form, headers=headers)

    return do_login


@pytest.fixture
def auth_headers(app: FastAPI, seeded_url: str) -> AuthHeadersFn:
    """Bearer headers for a demo account, signed with the app's real secret.

    Skips the password check (argon2 costs ~0.1 s a login); logging in itself, scopes and
    refusals are tested through `login`."""

    from sqlalchemy import select

    from server.db import Database
    from server.models import User, utcnow
    from server.security import create_access_token

    async def headers_for(email: str, scope: str | None = None) -> dict[str, str]:
        database = Database.connect(seeded_url, pooled=False)
        try:
            async with database.sessionmaker() as session:
                user_id = await session.scalar(select(User.id).where(User.email == email))
        finally:
            await database.dispose()
        assert user_id is not None, f"no demo account {email}"
        token = create_access_token(
            secret=await app.state.jwt_secret.get(),
            user_id=user_id,
            scope=scope,
            audience=None,
            now=utcnow(),
            ttl=app.state.settings.access_token_ttl,
        )
        return {"Authorization": f"Bearer {token}"}

    return headers_for
