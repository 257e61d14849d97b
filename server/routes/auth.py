"""`POST /api/token` and `POST /api/revoke` (CONTRACT 2): form-encoded, not JSON:API."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from server.db import SessionDep
from server.deps import JwtSecretDep, SettingsDep, client_address, forwarded_origin
from server.errors import BadRequest, UnsupportedMediaType
from server.usecases.authentication import (
    IssuedTokens,
    Scope,
    login_with_password,
    refresh_access_token,
    revoke_refresh_token,
)

router = APIRouter(prefix="/api", tags=["authentication"])

FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"
GRANT_TYPES = ("password", "refresh_token")
TOKEN_TYPE_HINTS = ("access_token", "refresh_token")
INVALID_REVOKE_REQUEST = "The server could not understand the request due to invalid token."


def form_body(properties: dict[str, dict[str, Any]], required: list[str]) -> dict[str, Any]:
    """The OpenAPI description of a form body the route reads itself (`read_form`), so that
    the document (and the schema-driven fuzzing that reads it) knows what to send."""
    schema = {"type": "object", "properties": properties, "required": required}
    return {"requestBody": {"required": True, "content": {FORM_MEDIA_TYPE: {"schema": schema}}}}


TOKEN_FORM = form_body(
    {
        "grant_type": {"type": "string", "enum": list(GRANT_TYPES)},
        "username": {"type": "string"},
        "password": {"type": "string"},
        "scope": {"type": "string"},
        "refresh_token": {"type": "string"},
    },
    ["grant_type"],
)
REVOKE_FORM = form_body(
    {
        "token": {"type": "string"},
        "token_type_hint": {"type": "string", "enum": list(TOKEN_TYPE_HINTS)},
    },
    ["token"],
)


async def read_form(request: Request) -> dict[str, str]:
    """The url-encoded body; any other media type is a 415 like Hapi's."""
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type != FORM_MEDIA_TYPE:
        raise UnsupportedMediaType()
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


def _required(form: dict[str, str], name: str) -> str:
    value = form.get(name, "")
    if not value:
        raise BadRequest(f'"{name}" is required')
    return value


def _parse_scope(raw: str | None) -> Scope | None:
    if not raw:
        return None
    try:
        return Scope(raw)
    except ValueError:
        allowed = ", ".join(scope.value for scope in Scope)
        raise BadRequest(f'"scope" must be one of [{allowed}]') from None


def token_response(tokens: IssuedTokens) -> JSONResponse:
    return JSONResponse(
        {
            "token_type": "bearer",
            "access_token": tokens.access_token,
            "user_id": tokens.user_id,
            "refresh_token": tokens.refresh_token,
            "expires_in": tokens.expires_in,
        },
        headers={"Cache-Control": "no-store", "Pragma": "no-cache"},
    )


@router.post("/token", openapi_extra=TOKEN_FORM)
async def create_token(
    request: Request, session: SessionDep, settings: SettingsDep, secrets: JwtSecretDep
) -> JSONResponse:
    form = await read_form(request)
    grant_type = form.get("grant_type", "")
    audience = forwarded_origin(request)
    if grant_type == "password":
        login = _required(form, "username")
        password = _required(form, "password")
        tokens = await login_with_password(
            session,
            settings,
            jwt_secret=await secrets.get(),
            login=login,
            password=password,
            scope=_parse_scope(form.get("scope")),
            audience=audience,
            # "" when the server does not know the peer: such clients share one limit.
            address=client_address(request) or "",
        )
    elif grant_type == "refresh_token":
        tokens = await refresh_access_token(
            session,
            settings,
            jwt_secret=await secrets.get(),
            refresh_token=_required(form, "refresh_token"),
            audience=audience,
        )
    else:
        raise BadRequest(f'"grant_type" must be one of [{", ".join(GRANT_TYPES)}]')
    return token_response(tokens)


@router.post("/revoke", status_code=204, openapi_extra=REVOKE_FORM)
async def revoke_token(request: Request, session: SessionDep) -> Response:
    form = await read_form(request)
    token = form.get("token", "")
    hint = form.get("token_type_hint")
    if not token or (hint is not None and hint not in TOKEN_TYPE_HINTS):
        raise BadRequest(INVALID_REVOKE_REQUEST)
    # Access tokens are stateless JWTs that simply expire: only refresh tokens are revoked.
    if hint != "access_token":
        await revoke_refresh_token(session, token)
    return Response(status_code=204)
