"""FastAPI dependencies shared by the routers: settings, the caller, role checks, path ids."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Request

from server.config import Settings
from server.db import SessionDep
from server.errors import MissingAuthentication
from server.jsonapi import MAX_ID
from server.models import AdminMember, AdminRole
from server.permissions import ensure_admin_role
from server.security import InvalidAccessToken, decode_access_token
from server.signing_key import JwtSecretSource


def app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(app_settings)]


def jwt_secret_source(request: Request) -> JwtSecretSource:
    source: JwtSecretSource = request.app.state.jwt_secret
    return source


JwtSecretDep = Annotated[JwtSecretSource, Depends(jwt_secret_source)]


def forwarded_origin(request: Request) -> str | None:
    """The public origin the client called (`https://orga.pix.fr`) when behind a proxy.

    Pix binds tokens to it (the token's audience); None when the headers are absent."""
    proto = request.headers.get("x-forwarded-proto")
    host = request.headers.get("x-forwarded-host")
    if not proto or not host:
        return None
    # Proxies append; the first value is the one the client used.
    return f"{proto.split(',')[0].strip()}://{host.split(',')[0].strip()}"


def client_address(request: Request) -> str | None:
    """The network address of the client, for rate limiting.

    X-Forwarded-For is written by whoever sends the request, so it is believed only as far as
    the operator says proxies append to it (`Settings.trusted_proxies`): with N proxies, the
    client is the N-th address from the right. Otherwise the socket's peer address."""
    settings: Settings = request.app.state.settings
    peer = request.client.host if request.client is not None else None
    if settings.trusted_proxies <= 0:
        return peer
    forwarded = [
        part.strip()
        for header in request.headers.getlist("x-forwarded-for")
        for part in header.split(",")
        if part.strip()
    ]
    if not forwarded:
        return peer
    return forwarded[-min(settings.trusted_proxies, len(forwarded))]


@dataclass(frozen=True)
class Caller:
    """Who is calling, from a valid bearer token."""

    user_id: int
    scope: str | None
    audience: str | None


async def authenticated_caller(request: Request, secrets: JwtSecretDep) -> Caller:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise MissingAuthentication()
    try:
        claims = decode_access_token(token, await secrets.get())
    except InvalidAccessToken as error:
        raise MissingAuthentication() from error
    origin = forwarded_origin(request)
    # A token is only good on the host it was issued for (an Orga token on the Orga host).
    if origin is not None and claims.audience != origin:
        raise MissingAuthentication()
    return Caller(user_id=claims.user_id, scope=claims.scope, audience=claims.audience)


CallerDep = Annotated[Caller, Depends(authenticated_caller)]


def require_admin_role(
    *roles: AdminRole,
) -> Callable[[Caller, SessionDep], Awaitable[AdminMember]]:
    """Dependency: the caller's active Pix Admin role, one of `roles` (any role when empty);
    otherwise an E3 403. Usage: `admin: Annotated[AdminMember, Depends(require_admin_role(...))]`.
    """

    async def dependency(caller: CallerDep, session: SessionDep) -> AdminMember:
        return await ensure_admin_role(session, caller.user_id, roles or None)

    return dependency


AnyAdminDep = Annotated[AdminMember, Depends(require_admin_role())]


def path_id(name: str) -> object:
    """A positive database id in the path, named like Pix (`userId`); else a 400 (E4)."""
    return Path(alias=name, ge=1, le=MAX_ID)


UserIdPath = Annotated[int, path_id("userId")]
OrganizationIdPath = Annotated[int, path_id("id")]
