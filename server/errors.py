"""The error shapes of the Pix API (CONTRACT 1.7) and the handlers that produce them.

E1 `ApiError` subclasses: domain/HTTP errors, `{"errors":[{"status":"404","title",...}]}`.
E2 `EntityValidation`: 422 with `source.pointer` per invalid attribute.
E3 `InsufficientPermissions`: the security pre-handler refusal (numeric `code`, no status).
E4 request validation (FastAPI's RequestValidationError) → 400 E1 with a Joi-like detail.
E5 `MissingAuthentication`: Hapi/Boom body for a missing/invalid/expired bearer token.
Anything else becomes a 500 E1 whose body never carries the traceback (it is logged).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.jsonapi import camel_case, kebab_case

logger = logging.getLogger("server")


# --- E1 ------------------------------------------------------------------------------------


class ApiError(Exception):
    """A domain or HTTP error answered as E1. Subclasses fix the status and title."""

    status_code: ClassVar[int] = 400
    title: ClassVar[str] = "Bad Request"
    headers: dict[str, str] | None = None  # sent with the error (e.g. Retry-After)

    def __init__(
        self,
        detail: str,
        *,
        code: str | None = None,
        meta: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code
        self.meta = dict(meta) if meta is not None else None
        self.headers = dict(headers) if headers is not None else None

    def to_error_object(self) -> dict[str, Any]:
        error: dict[str, Any] = {
            "status": str(self.status_code),
            "title": self.title,
            "detail": self.detail,
        }
        if self.code is not None:
            error["code"] = self.code
        if self.meta is not None:
            error["meta"] = self.meta
        return error


class BadRequest(ApiError):
    status_code = 400
    title = "Bad Request"


class Unauthorized(ApiError):
    status_code = 401
    title = "Unauthorized"


class Forbidden(ApiError):
    """A domain refusal (blocked account, scope not allowed), unlike the E3 pre-handler."""

    status_code = 403
    title = "Forbidden"


class NotFound(ApiError):
    status_code = 404
    title = "Not Found"


class Conflict(ApiError):
    status_code = 409
    title = "Conflict"


class PreconditionFailed(ApiError):
    status_code = 412
    title = "Precondition Failed"


class UnprocessableEntity(ApiError):
    status_code = 422
    title = "Unprocessable entity"


class PayloadTooLarge(ApiError):
    status_code = 413
    title = "Payload too large"


class TooManyRequests(ApiError):
    """429; pass `headers={"Retry-After": seconds}` so that clients know when to come back."""

    status_code = 429
    title = "Too many requests"


class InternalServerError(ApiError):
    status_code = 500
    title = "Internal Server Error"


# --- E2 ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InvalidAttribute:
    """One invalid attribute. `attribute` in camelCase like Pix (`name`, `targetProfileId`);
    snake_case is accepted. `message` is a translation key or a sentence."""

    attribute: str
    message: str


# Translations of E2 message keys, by language; others add their keys here.
ENTITY_VALIDATION_TRANSLATIONS: dict[str, dict[str, str]] = {"fr": {}, "en": {}}


class EntityValidation(Exception):
    """422 with one E2 error per invalid attribute."""

    def __init__(self, invalid: Sequence[InvalidAttribute]) -> None:
        super().__init__(", ".join(f"{item.attribute}: {item.message}" for item in invalid))
        self.invalid = list(invalid)

    @classmethod
    def single(cls, attribute: str, message: str) -> EntityValidation:
        return cls([InvalidAttribute(attribute, message)])

    def to_error_objects(self, lang: str) -> list[dict[str, Any]]:
        translations = ENTITY_VALIDATION_TRANSLATIONS.get(lang, {})
        return [_entity_error(item, translations) for item in self.invalid]


def _entity_error(item: InvalidAttribute, translations: Mapping[str, str]) -> dict[str, Any]:
    attribute = camel_case(item.attribute)
    detail = translations.get(item.message, item.message)
    # Pix: a foreign key `fooId` is reported on the relationship `foo`.
    if attribute.endswith("Id") and len(attribute) > 2:
        relationship = attribute[:-2]
        return {
            "status": "422",
            "source": {"pointer": f"/data/relationships/{kebab_case(relationship)}"},
            "title": f'Invalid relationship "{relationship}"',
            "detail": detail,
        }
    return {
        "status": "422",
        "source": {"pointer": f"/data/attributes/{kebab_case(attribute)}"},
        "title": f'Invalid data attribute "{attribute}"',
        "detail": detail,
    }


def request_language(request: Request) -> str:
    """`locale` cookie first, then Accept-Language; only the language part, default French."""
    raw = request.cookies.get("locale") or request.headers.get("accept-language") or "fr"
    first = raw.split(",", 1)[0].split(";", 1)[0].strip()
    return first.split("-", 1)[0].lower() or "fr"


# --- E3, E5, 415 ---------------------------------------------------------------------------


class InsufficientPermissions(Exception):
    """The security pre-handler said no (E3)."""


E3_BODY = {
    "errors": [
        {"code": 403, "title": "Forbidden access", "detail": "Missing or insufficient permissions."}
    ]
}


class MissingAuthentication(Exception):
    """No usable bearer token (E5)."""

    def __init__(self, message: str = "Missing authentication") -> None:
        super().__init__(message)
        self.message = message


class UnsupportedMediaType(Exception):
    """The body is not of a media type the route accepts (Hapi answers a Boom 415)."""


def boom_body(status_code: int, message: str | None) -> dict[str, Any]:
    """Hapi's own error body, used where Pix does not go through its JSON:API error manager."""
    body: dict[str, Any] = {"statusCode": status_code, "error": HTTPStatus(status_code).phrase}
    if message is not None:
        body["message"] = message
    return body


