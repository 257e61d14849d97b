"""The student's screens as pictures show them: one scene per screen, shared by the snapshot
tests (tests/tui/test_student_snapshots.py) and scripts/screenshots.py.

Deterministic: the demo database is the same every time, the engine picks the same
questions for the same assessment, and the per-type question screens show fixed challenges
of the content (the test's own question replaced by one of the kind wanted). The countdown
reads a frozen clock (`tui.widgets.countdown.clock` is replaced; a test restores it).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from pilot_support import app_of, settle, visible, wait_until
from student_pilot import (
    PROFILES,
    RENTREE,
    answer_until_checkpoint,
    enter_code,
    on_screen,
    start_rentree,
    student_home,
    take_test_through_client,
)
from textual.pilot import Pilot

import tui.widgets.countdown as countdown_module
from tui.screens.app import flow
from tui.screens.app.challenge import ChallengeScreen
from tui.screens.app.checkpoint import CheckpointScreen
from tui.screens.app.correction import CorrectionScreen
from tui.screens.app.landing import LandingScreen
from tui.screens.app.profile import ProfileScreen
from tui.screens.app.results import ResultsScreen
from tui.screens.app.send_profile import SendProfileScreen
from tui.widgets.safe_markdown import SafeMarkdown

RunBefore = Callable[[Pilot[None]], Awaitable[None]]

# One challenge of the content per kind of question.
QCU = "recMotDePasse6b"  # long options that wrap
QCM = "recMotDePasse2a"
QROC = "recOrganiserFichiers3a"
QROCM = "recEvaluerSource2b"
TIMED = "recFormulesTableur2a"  # 45 seconds


async def _landing(pilot: Pilot[None]) -> None:
    await student_home(pilot)
    await enter_code(pilot, RENTREE)
    await on_screen(pilot, LandingScreen, "the landing page")
    await settle(pilot)


async def _question(pilot: Pilot[None], challenge_id: str) -> ChallengeScreen:
    await student_home(pilot)
    screen = await start_rentree(pilot)
    client = app_of(pilot).client
    assert client is not None
    challenge = await client.app.challenge(challenge_id)
    assessment = screen.run.require_assessment().model_copy(update={"next_challenge": challenge})
    shown = ChallengeScreen(flow.Question(screen.run.with_assessment(assessment)))
    await pilot.app.switch_screen(shown)
    await wait_until(pilot, lambda: pilot.app.screen is shown, "the question")
    return shown


def question(challenge_id: str, *keys: str) -> RunBefore:
    async def run_before(pilot: Pilot[None]) -> None:
        await _question(pilot, challenge_id)
        if keys:
            await pilot.press(*keys)
        await settle(pilot)

    return run_before


async def _timed(pilot: Pilot[None]) -> None:
    await _question(pilot, TIMED)
    countdown_module.clock = lambda: 5000.0
    await pilot.press("enter")  # Commencer l'épreuve
    await wait_until(pilot, lambda: visible(pilot, "#challenge-body"), "the question")
    countdown_module.clock = lambda: 5000.0 + 12  # 12 seconds later: 0:33 left
    await wait_until(
        pilot, lambda: "0:33" in str(pilot.app.screen.query_one("#countdown").render()), "0:33"
    )
    await pilot.press("down", "enter")  # the second option chosen
    await settle(pilot)


async def _checkpoint(pilot: Pilot[None]) -> None:
    await student_home(pilot)
    await start_rentree(pilot)
    await answer_until_checkpoint(pilot, "rwrwp")
    screen = pilot.app.screen
    assert isinstance(screen, CheckpointScreen)
    await wait_until(pilot, lambda: screen.view is not None, "the checkpoint")
    await settle(pilot)


async def _correction(pilot: Pilot[None]) -> None:
    await _checkpoint(pilot)
    await pilot.press("down", "enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CorrectionScreen), "it")
    await wait_until(
        pilot,
        lambda: bool(pilot.app.screen.query_one("#correction-solution", SafeMarkdown).source),
        "the correction",
    )
    await settle(pilot)


async def _results(pilot: Pilot[None]) -> None:
    await student_home(pilot)
    await take_test_through_client(pilot, RENTREE, "rrw")
    await enter_code(pilot, RENTREE)
    await on_screen(pilot, ResultsScreen, "the results")
    screen = pilot.app.screen
    assert isinstance(screen, ResultsScreen)
    await wait_until(pilot, lambda: screen.result is not None, "the results")
    await settle(pilot)


async def _profile(pilot: Pilot[None]) -> None:
    await _results(pilot)
    await pilot.press("q", "escape", "m")
    await on_screen(pilot, ProfileScreen, "the profile")
    screen = pilot.app.screen
    assert isinstance(screen, ProfileScreen)
    await wait_until(pilot, lambda: screen.view is not None, "the profile")
    await settle(pilot)


async def _send_profile(pilot: Pilot[None]) -> None:
    await student_home(pilot)
    await enter_code(pilot, PROFILES)
    await on_screen(pilot, LandingScreen, "the landing page")
    await pilot.press(*"0123456789A", "enter")
    await on_screen(pilot, SendProfileScreen, "the profile to send")
    screen = pilot.app.screen
    assert isinstance(screen, SendProfileScreen)
    await wait_until(pilot, lambda: screen.profile is not None, "the profile")
    await settle(pilot)


SCREENS: dict[str, RunBefore] = {
    "landing": _landing,
    "qcu": question(QCU, "down", "space"),
    "qcm": question(QCM, "space", "down", "space"),
    "qroc": question(QROC, *"C:\\Documents"),
    "qrocm": question(QROCM, *"04/02/2024", "enter"),
    "timed": _timed,
    "timed_warning": question(TIMED),
    "checkpoint": _checkpoint,
    "correction": _correction,
    "results": _results,
    "profile": _profile,
    "send_profile": _send_profile,
}
