"""What every request goes through before any route: a size limit and clean text.

- A body larger than `max_body_bytes` is refused with 413 (E1 `Payload too large`): at once
  when `Content-Length` says so, otherwise as soon as the streamed body goes past the limit.
  Bodies are read here in full (they are small in this API), so no route ever sees a huge one.
- JSON bodies: NUL characters are stripped from every string, as Pix does for answers
  (PostgreSQL cannot store them, and they mean nothing in a name or a label); lone UTF-16
  surrogates (`"\\ud800"`), which no database or response encoder accepts, become U+FFFD. Bodies
  that JSON forbids but Python's parser takes (`NaN`, `Infinity`) or that nest deeper than
  the parser can go are refused like any malformed JSON (400 E4).
- A NUL in the path, the query string or a form field is refused (400 E4): there it would
  change what is searched for or checked (a password, a code), so it is not silently dropped.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.errors import ApiError, BadRequest, PayloadTooLarge, e1_response

INVALID_JSON = "Invalid request payload JSON format"
FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"
NUL = "\x00"
REPLACEMENT_CHARACTER = "\ufffd"
# A JSON escape that decodes to NUL or to half of a surrogate pair.
_SUSPICIOUS_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})")


class BodyTooLarge(Exception):
    """The streamed body went past the limit."""


def too_large(max_body_bytes: int) -> PayloadTooLarge:
    # Hapi's wording for the same refusal.
    return PayloadTooLarge(f"Payload content length greater than maximum allowed: {max_body_bytes}")


def nul_refused(name: str) -> BadRequest:
    # Parameter names in the dotted form Joi uses (`page[number]` → "page.number").
    label = name.replace("[", ".").replace("]", "") or "value"
    return BadRequest(f'"{label}" must not contain a NUL character')


def clean_text(value: str) -> str:
    """`value` without NUL characters and with lone surrogates replaced (U+FFFD)."""
    if NUL in value:
        value = value.replace(NUL, "")
    if any("\ud800" <= char <= "\udfff" for char in value):
        value = "".join(
            REPLACEMENT_CHARACTER if "\ud800" <= char <= "\udfff" else char for char in value
        )
    return value


def clean_json(value: Any) -> Any:
    """A decoded JSON document with `clean_text` applied to every string, keys included."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_json(item) for item in value]
    if isinstance(value, dict):
        return {clean_text(key): clean_json(item) for key, item in value.items()}
    return value


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_strict_json(body: bytes) -> Any:
    """Decode like a JSON parser that follows the standard (no NaN, no Infinity).

    Raises ValueError (JSONDecodeError and UnicodeDecodeError are ValueErrors) or
    RecursionError."""
    return json.loads(body, parse_constant=_refuse_constant)


def _header(scope: Scope, name: bytes) -> bytes | None:
    return next((value for key, value in scope["headers"] if key == name), None)


def _media_type(scope: Scope) -> str | None:
    value = _header(scope, b"content-type")
    return None if value is None else value.decode("latin-1").split(";", 1)[0].strip().lower()


def _is_json(media_type: str | None) -> bool:
    return media_type is not None and (
        media_type == "application/json" or media_type.endswith("+json")
    )


def _declared_length(scope: Scope) -> int | None:
    value = _header(scope, b"content-length")
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise BadRequest("Invalid Content-Length header") from None


def _has_body(scope: Scope) -> bool:
    return any(name in (b"content-length", b"transfer-encoding") for name, _ in scope["headers"])


def _nul_in_query(query_string: bytes) -> str | None:
    """The name of a query parameter holding a NUL, if any (`%00` is the only way to send one
    in a URL, a raw NUL byte being refused by HTTP servers)."""
    if b"%00" not in query_string and b"\x00" not in query_string:
        return None
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    return next((key for key, value in pairs if NUL in key or NUL in value), "query")


def _nul_in_form(body: bytes) -> str | None:
    if b"%00" not in body and b"\x00" not in body:
        return None
    pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    return next((key for key, value in pairs if NUL in key or NUL in value), "payload")


class RequestGuardMiddleware:
    """ASGI middleware applying the rules of this module to every HTTP request."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            scope, receive = await self._guarded(scope, receive)
        except ApiError as error:
            await e1_response(error)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _guarded(self, scope: Scope, receive: Receive) -> tuple[Scope, Receive]:
        if NUL in scope.get("path", ""):
            raise nul_refused("path")
        name = _nul_in_query(scope.get("query_string", b""))
        if name is not None:
            raise nul_refused(name)
        if not _has_body(scope):
            return scope, receive
        declared = _declared_length(scope)
        if declared is not None and declared > self.max_body_bytes:
            raise too_large(self.max_body_bytes)
        try:
            body = await self._read_body(receive)
        except BodyTooLarge:
            raise too_large(self.max_body_bytes) from None
        media_type = _media_type(scope)
        if media_type == FORM_MEDIA_TYPE:
            name = _nul_in_form(body)
            if name is not None:
                raise nul_refused(name)
        elif _is_json(media_type) or (media_type is None and body):
            body = self._clean_json_body(body, strict=media_type is not None)
        return _with_body(scope, body), _replaying(body, receive)

    async def _read_body(self, receive: Receive) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                raise BodyTooLarge()
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    @staticmethod
    def _clean_json_body(body: bytes, *, strict: bool) -> bytes:
        if not body.strip():
            return body
        try:
            document = parse_strict_json(body)
        except (ValueError, RecursionError):
            if strict:
                raise BadRequest(INVALID_JSON) from None
            return body  # without a media type: the route decides what it is
        if not _SUSPICIOUS_ESCAPE.search(body):
            return body
        cleaned = clean_json(document)
        if cleaned == document:
            return body
        return json.dumps(cleaned, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _with_body(scope: Scope, body: bytes) -> Scope:
    """The scope with `Content-Length` matching `body` (which may have been cleaned)."""
    headers = [
        (name, value)
        for name, value in scope["headers"]
        if name not in (b"content-length", b"transfer-encoding")
    ]
    headers.append((b"content-length", str(len(body)).encode("latin-1")))
    return {**scope, "headers": headers}


def _replaying(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the (already read) body once, then the client's next events."""
    given = False

    async def replay() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
