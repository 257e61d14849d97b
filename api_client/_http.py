"""The one module of `api_client` that imports httpx.

httpx 0.28 is its last release: keeping every import here means a later switch to its
successor touches this file only. Everything else in `api_client` (and the TUI, which hands
us an ASGI transport for the embedded server) takes these names from here.
"""

from httpx import (
    ASGITransport,
    AsyncBaseTransport,
    AsyncClient,
    Auth,
    ConnectError,
    ConnectTimeout,
    Headers,
    HTTPError,
    InvalidURL,
    Limits,
    MockTransport,
    PoolTimeout,
    Request,
    Response,
    Timeout,
    TimeoutException,
    TransportError,
    UnsupportedProtocol,
)

__all__ = [
    "ASGITransport",
    "AsyncBaseTransport",
    "AsyncClient",
    "Auth",
    "ConnectError",
    "ConnectTimeout",
    "HTTPError",
    "Headers",
    "InvalidURL",
    "Limits",
    "MockTransport",
    "PoolTimeout",
    "Request",
    "Response",
    "Timeout",
    "TimeoutException",
    "TransportError",
    "UnsupportedProtocol",
]
