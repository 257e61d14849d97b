"""A student takes RENTRE123 from start to end through the screens, against the real server.

Join, answer some questions right and some wrong (the answers come from the content), read
the checkpoint and a correction, quit, resume at the same question in a new pix-tui, finish,
read the results, send them; the campaign then refuses a second go.
"""

from __future__ import annotations

from pilot_support import AppFactory, app_of, text_of, visible, wait_until
from student_db import answers, participations
from student_pilot import (
    RENTREE,
    WRONG_TEXT,
    answer_current,
    answer_until_checkpoint,
    content_challenge,
    enter_code,
    finish_test,
    on_screen,
    start_rentree,
    student_home,
)
from textual.pilot import Pilot
from textual.widgets import OptionList

from tui.screens.app import flow
from tui.screens.app.challenge import ChallengeScreen
from tui.screens.app.checkpoint import CheckpointScreen
from tui.screens.app.correction import CorrectionScreen
from tui.screens.app.home import AppHomeScreen
from tui.screens.app.results import SHARED, ResultsScreen
from tui.widgets.safe_markdown import SafeMarkdown


def option_texts(pilot: Pilot[None], selector: str) -> list[str]:
    options = pilot.app.screen.query_one(selector, OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_a_whole_campaign_through_the_screens(
    make_app: AppFactory, demo_database_url: str
) -> None:
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await student_home(pilot)
        await start_rentree(pilot)
        # Right, wrong, right, wrong, "Je passe": the checkpoint comes after the fifth.
        answered = await answer_until_checkpoint(pilot, "rwrwp")
        assert len(answered) == 5
        checkpoint = pilot.app.screen
        assert isinstance(checkpoint, CheckpointScreen)
        await wait_until(pilot, lambda: checkpoint.view is not None, "the checkpoint answers")
        client = app_of(pilot).client
        assert client is not None
        progression = await client.app.progression(checkpoint.run.require_assessment().id)
        assert text_of(pilot, "#checkpoint-progress").endswith(
            f" {progression.percentage} % d'avancement"
        )
        lines = option_texts(pilot, "#checkpoint-answers")
        assert [line.split("\n")[1].split(" · ")[0].strip() for line in lines] == [
            "Réponse correcte",
            "Réponse incorrecte",
            "Réponse correcte",
            "Réponse incorrecte",
            "Question passée",
        ]
        assert [line[0] for line in lines] == ["✓", "✗", "✓", "✗", "✗"]
        assert all("Réponses et tutoriels" in line for line in lines)
        # The server recorded exactly these five, with these verdicts.
        assert [(cid, result) for cid, result, _ in answers(demo_database_url, RENTREE)] == list(
            zip(answered, ["ok", "ko", "ok", "ko", "aband"], strict=True)
        )

        # "Réponses et tutoriels" of the wrong second answer.
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, CorrectionScreen), "it")
        correction = pilot.app.screen
        assert isinstance(correction, CorrectionScreen)
        await wait_until(
            pilot,
            lambda: (
                "Réponse attendue"
                in correction.query_one("#correction-solution", SafeMarkdown).source
            ),
            "the correction",
        )
        assert text_of(pilot, "#correction-verdict") == "✗ Vous n'avez pas la bonne réponse"
        # What the student answered, in words: the option chosen, or the text typed.
        item = content_challenge(answered[1])
        shown = text_of(pilot, "#correction-answer")
        assert shown in item.options or WRONG_TEXT in shown
        explanation_start = item.explanation.strip().split("\n")[0][:20]
        assert explanation_start.replace("**", "") in correction.query_one(
            "#correction-explanation", SafeMarkdown
        ).source.replace("**", "")
        tutorials = option_texts(pilot, "#correction-tutorials")
        assert tutorials, "a failed question lists tutorials"
        assert all("par " in text and "https://" in text for text in tutorials)
        assert any(" min" in text for text in tutorials)
        await pilot.press("escape")
        await pilot.press("c")  # Continuer mon parcours
        await on_screen(pilot, ChallengeScreen, "the sixth question")
        sixth = pilot.app.screen
        assert isinstance(sixth, ChallengeScreen)
        assert text_of(pilot, "#question-progress").startswith("Question 1 / 5")
        asked = sixth.challenge.id

        # Quitter: back home, where the banner offers to resume.
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, AppHomeScreen), "home")
        await wait_until(pilot, lambda: visible(pilot, "#resume-banner"), "the banner")
        assert text_of(pilot, "#resume-text") == (
            "Vous n'avez pas terminé le parcours « Bienvenue en 5e »."
        )

    # Another day, another pix-tui on the same machine: the same question is asked again.
    second = make_app()
    async with second.run_test(size=(80, 24)) as pilot:
        await student_home(pilot)
        await wait_until(pilot, lambda: visible(pilot, "#resume-banner"), "the banner")
        await pilot.press("enter")  # Reprendre has the focus
        await on_screen(pilot, ChallengeScreen, "the resumed question")
        resumed = pilot.app.screen
        assert isinstance(resumed, ChallengeScreen)
        assert resumed.challenge.id == asked
        assert len(answers(demo_database_url, RENTREE)) == 5

        await finish_test(pilot, right=True)
        results = pilot.app.screen
        assert isinstance(results, ResultsScreen)
        await wait_until(pilot, lambda: results.result is not None, "the results")
        client = app_of(pilot).client
        assert client is not None
        campaign = await client.app.campaign_by_code(RENTREE)
        expected = await client.app.assessment_result(campaign.id)
        assert text_of(pilot, "#mastery") == (
            f"Vous maîtrisez {expected.mastery_percentage} % des compétences testées."
        )
        rows = results.query(".competence-row")
        assert len(rows) == len(expected.competence_results) > 1
        bar = str(rows.first().query_one(".competence-bar").render())
        assert "█" in bar or "░" in bar
        assert bar.strip().endswith("%")
        assert visible(pilot, "#share-box")
        assert participations(demo_database_url, RENTREE)[0][1] != "SHARED"

        await pilot.press("j")  # J'envoie mes résultats
        await wait_until(pilot, lambda: visible(pilot, "#shared-box"), "the confirmation")
        assert text_of(pilot, "#shared-text") == SHARED
        assert not visible(pilot, "#share-box")
        assert participations(demo_database_url, RENTREE)[0][1] == "SHARED"
        # No multiple sendings on RENTRE123: no "Je retente".
        assert not visible(pilot, "#retry-box")

        await pilot.press("enter")  # Continuez votre expérience Pix
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, AppHomeScreen), "home")
        await enter_code(pilot, "rentre123")
        await wait_until(pilot, lambda: visible(pilot, "#code-error"), "the refusal")
        assert text_of(pilot, "#code-error") == flow.ALREADY_SHARED
        # Every answer once, none twice.
        given = [cid for cid, _, _ in answers(demo_database_url, RENTREE)]
        assert len(given) == len(set(given))


async def test_skipping_and_a_wrong_answer_in_words(make_app: AppFactory) -> None:
    """The verdict words on the checkpoint match what was done, question by question."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await student_home(pilot)
        await start_rentree(pilot)
        await answer_current(pilot, right=False, key="p")
        assert isinstance(pilot.app.screen, ChallengeScreen)
        assert text_of(pilot, "#question-progress").startswith("Question 2 / 5")
