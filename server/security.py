"""Passwords (argon2), access tokens (JWT HS256) and opaque refresh tokens."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

JWT_ALGORITHM = "HS256"

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def verify_password_off_loop(password_hash: str, password: str) -> bool:
    """argon2 costs ~0.1 s of CPU: keep it off the event loop so other requests go on."""
    return await asyncio.to_thread(verify_password, password_hash, password)


def password_needs_rehash(password_hash: str) -> bool:
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@cache
def dummy_password_hash() -> str:
    """A hash to verify against when the account does not exist, so an unknown e-mail costs
    the same time as a wrong password and answers cannot be told apart by timing."""
    return _hasher.hash(secrets.token_urlsafe(16))


def generate_secret() -> str:
    return secrets.token_urlsafe(48)


# --- access tokens -------------------------------------------------------------------------


class InvalidAccessToken(Exception):
    """The bearer token is malformed, badly signed or expired."""


@dataclass(frozen=True)
class AccessTokenClaims:
    user_id: int
    scope: str | None
    audience: str | None
    issued_at: datetime
    expires_at: datetime


def create_access_token(
    *,
    secret: str,
    user_id: int,
    scope: str | None,
    audience: str | None,
    now: datetime,
    ttl: timedelta,
) -> str:
    claims: dict[str, object] = {
        "user_id": user_id,
        "iat": int(now.timestamp()),
        "exp": int((now + ttl).timestamp()),
    }
    if scope:
        claims["scope"] = scope
    if audience:
        claims["aud"] = audience
    return jwt.encode(claims, secret, algorithm=JWT_ALGORITHM)


def decode_access_token(token: str, secret: str) -> AccessTokenClaims:
    try:
        # The audience is compared by the caller against the request's forwarded origin.
        claims = jwt.decode(
            token,
            secret,
            algorithms=[JWT_ALGORITHM],
            options={"require": ["exp", "iat", "user_id"], "verify_aud": False},
        )
    except jwt.PyJWTError as error:
        raise InvalidAccessToken(str(error)) from error
    user_id = claims["user_id"]
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        raise InvalidAccessToken("user_id is not an integer")
    audience = claims.get("aud")
    scope = claims.get("scope")
    return AccessTokenClaims(
        user_id=user_id,
        scope=scope if isinstance(scope, str) else None,
        audience=audience if isinstance(audience, str) else None,
        issued_at=datetime.fromtimestamp(claims["iat"], UTC),
        expires_at=datetime.fromtimestamp(claims["exp"], UTC),
    )


# --- refresh tokens ------------------------------------------------------------------------


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def same_secret(a: str, b: str) -> bool:
    """Constant-time comparison for anything secret-derived."""
    return hmac.compare_digest(a.encode(), b.encode())
