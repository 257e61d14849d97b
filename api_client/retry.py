"""When and how long to wait before sending a request again.

Retries belong to the client, not to the transport (`HTTPTransport(retries=)` only retries
connects). Only requests that are safe to repeat are retried: idempotent methods, or requests
carrying an `Idempotency-Key`. A POST without a key is repeated only when the connection
failed before anything was sent, because the server may otherwise have acted on it.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})
IDEMPOTENCY_HEADER = "Idempotency-Key"


async def sleep(seconds: float) -> None:
    """Wait between attempts (a module function so tests can patch the wait away)."""
    await asyncio.sleep(seconds)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential back-off with jitter, capped, with `Retry-After` honoured.

    `max_retries` counts the extra attempts (2 means at most 3 sends). A `Retry-After`
    longer than `max_retry_after` is not waited for: the error reaches the caller, who can
    tell the user when to come back instead of freezing the screen.
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 30.0

    def backoff(self, retry_index: int) -> float:
        """Seconds to wait before retry number `retry_index` (0-based) without a hint."""
        delay: float = min(self.initial_delay * 2.0**retry_index, self.max_delay)
        # Jitter spreads clients that failed together (e.g. after a server restart).
        return delay * (1.0 - 0.25 * random.random())

    def delay(self, retry_index: int, retry_after: float | None) -> float | None:
        """Seconds to wait before retrying, or None when the server asks for too long."""
        if retry_after is None:
            return self.backoff(retry_index)
        if retry_after > self.max_retry_after:
            return None
        return max(retry_after, 0.0)


def is_replayable(method: str, headers_have_idempotency_key: bool) -> bool:
    """Whether a request may be sent again after the server may have seen it."""
    return method.upper() in IDEMPOTENT_METHODS or headers_have_idempotency_key


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds asked by a `Retry-After` header (delta-seconds or HTTP date), if any."""
    if value is None:
        return None
    value = value.strip()
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now or datetime.now(UTC)
    return max((when - current).total_seconds(), 0.0)
