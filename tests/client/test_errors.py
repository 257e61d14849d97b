"""Error shapes that are not in the fixture set: Boom bodies, proxy pages, blocks, rate limits."""

from __future__ import annotations

from api_client import (
    AccountBlockedError,
    AuthenticationError,
    ConflictError,
    NotFoundError,
    PasswordChangeRequiredError,
    PixApiError,
    RateLimitError,
    ServerError,
)
from api_client.errors import error_from_response


def test_boom_body_of_a_missing_token() -> None:
    body = {"statusCode": 401, "error": "Unauthorized", "message": "Missing authentication"}
    error = error_from_response(401, body)
    assert type(error) is AuthenticationError
    assert error.title == "Unauthorized"
    assert error.detail == "Missing authentication"


def test_boom_body_without_message() -> None:
    error = error_from_response(401, b'{"statusCode":401,"error":"Unauthorized"}')
    assert error.detail is None
    assert str(error) == "Unauthorized"


def test_html_from_a_proxy_keeps_the_status_and_reason() -> None:
    error = error_from_response(502, b"<html><body>Bad gateway</body></html>", reason="Bad Gateway")
    assert type(error) is ServerError
    assert error.status == 502
    assert error.title == "Bad Gateway"
    assert str(error) == "Bad Gateway"


def test_empty_body() -> None:
    error = error_from_response(404, b"")
    assert type(error) is NotFoundError
    assert str(error) == "HTTP 404"


def test_permanent_block_with_duration_meta() -> None:
    body = {
        "errors": [
            {
                "status": "403",
                "title": "Forbidden",
                "detail": "User has been blocked.",
                "code": "USER_IS_BLOCKED",
                "meta": {"blockingDurationMs": 3600000, "isLoginFailureWithUsername": False},
            }
        ]
    }
    error = error_from_response(403, body, login=True)
    assert isinstance(error, AccountBlockedError)
    assert error.permanent is True
    assert error.blocking_duration_ms == 3_600_000


def test_password_change_required_keeps_the_reset_token() -> None:
    body = {
        "errors": [
            {
                "status": "401",
                "title": "PasswordShouldChange",
                "detail": "Erreur, vous devez changer votre mot de passe.",
                "code": "SHOULD_CHANGE_PASSWORD",
                "meta": "reset-token-123",
            }
        ]
    }
    error = error_from_response(401, body, login=True)
    assert type(error) is PasswordChangeRequiredError
    assert error.meta == "reset-token-123"


def test_rate_limit_reads_retry_after_header() -> None:
    error = error_from_response(
        429,
        {"errors": [{"status": "429", "title": "Too many requests"}]},
        {"Retry-After": "12"},
    )
    assert isinstance(error, RateLimitError)
    assert error.retry_after == 12.0
    assert error_from_response(429, b"").retry_after is None  # type: ignore[attr-defined]


def test_conflict_and_unmapped_status() -> None:
    assert type(error_from_response(409, b"")) is ConflictError
    teapot = error_from_response(418, b"")
    assert type(teapot) is PixApiError
    assert teapot.status == 418
