"""A scripted stand-in for the network, for fault injection only (httpx.MockTransport).

Behaviour that a real server can show is tested against the real server
(test_against_server.py); this fake exists for what a healthy server never does on demand:
time out, drop the connection, answer 503, expire a token.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import httpx

Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


def jsonapi(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> httpx.Response:
    """A JSON response."""
    return httpx.Response(status, json=body, headers=headers)


def token_body(access: str, refresh: str = "refresh-1", user_id: int = 42) -> dict[str, Any]:
    """A token endpoint answer."""
    return {
        "token_type": "bearer",
        "access_token": access,
        "user_id": user_id,
        "refresh_token": refresh,
        "expires_in": 1200,
    }


def form_of(request: httpx.Request) -> dict[str, str]:
    """The url-encoded form of a request, as a flat dict."""
    return {k: v[0] for k, v in parse_qs(request.content.decode()).items()}


FORBIDDEN = {"errors": [{"status": "403", "title": "Forbidden", "detail": "Accès refusé."}]}
USER = {"data": {"type": "users", "id": "42", "attributes": {"first-name": "Ada"}}}


@dataclass
class FakePix:
    """Routes `(METHOD, path)` to queued replies (the last one repeats) and records requests."""

    routes: dict[tuple[str, str], list[Reply]] = field(default_factory=dict)
    requests: list[httpx.Request] = field(default_factory=list)

    def on(self, method: str, path: str, *replies: Reply) -> FakePix:
        self.routes[(method, path)] = list(replies)
        return self

    def token_endpoint(self, *, orga: bool = False, admin: bool = False) -> FakePix:
        """A token endpoint granting the App space, and Orga/Admin if asked."""

        def reply(request: httpx.Request) -> httpx.Response:
            form = form_of(request)
            if form.get("grant_type") == "refresh_token":
                return jsonapi(token_body("refreshed-access", form["refresh_token"]))
            scope = form.get("scope")
            allowed = {"mon-pix": True, "pix-orga": orga, "pix-admin": admin}
            if not allowed.get(scope or "", False):
                return jsonapi(FORBIDDEN, 403)
            return jsonapi(token_body(f"{scope}-access", f"{scope}-refresh"))

        return self.on("POST", "/api/token", reply)

    def handler(self, request: httpx.Request) -> httpx.Response:
        # A copy: the client re-sends the same Request object with a new token after a refresh.
        self.requests.append(
            httpx.Request(
                request.method, request.url, headers=request.headers.copy(), content=request.content
            )
        )
        queue = self.routes.get((request.method, request.url.path))
        if not queue:
            return jsonapi({"errors": [{"status": "404", "title": "Not Found"}]}, 404)
        reply = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(reply, Exception):
            raise reply
        if isinstance(reply, httpx.Response):
            return reply
        return reply(request)

    async def async_handler(self, request: httpx.Request) -> httpx.Response:
        # Yield to the event loop like real I/O does, so concurrent requests interleave.
        await asyncio.sleep(0)
        return self.handler(request)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.async_handler)

    def sent(self, method: str, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == method and r.url.path == path]

    def refreshes(self) -> list[httpx.Request]:
        """Token requests using the refresh-token grant."""
        token_requests = self.sent("POST", "/api/token")
        return [r for r in token_requests if form_of(r)["grant_type"] == "refresh_token"]


def request_json(request: httpx.Request) -> Any:
    """The JSON body of a recorded request."""
    return json.loads(request.content)