# --- E4 ------------------------------------------------------------------------------------


def _dotted(loc: Sequence[int | str]) -> str:
    # ("query", "page[number]") → "page.number"; ("body", "data", "id") → "data.id"
    parts = [str(part) for part in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    return ".".join(parts).replace("[", ".").replace("]", "")


def joi_like_message(error: Mapping[str, Any]) -> str:
    """Render one pydantic error roughly the way Joi words it (`"x" must be a number`)."""
    if error.get("type") == "json_invalid":
        return "Invalid request payload JSON format"
    label = f'"{_dotted(error.get("loc", ())) or "value"}"'
    ctx = error.get("ctx") or {}
    kind = error.get("type", "")
    match kind:
        case "missing":
            return f"{label} is required"
        case "int_parsing" | "int_type" | "int_from_float" | "float_parsing" | "float_type":
            return f"{label} must be a number"
        case "greater_than_equal":
            return f"{label} must be greater than or equal to {ctx.get('ge')}"
        case "greater_than":
            return f"{label} must be greater than {ctx.get('gt')}"
        case "less_than_equal":
            return f"{label} must be less than or equal to {ctx.get('le')}"
        case "less_than":
            return f"{label} must be less than {ctx.get('lt')}"
        case "literal_error" | "enum":
            expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
            return f"{label} must be one of [{expected}]"
        case "string_type":
            return f"{label} must be a string"
        case "bool_type" | "bool_parsing":
            return f"{label} must be a boolean"
        case "string_too_short":
            return f"{label} is not allowed to be empty"
        case "string_too_long":
            return (
                f"{label} length must be less than or equal to "
                f"{ctx.get('max_length')} characters long"
            )
        case "dict_type" | "model_type" | "model_attributes_type":
            return f"{label} must be of type object"
        case "list_type":
            return f"{label} must be an array"
        case "extra_forbidden":
            return f"{label} is not allowed"
    return f"{label} {error.get('msg', 'is invalid')}"


# --- handlers ------------------------------------------------------------------------------


def e1_response(error: ApiError, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        {"errors": [error.to_error_object()]},
        status_code=error.status_code,
        headers=dict(headers or {}),
    )


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return e1_response(exc, exc.headers)


async def _entity_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, EntityValidation)
    return JSONResponse(
        {"errors": exc.to_error_objects(request_language(request))}, status_code=422
    )


async def _insufficient_permissions(_request: Request, _exc: Exception) -> JSONResponse:
    return JSONResponse(E3_BODY, status_code=403)


async def _missing_authentication(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, MissingAuthentication)
    return JSONResponse(
        boom_body(401, exc.message), status_code=401, headers={"WWW-Authenticate": "Bearer"}
    )


async def _unsupported_media_type(_request: Request, _exc: Exception) -> JSONResponse:
    return JSONResponse(boom_body(415, "Unsupported Media Type"), status_code=415)


async def _request_validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    detail = joi_like_message(errors[0]) if errors else "Invalid request"
    return e1_response(BadRequest(detail))


async def _http_exception(_request: Request, exc: Exception) -> JSONResponse:
    # Unknown routes and methods: Hapi answers with a Boom body, and so do we.
    assert isinstance(exc, StarletteHTTPException)
    return JSONResponse(
        boom_body(exc.status_code, HTTPStatus(exc.status_code).phrase),
        status_code=exc.status_code,
        headers=dict(exc.headers or {}),
    )


class UnexpectedErrorMiddleware:
    """Turns an unhandled exception into a 500 E1 and logs it.

    A plain ASGI middleware because Starlette's handler for `Exception` re-raises after
    answering, which would crash in-process clients (httpx.ASGITransport) and double-log.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            logger.exception("Unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            response = e1_response(InternalServerError("An internal server error occurred"))
            await response(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(EntityValidation, _entity_validation)
    app.add_exception_handler(InsufficientPermissions, _insufficient_permissions)
    app.add_exception_handler(MissingAuthentication, _missing_authentication)
    app.add_exception_handler(UnsupportedMediaType, _unsupported_media_type)
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(StarletteHTTPException, _http_exception)
    app.add_middleware(UnexpectedErrorMiddleware)
