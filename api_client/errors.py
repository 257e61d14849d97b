"""One error tree, built from the HTTP status and the Pix error body.

Pix answers errors in five shapes (CONTRACT 1.7): JSON:API `errors` with a string `status`
(E1, E4), the same with a `source.pointer` (E2, entity validation), a security pre-handler
refusal with a numeric `code` and no `status` (E3), and a Hapi/Boom body for a bad bearer token
(E5). A proxy in front of the server may also answer with HTML. All of them become one
`PixApiError` subclass chosen by the HTTP status (the status line is the one fact every shape
shares), refined by the Pix `code` where it matters (blocked accounts, password change).

Network failures (refused connection, DNS, timeouts, server gone) are `NetworkError`, outside
`PixApiError`: no HTTP answer came back. The TUI maps each class to one French message.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from api_client.retry import parse_retry_after
from api_client.spaces import Space

USER_IS_TEMPORARY_BLOCKED = "USER_IS_TEMPORARY_BLOCKED"
USER_IS_BLOCKED = "USER_IS_BLOCKED"
SHOULD_CHANGE_PASSWORD = "SHOULD_CHANGE_PASSWORD"

_POINTER_PREFIXES = ("/data/attributes/", "/data/relationships/")


@dataclass(frozen=True, slots=True)
class ErrorObject:
    """One entry of a Pix error body, whatever shape it came in."""

    status: str | None = None
    title: str | None = None
    detail: str | None = None
    code: str | None = None
    meta: Any = None
    source_pointer: str | None = None

    @property
    def field(self) -> str | None:
        """The attribute or relationship the error is about (`"name"`, `"target-profile"`).

        Taken from `source.pointer` (`/data/attributes/name`,
        `/data/relationships/target-profile`); None when the error is not about a field.
        """
        if not self.source_pointer:
            return None
        for prefix in _POINTER_PREFIXES:
            if self.source_pointer.startswith(prefix):
                return self.source_pointer[len(prefix) :] or None
        return None


class PixError(Exception):
    """Base class of every error raised by `api_client`."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NetworkError(PixError):
    """No HTTP answer: connection refused, DNS failure, connection dropped, bad address."""


class NetworkTimeoutError(NetworkError):
    """The server did not answer in time (connect or read timeout)."""


class NoSessionError(PixError):
    """A call needs a space the current session has not opened (or nobody is logged in)."""

    def __init__(self, space: Space) -> None:
        super().__init__(f"no active session for the {space.value!r} space")
        self.space = space


