"""The token endpoint's answer (plain snake_case JSON, not JSON:API)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class TokenResponse(BaseModel):
    """`POST /api/token` 200: a bearer access token, its refresh token and the user id."""

    model_config = ConfigDict(extra="allow")

    token_type: str = "bearer"
    access_token: str
    user_id: int | None = None
    refresh_token: str | None = None
    expires_in: int | None = None
