"""No answer is lost when the server goes away in the middle of a test.

A real `pix-server serve` (uvicorn on 127.0.0.1, a copy of the demo database) is stopped
while the student answers; the screen says "Connexion perdue — nouvel essai…" and keeps the
answer; the server comes back on the same port and the answer arrives, once. At the end the
server holds exactly the answers given, none twice, and the journal has nothing pending.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pilot_support import AppFactory, text_of, visible, wait_until
from student_db import answers
from student_pilot import (
    RENTREE,
    answer_current,
    answer_value,
    content_challenge,
    continue_past,
    fill_answer,
    on_screen,
    start_rentree,
    student_home,
    user_id_of,
)

from api_client import AnswerJournal, PendingAnswer
from tui.screens.app.challenge import CONNECTION_LOST, ChallengeScreen
from tui.screens.app.checkpoint import CheckpointScreen
from tui.screens.app.local_state import JOURNAL_FILE_NAME
from tui.screens.app.results import ResultsScreen
from tui.widgets.answer_fields import AnswerFields

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServerProcess:
    """`python -m server serve` on one port, that a test can stop and start again."""

    def __init__(self, database_url: str, port: int) -> None:
        self.database_url = database_url
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "server", "serve", "--port", str(self.port),
             "--database-url", self.database_url],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                output = self.process.stdout.read() if self.process.stdout else ""
                raise AssertionError(f"pix-server exited: {output}")
            try:
                if httpx.get(f"{self.base_url}/", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise AssertionError("pix-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None and self.process.stdout is not None:
            self.process.stdout.close()
        self.process = None


@pytest.fixture
def server(demo_database_url: str) -> Iterator[ServerProcess]:
    process = ServerProcess(demo_database_url, _free_port())
    process.start()
    try:
        yield process
    finally:
        process.stop()


async def test_an_answer_sent_while_the_server_is_down_arrives_once(
    make_app: AppFactory, server: ServerProcess, demo_database_url: str, tmp_path: Path
) -> None:
    app = make_app(api_url=server.base_url)
    given: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await student_home(pilot)
        await start_rentree(pilot)
        for _ in range(2):
            given.append(await answer_current(pilot, right=True))
        assert isinstance(pilot.app.screen, ChallengeScreen)

        server.stop()
        screen = pilot.app.screen
        assert isinstance(screen, ChallengeScreen)
        fill_answer(screen, right=True)
        await pilot.pause()
        fields = screen.query_one(AnswerFields)
        typed = fields.value()
        screen.set_focus(None)
        await pilot.press("v")
        await wait_until(
            pilot, lambda: text_of(pilot, "#student-status") == CONNECTION_LOST, "the notice"
        )
        # The screen does not freeze and keeps the answer; the journal has it on disk.
        assert pilot.app.screen is screen
        assert fields.value() == typed
        journal = AnswerJournal(tmp_path / "state" / JOURNAL_FILE_NAME)
        pending = journal.pending(server.base_url, user_id_of(pilot))
        assert [(p.challenge_id, p.value) for p in pending] == [(screen.challenge.id, typed)]

        server.start()
        await wait_until(pilot, lambda: pilot.app.screen is not screen, "the answer to arrive")
        given.append(screen.challenge.id)

        # And on to the end.
        for _ in range(60):
            current = pilot.app.screen
            if isinstance(current, ResultsScreen):
                break
            if isinstance(current, CheckpointScreen):
                await continue_past(pilot, current)
                continue
            given.append(await answer_current(pilot, right=len(given) % 2 == 0))
        await on_screen(pilot, ResultsScreen, "the results")

        recorded = [challenge_id for challenge_id, _, _ in answers(demo_database_url, RENTREE)]
        assert recorded == given
        assert len(set(recorded)) == len(recorded)
        assert journal.pending(server.base_url, user_id_of(pilot)) == []


async def test_an_answer_left_in_the_journal_is_sent_at_the_next_login(
    make_app: AppFactory, demo_database_url: str, tmp_path: Path
) -> None:
    """pix-tui died after writing an answer down and before sending it: the next run sends
    it first, and the test goes on after that question."""
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await student_home(pilot)
        screen = await start_rentree(pilot)
        asked = screen.challenge.id
        assessment_id = screen.run.require_assessment().id
        user = user_id_of(pilot)
        server_url = first.launcher.base_url

    journal = AnswerJournal(tmp_path / "state" / JOURNAL_FILE_NAME)
    item = content_challenge(asked)
    journal.record(
        PendingAnswer(
            server_url=server_url,
            user_id=user,
            assessment_id=assessment_id,
            challenge_id=asked,
            value=answer_value(item, right=True),
        )
    )
    assert answers(demo_database_url, RENTREE) == []

    second = make_app()
    async with second.run_test(size=(80, 24)) as pilot:
        await student_home(pilot)
        await wait_until(pilot, lambda: visible(pilot, "#resume-banner"), "the banner")
        assert [(cid, result) for cid, result, _ in answers(demo_database_url, RENTREE)] == [
            (asked, "ok")
        ]
        assert journal.pending(server_url, user) == []
        await pilot.press("enter")  # Reprendre
        await on_screen(pilot, ChallengeScreen, "the next question")
        resumed = pilot.app.screen
        assert isinstance(resumed, ChallengeScreen)
        assert resumed.challenge.id != asked
        assert text_of(pilot, "#question-progress").startswith("Question 2 / 5")
