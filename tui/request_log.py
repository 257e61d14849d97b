"""Every HTTP request gets an `X-Request-ID` and one log line: method, path, status, time.

`RequestLog.event_hooks()` is given to `PixClient` (the launcher does it). The id is six
hex digits ("7F3A2C"): short enough for a user to read it out to the support from the error
on screen ("Réf. 7F3A2C"), which `reference(error)` finds back from the error itself.

Nothing secret is logged: no header, no body (the login form carries the password, the
token answers the tokens), and query parameters named like a secret are masked.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode

if TYPE_CHECKING:
    import httpx

REQUEST_ID_HEADER = "X-Request-ID"

log = logging.getLogger("tui.http")

_SECRET_NAME = re.compile(r"token|password|passwd|secret|authorization|api[-_]?key", re.I)


def new_request_id() -> str:
    """Six upper-case hex digits: 16 million values, plenty for one user's log."""
    return secrets.token_hex(3).upper()


def shown_target(url: httpx.URL) -> str:
    """The path and query of `url`, with the values of secret-looking parameters masked."""
    path = url.path
    query = url.query.decode("ascii", "replace")
    if not query:
        return path
    pairs = [
        (name, "***" if _SECRET_NAME.search(name) else value)
        for name, value in parse_qsl(query, keep_blank_values=True)
    ]
    return f"{path}?{urlencode(pairs, safe='[]')}"


@dataclass(slots=True)
class Exchange:
    """One request sent, and its status once the answer came (None: no answer)."""

    request_id: str
    method: str
    path: str
    status: int | None = None


class RequestLog:
    """httpx event hooks tagging and logging each request; keeps the exchanges when asked
    (`pix-tui --logout` reads them to know whether the server answered)."""

    def __init__(self, *, keep: bool = False) -> None:
        self.exchanges: list[Exchange] | None = [] if keep else None
        self._started: weakref.WeakKeyDictionary[httpx.Request, float] = weakref.WeakKeyDictionary()

    def event_hooks(self) -> dict[str, list[Callable[..., Awaitable[object]]]]:
        return {"request": [self.on_request], "response": [self.on_response]}

    async def on_request(self, request: httpx.Request) -> None:
        # A new id for every attempt (a retry, a token refresh): one id, one log line.
        request_id = new_request_id()
        request.headers[REQUEST_ID_HEADER] = request_id
        self._started[request] = time.perf_counter()
        if self.exchanges is not None:
            self.exchanges.append(Exchange(request_id, request.method, request.url.path))
        log.debug("%s %s envoyée [%s]", request.method, shown_target(request.url), request_id)

    async def on_response(self, response: httpx.Response) -> None:
        request = response.request
        request_id = request.headers.get(REQUEST_ID_HEADER, "?")
        started = self._started.pop(request, None)
        elapsed = f"{(time.perf_counter() - started) * 1000:.0f} ms" if started else "? ms"
        echoed = response.headers.get(REQUEST_ID_HEADER)
        server_id = f" (réf. serveur {echoed})" if echoed and echoed != request_id else ""
        # The error built from this response carries our id: the screen shows it.
        response.headers[REQUEST_ID_HEADER] = request_id
        if self.exchanges is not None:
            for exchange in reversed(self.exchanges):
                if exchange.request_id == request_id:
                    exchange.status = response.status_code
                    break
        level = logging.WARNING if response.status_code >= 500 else logging.INFO
        log.log(
            level,
            "%s %s -> %d en %s [%s]%s",
            request.method,
            shown_target(request.url),
            response.status_code,
            elapsed,
            request_id,
            server_id,
        )


def reference(error: BaseException) -> str | None:
    """The request id of the exchange `error` came from, if it came from one.

    An HTTP error answer carries it in its headers (put there by `on_response`); a network
    failure keeps the httpx exception as its cause, and that one its request.
    """
    headers = getattr(error, "headers", None)
    if headers is not None:
        for name, value in headers.items():
            if name.lower() == REQUEST_ID_HEADER.lower():
                return str(value)
    cause = error.__cause__
    try:
        request = getattr(cause, "request", None)  # httpx raises when none was attached
    except RuntimeError:
        return None
    if request is not None:
        value = request.headers.get(REQUEST_ID_HEADER)
        return str(value) if value else None
    return None
