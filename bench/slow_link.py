"""A real `pix-server serve` behind the throttling proxy, and clients logged in through it:
what figures 3 (student answer cycle) and 4 (teacher screens) measure on.

Logging in and joining the campaign happen before any measurement (counters reset after).
"""

from __future__ import annotations

import contextlib
import re
import statistics
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from api_client import PixClient
from bench.proxy import SLOW_LINK_DELAY, SLOW_LINK_RATE, Counters, ThrottlingProxy
from bench.servers import ServerProcess

PASSWORD = "Pix12345"


@dataclass
class Sample:
    """One measured action over the slow link."""

    seconds: float
    counters: Counters


@dataclass
class Summary:
    seconds: float  # median
    requests: int  # most requests one sample made
    bytes_total: int  # median
    bytes_up: int
    bytes_down: int
    paths: list[str]
    samples: int


def route_shape(request: str) -> str:
    """ "GET /api/assessments/42?x=1" → "GET /api/assessments/{id}": what a table can show."""
    return re.sub(r"/\d+(?=/|$)", "/{id}", request.split("?", 1)[0])


def summarize(samples: list[Sample]) -> Summary:
    by_bytes = sorted(samples, key=lambda s: s.counters.bytes_total)
    typical = by_bytes[len(by_bytes) // 2]
    return Summary(
        seconds=statistics.median(s.seconds for s in samples),
        requests=max(len(s.counters.requests) for s in samples),
        bytes_total=typical.counters.bytes_total,
        bytes_up=typical.counters.bytes_up,
        bytes_down=typical.counters.bytes_down,
        paths=typical.counters.requests,
        samples=len(samples),
    )


async def measured(
    proxy: ThrottlingProxy, action: Callable[[], Awaitable[Any]]
) -> tuple[Sample, Any]:
    """Run `action` with fresh counters: its wall time and what crossed the link."""
    proxy.reset_counters()
    started = time.perf_counter()
    outcome = await action()
    elapsed = time.perf_counter() - started
    return Sample(elapsed, proxy.reset_counters()), outcome


@contextlib.asynccontextmanager
async def slow_link(
    server: ServerProcess, *, rate: float = SLOW_LINK_RATE, delay: float = SLOW_LINK_DELAY
) -> AsyncIterator[ThrottlingProxy]:
    """A proxy in front of a running `pix-server serve`, for at most 10 minutes."""
    async with ThrottlingProxy("127.0.0.1", server.port, rate=rate, delay=delay) as proxy:
        yield proxy


@contextlib.asynccontextmanager
async def logged_in(proxy: ThrottlingProxy, email: str) -> AsyncIterator[PixClient]:
    """A PixClient through the slow link, logged in (default: gzip accepted, 2 retries)."""
    async with PixClient(proxy.url, timeout=60.0) as client:
        await client.login(email, PASSWORD)
        yield client


def route_exists(base_url: str, method: str, template: str) -> bool:
    """Whether the server's OpenAPI document has this route (asked directly, not via the
    proxy): a route still being written shows as "non disponible", not as a failure."""
    document = httpx.get(f"{base_url}/openapi.json", timeout=10).json()
    return method.lower() in document.get("paths", {}).get(template, {})
