"""The student flow of `client.app` against the real reference server (seeded database).

Demo data (server/seed_campaigns.py): RENTRE123 is an active assessment campaign of the
collège, PROFIL456 a profiles collection asking "Numéro INE", ARCHIV789 is archived;
eleve@example.net is a student who has joined none of them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api_client import (
    AnswerJournal,
    Assessment,
    Challenge,
    ConflictError,
    NotFoundError,
    PendingAnswer,
    PixApiError,
    PixClient,
    PreconditionFailedError,
    ValidationError,
    flush_pending,
    send_answer,
)
from api_client.answer_journal import JournalStatus
from api_client.proposals import (
    SKIP_VALUE,
    InputBlock,
    answer_value_qcm,
    answer_value_qcu,
    answer_value_qrocm,
)
from server.app import create_app

PASSWORD = "Pix12345"
STUDENT = "eleve@example.net"
BASE = "http://pix.localhost"
MAX_QUESTIONS = 300  # far above any demo target profile: a loop that never ends fails

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


@dataclasses.dataclass
class Exchange:
    method: str
    path: str
    request_headers: dict[str, str]
    status: int = 0
    body_size: int = 0


class Wiretap:
    """ASGI middleware noting each request and the status/size of its response."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.exchanges: list[Exchange] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        exchange = Exchange(scope["method"], scope["path"], headers)
        self.exchanges.append(exchange)

        async def tapped_send(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                exchange.status = message["status"]
            elif message["type"] == "http.response.body":
                exchange.body_size += len(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, tapped_send)

    def to(self, method: str, prefix: str) -> list[Exchange]:
        return [e for e in self.exchanges if e.method == method and e.path.startswith(prefix)]


@pytest.fixture
async def server_app(seeded_url: str) -> AsyncIterator[FastAPI]:
    app = create_app(seeded_url)
    yield app
    await app.state.database.dispose()


@pytest.fixture
def wiretap(server_app: FastAPI) -> Wiretap:
    return Wiretap(server_app)


@pytest.fixture
async def student(wiretap: Wiretap) -> AsyncIterator[PixClient]:
    async with PixClient(BASE, transport=httpx.ASGITransport(app=wiretap)) as client:
        await client.login(STUDENT, PASSWORD)
        yield client


@pytest.fixture
def journal(tmp_path: Path) -> AnswerJournal:
    return AnswerJournal(tmp_path / "answers.sqlite3")


def some_answer(challenge: Challenge) -> str:
    """A well-formed answer (right or wrong) to any challenge type."""
    if challenge.type == "QCU":
        return answer_value_qcu(0)
    if challenge.type == "QCM":
        return answer_value_qcm([0])
    keys = [b.key for b in challenge.blocks if isinstance(b, InputBlock)]
    if challenge.type == "QROC":
        return "je ne sais pas"
    if keys:
        return answer_value_qrocm({key: "réponse : 1 # essai" for key in keys})
    return SKIP_VALUE


def user_id(client: PixClient) -> int:
    assert client.session is not None
    return client.session.user_id


async def answer_to_the_end(
    client: PixClient, journal: AnswerJournal, assessment: Assessment
) -> str:
    """Answer every question of the test; returns the last challenge id."""
    last = ""
    for _ in range(MAX_QUESTIONS):
        challenge = assessment.next_challenge
        if challenge is None:
            return last
        await send_answer(
            client,
            journal,
            assessment_id=assessment.id,
            challenge_id=challenge.id,
            value=some_answer(challenge),
        )
        last = challenge.id
        assessment = await client.app.assessment(assessment.id)
    raise AssertionError("the test never ends")


async def started_assessment(client: PixClient, code: str = "RENTRE123") -> Assessment:
    campaign = await client.app.campaign_by_code(code)
    participation = await client.app.join(campaign.id)
    assert participation.assessment_id is not None
    return await client.app.assessment(participation.assessment_id)


async def test_student_takes_rentre123_to_the_end_and_shares(
    student: PixClient, journal: AnswerJournal, wiretap: Wiretap
) -> None:
    campaign = await student.app.campaign_by_code("rentre 123")
    assert campaign.code == "RENTRE123"
    assert campaign.is_assessment and campaign.is_accessible is True
    assert campaign.title == "Bienvenue en 5e"
    assert campaign.custom_landing_page_text and "5e" in campaign.custom_landing_page_text
    assert await student.app.current_participation(campaign.id) is None

    participation = await student.app.join(campaign.id)
    assert participation.is_shared is False
    assert participation.assessment_id is not None
    assessment = await student.app.assessment(participation.assessment_id)
    assert assessment.state == "started"

    answered: list[str] = []
    checkpoints = 0
    while assessment.next_challenge is not None:
        challenge = assessment.next_challenge
        assert challenge.is_loaded and challenge.instruction
        if challenge.is_choice:
            assert len(challenge.options) >= 2
        else:
            assert any(isinstance(b, InputBlock) for b in challenge.blocks)
        answer = await send_answer(
            student,
            journal,
            assessment_id=assessment.id,
            challenge_id=challenge.id,
            value=some_answer(challenge),
        )
        assert answer.challenge_id == challenge.id
        assert answer.result in {"ok", "ko", "aband"}
        answered.append(challenge.id)
        assert len(answered) < MAX_QUESTIONS
        assessment = await student.app.assessment(assessment.id)
        assert assessment.ordered_challenge_ids_answered == answered
        if assessment.is_at_checkpoint:
            checkpoints += 1
            recent = (await student.app.answers(assessment.id))[
                -assessment.answers_since_last_checkpoint :
            ]
            correction = await student.app.correction(recent[-1].id)
            assert correction.challenge_id == recent[-1].challenge_id
            assert correction.solution_to_display is not None or correction.solution

    assert len(answered) >= 5 and checkpoints >= 1
    assert journal.pending(BASE, user_id(student)) == []
    progression = await student.app.progression(assessment.id)
    assert progression.completion_rate == 1 or progression.percentage == 100

    await student.app.complete(assessment.id)
    assert (await student.app.assessment(assessment.id)).is_completed

    result = await student.app.assessment_result(campaign.id)
    assert result.is_completed is True and result.is_shared is False
    assert result.competence_results
    assert result.tested_skills_count and result.tested_skills_count >= len(answered) // 2
    for competence in result.competence_results:
        assert competence.name and competence.index
        assert 0 <= (competence.mastery_percentage or 0) <= 100

    await student.app.share(result.participation_id)
    shared = await student.app.assessment_result(campaign.id)
    assert shared.is_shared is True and shared.shared_at is not None
    current = await student.app.current_participation(campaign.id)
    assert current is not None and current.is_shared is True

    profile = await student.app.user_profile()
    assert profile.scorecards and profile.pix_score is not None
    assert all(card.name and card.area is not None for card in profile.scorecards)


async def test_same_answer_sent_twice_with_one_key_is_recorded_once(student: PixClient) -> None:
    assessment = await started_assessment(student)
    challenge = assessment.next_challenge
    assert challenge is not None
    value = some_answer(challenge)
    first = await student.app.answer(assessment.id, challenge.id, value, idempotency_key="k-1")
    again = await student.app.answer(assessment.id, challenge.id, value, idempotency_key="k-1")
    assert again.id == first.id
    assert [a.id for a in await student.app.answers(assessment.id)] == [first.id]


async def test_second_answer_with_another_key_gets_the_first_one_back(
    student: PixClient, journal: AnswerJournal
) -> None:
    assessment = await started_assessment(student)
    challenge = assessment.next_challenge
    assert challenge is not None
    first = await send_answer(
        student, journal, assessment_id=assessment.id, challenge_id=challenge.id, value=SKIP_VALUE
    )
    with pytest.raises(ConflictError):
        await student.app.answer(assessment.id, challenge.id, "1", idempotency_key="other")
    # The sender reads a 409 as "the server already has an answer" and returns it.
    again = await send_answer(
        student, journal, assessment_id=assessment.id, challenge_id=challenge.id, value="1"
    )
    assert again.id == first.id and again.is_skipped
    assert len(await student.app.answers(assessment.id)) == 1


async def test_answer_journalled_before_a_crash_is_delivered_at_restart(
    wiretap: Wiretap, journal: AnswerJournal
) -> None:
    transport = httpx.ASGITransport(app=wiretap)
    async with PixClient(BASE, transport=transport) as before_crash:
        session = await before_crash.login(STUDENT, PASSWORD)
        assessment = await started_assessment(before_crash)
        challenge = assessment.next_challenge
        assert challenge is not None
        # Recorded, then the process "dies" before sending.
        journal.record(
            PendingAnswer(BASE, session.user_id, assessment.id, challenge.id, SKIP_VALUE)
        )

    async with PixClient(BASE, transport=transport) as restarted:
        await restarted.login(STUDENT, PASSWORD)
        report = await flush_pending(restarted, AnswerJournal(journal.path))
        assert [a.challenge_id for a in report.sent] == [challenge.id]
        resumed = await restarted.app.assessment(assessment.id)
    assert resumed.ordered_challenge_ids_answered == [challenge.id]
    assert resumed.next_challenge_id != challenge.id
    assert journal.pending(BASE, session.user_id) == []


async def test_answer_to_a_question_not_asked_is_rejected_not_kept_pending(
    student: PixClient, journal: AnswerJournal
) -> None:
    assessment = await started_assessment(student)
    with pytest.raises(ConflictError):
        await send_answer(
            student,
            journal,
            assessment_id=assessment.id,
            challenge_id="recNotAsked",
            value="1",
            idempotency_key="not-asked",
        )
    assert journal.status("not-asked") is JournalStatus.REJECTED
    assert journal.pending(BASE, user_id(student)) == []


async def test_answer_after_the_end_is_rejected_not_kept_pending(
    student: PixClient, journal: AnswerJournal
) -> None:
    assessment = await started_assessment(student)
    last = await answer_to_the_end(student, journal, assessment)
    await student.app.complete(assessment.id)
    with pytest.raises(ValidationError) as caught:
        await send_answer(
            student,
            journal,
            assessment_id=assessment.id,
            challenge_id="recAfterTheEnd",
            value="1",
            idempotency_key="after-the-end",
        )
    assert caught.value.status == 400
    assert journal.status("after-the-end") is JournalStatus.REJECTED
    # The last question, sent again (a reply lost just before the end): its answer is kept.
    again = await send_answer(
        student, journal, assessment_id=assessment.id, challenge_id=last, value="1"
    )
    assert again.challenge_id == last
    assert journal.pending(BASE, user_id(student)) == []


async def test_improving_before_sharing_opens_a_new_assessment(
    student: PixClient, journal: AnswerJournal
) -> None:
    campaign = await student.app.campaign_by_code("RENTRE123")
    participation = await student.app.join(campaign.id)
    assert participation.assessment_id is not None
    first = await student.app.assessment(participation.assessment_id)
    await answer_to_the_end(student, journal, first)
    await student.app.complete(first.id)

    await student.app.begin_improvement(participation.id)
    current = await student.app.current_participation(campaign.id)
    assert current is not None and current.id == participation.id
    assert current.assessment_id not in (None, first.id)
    assert current.assessment_id is not None
    improving = await student.app.assessment(current.assessment_id)
    assert improving.state == "started"

    with pytest.raises(ConflictError):  # the new assessment is not completed: no sharing yet
        await student.app.share(participation.id)


async def test_unchanged_assessment_is_not_downloaded_again(
    student: PixClient, wiretap: Wiretap
) -> None:
    first = await started_assessment(student)
    again = await student.app.assessment(first.id)
    assert again == first
    exchanges = wiretap.to("GET", f"/api/assessments/{first.id}")
    assert [e.status for e in exchanges] == [200, 304]
    assert "if-none-match" in exchanges[1].request_headers
    assert exchanges[1].body_size == 0


async def test_challenges_are_fetched_at_most_once(student: PixClient, wiretap: Wiretap) -> None:
    assessment = await started_assessment(student)
    challenge = assessment.next_challenge
    assert challenge is not None
    # The reference server includes the next challenge: no separate GET at all.
    assert await student.app.challenge(challenge.id) == challenge
    assert wiretap.to("GET", "/api/challenges/") == []

    async with PixClient(BASE, transport=httpx.ASGITransport(app=wiretap)) as other:
        loaded = await other.app.challenge(challenge.id)  # no session needed (auth false)
        again = await other.app.challenge(challenge.id)
    assert loaded == again
    assert (loaded.type, loaded.instruction, loaded.proposals) == (
        challenge.type,
        challenge.instruction,
        challenge.proposals,
    )
    assert [e.status for e in wiretap.to("GET", "/api/challenges/")] == [200]


async def test_joining_twice_is_refused(student: PixClient) -> None:
    campaign = await student.app.campaign_by_code("RENTRE123")
    await student.app.join(campaign.id)
    with pytest.raises(PreconditionFailedError):
        await student.app.join(campaign.id)


async def test_unknown_code_is_not_found(student: PixClient) -> None:
    with pytest.raises(NotFoundError):
        await student.app.campaign_by_code("NEXISTEPA")


async def test_archived_campaign_is_not_accessible(student: PixClient) -> None:
    campaign = await student.app.campaign_by_code("archiv789")
    assert campaign.is_accessible is False
    with pytest.raises(PixApiError):
        await student.app.join(campaign.id)


async def test_profiles_collection_sends_the_profile(student: PixClient) -> None:
    campaign = await student.app.campaign_by_code("PROFIL456")
    assert campaign.is_profiles_collection
    assert campaign.external_id_prompt == "Numéro INE"
    participation = await student.app.join(campaign.id, participant_external_id="123456789AB")
    assert participation.assessment_id is None
    assert participation.participant_external_id == "123456789AB"
    profile = await student.app.profile_for_campaign(campaign.id)
    assert profile.max_reachable_level and profile.scorecards
    await student.app.share(participation.id)
    assert (await student.app.profile_for_campaign(campaign.id)).shared_at is not None


async def test_report_a_problem_and_timed_state(student: PixClient) -> None:
    assessment = await started_assessment(student)
    challenge = assessment.next_challenge
    assert challenge is not None
    await student.app.set_last_challenge_state(assessment.id, "asked", challenge.id)
    feedback = await student.app.report_problem(
        assessment.id, challenge.id, "L'image ne s'affiche pas", category="Image"
    )
    assert feedback.content == "L'image ne s'affiche pas"
    assert feedback.challenge is not None and feedback.challenge.id == challenge.id
