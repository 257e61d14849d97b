"""A durable journal of answers, so that no answer is ever lost.

An answer is written here, and on disk, *before* it is sent; it is marked sent once the
server has it. If the terminal, the SSH link or the process dies in between, the next run
finds it in `pending()` and sends it again with the same idempotency key (the server then
returns the answer it already stored instead of recording a second one).

Why SQLite (the stdlib `sqlite3`) rather than an fsync'd JSON-lines file: marking an answer
sent is an in-place update, which a line file can only do by appending tombstones and
compacting later; SQLite gives atomic, durable transactions (`synchronous=FULL`) and its
own file locking, so two pix-tui processes of the same user (two SSH sessions) can record,
read and mark answers at the same time without a lock file of ours. A transaction cut by a
crash is rolled back on the next open: a row is either fully there or absent.

Each call opens its own short connection: the journal is safe to use from any thread, and
the async code calls it through `asyncio.to_thread`.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Final

from platformdirs import user_state_dir

from api_client.token_store import APP_NAME

JOURNAL_FILE_NAME: Final = "answers.sqlite3"
SCHEMA_VERSION: Final = 1
SENT_RETENTION: Final = timedelta(days=30)
"""Sent answers are kept this long (to investigate a report), then pruned."""
BUSY_TIMEOUT_SECONDS: Final = 10.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    idempotency_key TEXT PRIMARY KEY,
    server_url      TEXT NOT NULL,
    user_id         INTEGER NOT NULL,
    assessment_id   TEXT NOT NULL,
    challenge_id    TEXT NOT NULL,
    value           TEXT NOT NULL,
    timeout         INTEGER,
    focused_out     INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',
    answer_id       TEXT,
    error           TEXT,
    updated_at      TEXT
);
CREATE INDEX IF NOT EXISTS answers_pending ON answers (server_url, user_id, status, created_at);
"""

_COLUMNS = (
    "server_url, user_id, assessment_id, challenge_id, value, timeout, focused_out, "
    "idempotency_key, created_at"
)


class JournalStatus(StrEnum):
    """Where an answer of the journal stands."""

    PENDING = "pending"
    SENT = "sent"
    REJECTED = "rejected"
    """The server refused it for good (e.g. the test ended): kept, never re-sent."""


def default_journal_path() -> Path:
    """The journal of this user on this machine (platformdirs user state dir)."""
    return Path(user_state_dir(APP_NAME)) / JOURNAL_FILE_NAME


def new_idempotency_key() -> str:
    """A fresh key for one answer (random UUID: unique across machines and processes)."""
    return str(uuid.uuid4())


def _now() -> datetime:
    return datetime.now(UTC)


def _timestamp(moment: datetime) -> str:
    # One fixed width in UTC, so that text order is time order in SQL.
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True, slots=True)
class PendingAnswer:
    """One answer as journalled: where it goes, what it says, and its idempotency key."""

    server_url: str
    user_id: int
    assessment_id: str
    challenge_id: str
    value: str
    timeout: int | None = None
    focused_out: bool = False
    idempotency_key: str = field(default_factory=new_idempotency_key)
    created_at: datetime = field(default_factory=_now)


class AnswerJournalError(Exception):
    """The journal file cannot be opened or written (disk full, permissions…)."""


