"""Sending what the teacher collects: a profile (PROFIL456, once), and results that can be
improved with "Je retente" on a campaign allowing several sendings."""

from __future__ import annotations

from pilot_support import AppFactory, text_of, visible, wait_until
from student_db import STUDENT, campaign_code, execute, participations, query
from student_pilot import (
    PROFILES,
    enter_code,
    finish_test,
    on_screen,
    student_home,
)
from textual.widgets import Input

from tui.screens.app import flow
from tui.screens.app.challenge import ChallengeScreen
from tui.screens.app.home import AppHomeScreen
from tui.screens.app.landing import LandingScreen
from tui.screens.app.results import ResultsScreen
from tui.screens.app.rules import RulesScreen
from tui.screens.app.send_profile import ONCE_WARNING, SENT, SendProfileScreen

MULTIPLE_SENDINGS = "Rédiger un document 4e"  # seeded with multiple sendings


async def test_a_profile_is_sent_once(make_app: AppFactory, demo_database_url: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await student_home(pilot)
        await enter_code(pilot, PROFILES)
        await on_screen(pilot, LandingScreen, "the landing page")
        assert text_of(pilot, "#landing-title") == "Envoi de votre profil Pix"
        # The campaign asks for an identifier; its label comes from the campaign.
        assert text_of(pilot, "#external-id-label") == "Numéro INE"
        assert pilot.app.focused is pilot.app.screen.query_one("#external-id", Input)
        await pilot.press("enter")
        await wait_until(pilot, lambda: visible(pilot, "#landing-error"), "the refusal")
        assert text_of(pilot, "#landing-error") == "Veuillez saisir votre Numéro INE."
        assert participations(demo_database_url, PROFILES) == []

        await pilot.press(*"0123456789A", "enter")
        await on_screen(pilot, SendProfileScreen, "the profile to send")
        # No question in a profiles collection: no rules of the game either.
        assert not any(isinstance(screen, RulesScreen) for screen in pilot.app.screen_stack)
        assert text_of(pilot, "#once-warning") == ONCE_WARNING
        assert "/ 1024" in text_of(pilot, "#profile-score")
        assert len(pilot.app.screen.query(".scorecard-row")) == 16

        await pilot.press("j")  # J'envoie mon profil
        await wait_until(pilot, lambda: visible(pilot, "#shared-box"), "the confirmation")
        assert text_of(pilot, "#shared-text") == SENT
        ((_, status, shared_at),) = participations(demo_database_url, PROFILES)
        assert status == "SHARED" and shared_at is not None
        assert query(
            demo_database_url,
            "SELECT participant_external_id FROM campaign_participations "
            "WHERE status = 'SHARED' AND shared_at = ?",
            shared_at,
        ) == [("0123456789A",)]

        await pilot.press("enter")  # Continuez votre expérience Pix
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, AppHomeScreen), "home")
        await enter_code(pilot, PROFILES)
        await wait_until(pilot, lambda: visible(pilot, "#code-error"), "the refusal")
        assert text_of(pilot, "#code-error") == flow.PROFILE_ALREADY_SHARED
        assert len(participations(demo_database_url, PROFILES)) == 1


async def test_je_retente_after_sending_on_a_multiple_sendings_campaign(
    make_app: AppFactory, demo_database_url: str
) -> None:
    code = campaign_code(demo_database_url, MULTIPLE_SENDINGS)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await student_home(pilot)
        await enter_code(pilot, code)
        await on_screen(pilot, LandingScreen, "the landing page")
        await pilot.press("enter")  # C'est parti !
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, RulesScreen), "the rules")
        await pilot.press("enter")  # Je commence
        await on_screen(pilot, ChallengeScreen, "the first question")
        await finish_test(pilot, right=False)
        results = pilot.app.screen
        assert isinstance(results, ResultsScreen)
        await wait_until(pilot, lambda: results.result is not None, "the results")
        await pilot.press("j")
        await wait_until(pilot, lambda: visible(pilot, "#shared-box"), "the confirmation")
        # Pix waits four days after sending before "Je retente".
        assert not visible(pilot, "#retry-box")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, AppHomeScreen), "home")

        # Five days later: the sending and what was learnt then move back in the database
        # (Pix re-asks what was failed more than four days before).
        five_days_earlier = "strftime('%Y-%m-%d %H:%M:%f', {}, '-5 days')"
        execute(
            demo_database_url,
            "UPDATE campaign_participations SET shared_at = "
            + five_days_earlier.format("shared_at")
            + " WHERE id = ?",
            participations(demo_database_url, code)[0][0],
        )
        execute(
            demo_database_url,
            "UPDATE knowledge_elements SET created_at = "
            + five_days_earlier.format("created_at")
            + " WHERE user_id = (SELECT id FROM users WHERE email = ?)",
            STUDENT,
        )
        await enter_code(pilot, code)
        await on_screen(pilot, ResultsScreen, "the results again")
        again = pilot.app.screen
        assert isinstance(again, ResultsScreen)
        await wait_until(pilot, lambda: again.result is not None, "the results")
        assert visible(pilot, "#retry-box")
        await pilot.press("r")  # Je retente
        await on_screen(pilot, ChallengeScreen, "a question asked again")
        assert [status for _, status, _ in participations(demo_database_url, code)] == [
            "SHARED",
            "STARTED",
        ]
        (improved,) = query(
            demo_database_url,
            "SELECT is_improved FROM campaign_participations WHERE id = ?",
            participations(demo_database_url, code)[0][0],
        )[0]
        assert improved


async def test_a_profile_sent_again_where_the_campaign_allows_it(
    make_app: AppFactory, demo_database_url: str
) -> None:
    code = campaign_code(demo_database_url, "Préparation à la certification Pix 3e")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await student_home(pilot)
        await enter_code(pilot, code)
        await on_screen(pilot, LandingScreen, "the landing page")
        assert text_of(pilot, "#external-id-label") == "Numéro d'élève"
        await pilot.press(*"42", "enter")
        await on_screen(pilot, SendProfileScreen, "the profile to send")
        # Several sendings allowed: no "only once" warning.
        assert not pilot.app.screen.query("#once-warning")
        await pilot.press("j")
        await wait_until(pilot, lambda: visible(pilot, "#shared-box"), "the confirmation")
        assert visible(pilot, "#send-again")

        first = pilot.app.screen
        await pilot.click("#send-again")
        await wait_until(
            pilot,
            lambda: (
                isinstance(pilot.app.screen, SendProfileScreen) and pilot.app.screen is not first
            ),
            "a new profile to send",
        )
        await on_screen(pilot, SendProfileScreen, "the profile")
        await wait_until(pilot, lambda: visible(pilot, "#share-box"), "the button")
        await pilot.press("j")
        await wait_until(pilot, lambda: visible(pilot, "#shared-box"), "the confirmation")
        assert [status for _, status, _ in participations(demo_database_url, code)] == [
            "SHARED",
            "SHARED",
        ]
