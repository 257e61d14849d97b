"""The FastAPI application factory of the reference server."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware

from server.config import Settings, normalize_database_url
from server.db import Database
from server.errors import install_error_handlers
from server.request_guards import RequestGuardMiddleware
from server.routes import include_routers
from server.routes.root import server_version
from server.signing_key import JwtSecretSource

# Below ~200 bytes gzip's header and the `content-encoding`/`vary` lines cost more than they
# save; above, they pay: the answer a student gets after each question (~360 bytes) goes out
# in ~210 plus 47 of headers, on links of a few tens of kbit/s.
GZIP_MINIMUM_SIZE = 200


def create_app(database_url: str | None = None, settings: Settings | None = None) -> FastAPI:
    """A ready app over an already migrated database.

    Nothing here needs lifespan events: the engine is created now and connects lazily, the
    JWT secret is loaded on first use. So the app also works in-process through
    `httpx.ASGITransport` (which runs no lifespan); the owner of such an app calls
    `await app.state.database.dispose()` when done. Under uvicorn, shutdown disposes it.
    """
    if settings is None:
        settings = Settings.from_env(database_url)
    elif database_url is not None:
        settings = dataclasses.replace(settings, database_url=normalize_database_url(database_url))
    database = Database.connect(settings.database_url, echo=settings.echo_sql)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        await database.dispose()

    app = FastAPI(title="pix-server", version=server_version(), lifespan=lifespan)
    app.state.settings = settings
    app.state.database = database
    app.state.jwt_secret = JwtSecretSource(database.sessionmaker, settings.jwt_secret)
    install_error_handlers(app)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_SIZE)
    # Outermost: size limits and text cleaning apply before anything reads the request.
    app.add_middleware(RequestGuardMiddleware, max_body_bytes=settings.max_body_bytes)
    include_routers(app)
    return app


def create_app_from_env() -> FastAPI:
    """Factory for uvicorn workers (`server.app:create_app_from_env`): $PIX_DATABASE_URL."""
    return create_app()
