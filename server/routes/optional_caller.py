"""The caller of Pix's `auth: false` routes: anyone may call, a token is used when present."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from server.deps import Caller, JwtSecretDep, authenticated_caller


async def optional_caller(request: Request, secrets: JwtSecretDep) -> Caller | None:
    """None without an `Authorization` header; a bad or expired token is still a 401 (E5), so
    that a client refreshes it instead of being treated as a stranger."""
    if not request.headers.get("authorization"):
        return None
    return await authenticated_caller(request, secrets)


OptionalCallerDep = Annotated[Caller | None, Depends(optional_caller)]


def caller_id(caller: Caller | None) -> int | None:
    return caller.user_id if caller is not None else None
