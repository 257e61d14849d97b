"""Concurrency and transactions, on SQLite and PostgreSQL: students answering at the same
time, a teacher archiving a campaign while students answer, two support agents acting on one
campaign, and requests failing half-way (nothing half-written may stay).
"""

from __future__ import annotations

import asyncio
from typing import Any

from admin_support import audit_entries
from reliability_support import fresh_assessment_campaign
from sqlalchemy import func, select
from student_support import (
    Student,
    assessment_id_of,
    challenge,
    db_all,
    db_scalar,
    join_body,
    right_value,
    user_id,
    wrong_value,
)

import server.usecases.student.answers as answers_usecase
import server.usecases.student.participations as participations_usecase
from server.models import (
    Answer,
    Assessment,
    Campaign,
    CampaignParticipation,
    IdempotencyRecord,
    KnowledgeElement,
)
from server.usecases.student.answers import CAMPAIGN_ARCHIVED, CAMPAIGN_ARCHIVED_CODE

TEACHER = "prof@example.net"
# Demo students without any participation.
STUDENTS = [f"eleve{number}@example.net" for number in range(21, 25)]
ARCHIVED_ANSWER = {
    "errors": [
        {
            "status": "412",
            "title": "Precondition Failed",
            "detail": CAMPAIGN_ARCHIVED,
            "code": CAMPAIGN_ARCHIVED_CODE,
        }
    ]
}


async def _joined(api, auth_headers, seeded_url, email: str, campaign: int) -> tuple[Student, int]:
    me = Student(api, await auth_headers(email), await user_id(seeded_url, email))
    joined = await me.join(campaign)
    assert joined.status_code == 201, joined.text
    return me, assessment_id_of(joined.json())


async def _campaign(api, auth_headers, seeded_url, name: str) -> int:
    campaign, _ = await fresh_assessment_campaign(
        api, await auth_headers(TEACHER), seeded_url, name
    )
    return campaign


async def _counts(url: str, assessment: int) -> tuple[int, int]:
    answers = await db_scalar(
        url, select(func.count()).select_from(Answer).where(Answer.assessment_id == assessment)
    )
    knowledge = await db_scalar(
        url,
        select(func.count(func.distinct(KnowledgeElement.answer_id))).where(
            KnowledgeElement.assessment_id == assessment
        ),
    )
    return int(answers), int(knowledge)


# --- students at the same time ---------------------------------------------------------------


async def test_students_answering_at_the_same_time_each_get_their_whole_test(
    api, auth_headers, seeded_url
) -> None:
    campaign = await _campaign(api, auth_headers, seeded_url, "Tous ensemble")
    players = [await _joined(api, auth_headers, seeded_url, email, campaign) for email in STUDENTS]

    played = await asyncio.gather(*(me.play(assessment, right=None) for me, assessment in players))

    for (_, assessment), given in zip(players, played, strict=True):
        assert given, "each test asked at least one question"
        # Every answer sent is stored once, with the knowledge elements it created.
        assert await _counts(seeded_url, assessment) == (len(given), len(given))
        stored = await db_all(
            seeded_url,
            select(Answer.challenge_id).where(Answer.assessment_id == assessment),
        )
        assert sorted(row[0] for row in stored) == sorted(asked for asked, _ in given)
    # One skill, one direct knowledge element per assessment: nobody's answers leaked.
    duplicates = await db_all(
        seeded_url,
        select(KnowledgeElement.assessment_id, KnowledgeElement.skill_id)
        .where(KnowledgeElement.source == "direct")
        .group_by(KnowledgeElement.assessment_id, KnowledgeElement.skill_id)
        .having(func.count() > 1),
    )
    assert duplicates == []


# --- a teacher archiving while students answer -------------------------------------------------


async def test_an_archived_campaign_refuses_new_answers_with_a_clear_message(
    api, auth_headers, seeded_url
) -> None:
    campaign = await _campaign(api, auth_headers, seeded_url, "Bientôt archivée")
    me, assessment = await _joined(api, auth_headers, seeded_url, STUDENTS[0], campaign)
    asked = await me.next_challenge_id(assessment)
    assert asked is not None
    first = await me.answer(assessment, asked, right_value(challenge(asked)), key="avant")
    assert first.status_code == 201
    next_asked = await me.next_challenge_id(assessment)
    assert next_asked is not None

    archived = await api.put(
        f"/api/campaigns/{campaign}/archive", headers=await auth_headers(TEACHER)
    )
    assert archived.status_code == 200

    refused = await me.answer(assessment, next_asked, right_value(challenge(next_asked)))
    assert refused.status_code == 412
    assert refused.json() == ARCHIVED_ANSWER
    # The answer given before the archive, sent again after a lost response, is still its own.
    replayed = await me.answer(assessment, asked, right_value(challenge(asked)), key="avant")
    assert replayed.status_code == 201
    assert replayed.json() == first.json()
    assert await _counts(seeded_url, assessment) == (1, 1)