class AnswerJournal:
    """The on-disk journal of answers (one SQLite file, shared by all processes of a user)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_journal_path()
        self._ready = False

    def record(self, answer: PendingAnswer) -> PendingAnswer:
        """Write `answer` durably as pending and return it; call before sending it.

        Recording the same idempotency key twice keeps the first record and returns it.
        """
        with self._transaction() as db:
            db.execute(
                f"INSERT OR IGNORE INTO answers ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    answer.server_url,
                    answer.user_id,
                    answer.assessment_id,
                    answer.challenge_id,
                    answer.value,
                    answer.timeout,
                    int(answer.focused_out),
                    answer.idempotency_key,
                    _timestamp(answer.created_at),
                ),
            )
            db.execute(
                "DELETE FROM answers WHERE status = ? AND updated_at < ?",
                (JournalStatus.SENT.value, _timestamp(_now() - SENT_RETENTION)),
            )
            row = db.execute(
                f"SELECT {_COLUMNS} FROM answers WHERE idempotency_key = ?",
                (answer.idempotency_key,),
            ).fetchone()
        return _pending_from_row(row)

    def pending(self, server_url: str, user_id: int) -> list[PendingAnswer]:
        """The answers of this user on this server not yet known to the server, oldest first."""
        with self._transaction() as db:
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM answers "
                "WHERE server_url = ? AND user_id = ? AND status = ? "
                "ORDER BY created_at, rowid",
                (server_url, user_id, JournalStatus.PENDING.value),
            ).fetchall()
        return [_pending_from_row(row) for row in rows]

    def mark_sent(self, idempotency_key: str, answer_id: str | None = None) -> None:
        """Note that the server has this answer (`answer_id` is its id there, if known)."""
        self._set_status(idempotency_key, JournalStatus.SENT, answer_id=answer_id)

    def mark_rejected(self, idempotency_key: str, reason: str) -> None:
        """Note that the server refused this answer for good: it is no longer pending."""
        self._set_status(idempotency_key, JournalStatus.REJECTED, error=reason)

    def status(self, idempotency_key: str) -> JournalStatus | None:
        """Where an answer stands, None if it was never recorded (or has been pruned)."""
        with self._transaction() as db:
            row = db.execute(
                "SELECT status FROM answers WHERE idempotency_key = ?", (idempotency_key,)
            ).fetchone()
        return JournalStatus(row[0]) if row is not None else None

    def _set_status(
        self,
        idempotency_key: str,
        status: JournalStatus,
        *,
        answer_id: str | None = None,
        error: str | None = None,
    ) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE answers SET status = ?, answer_id = COALESCE(?, answer_id), "
                "error = ?, updated_at = ? WHERE idempotency_key = ?",
                (status.value, answer_id, error, _timestamp(_now()), idempotency_key),
            )

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One connection, one immediate (write-locked) transaction, committed on exit."""
        try:
            db = self._connect()
        except (sqlite3.Error, OSError) as exc:
            raise AnswerJournalError(f"cannot open the answer journal {self.path}: {exc}") from exc
        try:
            db.execute("BEGIN IMMEDIATE")
            yield db
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            db.rollback()
            raise AnswerJournalError(f"answer journal {self.path}: {exc}") from exc
        except BaseException:
            db.rollback()
            raise
        finally:
            db.close()

    def _connect(self) -> sqlite3.Connection:
        if not self._ready:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # isolation_level=None: transactions are the explicit BEGIN/COMMIT above.
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            # WAL lets readers and one writer work at once; FULL syncs the WAL on every
            # commit, so a recorded answer survives a power cut, not only a crash.
            _use_wal(db)
            db.execute("PRAGMA synchronous=FULL")
            if not self._ready:
                self._migrate(db)
                self._ready = True
        except BaseException:
            db.close()
            raise
        return db

    def _migrate(self, db: sqlite3.Connection) -> None:
        db.execute("BEGIN IMMEDIATE")
        try:
            (version,) = db.execute("PRAGMA user_version").fetchone()
            if version > SCHEMA_VERSION:
                raise sqlite3.DatabaseError(
                    f"journal schema {version} is newer than this pix-tui ({SCHEMA_VERSION})"
                )
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.rollback()
            raise
        with contextlib.suppress(OSError):
            self.path.chmod(0o600)  # answers are personal data


def _pending_from_row(row: tuple[object, ...]) -> PendingAnswer:
    (
        server_url,
        user_id,
        assessment_id,
        challenge_id,
        value,
        timeout,
        focused_out,
        key,
        created_at,
    ) = row
    return PendingAnswer(
        server_url=str(server_url),
        user_id=int(str(user_id)),
        assessment_id=str(assessment_id),
        challenge_id=str(challenge_id),
        value=str(value),
        timeout=None if timeout is None else int(str(timeout)),
        focused_out=bool(focused_out),
        idempotency_key=str(key),
        created_at=datetime.fromisoformat(str(created_at)),
    )


def _use_wal(db: sqlite3.Connection) -> None:
    """Switch the file to WAL (it stays so). Two processes opening a new journal together race
    for that switch, and SQLite answers "locked" at once there instead of waiting: retried."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
