"""The request engine shared by `PixClient` and its resource namespaces.

It owns the httpx client, the per-space authentication, the retry loop and the mapping of
every failure to the `api_client.errors` tree: no httpx exception leaves this module.
"""

from __future__ import annotations

import asyncio
import json as jsonlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

from api_client import retry
from api_client._http import (
    AsyncBaseTransport,
    AsyncClient,
    ConnectError,
    ConnectTimeout,
    HTTPError,
    InvalidURL,
    Limits,
    PoolTimeout,
    Request,
    Response,
    Timeout,
    TimeoutException,
    TransportError,
    UnsupportedProtocol,
)
from api_client.auth import PixAuth, RefreshRequestFactory, SpaceTokens
from api_client.errors import (
    AuthenticationError,
    NetworkError,
    NetworkTimeoutError,
    NoSessionError,
    PixError,
    SessionExpiredError,
    UnexpectedResponseError,
    error_from_response,
)
from api_client.jsonapi import Document
from api_client.models.auth import TokenResponse
from api_client.retry import IDEMPOTENCY_HEADER, RETRYABLE_STATUSES, RetryPolicy
from api_client.spaces import Session, Space
from api_client.token_store import MemoryTokenStore, TokenStore, TokenStoreError
from api_client.version import __version__

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 30.0
KEEPALIVE_SECONDS = 60.0  # below pix-server's 65 s, so the client is the one to close
TOKEN_PATH = "/api/token"
STORE_FORMAT_VERSION = 1

_log = logging.getLogger("api_client")

EventHook = Callable[..., Awaitable[object]]
"""An httpx event hook: awaited with each `Request` sent, or each `Response` received."""

_SPACE_VALUES = frozenset(space.value for space in Space)

# The request never reached the server: safe to send again whatever the method.
_NOT_SENT = (ConnectError, ConnectTimeout, PoolTimeout)


def make_timeout(timeout: float | Timeout | None) -> Timeout:
    """Short connect timeout, longer read timeout; a float sets the read/write/pool part."""
    if isinstance(timeout, Timeout):
        return timeout
    seconds = READ_TIMEOUT if timeout is None else timeout
    return Timeout(seconds, connect=min(CONNECT_TIMEOUT, seconds))


