"""`PixClient`: log in, keep the session, and reach the typed resource namespaces.

async with PixClient("https://app.pix.fr", token_store=store) as client:
    session = await client.restore_session() or await client.login(email, password)
    prescriber = await client.orga.prescriber()
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Self

from api_client._core import ApiCore, EventHook
from api_client._http import AsyncBaseTransport, Timeout
from api_client.auth import SpaceTokens
from api_client.errors import (
    AuthenticationError,
    PermissionDeniedError,
    PixError,
    UnexpectedResponseError,
)
from api_client.models.auth import TokenResponse
from api_client.resources import (
    AdminResource,
    AppResource,
    CampaignFollowResource,
    CampaignsResource,
    OrgaResource,
    UsersResource,
)
from api_client.spaces import Session, Space
from api_client.token_store import TokenStore

REVOKE_PATH = "/api/revoke"
REVOKE_TIMEOUT = 5.0

_log = logging.getLogger("api_client")


class PixClient:
    """Typed async client of one Pix (or Pix-compatible) server.

    `transport` replaces the network (the TUI passes an ASGI transport for its embedded
    server); `token_store` keeps the session between runs (default: memory only);
    `timeout` is the read timeout in seconds (connect is 5 s); `max_retries` bounds the
    retries of safe requests; `space_hosts` overrides the public host of each space, sent
    as `X-Forwarded-Host` so tokens carry the right audience. `event_hooks`
    (`{"request": [...], "response": [...]}`) are httpx event hooks, awaited for every
    request sent (retries and token refreshes included) and every response received: the
    TUI tags and logs its requests with them.
    """

    def __init__(
        self,
        base_url: str,
        *,
        transport: AsyncBaseTransport | None = None,
        token_store: TokenStore | None = None,
        timeout: float | Timeout | None = None,
        max_retries: int = 2,
        user_agent: str | None = None,
        space_hosts: Mapping[Space, str] | None = None,
        event_hooks: Mapping[str, Sequence[EventHook]] | None = None,
    ) -> None:
        self._core = ApiCore(
            base_url,
            transport=transport,
            token_store=token_store,
            timeout=timeout,
            max_retries=max_retries,
            user_agent=user_agent,
            space_hosts=space_hosts,
            event_hooks=event_hooks,
        )
        self.users = UsersResource(self._core)
        self.orga = OrgaResource(self._core)
        self.campaigns = CampaignsResource(self._core)
        self.campaign_follow = CampaignFollowResource(self._core)
        self.admin = AdminResource(self._core)
        self.app = AppResource(self._core)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connections (the session stays in the token store)."""
        await self._core.aclose()

    @property
    def base_url(self) -> str:
        """The server this client talks to (also the key of the saved session)."""
        return self._core.base_url

    @property
    def session(self) -> Session | None:
        """The current session, None when nobody is logged in."""
        return self._core.session

    @property
    def token_store(self) -> TokenStore:
        """Where tokens are kept (its `description` tells the user)."""
        return self._core.token_store

    async def login(self, email: str, password: str) -> Session:
        """Log in with e-mail (or username) and password, opening every space allowed.

        The App space is asked first, alone: a wrong password costs exactly one failed
        attempt on the server (`InvalidCredentialsError`, or `AccountBlockedError` once the
        account is blocked). Then the Orga and Admin tokens are asked together; a refusal
        (403) there only means the user has no such space. The tokens, never the password,
        are saved in the token store.
        """
        app_token = await self._core.request_token(
            Space.APP,
            {"grant_type": "password", "username": email, "password": password},
            login=True,
        )
        # return_exceptions: let both finish, so no request is left running behind an error.
        orga_token, admin_token = await asyncio.gather(
            self._optional_space_token(Space.ORGA, email, password),
            self._optional_space_token(Space.ADMIN, email, password),
            return_exceptions=True,
        )
        for outcome in (orga_token, admin_token):
            if isinstance(outcome, BaseException):
                raise outcome
        tokens = {Space.APP: SpaceTokens.from_response(app_token)}
        for space, token in ((Space.ORGA, orga_token), (Space.ADMIN, admin_token)):
            if isinstance(token, TokenResponse):
                tokens[space] = SpaceTokens.from_response(token)
        user_id = app_token.user_id
        session = Session(user_id=user_id or 0, email=email, spaces=frozenset(tokens))
        self._core.start_session(session, tokens)
        if user_id is None:  # older servers: only the JWT knows; ask the API instead
            me = await self.users.me()
            session = Session(user_id=_as_user_id(me.id), email=email, spaces=session.spaces)
            self._core.start_session(session, tokens)
        await self._core.persist()
        return session

    async def restore_session(self) -> Session | None:
        """Resume the session saved for this server, if it is still valid.

        Checked with one cheap call (`GET /api/users/me`), which refreshes the access token
        when it has expired. Returns None when nothing was saved or the server no longer
        accepts it (the saved copy is then deleted). A network failure is raised, and the
        saved copy kept, so the caller can try again later.
        """
        stored = await self._core.load_stored()
        if stored is None:
            return None
        session, tokens = stored
        self._core.start_session(session, tokens)
        try:
            me = await self.users.me()
        except AuthenticationError:
            return None  # the core has already ended the session and deleted the copy
        except BaseException:
            await self._core.end_session(delete_stored=False)
            raise
        if me.id != str(session.user_id):
            await self._core.end_session()
            return None
        return session

    async def logout(self) -> None:
        """Revoke the refresh tokens on the server and delete the saved session.

        The local copy is deleted even when the server cannot be reached.
        """
        tokens = self._core.tokens()
        if not tokens:
            stored = await self._core.load_stored()
            tokens = stored[1] if stored is not None else {}
        try:
            await asyncio.gather(
                *(
                    self._revoke(space, t.refresh_token)
                    for space, t in tokens.items()
                    if t.refresh_token is not None
                )
            )
        finally:
            await self._core.end_session()

    async def _optional_space_token(
        self, space: Space, email: str, password: str
    ) -> TokenResponse | None:
        try:
            return await self._core.request_token(
                space, {"grant_type": "password", "username": email, "password": password}
            )
        except PermissionDeniedError:
            return None

    async def _revoke(self, space: Space, refresh_token: str) -> None:
        try:
            await self._core.send(
                "POST",
                REVOKE_PATH,
                space=space,
                authenticated=False,
                send_token=False,
                data={"token": refresh_token, "token_type_hint": "refresh_token"},
                max_retries=0,
                timeout=REVOKE_TIMEOUT,
            )
        except PixError as exc:
            # Best effort: the refresh token expires anyway, and local logout must happen.
            _log.info("could not revoke the %s refresh token: %s", space.value, exc)


def _as_user_id(value: str) -> int:
    try:
        return int(value)
    except ValueError as exc:
        raise UnexpectedResponseError(f"user id is not a number: {value!r}") from exc
