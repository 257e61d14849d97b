"""Password logins: rate limited per network address (on top of per-account blocking), and
the same answer whether the e-mail exists or not.

An address past its limit gets 429 E1 `Too many requests` with `Retry-After`, before any
password is checked; the failures are rows of the database, so every worker and every
process over it applies the same limit. X-Forwarded-For counts only when the operator says
how many proxies write it.
"""

from __future__ import annotations

import statistics
import time
from datetime import timedelta

import pytest
from reliability_support import app_client, login_form
from server_support import WRONG_CREDENTIALS, scalar, update_rows
from sqlalchemy import func, select

from server.config import AddressThrottlePolicy, Settings
from server.models import LoginFailure, RefreshToken, User, utcnow
from server.security import dummy_password_hash, verify_password
from server.usecases.login_throttle import TOO_MANY_FAILURES, TOO_MANY_FAILURES_CODE

TEACHER = "prof@example.net"
STUDENT = "eleve01@example.net"
LIMIT = 3
TOO_MANY = {
    "errors": [
        {
            "status": "429",
            "title": "Too many requests",
            "detail": TOO_MANY_FAILURES,
            "code": TOO_MANY_FAILURES_CODE,
        }
    ]
}


def _settings(url: str, trusted_proxies: int = 0) -> Settings:
    throttle = AddressThrottlePolicy(max_failures=LIMIT, window=timedelta(minutes=5))
    return Settings(
        database_url=url, login_address_throttle=throttle, trusted_proxies=trusted_proxies
    )


async def _fail(client, email: str = TEACHER, headers: dict[str, str] | None = None) -> int:
    response = await client.post("/api/token", data=login_form(email, "mauvais"), headers=headers)
    return response.status_code


async def test_an_address_past_its_limit_is_refused_even_with_the_right_password(
    seeded_url,
) -> None:
    async with app_client(_settings(seeded_url), client_address="203.0.113.7") as app:
        # Wrong passwords and unknown accounts both count.
        statuses = [await _fail(app.client, email) for email in (TEACHER, "inconnu@x.net", STUDENT)]
        assert statuses == [401, 401, 401]
        refused = await app.client.post("/api/token", data=login_form(TEACHER))

    assert refused.status_code == 429
    assert refused.json() == TOO_MANY
    assert 295 <= int(refused.headers["retry-after"]) <= 300
    # Refused before any password check: the account's own counter did not move.
    teacher_failures = await scalar(
        seeded_url, select(User.failure_count).where(User.email == TEACHER)
    )
    assert teacher_failures == 1


async def test_other_addresses_are_not_affected(seeded_url) -> None:
    async with app_client(_settings(seeded_url), client_address="203.0.113.7") as attacker:
        for _ in range(LIMIT):
            await _fail(attacker.client, STUDENT)
        assert (
            await attacker.client.post("/api/token", data=login_form(TEACHER))
        ).status_code == 429
    async with app_client(_settings(seeded_url), client_address="198.51.100.20") as school:
        assert (await school.client.post("/api/token", data=login_form(TEACHER))).status_code == 200


async def test_the_address_is_served_again_once_failures_leave_the_window(seeded_url) -> None:
    async with app_client(_settings(seeded_url), client_address="203.0.113.7") as app:
        for _ in range(LIMIT):
            await _fail(app.client, STUDENT)
        # The oldest failure is now 4 min old: 60 s left before it stops counting.
        oldest = await scalar(seeded_url, select(func.min(LoginFailure.id)))
        await update_rows(
            seeded_url,
            LoginFailure,
            LoginFailure.id == oldest,
            failed_at=utcnow() - timedelta(minutes=4),
        )
        refused = await app.client.post("/api/token", data=login_form(TEACHER))
        assert refused.status_code == 429
        assert 55 <= int(refused.headers["retry-after"]) <= 60

        await update_rows(
            seeded_url,
            LoginFailure,
            LoginFailure.id == oldest,
            failed_at=utcnow() - timedelta(minutes=5, seconds=1),
        )
        assert (await app.client.post("/api/token", data=login_form(TEACHER))).status_code == 200


async def test_expired_failures_are_purged(seeded_url) -> None:
    async with app_client(_settings(seeded_url), client_address="203.0.113.7") as app:
        await _fail(app.client)
        await update_rows(
            seeded_url, LoginFailure, LoginFailure.id > 0, failed_at=utcnow() - timedelta(hours=1)
        )
        await _fail(app.client)
    assert await scalar(seeded_url, select(func.count()).select_from(LoginFailure)) == 1


async def test_forwarded_for_is_ignored_unless_proxies_are_configured(seeded_url) -> None:
    async with app_client(_settings(seeded_url), client_address="203.0.113.7") as app:
        for index in range(LIMIT):
            await _fail(app.client, headers={"X-Forwarded-For": f"192.0.2.{index}"})
        spoofed = await app.client.post(
            "/api/token", data=login_form(TEACHER), headers={"X-Forwarded-For": "192.0.2.99"}
        )
    assert spoofed.status_code == 429