async def test_a_participation_deleted_by_support_takes_no_more_answers(
    api, auth_headers, seeded_url
) -> None:
    campaign = await _campaign(api, auth_headers, seeded_url, "Participation supprimée")
    me, assessment = await _joined(api, auth_headers, seeded_url, STUDENTS[1], campaign)
    asked = await me.next_challenge_id(assessment)
    assert asked is not None
    participation = await db_scalar(
        seeded_url,
        select(CampaignParticipation.id).where(CampaignParticipation.campaign_id == campaign),
    )
    deleted = await api.delete(
        f"/api/admin/campaigns/{campaign}/campaign-participations/{participation}",
        headers=await auth_headers("support@example.net", scope="pix-admin"),
    )
    assert deleted.status_code == 204

    refused = await me.answer(assessment, asked, right_value(challenge(asked)))
    assert refused.status_code == 412
    assert refused.json()["errors"][0]["code"] == "PARTICIPATION_DELETED"
    assert await _counts(seeded_url, assessment) == (0, 0)


async def test_archiving_in_the_middle_of_answers_leaves_no_answer_after_it(
    api, auth_headers, seeded_url
) -> None:
    campaign = await _campaign(api, auth_headers, seeded_url, "Archivée en plein test")
    players = [await _joined(api, auth_headers, seeded_url, email, campaign) for email in STUDENTS]
    teacher = await auth_headers(TEACHER)
    outcomes: dict[int, list[int]] = {assessment: [] for _, assessment in players}
    # The teacher archives once every student has answered twice, while they go on.
    answered_twice = asyncio.Event()
    archive_done = asyncio.Event()
    after_archive: list[int] = []

    async def answer_until_refused(me: Student, assessment: int) -> None:
        for index in range(40):
            asked = await me.next_challenge_id(assessment)
            if asked is None:
                return
            sent_after_archive = archive_done.is_set()
            value = right_value(challenge(asked)) if index % 2 else wrong_value(challenge(asked))
            response = await me.answer(assessment, asked, value)
            assert response.status_code in (201, 412), response.text
            outcomes[assessment].append(response.status_code)
            if sent_after_archive:
                after_archive.append(response.status_code)
            if response.status_code == 412:
                assert response.json() == ARCHIVED_ANSWER
                return
            if all(statuses.count(201) >= 2 for statuses in outcomes.values()):
                answered_twice.set()

    async def archive_in_the_middle() -> None:
        await answered_twice.wait()
        response = await api.put(f"/api/campaigns/{campaign}/archive", headers=teacher)
        assert response.status_code == 200
        archive_done.set()

    await asyncio.gather(
        archive_in_the_middle(), *(answer_until_refused(me, a) for me, a in players)
    )

    assert archive_done.is_set()
    # Answers racing the archive went either way; none sent after it was accepted.
    assert set(after_archive) <= {412}
    assert any(412 in statuses for statuses in outcomes.values())
    for me, assessment in players:
        asked = await me.next_challenge_id(assessment)
        if asked is not None:  # a student still in the middle of the test
            late = await me.answer(assessment, asked, right_value(challenge(asked)))
            assert late.status_code == 412
            assert late.json() == ARCHIVED_ANSWER
    for assessment, statuses in outcomes.items():
        # Accepted answers are all stored (with their knowledge); refused ones left nothing.
        accepted = statuses.count(201)
        assert await _counts(seeded_url, assessment) == (accepted, accepted)


# --- two support agents on one campaign --------------------------------------------------------


async def test_two_agents_archiving_one_campaign_archive_it_once(
    api, auth_headers, seeded_url
) -> None:
    campaign = await _campaign(api, auth_headers, seeded_url, "Deux agents")
    agents = [
        await auth_headers("superadmin@example.net"),
        await auth_headers("metier@example.net"),
    ]

    responses = await asyncio.gather(
        *(api.post(f"/api/admin/campaigns/{campaign}/archive", headers=h) for h in agents)
    )

    assert sorted(response.status_code for response in responses) == [200, 412]
    entries = await audit_entries(seeded_url, campaign)
    assert [entry.action for entry in entries] == ["ARCHIVE_CAMPAIGN"]


