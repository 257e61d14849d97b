"""Archiving under concurrency (issue #9, Database), against two real `pix-server serve`
processes over one database (a SQLite file in WAL mode, and PostgreSQL when configured):

- two teachers archiving one campaign at once: one succeeds, the others get the 412
  "Cette campagne est déjà archivée.", and `archivedAt` / `archivedBy` are the winner's;
- a teacher in Pix Orga and a support agent in Pix Admin at once: one wins, and the audit
  trail records an archive only when the agent's is the one that happened;
- a teacher archiving while students answer: every answer sent after the archive is refused
  with the clear CAMPAIGN_ARCHIVED error, and every accepted answer is stored, once.

Requests really overlap: they are sent with asyncio.gather to two separate processes.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest
from admin_support import audit_entries
from reliability_support import ServerProcess, bearer, clients_of, servers_on_a_seeded_database
from sqlalchemy import func, select
from student_support import (
    answer_body,
    assessment_id_of,
    challenge,
    db_scalar,
    join_body,
    right_value,
    user_id,
    wrong_value,
)

from server.models import Answer, Assessment, Campaign, CampaignParticipation
from server.usecases.campaigns import ALREADY_ARCHIVED
from server.usecases.student.answers import CAMPAIGN_ARCHIVED, CAMPAIGN_ARCHIVED_CODE
from tests.conftest import BACKENDS

ADMIN_TEACHER = "prof@example.net"  # ADMIN of the collège
OWNER_TEACHER = "prof2@example.net"  # MEMBER of the collège, owner of the test campaigns
AGENT = "superadmin@example.net"
# Demo students without any participation.
STUDENTS = [f"eleve{number}@example.net" for number in range(21, 25)]
LATE_STUDENT = "eleve25@example.net"
# Several rounds: a race that a single try happens to win in order would hide the bug.
ROUNDS = 4


@pytest.fixture(scope="module", params=BACKENDS)
def two_servers(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, list[ServerProcess]]]:
    folder = tmp_path_factory.mktemp("concurrent-archive")
    with servers_on_a_seeded_database(request, folder) as url_and_servers:
        yield url_and_servers


@pytest.fixture
async def clients(
    two_servers: tuple[str, list[ServerProcess]],
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    async with clients_of(two_servers[1], timeout=60) as pair:
        yield pair


async def _new_campaign(
    client: httpx.AsyncClient, url: str, teacher: dict[str, str], name: str
) -> int:
    """An assessment campaign of the collège like RENTRE123, created by prof@ for prof2@."""
    rentree = await db_scalar(url, select(Campaign).where(Campaign.code == "RENTRE123"))
    owner = await user_id(url, OWNER_TEACHER)
    body = {
        "data": {
            "type": "campaigns",
            "attributes": {"name": name, "type": "ASSESSMENT", "owner-id": owner},
            "relationships": {
                "organization": {
                    "data": {"type": "organizations", "id": str(rentree.organization_id)}
                },
                "target-profile": {
                    "data": {"type": "target-profiles", "id": str(rentree.target_profile_id)}
                },
            },
        }
    }
    response = await client.post("/api/campaigns", json=body, headers=teacher)
    assert response.status_code == 201, response.text
    return int(response.json()["data"]["id"])


async def _archive_state(url: str, campaign: int) -> tuple[datetime | None, int | None]:
    row = await db_scalar(url, select(Campaign).where(Campaign.id == campaign))
    return row.archived_at, row.archived_by_id


def _detail(response: httpx.Response) -> str:
    return str(response.json()["errors"][0]["detail"])


async def test_two_teachers_archiving_at_once_archive_it_once(two_servers, clients) -> None:
    url, _ = two_servers
    on_a, on_b = clients
    admin = await bearer(on_a, ADMIN_TEACHER)
    owner = await bearer(on_b, OWNER_TEACHER)
    ids = {email: await user_id(url, email) for email in (ADMIN_TEACHER, OWNER_TEACHER)}

    for round_ in range(ROUNDS):
        campaign = await _new_campaign(on_a, url, admin, f"Archivage simultané {round_}")
        attempts = [
            (on_a, admin, ADMIN_TEACHER),
            (on_b, owner, OWNER_TEACHER),
            (on_b, admin, ADMIN_TEACHER),
        ]

        responses = await asyncio.gather(
            *(c.put(f"/api/campaigns/{campaign}/archive", headers=h) for c, h, _ in attempts)
        )

        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200, 412, 412], [r.text for r in responses]
        winner = next(
            who
            for (_, _, who), response in zip(attempts, responses, strict=True)
            if response.status_code == 200
        )
        for response in responses:
            if response.status_code == 200:
                assert response.json()["data"]["attributes"]["is-archived"] is True
            else:
                assert _detail(response) == ALREADY_ARCHIVED
        archived_at, archived_by = await _archive_state(url, campaign)
        assert archived_at is not None
        assert archived_by == ids[winner]

        # A teacher retrying after a lost response gets the same clear state; nothing moves.
        again = await on_b.put(f"/api/campaigns/{campaign}/archive", headers=owner)
        assert again.status_code == 412
        assert _detail(again) == ALREADY_ARCHIVED
        assert await _archive_state(url, campaign) == (archived_at, archived_by)


async def test_a_teacher_and_an_agent_archiving_at_once_leave_a_consistent_trail(
    two_servers, clients
) -> None:
    url, _ = two_servers
    on_a, on_b = clients
    teacher = await bearer(on_a, ADMIN_TEACHER)
    agent = await bearer(on_b, AGENT)
    teacher_id, agent_id = await user_id(url, ADMIN_TEACHER), await user_id(url, AGENT)

    for round_ in range(ROUNDS):
        campaign = await _new_campaign(on_a, url, teacher, f"Orga contre Admin {round_}")

        by_teacher, by_agent = await asyncio.gather(
            on_a.put(f"/api/campaigns/{campaign}/archive", headers=teacher),
            on_b.post(f"/api/admin/campaigns/{campaign}/archive", headers=agent),
        )

        assert sorted([by_teacher.status_code, by_agent.status_code]) == [200, 412]
        archived_at, archived_by = await _archive_state(url, campaign)
        assert archived_at is not None
        entries = await audit_entries(url, campaign)
        if by_agent.status_code == 200:
            assert archived_by == agent_id
            assert [entry.action for entry in entries] == ["ARCHIVE_CAMPAIGN"]
            assert entries[0].after is not None
            assert entries[0].after["archived-by"] == agent_id
        else:
            assert archived_by == teacher_id
            assert _detail(by_agent) == ALREADY_ARCHIVED
            # The agent's refused archive must not appear in the trail.
            assert entries == []


async def _answered(url: str, assessment: int) -> int:
    return int(
        await db_scalar(
            url, select(func.count()).select_from(Answer).where(Answer.assessment_id == assessment)
        )
    )


async def test_archiving_while_students_answer_refuses_every_later_answer(
    two_servers, clients
) -> None:
    url, _ = two_servers
    on_a, on_b = clients
    teacher = await bearer(on_a, ADMIN_TEACHER)
    campaign = await _new_campaign(on_a, url, teacher, "Archivage pendant le test")

    players: list[tuple[httpx.AsyncClient, dict[str, str], int]] = []
    for index, email in enumerate(STUDENTS):
        client = on_a if index % 2 == 0 else on_b
        headers = await bearer(client, email)
        joined = await client.post(
            "/api/campaign-participations", json=join_body(campaign), headers=headers
        )
        assert joined.status_code == 201, joined.text
        players.append((client, headers, assessment_id_of(joined.json())))

    warmed_up = asyncio.Event()
    answers_before_archive = [0] * len(players)
    archive_done = asyncio.Event()
    accepted: list[int] = [0] * len(players)
    after_archive: list[tuple[int, Any]] = []

    async def answer_until_refused(index: int) -> None:
        client, headers, assessment = players[index]
        for turn in range(40):
            state = await client.get(f"/api/assessments/{assessment}", headers=headers)
            assert state.status_code == 200, state.text
            linkage = state.json()["data"]["relationships"]["next-challenge"]["data"]
            if linkage is None:
                return
            item = challenge(str(linkage["id"]))
            value = right_value(item) if turn % 2 == 0 else wrong_value(item)
            sent_after_archive = archive_done.is_set()
            response = await client.post(
                "/api/answers", json=answer_body(assessment, item.id, value), headers=headers
            )
            if sent_after_archive:
                after_archive.append((response.status_code, response.json()))
            if response.status_code == 412:
                return
            assert response.status_code == 201, response.text
            accepted[index] += 1
            answers_before_archive[index] += 1
            if min(answers_before_archive) >= 2:
                warmed_up.set()
            if index % 2 == 1 and answers_before_archive[index] >= 2:
                # Half the class keeps racing the archive; the other half waits for it, so
                # that some answers surely come after it even when the tests end quickly.
                await archive_done.wait()

    async def archive_in_the_middle() -> None:
        await warmed_up.wait()
        response = await on_b.put(f"/api/campaigns/{campaign}/archive", headers=teacher)
        assert response.status_code == 200, response.text
        archive_done.set()

    await asyncio.gather(
        archive_in_the_middle(), *(answer_until_refused(i) for i in range(len(players)))
    )

    assert archive_done.is_set()
    # Answers racing the archive went either way; every one sent after it was refused, clearly.
    assert after_archive, "no student answered after the archive"
    for status, body in after_archive:
        assert status == 412
        assert body["errors"][0]["detail"] == CAMPAIGN_ARCHIVED
        assert body["errors"][0]["code"] == CAMPAIGN_ARCHIVED_CODE
    # Nothing lost, nothing stored twice: the database holds exactly the accepted answers.
    for (_, _, assessment), count in zip(players, accepted, strict=True):
        assert await _answered(url, assessment) == count
    # And nobody can join it any more.
    late = await bearer(on_a, LATE_STUDENT)
    refused = await on_a.post(
        "/api/campaign-participations", json=join_body(campaign), headers=late
    )
    assert refused.status_code == 403, refused.text
    joined = await db_scalar(
        url,
        select(func.count())
        .select_from(CampaignParticipation)
        .where(CampaignParticipation.campaign_id == campaign),
    )
    assert joined == len(STUDENTS)
    started = await db_scalar(
        url,
        select(func.count())
        .select_from(Assessment)
        .join(
            CampaignParticipation, Assessment.campaign_participation_id == CampaignParticipation.id
        )
        .where(CampaignParticipation.campaign_id == campaign),
    )
    assert started == len(STUDENTS)
