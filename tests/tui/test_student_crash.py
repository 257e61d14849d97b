"""The answer journal survives a crash of pix-tui itself (issue #9).

The real `pix-tui` runs in an 80×24 pseudo-terminal against a real `pix-server serve`. The
student logs in by typing, opens RENTRE123 and answers the first question while the server
is down: the answer is written to the journal on disk and cannot be delivered. pix-tui is
then killed (SIGKILL: no handler, no clean-up runs). The server comes back; pix-tui starts
again on the same folders, restores the session from its token file, sends the answer left
in the journal, once, and offers to resume the test at question 2.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from student_db import STUDENT, answers, query
from student_pilot import RENTREE
from test_student_outage import ServerProcess
from test_student_outage import server as server  # the fixture, used by name

from api_client import AnswerJournal, PendingAnswer
from api_client.answer_journal import JournalStatus
from api_client.token_store import TOKEN_FILE_NAME
from bench.pty_driver import PtyRun, ScreenTimeoutError
from bench.screen import Screen
from bench.tui_session import DOWN, ENTER, TAB, TYPING_GAP
from tui.launcher import DEMO_PASSWORD
from tui.screens.app.challenge import CONNECTION_LOST
from tui.screens.app.local_state import JOURNAL_FILE_NAME

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX processes only")

WAIT = 40.0
"""Seconds any one screen may take to come: generous, the machine may be busy."""
SPACE = " "


def _isolated_env(home: Path) -> dict[str, str]:
    """Every folder pix-tui writes to inside the test's own; tokens in the file store (the
    keyring would outlive the test, and has no backend here anyway)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PIX_")}
    env.update(
        HOME=str(home),
        XDG_STATE_HOME=str(home / "state"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        PIX_TUI_TOKEN_STORE="file",
    )
    return env


class PixTui:
    """One `pix-tui --api-url …` process in an 80×24 pseudo-terminal."""

    def __init__(self, api_url: str, home: Path) -> None:
        self.run = PtyRun(
            [sys.executable, "-m", "tui", "--api-url", api_url], env=_isolated_env(home)
        )

    def __enter__(self) -> PixTui:
        self.run.start()
        return self

    def __exit__(self, *_: object) -> None:
        if self.run.fd >= 0:  # not killed by the test: end it, whatever state it is in
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.run.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.run.pid, 0)
            os.close(self.run.fd)
            self.run.fd = -1

    @property
    def screen(self) -> Screen:
        return self.run.screen

    def wait_shown(self, text: str, timeout: float = WAIT) -> None:
        try:
            self.run.wait_shown(text, timeout)
        except ScreenTimeoutError as missing:
            raise AssertionError(f"{missing}; the screen:\n{missing.screen}") from None

    def body(self) -> str:
        """The screen between the header lines and the buttons: what a question shows."""
        return "\n".join(self.screen.text().splitlines()[2:-4])

    def send(self, keys: str) -> None:
        self.run.send(keys)
        self.run.settle(quiet=0.3)

    def type(self, text: str) -> None:
        """One key at a time, as a terminal sends a person's keystrokes."""
        for key in text:
            self.run.send(key)
            self.run.pump(TYPING_GAP)

    def poll(self, condition: Callable[[], bool], timeout: float) -> bool:
        """Whether `condition()` comes true within `timeout`, reading the terminal meanwhile
        (a program whose terminal is not read blocks on its next write)."""
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                return False
            self.run.pump(0.1)
        return True

    def kill(self) -> None:
        """SIGKILL: the process ends at once, as in a crash or an OOM kill."""
        os.kill(self.run.pid, signal.SIGKILL)
        _, status = os.waitpid(self.run.pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        os.close(self.run.fd)
        self.run.fd = -1


def _user_id(database_url: str) -> int:
    ((user_id,),) = query(database_url, "SELECT id FROM users WHERE email = ?", STUDENT)
    return int(user_id)


def _pending(journal: AnswerJournal, server: ServerProcess, user: int) -> list[PendingAnswer]:
    return journal.pending(server.base_url, user)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """The user's folders (state, config, data, cache), shared by both runs of pix-tui."""
    return tmp_path / "home"


def _log_in(tui: PixTui) -> None:
    tui.type(STUDENT)
    tui.wait_shown(STUDENT)
    tui.send(TAB)  # a binding: the password's keys cannot land in the e-mail field
    tui.type(DEMO_PASSWORD)
    tui.send(ENTER)


def _answer_anything(tui: PixTui, answered: Callable[[], bool]) -> None:
    """Answer the question on screen by keyboard, whatever its kind, until `answered()`.

    A text field has the focus ("Échap Sortir du champ" in the footer): "1" fits any field,
    number fields included, and Entrée goes to the next field, or validates in the last one.
    Otherwise options: ↓ and Espace pick one, `v` validates.
    """
    for _ in range(8):
        if tui.screen.contains("Sortir du champ"):
            tui.type("1")
            tui.send(ENTER)
        else:
            tui.send(DOWN)
            tui.send(SPACE)
            tui.send("v")
        if tui.poll(answered, timeout=3):
            return
    raise AssertionError(f"the question was never answered; the screen:\n{tui.screen.text()}")


def test_an_answer_journalled_before_a_crash_is_sent_once_at_the_next_start(
    server: ServerProcess, demo_database_url: str, home: Path
) -> None:
    journal = AnswerJournal(home / "state" / "pix-tui" / JOURNAL_FILE_NAME)
    user = _user_id(demo_database_url)
    token_file = home / "config" / "pix-tui" / TOKEN_FILE_NAME

    with PixTui(server.base_url, home) as tui:
        tui.wait_shown("Je me connecte")
        tui.run.settle(quiet=0.5)
        _log_in(tui)
        tui.wait_shown("J'ai un code")
        tui.run.settle(quiet=0.5)
        tui.type(RENTREE)
        tui.send(ENTER)
        tui.wait_shown("C'est parti !")
        tui.send(ENTER)
        tui.wait_shown("Je commence")
        tui.send(ENTER)
        tui.wait_shown("Question 1 / 5")
        tui.run.settle(quiet=0.5)
        first_question = tui.body()
        assert token_file.exists()  # the file store, not the keyring: the next run reads it

        server.stop()
        _answer_anything(tui, lambda: bool(_pending(journal, server, user)))
        tui.wait_shown(CONNECTION_LOST)
        (left,) = _pending(journal, server, user)
        assert answers(demo_database_url, RENTREE) == []
        tui.kill()  # with the answer on disk and nowhere else

    server.start()
    with PixTui(server.base_url, home) as tui:
        # The session comes back from the token file: no login form.
        tui.wait_shown("J'ai un code")
        tui.wait_shown("Vous n'avez pas terminé le parcours")
        assert tui.screen.contains("Reprendre")
        sent = answers(demo_database_url, RENTREE)
        assert [challenge_id for challenge_id, _, _ in sent] == [left.challenge_id]
        assert _pending(journal, server, user) == []
        assert journal.status(left.idempotency_key) is JournalStatus.SENT

        tui.run.settle(quiet=0.5)
        tui.send(ENTER)  # the "Reprendre" button has the focus
        tui.wait_shown("Question 2 / 5")
        tui.run.settle(quiet=0.5)
        assert not tui.screen.contains(CONNECTION_LOST)
        assert tui.body() != first_question
        # Resuming did not send the answer a second time.
        assert len(answers(demo_database_url, RENTREE)) == 1
