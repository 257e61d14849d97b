"""Bearer authentication with one refresh on 401, as an httpx auth flow.

Each space has its own `PixAuth` (its own access and refresh token). When the server refuses
the access token (401), the flow asks the token endpoint for a new one with the refresh-token
grant, hands it to `on_refresh` (which persists it), and sends the request once more. When
the refresh itself is refused, the session is over: `SessionExpiredError`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator, Mapping
from dataclasses import dataclass
from typing import Any

import pydantic

from api_client._http import Auth, Request, Response
from api_client.errors import (
    SessionExpiredError,
    UnexpectedResponseError,
    error_from_response,
    parse_error_body,
)
from api_client.models.auth import TokenResponse

# The token endpoint answers these when the refresh token is unknown, revoked or expired.
_REFRESH_REFUSED = frozenset({400, 401, 403})


@dataclass(frozen=True, slots=True)
class SpaceTokens:
    """The tokens of one space. What the token store keeps: never the password."""

    access_token: str
    refresh_token: str | None = None

    @classmethod
    def from_response(
        cls, response: TokenResponse, previous: SpaceTokens | None = None
    ) -> SpaceTokens:
        """Tokens from a token answer; a refresh answer may omit the (unchanged) refresh token."""
        refresh = response.refresh_token
        if refresh is None and previous is not None:
            refresh = previous.refresh_token
        return cls(access_token=response.access_token, refresh_token=refresh)

    def to_json(self) -> dict[str, Any]:
        """The JSON object saved in the token store."""
        return {"access_token": self.access_token, "refresh_token": self.refresh_token}

    @classmethod
    def from_json(cls, raw: Any) -> SpaceTokens | None:
        """Tokens read back from the store, or None if the entry is malformed."""
        if not isinstance(raw, Mapping):
            return None
        access, refresh = raw.get("access_token"), raw.get("refresh_token")
        if not isinstance(access, str) or not (refresh is None or isinstance(refresh, str)):
            return None
        return cls(access_token=access, refresh_token=refresh)


RefreshRequestFactory = Callable[[str], Request]
"""Builds the refresh-grant request (token endpoint URL, space headers) for a refresh token."""

TokensRefreshed = Callable[[SpaceTokens], Awaitable[None]]
"""Called with the new tokens after a successful refresh, to persist them."""


class PixAuth(Auth):
    """`Authorization: Bearer` for one space, refreshing the token once on a 401."""

    def __init__(
        self,
        tokens: SpaceTokens,
        *,
        build_refresh_request: RefreshRequestFactory,
        on_refresh: TokensRefreshed,
    ) -> None:
        self._tokens = tokens
        self._build_refresh_request = build_refresh_request
        self._on_refresh = on_refresh
        self._refusal: SessionExpiredError | None = None
        # Concurrent requests that all get a 401 must share one refresh, not race N of them.
        self._refresh_lock = asyncio.Lock()

    @property
    def tokens(self) -> SpaceTokens:
        """The tokens in use now (changes after a refresh)."""
        return self._tokens

    def sync_auth_flow(self, request: Request) -> Generator[Request, Response, None]:
        """Not supported: the client is async only."""
        raise RuntimeError("PixAuth works with the async client only")

    async def async_auth_flow(self, request: Request) -> AsyncGenerator[Request, Response]:
        """Send with the bearer token; on 401 refresh once and send once more."""
        used = self._tokens.access_token
        request.headers["Authorization"] = f"Bearer {used}"
        response = yield request
        if response.status_code != 401 or self._tokens.refresh_token is None:
            return
        async with self._refresh_lock:
            # Requests that waited for the lock share the outcome of the refresh just made.
            if self._refusal is not None:
                raise self._refusal
            if self._tokens.access_token == used:
                refresh_response = yield self._build_refresh_request(self._tokens.refresh_token)
                await refresh_response.aread()
                try:
                    self._tokens = _tokens_from_refresh(refresh_response, self._tokens)
                except SessionExpiredError as refusal:
                    self._refusal = refusal
                    raise
                await self._on_refresh(self._tokens)
        request.headers["Authorization"] = f"Bearer {self._tokens.access_token}"
        yield request


def _tokens_from_refresh(response: Response, previous: SpaceTokens) -> SpaceTokens:
    if response.status_code in _REFRESH_REFUSED:
        raise SessionExpiredError(401, parse_error_body(response.content), headers=response.headers)
    if response.status_code >= 400:
        raise error_from_response(
            response.status_code, response.content, response.headers, reason=response.reason_phrase
        )
    try:
        token = TokenResponse.model_validate(json.loads(response.content))
    except (ValueError, pydantic.ValidationError) as exc:
        raise UnexpectedResponseError(
            "unreadable refresh-token answer", status=response.status_code
        ) from exc
    return SpaceTokens.from_response(token, previous)
