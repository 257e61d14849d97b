"""Aide (F1, ?): the keys of the screen shown, in French, against the real embedded server."""

from __future__ import annotations

from pilot_support import AppFactory, login_screen_ready, wait_until
from student_pilot import start_rentree, student_home
from student_scenes import QROC, question
from textual.pilot import Pilot
from textual.widgets import Input, Static
from tui_campaign_support import open_campaigns, wait_for_list

from tui.screens.app.challenge import ChallengeScreen
from tui.screens.help import HelpScreen, key_label
from tui.screens.login import LoginScreen
from tui.screens.orga.home import OrgaHomeScreen


def help_text(pilot: Pilot[None]) -> str:
    """Everything the help dialog says, line by line, as plain text."""
    screen = pilot.app.screen
    assert isinstance(screen, HelpScreen)
    return "\n".join(str(widget.render()) for widget in screen.query(Static))


def key_rows(pilot: Pilot[None]) -> list[str]:
    """The key lines, spaces squeezed: "c Créer une campagne"."""
    return [" ".join(line.split()) for line in help_text(pilot).splitlines()]


async def open_help(pilot: Pilot[None], key: str) -> None:
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), "the help")


async def test_f1_on_the_campaign_list_lists_its_keys_by_group(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        await open_help(pilot, "f1")
        rows = key_rows(pilot)
        here, everywhere = rows.index("Sur cet écran"), rows.index("Partout")
        assert here < everywhere
        screen_keys, app_keys = rows[here:everywhere], rows[everywhere:]
        assert "c Créer une campagne" in screen_keys
        # Hidden from the footer at 80 columns, but described: the help names them.
        assert "t Mes / Toutes les campagnes" in screen_keys
        assert "a Actives / Archivées" in screen_keys
        assert "n Page suivante" in screen_keys
        assert "d Se déconnecter" in app_keys
        assert "F1 / ? Aide" in app_keys
        assert "Ctrl+Q Quitter" in app_keys
        assert "Ctrl+P Commandes" in app_keys
        # Claire teaches in two organisations and opens two spaces.
        assert "o Changer d'organisation" in screen_keys
        assert "e Espaces" in app_keys
        # Nothing the screen refuses now: no page to go back to, no field to leave.
        assert not any("Sortir du champ" in row for row in rows)
        # The screen's own paragraph, and nothing in English from Textual's widgets.
        assert "Les campagnes de votre organisation" in help_text(pilot)
        assert "cursor" not in help_text(pilot).lower()

        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, OrgaHomeScreen), "home")


async def test_help_closes_with_each_of_its_keys(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        for opening, closing in (("f1", "f1"), ("question_mark", "question_mark"), ("f1", "q")):
            await open_help(pilot, opening)
            await pilot.press(closing)
            await wait_until(
                pilot, lambda: isinstance(pilot.app.screen, OrgaHomeScreen), f"{closing} closes"
            )
        # `q` closed the help and did nothing else: still the list, still signed in.
        await wait_for_list(pilot)


async def test_question_mark_is_typed_in_the_qroc_answer_field(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await question(QROC)(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ChallengeScreen)
        field = screen.query_one(".answer-fields Input", Input)
        field.focus()
        await pilot.pause()
        await pilot.press("a", "question_mark", "b")
        assert field.value == "a?b"
        assert pilot.app.screen is screen

        # F1 still opens the help from the field, and says the letters are typed there.
        await open_help(pilot, "f1")
        assert "Le curseur est dans un champ de saisie" in help_text(pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: pilot.app.screen is screen, "back to the question")
        assert field.value == "a?b"


async def test_question_mark_opens_the_student_help_outside_a_field(
    make_app: AppFactory,
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await student_home(pilot)
        screen = await start_rentree(pilot)
        screen.set_focus(None)
        await pilot.pause()
        await open_help(pilot, "question_mark")
        rows = key_rows(pilot)
        assert "v Valider" in rows
        assert "p Passer" in rows
        assert "s Signaler" in rows  # hidden from the footer, described here
        assert "q Quitter le parcours" in rows


async def test_f1_on_the_login_form_opens_help_and_question_mark_types(
    make_app: AppFactory,
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        login = await login_screen_ready(pilot)
        email = login.query_one("#email", Input)
        email.focus()
        await pilot.pause()
        await pilot.press("question_mark")
        assert email.value == "?"
        assert isinstance(pilot.app.screen, LoginScreen)
        await open_help(pilot, "f1")
        assert "Ctrl+Q Quitter" in key_rows(pilot)


def test_key_labels_read_as_on_a_french_keyboard() -> None:
    assert key_label("escape") == "Échap"
    assert key_label("ctrl+q") == "Ctrl+Q"
    assert key_label("f5") == "F5"
    assert key_label("question_mark") == "?"
    assert key_label("c") == "c"
    assert key_label("down") == "↓"