class UnexpectedResponseError(PixError):
    """The server answered, but not with a document this client understands."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class PixApiError(PixError):
    """The server answered with an error status.

    `title`, `detail`, `code` and `meta` come from the first error object (Pix sends one in
    nearly every case); `errors` keeps them all. `str(error)` is the detail when present.
    """

    def __init__(
        self,
        status: int,
        errors: Sequence[ErrorObject] = (),
        *,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.status = status
        self.errors: tuple[ErrorObject, ...] = tuple(errors)
        first = self.errors[0] if self.errors else ErrorObject()
        self.title = first.title
        self.detail = first.detail
        self.code = first.code
        self.meta: Any = first.meta
        self.headers: Mapping[str, str] = dict(headers or {})
        super().__init__(self.detail or self.title or f"HTTP {status}")

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status}, title={self.title!r}, "
            f"detail={self.detail!r}, code={self.code!r})"
        )


class AuthenticationError(PixApiError):
    """401: no valid token, or the credentials were refused."""


class InvalidCredentialsError(AuthenticationError):
    """401 at login: the e-mail (or username) and password do not match."""


class PasswordChangeRequiredError(AuthenticationError):
    """401 at login with code SHOULD_CHANGE_PASSWORD; `meta` is the password-reset token."""


class SessionExpiredError(AuthenticationError):
    """The access token was refused and refreshing it failed: the user must log in again."""


class PermissionDeniedError(PixApiError):
    """403: authenticated, but not allowed (wrong role, other organisation, no such space)."""


class AccountBlockedError(PermissionDeniedError):
    """403 at login after too many failed attempts.

    `permanent` is True for USER_IS_BLOCKED (an administrator must unblock the account),
    False for USER_IS_TEMPORARY_BLOCKED; `blocking_duration_ms` is set when the server says.
    """

    @property
    def permanent(self) -> bool:
        """Whether only an administrator can unblock the account."""
        return self.code == USER_IS_BLOCKED

    @property
    def blocking_duration_ms(self) -> int | None:
        """How long a temporary block lasts, when the server tells (newer Pix versions)."""
        if isinstance(self.meta, Mapping):
            value = self.meta.get("blockingDurationMs")
            if isinstance(value, int | float) and not isinstance(value, bool):
                return int(value)
        return None


class NotFoundError(PixApiError):
    """404: the resource does not exist (or is hidden from this user)."""


class ConflictError(PixApiError):
    """409: the request conflicts with the current state (e.g. challenge already answered)."""


class PreconditionFailedError(PixApiError):
    """412: a business precondition failed (e.g. already participated, archived campaign)."""


class ValidationError(PixApiError):
    """400 or 422: the request was refused as invalid.

    `field_errors` maps each attribute or relationship named by a `source.pointer`
    (`"name"`, `"target-profile"`) to its detail; errors without a pointer stay in `errors`.
    """

    @property
    def field_errors(self) -> dict[str, str]:
        """Detail per field name, the first error winning when a field has several."""
        result: dict[str, str] = {}
        for error in self.errors:
            name = error.field
            if name is not None and name not in result:
                result[name] = error.detail or error.title or ""
        return result


class RateLimitError(PixApiError):
    """429: too many requests; `retry_after` is the wait in seconds the server asked for."""

    @property
    def retry_after(self) -> float | None:
        """Seconds to wait before trying again, from the `Retry-After` header."""
        return parse_retry_after(_header(self.headers, "retry-after"))


class ServerError(PixApiError):
    """5xx: the server failed or is unavailable."""


EXTENSION_UNAVAILABLE_MESSAGE = "Ce serveur ne propose pas cette fonction (extension pix-tui)"
_MISSING_ROUTE_STATUSES = (404, 405)


class ExtensionUnavailableError(PixError):
    """The server does not offer an `/api/admin` extension of the reference server.

    Real Pix answers such a route with Hapi's own 404 (or a 405 for a known path with another
    method): the function exists only on pix-tui's server. `str(error)` is the French
    sentence to show; `route` is what was called and `__cause__` the original error.
    """

    def __init__(self, route: str) -> None:
        super().__init__(EXTENSION_UNAVAILABLE_MESSAGE)
        self.route = route


def is_missing_route(error: PixApiError) -> bool:
    """Whether an error says the route does not exist at all (not that a resource is missing).

    An unknown route gets the framework's bare answer (`{"statusCode": 404, "error":
    "Not Found", "message": "Not Found"}`): no Pix code, and a detail that only repeats the
    title. A missing resource gets a Pix error whose detail says which one.
    """
    if error.status not in _MISSING_ROUTE_STATUSES or error.code is not None:
        return False
    return error.detail is None or error.detail == error.title


_BY_STATUS: dict[int, type[PixApiError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    412: PreconditionFailedError,
    422: ValidationError,
    429: RateLimitError,
}


def parse_error_body(body: bytes | str | Any) -> list[ErrorObject]:
    """Read the error objects out of any of the Pix error shapes.

    `body` is the raw body (bytes or text) or already-decoded JSON. Returns an empty list
    when the body is not a Pix error (HTML from a proxy, empty body).
    """
    document: Any = body
    if isinstance(body, bytes | str):
        try:
            document = json.loads(body) if body else None
        except ValueError:
            return []
    if not isinstance(document, Mapping):
        return []
    errors = document.get("errors")
    if isinstance(errors, list):
        return [_error_object(item) for item in errors if isinstance(item, Mapping)]
    if "statusCode" in document:  # E5: Hapi/Boom body
        return [
            ErrorObject(
                status=_text(document.get("statusCode")),
                title=_text(document.get("error")),
                detail=_text(document.get("message")),
            )
        ]
    return []


def error_from_response(
    status: int,
    body: bytes | str | Any,
    headers: Mapping[str, str] | None = None,
    *,
    reason: str = "",
    login: bool = False,
) -> PixApiError:
    """Build the error to raise for an error answer (status >= 400).

    `login=True` marks an answer of the password grant, where a 401 means wrong
    credentials (`InvalidCredentialsError`) rather than a missing token.
    """
    errors = parse_error_body(body)
    if not errors:
        errors = [ErrorObject(status=str(status), title=reason or None)]
    code = errors[0].code
    cls: type[PixApiError]
    if status >= 500:
        cls = ServerError
    elif status == 401 and code == SHOULD_CHANGE_PASSWORD:
        cls = PasswordChangeRequiredError
    elif status == 401 and login:
        cls = InvalidCredentialsError
    elif status == 403 and code in (USER_IS_TEMPORARY_BLOCKED, USER_IS_BLOCKED):
        cls = AccountBlockedError
    else:
        cls = _BY_STATUS.get(status, PixApiError)
    return cls(status, errors, headers=headers)


def _error_object(item: Mapping[str, Any]) -> ErrorObject:
    source = item.get("source")
    pointer = source.get("pointer") if isinstance(source, Mapping) else None
    return ErrorObject(
        status=_text(item.get("status")),
        title=_text(item.get("title")),
        detail=_text(item.get("detail")),
        # E3 sends a numeric `code` (403); keep one type for callers comparing codes.
        code=_text(item.get("code")),
        meta=item.get("meta"),
        source_pointer=pointer if isinstance(pointer, str) else None,
    )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


__all__ = [
    "AccountBlockedError",
    "AuthenticationError",
    "ConflictError",
    "ErrorObject",
    "ExtensionUnavailableError",
    "InvalidCredentialsError",
    "NetworkError",
    "NetworkTimeoutError",
    "NoSessionError",
    "NotFoundError",
    "PasswordChangeRequiredError",
    "PermissionDeniedError",
    "PixApiError",
    "PixError",
    "PreconditionFailedError",
    "RateLimitError",
    "ServerError",
    "SessionExpiredError",
    "UnexpectedResponseError",
    "ValidationError",
    "error_from_response",
    "is_missing_route",
    "parse_error_body",
]
