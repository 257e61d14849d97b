"""Fault injection on answer sending: the link drops, the server is gone, the session ends.

What a healthy server does (409 already answered, 400 test ended, idempotent repeats) is
tested against the real server in test_app_against_server.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

import api_client.retry
from api_client import (
    AnswerJournal,
    NetworkError,
    PixClient,
    PixError,
    SessionExpiredError,
    flush_pending,
    send_answer,
)
from api_client.answer_journal import JournalStatus

from .fake_pix import FakePix, jsonapi, request_json

BASE = "https://pix.test"


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record back-off waits instead of waiting."""
    delays: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        delays.append(seconds)

    monkeypatch.setattr(api_client.retry, "sleep", fake_sleep)
    return delays


@pytest.fixture
def journal(tmp_path: Path) -> AnswerJournal:
    return AnswerJournal(tmp_path / "answers.sqlite3")


class IdempotentAnswers:
    """`POST /api/answers` storing one answer per idempotency key, like the server.

    `lose_responses` first calls store the answer but the response never arrives; the next
    `refuse_connections` calls fail before reaching the server.
    """

    def __init__(self, *, lose_responses: int = 0, refuse_connections: int = 0) -> None:
        self.lose_responses = lose_responses
        self.refuse_connections = refuse_connections
        self.stored: dict[str, dict[str, Any]] = {}
        self.keys_seen: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if self.refuse_connections:
            self.refuse_connections -= 1
            raise httpx.ConnectError("connection refused", request=request)
        key = request.headers["Idempotency-Key"]
        self.keys_seen.append(key)
        sent = request_json(request)["data"]
        if key not in self.stored:
            self.stored[key] = {
                "type": "answers",
                "id": str(1000 + len(self.stored)),
                "attributes": {"value": sent["attributes"]["value"], "result": "ok"},
                "relationships": sent["relationships"],
            }
        if self.lose_responses:
            self.lose_responses -= 1
            raise httpx.ReadError("connection reset by peer", request=request)
        return jsonapi({"data": self.stored[key]}, 201)


async def logged_in(fake: FakePix) -> PixClient:
    client = PixClient(BASE, transport=fake.transport)
    await client.login("eleve@example.net", "secret")
    return client


async def test_lost_response_is_retried_with_the_same_key_and_recorded_once(
    journal: AnswerJournal, sleeps: list[float]
) -> None:
    answers = IdempotentAnswers(lose_responses=1)
    fake = FakePix().token_endpoint().on("POST", "/api/answers", answers)
    retries: list[tuple[int, PixError]] = []
    async with await logged_in(fake) as client:
        answer = await send_answer(
            client,
            journal,
            assessment_id=12,
            challenge_id="recA",
            value="2",
            on_retry=lambda attempt, error: retries.append((attempt, error)),
        )
    assert answer.id == "1000" and answer.value == "2" and answer.challenge_id == "recA"
    assert len(answers.stored) == 1  # one answer server-side
    assert len(answers.keys_seen) == 2 and len(set(answers.keys_seen)) == 1
    [(attempt, error)] = retries
    assert attempt == 1 and isinstance(error, NetworkError)
    assert len(sleeps) == 1 and 0.75 <= sleeps[0] <= 1.0
    assert journal.pending(BASE, 42) == []
    assert journal.status(answers.keys_seen[0]) is JournalStatus.SENT


async def test_async_retry_callback_is_awaited(journal: AnswerJournal, sleeps: list[float]) -> None:
    answers = IdempotentAnswers(refuse_connections=2)
    fake = FakePix().token_endpoint().on("POST", "/api/answers", answers)
    told: list[int] = []

    async def on_retry(attempt: int, error: PixError) -> None:
        told.append(attempt)

    async with await logged_in(fake) as client:
        answer = await send_answer(
            client, journal, assessment_id="12", challenge_id="recA", value="1", on_retry=on_retry
        )
    assert told == [1, 2]
    assert sleeps[1] > sleeps[0]  # back-off grows
    assert answer.id == "1000"


async def test_when_every_try_fails_the_answer_stays_pending_then_flush_sends_it(
    journal: AnswerJournal, sleeps: list[float]
) -> None:
    answers = IdempotentAnswers(refuse_connections=3)
    fake = FakePix().token_endpoint().on("POST", "/api/answers", answers)
    async with await logged_in(fake) as client:
        with pytest.raises(NetworkError):
            await send_answer(
                client,
                journal,
                assessment_id="12",
                challenge_id="recA",
                value="#ABAND#",
                max_attempts=3,
            )
        [pending] = journal.pending(BASE, 42)
        assert (pending.challenge_id, pending.value) == ("recA", "#ABAND#")

        # The link is back (e.g. at the next start): the journal delivers it.
        report = await flush_pending(client, journal)

    assert [a.value for a in report.sent] == ["#ABAND#"]
    assert report.remaining == [] and report.rejected == [] and report.error is None
    assert answers.keys_seen == [pending.idempotency_key]
    assert journal.pending(BASE, 42) == []


async def test_flush_stops_at_the_first_network_failure(
    journal: AnswerJournal, sleeps: list[float]
) -> None:
    answers = IdempotentAnswers(refuse_connections=100)
    fake = FakePix().token_endpoint().on("POST", "/api/answers", answers)
    async with await logged_in(fake) as client:
        for challenge in ("recA", "recB"):
            with pytest.raises(NetworkError):
                await send_answer(
                    client,
                    journal,
                    assessment_id="12",
                    challenge_id=challenge,
                    value="1",
                    max_attempts=1,
                )
        sent_before = len(fake.sent("POST", "/api/answers"))
        report = await flush_pending(client, journal)

    assert report.sent == []
    assert [p.challenge_id for p in report.remaining] == ["recA", "recB"]
    assert isinstance(report.error, NetworkError)
    assert len(fake.sent("POST", "/api/answers")) == sent_before + 1  # tried once, then stopped
    assert len(journal.pending(BASE, 42)) == 2
    assert sleeps == []  # max_attempts=1 and flush never wait


async def test_expired_session_keeps_the_answer_pending(journal: AnswerJournal) -> None:
    expired = jsonapi({"errors": [{"status": "401", "title": "Unauthorized"}]}, 401)
    fake = FakePix().token_endpoint().on("POST", "/api/answers", expired)
    async with await logged_in(fake) as client:
        with pytest.raises(SessionExpiredError):
            await send_answer(client, journal, assessment_id="12", challenge_id="recA", value="1")
    [pending] = journal.pending(BASE, 42)
    assert pending.challenge_id == "recA"


async def test_a_broken_journal_does_not_stop_the_test(tmp_path: Path) -> None:
    blocker = tmp_path / "full-disk"
    blocker.write_text("not a folder")
    broken = AnswerJournal(blocker / "answers.sqlite3")
    answers = IdempotentAnswers()
    fake = FakePix().token_endpoint().on("POST", "/api/answers", answers)
    async with await logged_in(fake) as client:
        answer = await send_answer(
            client, broken, assessment_id="12", challenge_id="recA", value="1"
        )
    assert answer.value == "1"
    assert len(answers.stored) == 1
