"""What the student is told at the code and at a question: unknown or archived codes, a
QROCM with an empty field, a timed question whose time runs out."""

from __future__ import annotations

import pytest
from pilot_support import AppFactory, app_of, text_of, visible, wait_until
from student_db import answers, execute, query
from student_pilot import (
    ARCHIVED,
    RENTREE,
    answer_current,
    continue_past,
    enter_code,
    fill_answer,
    start_rentree,
    student_home,
)
from textual.pilot import Pilot
from textual.widgets import Input

import tui.widgets.countdown as countdown_module
from tui.screens.app import flow
from tui.screens.app.challenge import TIME_UP, ChallengeScreen
from tui.screens.app.checkpoint import CheckpointScreen
from tui.screens.app.home import AppHomeScreen
from tui.widgets.answer_fields import QROCM_MISSING, FreeTextFields


async def test_an_unknown_code_is_refused_at_the_field(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await student_home(pilot)
        await enter_code(pilot, "ZZZZZ9999")
        await wait_until(pilot, lambda: visible(pilot, "#code-error"), "the refusal")
        assert text_of(pilot, "#code-error") == flow.UNKNOWN_CODE
        assert text_of(pilot, "#code-error") == (
            "Votre code est erroné, veuillez vérifier ou contacter l'organisateur."
        )
        # The student corrects it in place: the code is still there, the field focused.
        field = pilot.app.screen.query_one("#campaign-code", Input)
        assert field.value == "ZZZZZ9999"
        assert pilot.app.focused is field


async def test_an_archived_campaign_cannot_be_joined(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await student_home(pilot)
        await enter_code(pilot, ARCHIVED.lower())
        await wait_until(pilot, lambda: visible(pilot, "#code-error"), "the refusal")
        assert text_of(pilot, "#code-error") == flow.ARCHIVED


async def test_a_campaign_archived_mid_test_sends_the_student_home_with_the_reason(
    make_app: AppFactory, demo_database_url: str
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await student_home(pilot)
        screen = await start_rentree(pilot)
        execute(
            demo_database_url,
            "UPDATE campaigns SET archived_at = '2025-09-20 10:00:00.000000' WHERE code = ?",
            RENTREE,
        )
        fill_answer(screen, right=True)
        screen.set_focus(None)
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, AppHomeScreen), "home")
        shown = [str(notification.message) for notification in pilot.app._notifications]
        assert any("archivé par son organisateur" in text for text in shown), shown
        # The server kept no answer for it, and the student is not asked again.
        assert answers(demo_database_url, RENTREE) == []


async def qrocm_screen(pilot: Pilot[None], challenge_id: str) -> ChallengeScreen:
    """A QROCM of the content shown in the student's test (layout and checks are local)."""
    screen = await start_rentree(pilot)
    client = app_of(pilot).client
    assert client is not None
    challenge = await client.app.challenge(challenge_id)
    assessment = screen.run.require_assessment().model_copy(update={"next_challenge": challenge})
    shown = ChallengeScreen(flow.Question(screen.run.with_assessment(assessment)))
    await pilot.app.switch_screen(shown)
    await wait_until(pilot, lambda: pilot.app.screen is shown, "the QROCM")
    return shown


async def test_a_qrocm_with_an_empty_field_is_not_sent(
    make_app: AppFactory, demo_database_url: str
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await student_home(pilot)
        screen = await qrocm_screen(pilot, "recEvaluerSource2b")
        fields = screen.query_one(FreeTextFields)
        inputs = list(fields.query(Input))
        assert len(inputs) == 3
        # The labels around the fields are on screen, as written in the proposals.
        labels = [str(label.render()) for label in fields.query(".proposal-text")]
        assert "Date de la dernière mise à jour :" in labels
        assert inputs[0].placeholder == "JJ/MM/AAAA"

        # Two fields filled by typing, Entrée in each; the third is left empty.
        inputs[0].focus()
        await pilot.press(*"04/02/2024", "enter", *"Martin", "enter", "enter")
        await wait_until(pilot, lambda: visible(pilot, "#student-status"), "the refusal")
        assert text_of(pilot, "#student-status") == QROCM_MISSING
        assert not screen._sending
        # Nothing was sent, what was typed is kept, the cursor is in the empty field.
        assert answers(demo_database_url, RENTREE) == []
        assert [field.value for field in inputs] == ["04/02/2024", "Martin", ""]
        assert pilot.app.focused is inputs[2]
        # `v` outside the fields says the same.
        await pilot.press("escape", "v")
        assert text_of(pilot, "#student-status") == QROCM_MISSING
        assert answers(demo_database_url, RENTREE) == []


async def test_a_timed_question_counts_down_and_times_out(
    make_app: AppFactory, demo_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await student_home(pilot)
        await start_rentree(pilot)
        # Answer right until the engine asks a timed question (the demo content has some).
        for _ in range(30):
            screen = pilot.app.screen
            if isinstance(screen, CheckpointScreen):
                await continue_past(pilot, screen)
                continue
            assert isinstance(screen, ChallengeScreen)
            if screen.challenge.is_timed:
                break
            await answer_current(pilot, right=True)
        timed = pilot.app.screen
        assert isinstance(timed, ChallengeScreen) and timed.challenge.timer is not None
        seconds = timed.challenge.timer

        # First the warning; the question is hidden and the clock does not run yet.
        assert visible(pilot, "#timed-warning")
        assert not visible(pilot, "#challenge-body")
        assert text_of(pilot, "#timed-warning-text") == (
            f"Vous disposerez de {seconds} secondes pour réussir la question suivante."
        )
        assert text_of(pilot, "#countdown") == f"Temps restant : 0:{seconds:02d}"

        now = [1000.0]
        monkeypatch.setattr(countdown_module, "clock", lambda: now[0])
        await pilot.press("enter")  # Commencer l'épreuve
        await wait_until(pilot, lambda: visible(pilot, "#challenge-body"), "the question")
        now[0] += 10
        await wait_until(
            pilot,
            lambda: text_of(pilot, "#countdown") == f"Temps restant : 0:{seconds - 10:02d}",
            "the countdown",
        )
        now[0] += seconds
        await wait_until(pilot, lambda: text_of(pilot, "#countdown") == "Temps écoulé", "0")
        assert text_of(pilot, "#student-status") == TIME_UP
        await wait_until(
            pilot,
            lambda: (
                query(
                    demo_database_url,
                    "SELECT last_question_state FROM assessments ORDER BY id DESC LIMIT 1",
                )[0][0]
                == "timeout"
            ),
            "the server to know the time ran out",
        )

        # The right answer, too late: sent with a negative timeout, counted as timed out.
        fill_answer(timed, right=True)
        timed.set_focus(None)
        await pilot.press("v")
        await wait_until(pilot, lambda: pilot.app.screen is not timed, "the next step")
        challenge_id, result, timeout = answers(demo_database_url, RENTREE)[-1]
        assert challenge_id == timed.challenge.id
        assert (result, timeout) == ("timedout", -1)
