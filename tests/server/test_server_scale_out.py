"""Scale-out without losing guarantees: two real `pix-server serve` processes over one
database (a SQLite file in WAL mode, and PostgreSQL when configured), as an operator runs
several servers behind a load balancer. Whatever one process learnt, the other knows:
blocked accounts and addresses, tokens, answers already stored, revoked sessions.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from reliability_support import (
    ServerProcess,
    bearer,
    clients_of,
    fresh_assessment_campaign,
    login_form,
    servers_on_a_seeded_database,
)
from sqlalchemy import delete, func, select
from student_support import answer_body, assessment_id_of, challenge, db_scalar, right_value

from server.db import Database
from server.models import Answer, LoginFailure
from tests.conftest import BACKENDS

# Low enough to reach in a test, above the 10 failures that block an account.
ADDRESS_LIMIT = 14


@pytest.fixture(scope="module", params=BACKENDS)
def two_servers(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, list[ServerProcess]]]:
    folder = tmp_path_factory.mktemp("scale-out")
    with servers_on_a_seeded_database(
        request, folder, env={"PIX_LOGIN_FAILURES_PER_ADDRESS": str(ADDRESS_LIMIT)}
    ) as url_and_servers:
        yield url_and_servers


@pytest.fixture
async def clients(
    two_servers: tuple[str, list[ServerProcess]],
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    async with clients_of(two_servers[1], timeout=30) as pair:
        yield pair


async def _forget_address_failures(url: str) -> None:
    database = Database.connect(url, pooled=False)
    try:
        async with database.sessionmaker.begin() as session:
            await session.execute(delete(LoginFailure))
    finally:
        await database.dispose()


def test_two_processes_serve_one_database(two_servers) -> None:
    url, (a, b) = two_servers
    assert a.process.pid != b.process.pid
    assert a.base_url != b.base_url
    assert a.process.poll() is None and b.process.poll() is None
    if url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(url.split(":///", 1)[1]) as connection:
            assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_an_account_blocked_through_one_process_is_blocked_through_the_other(
    clients, two_servers
) -> None:
    url, _ = two_servers
    on_a, on_b = clients
    try:
        for _ in range(10):
            wrong = await on_a.post("/api/token", data=login_form("prof2@example.net", "non"))
            assert wrong.status_code == 401
        blocked = await on_b.post("/api/token", data=login_form("prof2@example.net"))
        assert blocked.status_code == 403
        assert blocked.json()["errors"][0]["code"] == "USER_IS_TEMPORARY_BLOCKED"

        # The address itself: failures through B add up with those through A, and a forged
        # X-Forwarded-For does not make a new address (no proxy is configured).
        for index in range(ADDRESS_LIMIT - 10):
            wrong = await on_b.post(
                "/api/token",
                data=login_form("eleve30@example.net", "non"),
                headers={"X-Forwarded-For": f"192.0.2.{index}"},
            )
            assert wrong.status_code == 401
        throttled = await on_a.post(
            "/api/token",
            data=login_form("eleve29@example.net"),
            headers={"X-Forwarded-For": "192.0.2.200"},
        )
        assert throttled.status_code == 429
        assert int(throttled.headers["retry-after"]) > 0
    finally:
        await _forget_address_failures(url)


async def test_a_token_issued_by_one_process_works_on_the_other(clients) -> None:
    on_a, on_b = clients
    login = await on_a.post("/api/token", data=login_form("prof@example.net"))
    assert login.status_code == 200
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}

    me = await on_b.get("/api/users/me", headers=headers)
    refreshed = await on_b.post(
        "/api/token",
        data={"grant_type": "refresh_token", "refresh_token": login.json()["refresh_token"]},
    )

    assert me.status_code == 200
    assert me.json()["data"]["attributes"]["email"] == "prof@example.net"
    assert refreshed.status_code == 200
    again = {"Authorization": f"Bearer {refreshed.json()['access_token']}"}
    assert (await on_a.get("/api/users/me", headers=again)).status_code == 200


async def test_a_refresh_token_revoked_on_one_process_is_refused_on_the_other(clients) -> None:
    on_a, on_b = clients
    refresh_token = (await on_a.post("/api/token", data=login_form("eleve28@example.net"))).json()[
        "refresh_token"
    ]
    revoked = await on_a.post(
        "/api/revoke", data={"token": refresh_token, "token_type_hint": "refresh_token"}
    )
    assert revoked.status_code == 204

    refused = await on_b.post(
        "/api/token", data={"grant_type": "refresh_token", "refresh_token": refresh_token}
    )
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["code"] == "INVALID_REFRESH_TOKEN"


async def test_one_answer_sent_to_both_processes_with_one_key_is_stored_once(
    clients, two_servers
) -> None:
    url, _ = two_servers
    on_a, on_b = clients
    teacher = await bearer(on_a, "prof@example.net")
    campaign, _ = await fresh_assessment_campaign(on_a, teacher, url, "Deux serveurs")
    student = await bearer(on_b, "eleve27@example.net")
    join = {
        "data": {
            "type": "campaign-participations",
            "attributes": {"participant-external-id": None},
            "relationships": {"campaign": {"data": {"type": "campaigns", "id": str(campaign)}}},
        }
    }
    joined = await on_a.post("/api/campaign-participations", json=join, headers=student)
    assert joined.status_code == 201, joined.text
    assessment = assessment_id_of(joined.json())

    async def next_challenge(client: httpx.AsyncClient) -> str:
        doc = (await client.get(f"/api/assessments/{assessment}", headers=student)).json()
        return str(doc["data"]["relationships"]["next-challenge"]["data"]["id"])

    async def send(client: httpx.AsyncClient, asked: str, key: str) -> httpx.Response:
        body = answer_body(assessment, asked, right_value(challenge(asked)))
        return await client.post(
            "/api/answers", json=body, headers={**student, "Idempotency-Key": key}
        )

    # One after the other: A stores, B replays.
    asked = await next_challenge(on_b)
    first = await send(on_a, asked, "cle-1")
    second = await send(on_b, asked, "cle-1")
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json() == first.json()
    assert second.headers["idempotent-replayed"] == "true"

    # At the same instant, on both: still one answer.
    asked = await next_challenge(on_a)
    racing = await asyncio.gather(send(on_a, asked, "cle-2"), send(on_b, asked, "cle-2"))
    assert [response.status_code for response in racing] == [201, 201]
    assert racing[0].json()["data"]["id"] == racing[1].json()["data"]["id"]

    stored = await db_scalar(
        url, select(func.count()).select_from(Answer).where(Answer.assessment_id == assessment)
    )
    assert stored == 2
