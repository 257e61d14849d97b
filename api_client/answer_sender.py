"""Sending answers so that none is ever lost: journal first, then send, retry, confirm.

    answer = await send_answer(
        client, journal, assessment_id=a.id, challenge_id=c.id, value="2",
        on_retry=lambda attempt, error: show("Connexion perdue — nouvel essai…"),
    )

`send_answer` writes the answer to the `AnswerJournal` on disk, then POSTs it with the
journal's idempotency key, retrying network failures and unavailable servers with back-off
(the same key every time, so the server records it once), then marks it sent. If every try
fails the answer stays pending on disk; `flush_pending` sends it again later, e.g. at the
next start, before the learner resumes the test.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Final

from api_client import retry
from api_client.answer_journal import (
    AnswerJournal,
    AnswerJournalError,
    PendingAnswer,
    new_idempotency_key,
)
from api_client.client import PixClient
from api_client.errors import (
    AuthenticationError,
    ConflictError,
    NetworkError,
    NoSessionError,
    PixApiError,
    PixError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
)
from api_client.models.app import Answer
from api_client.retry import RetryPolicy
from api_client.spaces import Space

DEFAULT_MAX_ATTEMPTS: Final = 8
"""About a minute of trying with the default back-off before giving the error back."""

SEND_BACKOFF: Final = RetryPolicy(initial_delay=1.0, max_delay=10.0)

OnRetry = Callable[[int, PixError], Awaitable[None] | None]
"""Called before each new try with the number of the failed attempt (1, 2…) and its error."""

_log = logging.getLogger("api_client")


@dataclass
class FlushReport:
    """What `flush_pending` did with the journal's pending answers."""

    sent: list[Answer] = field(default_factory=list)
    rejected: list[tuple[PendingAnswer, PixApiError]] = field(default_factory=list)
    remaining: list[PendingAnswer] = field(default_factory=list)
    error: PixError | None = None
    """Why `remaining` could not be sent now (server unreachable, session expired…)."""


async def send_answer(
    client: PixClient,
    journal: AnswerJournal,
    *,
    assessment_id: str | int,
    challenge_id: str,
    value: str,
    timeout: int | None = None,
    focused_out: bool = False,
    on_retry: OnRetry | None = None,
    max_attempts: int | None = DEFAULT_MAX_ATTEMPTS,
    idempotency_key: str | None = None,
) -> Answer:
    """Journal an answer on disk, send it, and return the server's corrected answer.

    Network failures, 5xx and 429 are retried with back-off (`on_retry` is told before each
    new try) up to `max_attempts` tries (None: until cancelled); then the error is raised
    and the answer stays pending in the journal. A 409 means the server already has an
    answer to this question: that answer is returned. A refusal for good (403, 400 test
    ended…) marks the journal entry rejected and is raised. A 401 is raised with the answer
    kept pending: after logging in again, `flush_pending` sends it. A journal that cannot
    be written (full disk) is logged and the answer sent all the same.
    """
    session = client.session
    if session is None or not session.has(Space.APP):
        raise NoSessionError(Space.APP)
    pending = PendingAnswer(
        server_url=client.base_url,
        user_id=session.user_id,
        assessment_id=str(assessment_id),
        challenge_id=challenge_id,
        value=value,
        timeout=timeout,
        focused_out=focused_out,
        idempotency_key=idempotency_key or new_idempotency_key(),
    )
    try:
        pending = await asyncio.to_thread(journal.record, pending)
    except AnswerJournalError as exc:
        # A full disk must not stop the test: the answer is still sent and retried here,
        # only the protection against a crash of this process is lost.
        _log.warning("answer journal unavailable, sending without it: %s", exc)
    try:
        return await _deliver(client, journal, pending, on_retry, max_attempts)
    except _Rejected as refused:
        raise refused.error from None


