"""The answer journal keeps every answer on disk until the server has it, across crashes and
between processes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from api_client.answer_journal import (
    AnswerJournal,
    AnswerJournalError,
    JournalStatus,
    PendingAnswer,
    default_journal_path,
)

SERVER = "https://app.pix.fr"
ROOT = Path(__file__).resolve().parents[2]


def answer(challenge: str = "recA", *, user_id: int = 7, server: str = SERVER) -> PendingAnswer:
    return PendingAnswer(
        server_url=server,
        user_id=user_id,
        assessment_id="12",
        challenge_id=challenge,
        value='nom: "Dupont"\n',
        timeout=-1,
        focused_out=True,
    )


def test_recorded_answer_is_pending_with_every_field(tmp_path: Path) -> None:
    journal = AnswerJournal(tmp_path / "answers.sqlite3")
    recorded = journal.record(answer())
    [pending] = journal.pending(SERVER, 7)
    assert pending == recorded
    assert pending.value == 'nom: "Dupont"\n'
    assert (pending.timeout, pending.focused_out) == (-1, True)
    assert pending.created_at.tzinfo is not None
    assert journal.status(recorded.idempotency_key) is JournalStatus.PENDING


def test_pending_is_per_server_and_user_oldest_first(tmp_path: Path) -> None:
    journal = AnswerJournal(tmp_path / "j.sqlite3")
    start = datetime(2024, 9, 2, 8, 0, tzinfo=UTC)
    second = journal.record(
        PendingAnswer(SERVER, 7, "12", "recB", "2", created_at=start + timedelta(seconds=5))
    )
    first = journal.record(PendingAnswer(SERVER, 7, "12", "recA", "1", created_at=start))
    journal.record(answer("recC", user_id=8))
    journal.record(answer("recD", server="http://localhost:8000"))
    assert journal.pending(SERVER, 7) == [first, second]


def test_recording_the_same_key_twice_keeps_one_answer(tmp_path: Path) -> None:
    journal = AnswerJournal(tmp_path / "j.sqlite3")
    original = journal.record(answer())
    again = journal.record(
        PendingAnswer(SERVER, 7, "12", "recA", "autre", idempotency_key=original.idempotency_key)
    )
    assert again == original
    assert len(journal.pending(SERVER, 7)) == 1


def test_sent_and_rejected_answers_are_no_longer_pending(tmp_path: Path) -> None:
    journal = AnswerJournal(tmp_path / "j.sqlite3")
    sent = journal.record(answer("recA"))
    refused = journal.record(answer("recB"))
    kept = journal.record(answer("recC"))
    journal.mark_sent(sent.idempotency_key, "901")
    journal.mark_rejected(refused.idempotency_key, "HTTP 400: assessment ended")
    assert journal.pending(SERVER, 7) == [kept]
    assert journal.status(sent.idempotency_key) is JournalStatus.SENT
    assert journal.status(refused.idempotency_key) is JournalStatus.REJECTED
    assert journal.status("never-recorded") is None


def test_a_new_journal_on_the_same_file_sees_what_was_recorded(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    recorded = AnswerJournal(path).record(answer())
    reopened = AnswerJournal(path)
    assert reopened.pending(SERVER, 7) == [recorded]
    reopened.mark_sent(recorded.idempotency_key)
    assert AnswerJournal(path).pending(SERVER, 7) == []


def test_answer_survives_a_process_killed_right_after_recording(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    # The child records, then dies at once: no clean shutdown, no close, no atexit.
    script = textwrap.dedent(
        f"""
        import os
        from pathlib import Path
        from api_client.answer_journal import AnswerJournal, PendingAnswer
        journal = AnswerJournal(Path({str(path)!r}))
        recorded = journal.record(PendingAnswer({SERVER!r}, 7, "12", "recCrash", "2"))
        print(recorded.idempotency_key, flush=True)
        os._exit(9)
        """
    )
    child = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert child.returncode == 9, child.stderr
    key = child.stdout.strip()
    [pending] = AnswerJournal(path).pending(SERVER, 7)
    assert (pending.idempotency_key, pending.challenge_id, pending.value) == (key, "recCrash", "2")


def _record_many(path: str, user_id: int, count: int) -> list[str]:
    journal = AnswerJournal(Path(path))
    keys = []
    for n in range(count):
        keys.append(journal.record(answer(f"rec{user_id}-{n}", user_id=user_id)).idempotency_key)
    return keys


def test_two_processes_record_at_the_same_time(tmp_path: Path) -> None:
    path = str(tmp_path / "j.sqlite3")
    with ProcessPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(_record_many, path, user_id, 40) for user_id in (1, 2)]
        keys = [future.result(timeout=60) for future in futures]
    journal = AnswerJournal(Path(path))
    for user_id, user_keys in zip((1, 2), keys, strict=True):
        assert [p.idempotency_key for p in journal.pending(SERVER, user_id)] == user_keys


def test_two_instances_mark_sent_concurrently(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    keys = _record_many(str(path), 3, 30)
    writers = [AnswerJournal(path), AnswerJournal(path)]

    def mark(journal: AnswerJournal, share: list[str]) -> None:
        for key in share:
            journal.mark_sent(key)

    threads = [
        threading.Thread(target=mark, args=(writers[0], keys[0::2])),
        threading.Thread(target=mark, args=(writers[1], keys[1::2])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert AnswerJournal(path).pending(SERVER, 3) == []
    assert all(writers[0].status(key) is JournalStatus.SENT for key in keys)


def test_unwritable_place_is_a_journal_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(AnswerJournalError):
        AnswerJournal(blocker / "j.sqlite3").record(answer())


def test_journal_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "state" / "j.sqlite3"
    AnswerJournal(path).record(answer())
    assert path.stat().st_mode & 0o077 == 0


def test_default_path_is_in_the_user_state_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert default_journal_path() == tmp_path / "state" / "pix-tui" / "answers.sqlite3"
