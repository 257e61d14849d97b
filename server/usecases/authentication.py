"""Logging in (password and refresh grants), login blocking, and logging out."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server.config import LoginBlockingPolicy, Settings
from server.errors import Forbidden, Unauthorized
from server.models import AdminMember, Membership, RefreshToken, User, utcnow
from server.security import (
    create_access_token,
    dummy_password_hash,
    hash_password,
    hash_refresh_token,
    new_refresh_token,
    password_needs_rehash,
    same_secret,
    verify_password_off_loop,
)
from server.usecases.login_throttle import record_address_failure, refuse_if_address_throttled

WRONG_CREDENTIALS = "L'adresse e-mail et/ou le mot de passe saisis sont incorrects."
NOT_AN_ORGA_MEMBER = (
    "L'accès à Pix Orga est limité aux membres invités. Chaque espace est géré par un "
    "administrateur Pix Orga propre à l'organisation qui l'utilise. "
    "Contactez-le pour qu'il vous y invite."
)
NOT_AN_ADMIN = "Vous n'avez pas les droits pour vous connecter."
INVALID_REFRESH_TOKEN = "Refresh token is invalid"


class Scope(enum.StrEnum):
    """The application asking for a token (older Pix's `scope` form field)."""

    MON_PIX = "mon-pix"
    PIX_ORGA = "pix-orga"
    PIX_ADMIN = "pix-admin"


@dataclass(frozen=True)
class IssuedTokens:
    user_id: int
    access_token: str
    refresh_token: str
    expires_in: int


async def find_user_by_login(session: AsyncSession, login: str) -> User | None:
    """E-mail (case-insensitive) or username."""
    lowered = login.strip().lower()
    return await session.scalar(
        select(User).where(or_(User.email == lowered, func.lower(User.username) == lowered))
    )


async def login_with_password(
    session: AsyncSession,
    settings: Settings,
    *,
    jwt_secret: str,
    login: str,
    password: str,
    scope: Scope | None,
    audience: str | None,
    address: str | None = None,
) -> IssuedTokens:
    """The password grant. Commits what must survive a refusal (failure counters) itself.

    `address`: the client's network address, rate limited (login_throttle.py); None skips
    that limit (callers that are not HTTP requests)."""
    now = utcnow()
    throttle = settings.login_address_throttle
    if address is not None:
        await refuse_if_address_throttled(session, throttle, address, now)
    dummy_hash = dummy_password_hash()
    user = await find_user_by_login(session, login)
    if user is None:
        # Same work and same answer as a wrong password: nobody learns which e-mails exist.
        await verify_password_off_loop(dummy_hash, password)
        if address is not None:
            await record_address_failure(session, throttle, address, now)
            await session.commit()
        raise Unauthorized(WRONG_CREDENTIALS)

    _refuse_if_blocked(user, now)
    if not await verify_password_off_loop(user.password_hash, password):
        await _record_login_failure(session, user.id, settings.login_blocking, now)
        if address is not None:
            await record_address_failure(session, throttle, address, now)
        await session.commit()
        raise Unauthorized(WRONG_CREDENTIALS)

    if user.failure_count or user.temporary_blocked_until is not None:
        user.failure_count = 0
        user.temporary_blocked_until = None
    if password_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)

    # Right password but wrong application: a refusal, not a login failure.
    refusal = await _scope_refusal(session, user.id, scope)
    if refusal is not None:
        await session.commit()
        raise refusal

    user.last_login_at = now
    return await _issue_tokens(
        session, settings, jwt_secret, user.id, scope=scope, audience=audience, now=now
    )


def _refuse_if_blocked(user: User, now: datetime) -> None:
    if user.blocked_at is not None:
        raise Forbidden("User has been blocked.", code="USER_IS_BLOCKED")
    until = user.temporary_blocked_until
    if until is not None and until > now:
        remaining_ms = int((until - now).total_seconds() * 1000)
        raise Forbidden(
            "User has been temporary blocked.",
            code="USER_IS_TEMPORARY_BLOCKED",
            meta={"blockingDurationMs": remaining_ms},
        )