class ApiCore:
    """Sends requests for one server: space headers, auth, retries, errors, session state."""

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
        self.base_url = base_url.rstrip("/")
        self.token_store: TokenStore = (
            token_store if token_store is not None else MemoryTokenStore()
        )
        self.retry_policy = RetryPolicy(max_retries=max(0, max_retries))
        self._hosts = {space: space.default_host for space in Space}
        self._hosts.update(space_hosts or {})
        self._http = AsyncClient(
            base_url=self.base_url,
            transport=transport,
            timeout=make_timeout(timeout),
            follow_redirects=False,
            # A student thinks longer than httpx's 5 s default: without a longer keep-alive
            # each answer would open a new connection, a round trip more on a slow link.
            limits=Limits(keepalive_expiry=KEEPALIVE_SECONDS),
            headers={
                "User-Agent": user_agent or f"pix-tui/{__version__}",
                "Accept": "application/vnd.api+json, application/json",
                "Accept-Encoding": "gzip",
                # Pix translates error details with it: the TUI speaks French.
                "Accept-Language": "fr-FR, fr",
            },
            event_hooks={name: list(hooks) for name, hooks in (event_hooks or {}).items()},
        )
        self.session: Session | None = None
        self._auths: dict[Space, PixAuth] = {}
        self._persist_lock = asyncio.Lock()

    async def aclose(self) -> None:
        """Close the connections."""
        await self._http.aclose()

    # -- requests ----------------------------------------------------------------------

    def space_headers(self, space: Space) -> dict[str, str]:
        """Headers telling the server which front-end (token audience) a request comes from."""
        return {"X-Forwarded-Proto": "https", "X-Forwarded-Host": self._hosts[space]}

    def build_request(
        self,
        method: str,
        path: str,
        *,
        space: Space,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        content: bytes | None = None,
    ) -> Request:
        """An httpx request for `path` on this server, as sent from `space`.

        The body is `json`, a form (`data`) or raw `content` (a CSV upload; its
        Content-Type comes in `headers`)."""
        all_headers = self.space_headers(space)
        if json is not None:
            all_headers["Content-Type"] = "application/vnd.api+json"
        all_headers.update(headers or {})
        try:
            return self._http.build_request(
                method,
                path,
                params=params,
                content=content if json is None else _compact_json(json),
                data=data,
                headers=all_headers,
                # None would mean "no timeout at all" to httpx: keep the client's own.
                timeout=make_timeout(timeout) if timeout is not None else self._http.timeout,
            )
        except InvalidURL as exc:
            raise NetworkError(f"invalid server address {self.base_url!r}: {exc}") from exc

    async def send(
        self,
        method: str,
        path: str,
        *,
        space: Space,
        authenticated: bool = True,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
        max_retries: int | None = None,
        timeout: float | None = None,
        login: bool = False,
        send_token: bool = True,
        content: bytes | None = None,
    ) -> Response:
        """Send one request (with retries) and return the successful response.

        `authenticated=True` requires a session with `space` (else `NoSessionError`);
        `authenticated=False` still sends the token when there is one, unless
        `send_token=False` (token endpoint). Error answers raise the matching `PixApiError`;
        a 401 on an authenticated call ends the session (`SessionExpiredError`).
        `login=True` reads a 401 as wrong credentials.
        """
        auth = self._auths.get(space) if send_token else None
        if authenticated and auth is None:
            raise NoSessionError(space)
        extra_headers = dict(headers or {})
        if idempotency_key is not None:
            extra_headers[IDEMPOTENCY_HEADER] = idempotency_key
        request = self.build_request(
            method,
            path,
            space=space,
            params=params,
            json=json,
            data=data,
            headers=extra_headers,
            timeout=timeout,
            content=content,
        )
        retries = self.retry_policy.max_retries if max_retries is None else max_retries
        try:
            response = await self._send_with_retries(request, auth, retries)
        except SessionExpiredError:
            await self._end_session_of(auth)
            raise
        if response.status_code < 400:
            return response
        error = error_from_response(
            response.status_code,
            response.content,
            response.headers,
            reason=response.reason_phrase,
            login=login,
        )
        if authenticated and isinstance(error, AuthenticationError):
            # The token was refused even after a refresh: nothing left to try.
            await self._end_session_of(auth)
            raise SessionExpiredError(error.status, error.errors, headers=error.headers)
        raise error

    async def send_json(self, method: str, path: str, *, space: Space, **kwargs: Any) -> Any:
        """Send a request and decode its JSON body (None for an empty body)."""
        response = await self.send(method, path, space=space, **kwargs)
        return decode_json(response)

    async def send_document(
        self, method: str, path: str, *, space: Space, **kwargs: Any
    ) -> Document | None:
        """Send a request and parse its JSON:API body (None for an empty body, e.g. 204)."""
        body = await self.send_json(method, path, space=space, **kwargs)
        return None if body is None else Document.parse(body)

    @asynccontextmanager
    async def stream(
        self,
        method: str,
        path: str,
        *,
        space: Space,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> AsyncIterator[Response]:
        """Send an authenticated request and hand over its successful response *unread*
        (a download read chunk by chunk); closed on leaving the block. Retries, refresh and
        errors as `send`; a failure while reading the body is the reader's to map."""
        auth = self._auths.get(space)
        if auth is None:
            raise NoSessionError(space)
        request = self.build_request(method, path, space=space, params=params, headers=headers)
        try:
            response = await self._send_with_retries(
                request, auth, self.retry_policy.max_retries, stream=True
            )
        except SessionExpiredError:
            await self._end_session_of(auth)
            raise
        try:
            if response.status_code >= 400:
                await response.aread()
                error = error_from_response(
                    response.status_code,
                    response.content,
                    response.headers,
                    reason=response.reason_phrase,
                )
                if isinstance(error, AuthenticationError):
                    await self._end_session_of(auth)
                    raise SessionExpiredError(error.status, error.errors, headers=error.headers)
                raise error
            yield response
        finally:
            await response.aclose()

    async def _send_with_retries(
        self, request: Request, auth: PixAuth | None, max_retries: int, *, stream: bool = False
    ) -> Response:
        replayable = retry.is_replayable(request.method, IDEMPOTENCY_HEADER in request.headers)
        policy = self.retry_policy
        attempt = 0
        while True:
            try:
                response = await self._http.send(request, auth=auth, stream=stream)
            except PixError:
                raise
            except UnsupportedProtocol as exc:
                raise NetworkError(f"unsupported address {request.url}: {exc}") from exc
            except TransportError as exc:
                if attempt >= max_retries or not (replayable or isinstance(exc, _NOT_SENT)):
                    raise _network_error(exc, request) from exc
                _log.info("retrying %s %s after %r", request.method, request.url.path, exc)
                await retry.sleep(policy.backoff(attempt))
            except HTTPError as exc:  # decoding errors, too many redirects…
                raise UnexpectedResponseError(f"{request.url}: {exc}") from exc
            else:
                if (
                    response.status_code not in RETRYABLE_STATUSES
                    or not replayable
                    or attempt >= max_retries
                ):
                    return response
                hint = retry.parse_retry_after(response.headers.get("Retry-After"))
                delay = policy.delay(attempt, hint)
                if delay is None:  # the server asks for a long wait: let the caller decide
                    return response
                _log.info(
                    "retrying %s %s after HTTP %s in %.1fs",
                    request.method,
                    request.url.path,
                    response.status_code,
                    delay,
                )
                await response.aclose()
                await retry.sleep(delay)
            attempt += 1

    # -- tokens and session --------------------------------------------------------------

    async def request_token(
        self, space: Space, form: Mapping[str, str], *, login: bool = False
    ) -> TokenResponse:
        """POST the token endpoint from `space` with `form` (the scope is added)."""
        body = await self.send_json(
            "POST",
            TOKEN_PATH,
            space=space,
            authenticated=False,
            send_token=False,
            data={**form, "scope": space.scope},
            login=login,
        )
        return parse_token_response(body)

    def refresh_request_factory(self, space: Space) -> RefreshRequestFactory:
        """The function `PixAuth` calls to build a refresh-grant request for `space`."""

        def build(refresh_token: str) -> Request:
            return self.build_request(
                "POST",
                TOKEN_PATH,
                space=space,
                data={
                    "grant_type": "refresh_token",
                    "refresh_token": refresh_token,
                    "scope": space.scope,
                },
            )

        return build

    def start_session(self, session: Session, tokens: Mapping[Space, SpaceTokens]) -> None:
        """Make `session` current with one authenticated flow per opened space."""
        self.session = session
        self._auths = {space: self._make_auth(space, tokens[space]) for space in session.spaces}

    def tokens(self) -> dict[Space, SpaceTokens]:
        """The current tokens of each opened space."""
        return {space: auth.tokens for space, auth in self._auths.items()}

    async def end_session(self, *, delete_stored: bool = True) -> None:
        """Forget the session in memory and, unless told otherwise, in the token store."""
        self.session = None
        self._auths = {}
        if delete_stored:
            await self.delete_stored()

    async def _end_session_of(self, auth: PixAuth | None) -> None:
        # A slow request of an old session must not end the one a new login just started.
        if auth is not None and auth in self._auths.values():
            await self.end_session()

    async def persist(self) -> None:
        """Save the current session's tokens in the token store (failures are logged)."""
        async with self._persist_lock:
            session = self.session
            if session is None:
                return
            blob = {
                "version": STORE_FORMAT_VERSION,
                "user_id": session.user_id,
                "email": session.email,
                "tokens": {space.value: t.to_json() for space, t in self.tokens().items()},
            }
            try:
                await asyncio.to_thread(self.token_store.save, self.base_url, blob)
            except TokenStoreError as exc:
                # The session still works for this run; it just will not be restored.
                _log.warning("could not save the session: %s", exc)

    async def load_stored(self) -> tuple[Session, dict[Space, SpaceTokens]] | None:
        """The session saved for this server, or None if there is none or it is unreadable."""
        try:
            blob = await asyncio.to_thread(self.token_store.load, self.base_url)
        except TokenStoreError as exc:
            _log.warning("could not read the saved session: %s", exc)
            return None
        return parse_stored_session(blob) if blob is not None else None

    async def delete_stored(self) -> None:
        """Delete the saved session of this server (failures are logged)."""
        async with self._persist_lock:
            try:
                await asyncio.to_thread(self.token_store.delete, self.base_url)
            except TokenStoreError as exc:
                _log.warning("could not delete the saved session: %s", exc)

    def _make_auth(self, space: Space, tokens: SpaceTokens) -> PixAuth:
        async def on_refresh(_: SpaceTokens) -> None:
            await self.persist()

        return PixAuth(
            tokens,
            build_refresh_request=self.refresh_request_factory(space),
            on_refresh=on_refresh,
        )


def decode_json(response: Response) -> Any:
    """The JSON body of a response, None when empty; UnexpectedResponseError otherwise."""
    if response.status_code == 204 or not response.content.strip():
        return None
    try:
        return response.json()
    except ValueError as exc:
        raise UnexpectedResponseError(
            f"{response.request.url.path} answered something that is not JSON",
            status=response.status_code,
        ) from exc


def parse_token_response(body: Any) -> TokenResponse:
    """Read a token endpoint answer."""
    try:
        return TokenResponse.model_validate(body)
    except ValueError as exc:
        raise UnexpectedResponseError(f"unreadable token answer: {exc}") from exc


def parse_stored_session(
    blob: Mapping[str, Any],
) -> tuple[Session, dict[Space, SpaceTokens]] | None:
    """Read back what `ApiCore.persist` saved; None when malformed or of another version."""
    if blob.get("version") != STORE_FORMAT_VERSION:
        return None
    user_id, email, raw_tokens = blob.get("user_id"), blob.get("email"), blob.get("tokens")
    if (
        not isinstance(user_id, int)
        or not isinstance(email, str)
        or not isinstance(raw_tokens, dict)
    ):
        return None
    tokens: dict[Space, SpaceTokens] = {}
    for name, raw in raw_tokens.items():
        parsed = SpaceTokens.from_json(raw)
        if name in _SPACE_VALUES and parsed is not None:
            tokens[Space(name)] = parsed
    if Space.APP not in tokens:
        return None
    return Session(user_id=user_id, email=email, spaces=frozenset(tokens)), tokens


def _network_error(exc: TransportError, request: Request) -> NetworkError:
    where = f"{request.method} {request.url}"
    if isinstance(exc, TimeoutException):
        return NetworkTimeoutError(f"{where}: no answer in time ({type(exc).__name__})")
    return NetworkError(f"{where}: {type(exc).__name__}: {exc}")


def _compact_json(document: object) -> bytes:
    # No spaces, UTF-8 as is: every byte counts on a school link of a few tens of kbit/s.
    return jsonlib.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()
