"""Rate limiting of password logins per network address (sliding window, in the database).

Per-account blocking (authentication.py) stops an attacker guessing one account's password;
it does nothing against one address trying a few passwords on many accounts. So every failed
password login is also recorded with the address it came from, and an address with too many
recent failures is refused (429, `Retry-After`) before any password is checked: a refusal
costs no argon2 work. The rows live in the database so that every worker and every server
process over it counts the same failures.
"""

from __future__ import annotations

import math
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.config import AddressThrottlePolicy
from server.errors import TooManyRequests
from server.models import LoginFailure
from server.models.login_throttle import MAX_ADDRESS_LENGTH

TOO_MANY_FAILURES = (
    "Trop de tentatives de connexion infructueuses depuis cette adresse. "
    "Réessayez dans quelques minutes."
)
TOO_MANY_FAILURES_CODE = "TOO_MANY_LOGIN_FAILURES"
UNKNOWN_ADDRESS = "unknown"


def stored_address(address: str | None) -> str:
    """The address as stored: trimmed to the column (a forwarded header can hold anything)."""
    text = (address or "").strip()
    return text[:MAX_ADDRESS_LENGTH] or UNKNOWN_ADDRESS


async def refuse_if_address_throttled(
    session: AsyncSession, policy: AddressThrottlePolicy, address: str, now: datetime
) -> None:
    """429 when `address` has `policy.max_failures` failures or more within the window;
    `Retry-After` says when the oldest one that counts leaves it."""
    recent = list(
        await session.scalars(
            select(LoginFailure.failed_at)
            .where(
                LoginFailure.address == stored_address(address),
                LoginFailure.failed_at > now - policy.window,
            )
            .order_by(LoginFailure.failed_at)
        )
    )
    if len(recent) < policy.max_failures:
        return
    # Once this one leaves the window, fewer than max_failures remain.
    freed_at = recent[len(recent) - policy.max_failures] + policy.window
    wait = max(1, math.ceil((freed_at - now).total_seconds()))
    raise TooManyRequests(
        TOO_MANY_FAILURES, code=TOO_MANY_FAILURES_CODE, headers={"Retry-After": str(wait)}
    )


async def record_address_failure(
    session: AsyncSession, policy: AddressThrottlePolicy, address: str, now: datetime
) -> None:
    """Count one failed login from `address` (the caller commits), and forget the failures
    that no longer count, of every address, so the table stays small."""
    await session.execute(delete(LoginFailure).where(LoginFailure.failed_at <= now - policy.window))
    session.add(LoginFailure(address=stored_address(address), failed_at=now))
    await session.flush()