async def test_behind_a_trusted_proxy_the_address_it_appends_is_the_client(seeded_url) -> None:
    settings = _settings(seeded_url, trusted_proxies=1)
    async with app_client(settings, client_address="10.0.0.1") as proxy:
        # The client writes its own X-Forwarded-For; the proxy appends the real address.
        for index in range(LIMIT):
            header = {"X-Forwarded-For": f"192.0.2.{index}, 203.0.113.7"}
            assert await _fail(proxy.client, headers=header) == 401
        same_client = await proxy.client.post(
            "/api/token",
            data=login_form(TEACHER),
            headers={"X-Forwarded-For": "192.0.2.200, 203.0.113.7"},
        )
        other_client = await proxy.client.post(
            "/api/token", data=login_form(TEACHER), headers={"X-Forwarded-For": "198.51.100.20"}
        )
    assert same_client.status_code == 429
    assert other_client.status_code == 200
    addresses = set(await _stored_addresses(seeded_url))
    assert addresses == {"203.0.113.7"}


async def _stored_addresses(url: str) -> list[str]:
    from student_support import db_all

    return [row[0] for row in await db_all(url, select(LoginFailure.address))]


async def test_two_workers_over_one_database_share_the_limit(seeded_url) -> None:
    async with (
        app_client(_settings(seeded_url), client_address="203.0.113.7") as first,
        app_client(_settings(seeded_url), client_address="203.0.113.7") as second,
    ):
        assert await _fail(first.client) == 401
        assert await _fail(second.client) == 401
        assert await _fail(first.client) == 401
        assert (await second.client.post("/api/token", data=login_form(TEACHER))).status_code == 429


def test_the_limit_and_the_proxies_come_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("PIX_LOGIN_FAILURES_PER_ADDRESS", "12")
    monkeypatch.setenv("PIX_TRUSTED_PROXIES", "2")
    monkeypatch.setenv("PIX_MAX_BODY_BYTES", "4096")
    settings = Settings.from_env("sqlite:///unused.db")
    assert settings.login_address_throttle.max_failures == 12
    assert settings.trusted_proxies == 2
    assert settings.max_body_bytes == 4096

    monkeypatch.setenv("PIX_LOGIN_FAILURES_PER_ADDRESS", "beaucoup")
    with pytest.raises(ValueError, match="PIX_LOGIN_FAILURES_PER_ADDRESS"):
        Settings.from_env("sqlite:///unused.db")


def test_by_default_thirty_failures_in_five_minutes_are_allowed() -> None:
    settings = Settings(database_url="sqlite:///unused.db")
    assert settings.login_address_throttle == AddressThrottlePolicy(
        max_failures=30, window=timedelta(minutes=5)
    )
    assert settings.trusted_proxies == 0


# --- the same answer for an unknown e-mail and a wrong password -----------------------------


async def test_unknown_email_and_wrong_password_answer_alike(login) -> None:
    unknown = await login("personne@example.net", password="mauvais")
    wrong = await login(TEACHER, password="mauvais")

    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json() == WRONG_CREDENTIALS
    assert unknown.content == wrong.content
    skip = {"date"}  # nothing else may differ, not even a header
    assert {k: v for k, v in unknown.headers.items() if k not in skip} == {
        k: v for k, v in wrong.headers.items() if k not in skip
    }


async def test_an_unknown_email_costs_a_password_check_too(login) -> None:
    """Loose timing: both answers pay one argon2 verification, none is a quick miss."""
    dummy_password_hash()  # built once per process, outside the measure
    started = time.perf_counter()
    verify_password(dummy_password_hash(), "mauvais")
    one_check = time.perf_counter() - started

    async def timed(email: str) -> float:
        started = time.perf_counter()
        assert (await login(email, password="mauvais")).status_code == 401
        return time.perf_counter() - started

    unknown = statistics.median([await timed("personne@example.net") for _ in range(3)])
    wrong = statistics.median([await timed(STUDENT) for _ in range(3)])
    assert unknown >= 0.5 * one_check
    assert 1 / 3 <= unknown / wrong <= 3


async def test_unknown_revoked_and_expired_refresh_tokens_answer_alike(
    api, login, seeded_url
) -> None:
    def refresh(token: str):
        return api.post("/api/token", data={"grant_type": "refresh_token", "refresh_token": token})

    revoked = (await login(TEACHER)).json()["refresh_token"]
    await api.post("/api/revoke", data={"token": revoked, "token_type_hint": "refresh_token"})
    expired = (await login(STUDENT)).json()["refresh_token"]
    await update_rows(
        seeded_url, RefreshToken, RefreshToken.revoked_at.is_(None), expires_at=utcnow()
    )
    # One character off a real token: the lookup is by hash, the comparison constant-time.
    near_miss = revoked[:-1] + ("A" if revoked[-1] != "A" else "B")

    answers = [await refresh(token) for token in (revoked, expired, near_miss, "inconnu")]

    assert {response.status_code for response in answers} == {401}
    assert len({response.content for response in answers}) == 1
    assert answers[0].json()["errors"][0]["code"] == "INVALID_REFRESH_TOKEN"