async def test_two_agents_editing_one_campaign_leave_a_consistent_trail(
    api, auth_headers, seeded_url
) -> None:
    campaign = await _campaign(api, auth_headers, seeded_url, "Nom d'origine")
    agents = [await auth_headers("support@example.net"), await auth_headers("metier@example.net")]

    def details(name: str) -> dict[str, Any]:
        attributes = {
            "name": name,
            "title": None,
            "custom-landing-page-text": None,
            "custom-result-page-text": None,
            "custom-result-page-button-text": None,
            "custom-result-page-button-url": None,
            "multiple-sendings": False,
        }
        return {"data": {"type": "campaigns", "attributes": attributes}}

    responses = await asyncio.gather(
        *(
            api.patch(f"/api/admin/campaigns/{campaign}", json=details(name), headers=headers)
            for name, headers in zip(["Nom du support", "Nom du métier"], agents, strict=True)
        )
    )

    assert [response.status_code for response in responses] == [204, 204]
    first, second = await audit_entries(seeded_url, campaign)
    # Each agent saw the other's change or none: the second edit starts where the first ended.
    assert first.before == {"name": "Nom d'origine"}
    assert second.before == first.after
    final = await db_scalar(seeded_url, select(Campaign.name).where(Campaign.id == campaign))
    assert second.after == {"name": final}


# --- failing half-way ------------------------------------------------------------------------


class InjectedFailure(Exception):
    """Raised in the middle of a use case, as a crash or a lost database would."""


def _fail(*_args: Any, **_kwargs: Any) -> Any:
    raise InjectedFailure()


async def test_an_answer_failing_after_its_insert_leaves_nothing_behind(
    api, auth_headers, seeded_url, monkeypatch
) -> None:
    campaign = await _campaign(api, auth_headers, seeded_url, "Panne")
    me, assessment = await _joined(api, auth_headers, seeded_url, STUDENTS[0], campaign)
    asked = await me.next_challenge_id(assessment)
    assert asked is not None
    touched = select(Assessment.updated_at).where(Assessment.id == assessment)
    before = await db_scalar(seeded_url, touched)

    # After the answer row is added, before its knowledge elements are.
    monkeypatch.setattr(answers_usecase, "knowledge_elements_for_answer", _fail)
    failed = await me.answer(assessment, asked, right_value(challenge(asked)), key="panne")
    assert failed.status_code == 500
    assert failed.json()["errors"][0]["status"] == "500"
    assert "Traceback" not in failed.text
    assert await _counts(seeded_url, assessment) == (0, 0)
    assert await db_scalar(seeded_url, touched) == before

    # The client retries with the same key once the server is well again: one answer.
    monkeypatch.undo()
    retried = await me.answer(assessment, asked, right_value(challenge(asked)), key="panne")
    assert retried.status_code == 201
    assert retried.headers.get("idempotent-replayed") is None
    assert await _counts(seeded_url, assessment) == (1, 1)


async def test_joining_failing_before_the_assessment_leaves_no_participation(
    api, auth_headers, seeded_url, monkeypatch
) -> None:
    campaign = await _campaign(api, auth_headers, seeded_url, "Panne au départ")
    me = Student(api, await auth_headers(STUDENTS[1]), await user_id(seeded_url, STUDENTS[1]))

    # The participation is flushed, then building its assessment fails.
    monkeypatch.setattr(participations_usecase, "Assessment", _fail)
    failed = await api.post(
        "/api/campaign-participations",
        json=join_body(campaign),
        headers={**me.headers, "Idempotency-Key": "depart"},
    )
    assert failed.status_code == 500
    participations = await db_scalar(
        seeded_url,
        select(func.count())
        .select_from(CampaignParticipation)
        .where(CampaignParticipation.campaign_id == campaign),
    )
    assert participations == 0
    # Nor the idempotency claim: the retry is judged afresh, not replayed as a failure.
    claims = await db_scalar(
        seeded_url,
        select(func.count())
        .select_from(IdempotencyRecord)
        .where(IdempotencyRecord.key == "depart"),
    )
    assert claims == 0

    monkeypatch.undo()
    joined = await me.join(campaign)
    assert joined.status_code == 201
