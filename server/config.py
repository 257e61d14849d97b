"""Server settings: where the database lives, how tokens are signed, when logins get blocked."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

APP_NAME = "pix-tui"
DATABASE_URL_ENV = "PIX_DATABASE_URL"
JWT_SECRET_ENV = "PIX_JWT_SECRET"
MAX_BODY_BYTES_ENV = "PIX_MAX_BODY_BYTES"
TRUSTED_PROXIES_ENV = "PIX_TRUSTED_PROXIES"
LOGIN_ADDRESS_LIMIT_ENV = "PIX_LOGIN_FAILURES_PER_ADDRESS"
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
DEMO_DATABASE_FILENAME = "pix-demo.db"

_ASYNC_DRIVERS = {
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
    "sqlite": "sqlite+aiosqlite",
}


def default_database_url() -> str:
    """The demo SQLite file in the user data dir (the folder is created by `prepare_demo`)."""
    from platformdirs import user_data_dir

    path = Path(user_data_dir(APP_NAME)) / DEMO_DATABASE_FILENAME
    return f"sqlite+aiosqlite:///{path}"


def normalize_database_url(url: str) -> str:
    """Give a driver-less URL the async driver we ship (`postgresql://` → `postgresql+asyncpg://`)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ValueError(f"Not a database URL: {url!r}")
    return f"{_ASYNC_DRIVERS.get(scheme, scheme)}://{rest}"


def resolve_database_url(url: str | None = None) -> str:
    """Explicit argument, then $PIX_DATABASE_URL, then the demo file."""
    chosen = url or os.environ.get(DATABASE_URL_ENV) or default_database_url()
    return normalize_database_url(chosen)


def sqlite_path(database_url: str) -> Path | None:
    """The file behind a SQLite URL, None for any other database."""
    scheme, _, rest = database_url.partition("://")
    if not scheme.startswith("sqlite"):
        return None
    # sqlite:///relative.db and sqlite:////absolute.db; strip query options
    raw = rest[1:] if rest.startswith("/") else rest
    raw = raw.split("?", 1)[0]
    if raw in ("", ":memory:"):
        return None
    return Path(raw)


@dataclass(frozen=True)
class LoginBlockingPolicy:
    """Like Pix: every `temporary_threshold` consecutive failures block the account for
    `temporary_base_duration`, doubled at each further block; `permanent_threshold` failures
    block it for good. A successful login resets the counter."""

    temporary_threshold: int = 10
    temporary_base_duration: timedelta = timedelta(minutes=2)
    permanent_threshold: int = 30


@dataclass(frozen=True)
class AddressThrottlePolicy:
    """More than `max_failures` failed logins from one network address within `window`: that
    address gets 429 until the oldest failure leaves the window, whatever the account tried.
    Per-account blocking stops guessing one password; this stops trying many accounts."""

    max_failures: int = 30
    window: timedelta = timedelta(minutes=5)


@dataclass(frozen=True)
class Settings:
    database_url: str
    # None: a secret generated once and kept in the `server_secrets` table, so every worker
    # and every process over the same database accepts the others' tokens.
    jwt_secret: str | None = None
    access_token_ttl: timedelta = timedelta(seconds=1200)
    refresh_token_ttl: timedelta = timedelta(days=7)
    login_blocking: LoginBlockingPolicy = LoginBlockingPolicy()
    login_address_throttle: AddressThrottlePolicy = AddressThrottlePolicy()
    # How many reverse proxies in front of the server append to X-Forwarded-For. 0: the header
    # is ignored (anyone can write it) and the client is the socket's peer address.
    trusted_proxies: int = 0
    # Larger request bodies are refused with 413 before the application reads them.
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    echo_sql: bool = False

    @classmethod
    def from_env(cls, database_url: str | None = None) -> Settings:
        """Settings from the database URL and `PIX_*` variables (one value per variable)."""
        default_limit = AddressThrottlePolicy.max_failures
        return cls(
            database_url=resolve_database_url(database_url),
            jwt_secret=os.environ.get(JWT_SECRET_ENV) or None,
            login_address_throttle=AddressThrottlePolicy(
                max_failures=_int_from_env(LOGIN_ADDRESS_LIMIT_ENV, default=default_limit)
            ),
            trusted_proxies=_int_from_env(TRUSTED_PROXIES_ENV, default=0, minimum=0),
            max_body_bytes=_int_from_env(MAX_BODY_BYTES_ENV, default=DEFAULT_MAX_BODY_BYTES),
        )


def _int_from_env(name: str, *, default: int, minimum: int = 1) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"${name} must be an integer, not {raw!r}") from None
    if value < minimum:
        raise ValueError(f"${name} must be at least {minimum}")
    return value