async def flush_pending(client: PixClient, journal: AnswerJournal) -> FlushReport:
    """Send once, oldest first, the answers of this user on this server still pending.

    Call it after logging in and before resuming a test (an answer journalled before a
    crash is then delivered first). Stops at the first network/server/session failure,
    leaving the rest pending (`report.remaining`, `report.error`).
    """
    session = client.session
    if session is None or not session.has(Space.APP):
        raise NoSessionError(Space.APP)
    queue = await asyncio.to_thread(journal.pending, client.base_url, session.user_id)
    report = FlushReport()
    for position, pending in enumerate(queue):
        try:
            answer = await _deliver(client, journal, pending, None, 1)
        except _Rejected as refused:
            report.rejected.append((pending, refused.error))
        except PixError as exc:
            report.remaining = queue[position:]
            report.error = exc
            return report
        else:
            report.sent.append(answer)
    return report


class _Rejected(Exception):
    """The server refused an answer for good (already marked rejected in the journal)."""

    def __init__(self, error: PixApiError) -> None:
        super().__init__(str(error))
        self.error = error


async def _deliver(
    client: PixClient,
    journal: AnswerJournal,
    pending: PendingAnswer,
    on_retry: OnRetry | None,
    max_attempts: int | None,
) -> Answer:
    attempt = 0
    while True:
        attempt += 1
        try:
            # One send per attempt: the retries are ours, so `on_retry` sees each failure.
            answer = await client.app.answer(
                pending.assessment_id,
                pending.challenge_id,
                pending.value,
                timeout=pending.timeout,
                focused_out=pending.focused_out,
                idempotency_key=pending.idempotency_key,
                max_retries=0,
            )
        except (NetworkError, ServerError, RateLimitError) as exc:
            if max_attempts is not None and attempt >= max_attempts:
                raise
            _log.info("answer %s not sent (attempt %d): %s", pending.idempotency_key, attempt, exc)
            await _notify(on_retry, attempt, exc)
            await retry.sleep(_delay(attempt, exc))
            continue
        except ConflictError as exc:
            return await _already_answered(client, journal, pending, exc)
        except (AuthenticationError, UnexpectedResponseError):
            raise  # not refused: it may go through after a new login, or was stored
        except PixApiError as exc:
            await _note(journal.mark_rejected, pending.idempotency_key, _reason(exc))
            raise _Rejected(exc) from exc
        await _note(journal.mark_sent, pending.idempotency_key, answer.id)
        return answer


async def _already_answered(
    client: PixClient, journal: AnswerJournal, pending: PendingAnswer, conflict: ConflictError
) -> Answer:
    """409: either an earlier try did get through (keep that answer) or the question was
    not asked (the answer can never be recorded)."""
    existing = await client.app.answer_for(pending.assessment_id, pending.challenge_id)
    if existing is None:
        await _note(journal.mark_rejected, pending.idempotency_key, _reason(conflict))
        raise _Rejected(conflict)
    await _note(journal.mark_sent, pending.idempotency_key, existing.id)
    return existing


async def _note(mark: Callable[[str, str], None], idempotency_key: str, detail: str) -> None:
    """Update the journal; if it fails the entry stays pending and a later flush re-sends
    it with the same key, which the server answers with the stored answer."""
    try:
        await asyncio.to_thread(mark, idempotency_key, detail)
    except AnswerJournalError as exc:
        _log.warning("could not update the answer journal: %s", exc)


def _delay(attempt: int, error: PixError) -> float:
    hint = error.retry_after if isinstance(error, RateLimitError) else None
    delay = SEND_BACKOFF.delay(attempt - 1, hint)
    return SEND_BACKOFF.max_retry_after if delay is None else delay


async def _notify(on_retry: OnRetry | None, attempt: int, error: PixError) -> None:
    if on_retry is None:
        return
    outcome = on_retry(attempt, error)
    if inspect.isawaitable(outcome):
        await outcome


def _reason(error: PixApiError) -> str:
    return f"HTTP {error.status}: {error.detail or error.title or type(error).__name__}"