async def _record_login_failure(
    session: AsyncSession, user_id: int, policy: LoginBlockingPolicy, now: datetime
) -> None:
    # Incremented in SQL so concurrent failures are all counted.
    failure_count = await session.scalar(
        update(User)
        .where(User.id == user_id)
        .values(failure_count=User.failure_count + 1)
        .returning(User.failure_count)
        .execution_options(synchronize_session=False)
    )
    assert failure_count is not None
    if failure_count >= policy.permanent_threshold:
        blocking = {"blocked_at": now}
    elif failure_count % policy.temporary_threshold == 0:
        # 10 failures: 2 min, 20 failures: 4 min... (doubling at each new block)
        factor = 2 ** (failure_count // policy.temporary_threshold - 1)
        blocking = {"temporary_blocked_until": now + policy.temporary_base_duration * factor}
    else:
        return
    await session.execute(
        update(User)
        .where(User.id == user_id)
        .values(**blocking)
        .execution_options(synchronize_session=False)
    )


async def _scope_refusal(
    session: AsyncSession, user_id: int, scope: Scope | None
) -> Forbidden | None:
    if scope is Scope.PIX_ORGA:
        is_member = await session.scalar(
            select(exists().where(Membership.user_id == user_id, Membership.disabled_at.is_(None)))
        )
        return None if is_member else Forbidden(NOT_AN_ORGA_MEMBER)
    if scope is Scope.PIX_ADMIN:
        is_admin = await session.scalar(
            select(
                exists().where(AdminMember.user_id == user_id, AdminMember.disabled_at.is_(None))
            )
        )
        return None if is_admin else Forbidden(NOT_AN_ADMIN)
    return None


async def _issue_tokens(
    session: AsyncSession,
    settings: Settings,
    jwt_secret: str,
    user_id: int,
    *,
    scope: str | None,
    audience: str | None,
    now: datetime,
    refresh_token: str | None = None,
) -> IssuedTokens:
    access_token = create_access_token(
        secret=jwt_secret,
        user_id=user_id,
        scope=scope,
        audience=audience,
        now=now,
        ttl=settings.access_token_ttl,
    )
    if refresh_token is None:
        refresh_token = new_refresh_token()
        session.add(
            RefreshToken(
                token_hash=hash_refresh_token(refresh_token),
                user_id=user_id,
                scope=scope,
                audience=audience,
                created_at=now,
                expires_at=now + settings.refresh_token_ttl,
            )
        )
    return IssuedTokens(
        user_id=user_id,
        access_token=access_token,
        refresh_token=refresh_token,
        expires_in=int(settings.access_token_ttl.total_seconds()),
    )


async def refresh_access_token(
    session: AsyncSession,
    settings: Settings,
    *,
    jwt_secret: str,
    refresh_token: str,
    audience: str | None,
) -> IssuedTokens:
    """The refresh grant: a new access token for the same user, scope and audience."""
    now = utcnow()
    token_hash = hash_refresh_token(refresh_token)
    stored = await session.scalar(select(RefreshToken).where(RefreshToken.token_hash == token_hash))
    if (
        stored is None
        or not same_secret(stored.token_hash, token_hash)
        or stored.revoked_at is not None
        or stored.expires_at <= now
        # A refresh token only works on the host that issued it, like access tokens.
        or (audience is not None and stored.audience != audience)
    ):
        raise Unauthorized(INVALID_REFRESH_TOKEN, code="INVALID_REFRESH_TOKEN")
    return await _issue_tokens(
        session,
        settings,
        jwt_secret,
        stored.user_id,
        scope=stored.scope,
        audience=stored.audience,
        now=now,
        refresh_token=refresh_token,
    )


async def revoke_refresh_token(session: AsyncSession, refresh_token: str) -> None:
    """Logging out. Unknown or already revoked tokens are fine (the answer is always 204)."""
    await session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.token_hash == hash_refresh_token(refresh_token),
            RefreshToken.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
