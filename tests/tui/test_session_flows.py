"""Logging in, landing in the right space, switching organisation, logging out, restoring.

Every test drives the real app against the real server (embedded, on a copy of the demo
database), through the keyboard and the mouse as a user would.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from pilot_support import (
    AppFactory,
    app_of,
    login_screen_ready,
    settle,
    sign_in,
    text_of,
    type_into,
    visible,
    wait_until,
)
from textual.message import Message
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, OptionList

from api_client import FileTokenStore, MemoryTokenStore
from tui.app import PixApp
from tui.errors import INVALID_CREDENTIALS, UNREACHABLE
from tui.launcher import Launcher
from tui.messages import CodeEntered
from tui.screens.admin.home import AdminHomeScreen
from tui.screens.app.flow import UNKNOWN_CODE
from tui.screens.app.home import AppHomeScreen
from tui.screens.login import INVALID_EMAIL, LoginScreen
from tui.screens.orga.home import OrgaHomeScreen
from tui.screens.orga.organization_switcher import OrganizationSwitcherScreen
from tui.screens.space_picker import SpacePickerScreen


def orga_loaded(pilot: Pilot[None]) -> bool:
    screen = pilot.app.screen
    return isinstance(screen, OrgaHomeScreen) and screen.prescriber is not None


async def test_teacher_lands_on_orga_home_with_her_organisation(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "prof@example.net")
        await wait_until(pilot, lambda: orga_loaded(pilot), "the Orga home")

        assert app.current_mode == "orga"
        assert text_of(pilot, "#organization-name") == "Collège Pix (DEMO)"
        assert "Administrateur" in text_of(pilot, "#organization-role")
        assert "Collège Pix (DEMO)" in text_of(pilot, "#header-organization")
        assert text_of(pilot, "#header-user") == "Claire Moreau"
        # She belongs to two organisations: the switch is offered.
        assert visible(pilot, "#switch-organization")


async def test_teacher_switches_to_the_lycee(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "prof@example.net")
        await wait_until(pilot, lambda: orga_loaded(pilot), "the Orga home")

        await pilot.press("o")
        await wait_until(
            pilot, lambda: isinstance(app.screen, OrganizationSwitcherScreen), "the switcher"
        )
        options = app.screen.query_one(OptionList)
        lycee = next(
            index
            for index in range(options.option_count)
            if "Lycée Pix (DEMO)" in str(options.get_option_at_index(index).prompt)
        )
        while options.highlighted != lycee:
            await pilot.press("down")
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: (
                orga_loaded(pilot) and text_of(pilot, "#organization-name") == "Lycée Pix (DEMO)"
            ),
            "the Lycée to be shown",
        )
        assert "Membre" in text_of(pilot, "#organization-role")
        assert text_of(pilot, "#header-organization") == "Lycée Pix (DEMO)"

    # The choice is the server's: a new session opens on the Lycée.
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "prof@example.net")
        await wait_until(pilot, lambda: orga_loaded(pilot), "the Orga home")
        assert text_of(pilot, "#organization-name") == "Lycée Pix (DEMO)"


async def test_single_organisation_member_is_not_offered_a_switch(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "prof2@example.net")
        await wait_until(pilot, lambda: orga_loaded(pilot), "the Orga home")
        assert not visible(pilot, "#switch-organization")
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OrgaHomeScreen)


async def test_student_lands_on_jai_un_code(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "eleve@example.net")
        await wait_until(pilot, lambda: isinstance(app.screen, AppHomeScreen), "the App home")
        assert app.current_mode == "app"
        assert text_of(pilot, "#code-title") == "J'ai un code"
        assert app.focused is app.screen.query_one("#campaign-code")
        # A student has one space only: no "Espaces" key.
        await pilot.press("escape", "e")
        await pilot.pause()
        assert isinstance(app.screen, AppHomeScreen)


async def test_student_code_is_checked_and_uppercased(make_app: AppFactory) -> None:
    app = make_app()
    entered: list[str] = []
    async with app.run_test(size=(80, 24), message_hook=_record_codes(entered)) as pilot:
        await sign_in(pilot, "eleve@example.net")
        await wait_until(pilot, lambda: isinstance(app.screen, AppHomeScreen), "the App home")

        await type_into(pilot, "#campaign-code", "abc12")
        await pilot.press("enter")
        await pilot.pause()
        assert text_of(pilot, "#code-error") == "Ce code n'est pas valide."
        assert app.screen.query_one("#campaign-code", Input).value == "ABC12"
        assert entered == []

        app.screen.query_one("#campaign-code", Input).value = ""
        await type_into(pilot, "#campaign-code", " scobad123 ")
        await pilot.click("#access-campaign")
        await pilot.pause()
        assert entered == ["SCOBAD123"]
        # Well formed, so it goes to the server, which knows no such campaign.
        await wait_until(
            pilot, lambda: text_of(pilot, "#code-error") == UNKNOWN_CODE, "the server's refusal"
        )


def _record_codes(entered: list[str]) -> Callable[[Message], None]:
    def hook(message: Message) -> None:
        if isinstance(message, CodeEntered) and message.code not in entered:
            entered.append(message.code)

    return hook


async def test_support_agent_lands_on_admin_home(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "support@example.net")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, AdminHomeScreen)
                and "Support" in text_of(pilot, "#agent-role")
            ),
            "the Admin home with the role",
        )
        assert app.current_mode == "admin"
        assert text_of(pilot, "#agent-name") == "Sophie Laurent"


async def test_teacher_switches_space_to_pix_app_and_back(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "prof@example.net")
        await wait_until(pilot, lambda: orga_loaded(pilot), "the Orga home")

        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, SpacePickerScreen), "the picker")
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AppHomeScreen), "Pix App")

        await pilot.press("escape", "e")
        await wait_until(pilot, lambda: isinstance(app.screen, SpacePickerScreen), "the picker")
        await pilot.press("up", "enter")
        await wait_until(pilot, lambda: orga_loaded(pilot), "back to Pix Orga")


async def test_wrong_password_is_explained_and_the_email_kept(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "prof@example.net", "pas-le-bon")
        await wait_until(pilot, lambda: visible(pilot, "#form-error"), "the error")
        assert text_of(pilot, "#form-error") == INVALID_CREDENTIALS
        assert isinstance(app.screen, LoginScreen)
        assert app.screen.query_one("#email", Input).value == "prof@example.net"
        assert app.screen.query_one("#password", Input).value == ""
        assert app.focused is app.screen.query_one("#password")
        assert not visible(pilot, "#retry")


async def test_typed_credentials_log_in_with_the_keyboard_alone(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await login_screen_ready(pilot)
        assert app.focused is app.screen.query_one("#email")
        await pilot.press(*"eleve@example.net")
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#password")
        await pilot.press(*"Pix12345", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AppHomeScreen), "the App home")


async def test_malformed_email_is_refused_before_any_request(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await login_screen_ready(pilot)
        await type_into(pilot, "#email", "prof.example.net")
        await pilot.press("enter")  # Entrée in the e-mail field goes to the password
        await type_into(pilot, "#password", "Pix12345")
        await pilot.press("enter")
        await pilot.pause()
        assert text_of(pilot, "#email-error") == INVALID_EMAIL
        assert app.focused is app.screen.query_one("#email")
        assert app.session is None


async def test_empty_password_is_refused(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "prof@example.net", "")
        await pilot.pause()
        assert text_of(pilot, "#password-error") == "Veuillez saisir votre mot de passe."


async def test_repeated_failures_block_the_account_temporarily(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        message = ""
        for _ in range(15):
            await sign_in(pilot, "eleve05@example.net", "mauvais")
            await wait_until(pilot, lambda: visible(pilot, "#form-error"), "the error")
            message = text_of(pilot, "#form-error")
            if message != INVALID_CREDENTIALS:
                break
        assert message == "Vous avez effectué trop de tentatives de connexion. Réessayez plus tard."


async def test_unreachable_server_offers_to_retry(
    make_app: AppFactory, closed_port_url: str
) -> None:
    app = make_app(api_url=closed_port_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.backend_ready, "the client")
        await login_screen_ready(pilot)
        await sign_in(pilot, "prof@example.net")
        await wait_until(pilot, lambda: visible(pilot, "#form-error"), "the error")
        assert text_of(pilot, "#form-error") == UNREACHABLE
        assert visible(pilot, "#retry")
        assert app.focused is app.screen.query_one("#retry")

        await pilot.press("enter")  # Réessayer: the same login again, still nobody there
        await wait_until(pilot, lambda: visible(pilot, "#form-error"), "the error again")
        assert text_of(pilot, "#form-error") == UNREACHABLE
        assert app.screen.query_one("#email", Input).value == "prof@example.net"


async def test_logout_returns_to_login_and_forgets_the_token(make_app: AppFactory) -> None:
    store = MemoryTokenStore()
    app = make_app(token_store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "prof@example.net")
        await wait_until(pilot, lambda: orga_loaded(pilot), "the Orga home")
        assert app.client is not None
        base_url = app.client.base_url
        assert store.load(base_url) is not None

        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen), "the login screen")
        assert store.load(base_url) is None
        assert app.session is None
        assert text_of(pilot, "#login-status") == "Vous êtes déconnecté."
        assert app.screen.query_one("#email", Input).value == "prof@example.net"
        # The spaces are gone with the session: a new login builds fresh screens.
        assert "orga" not in app._modes

        await sign_in(pilot, "eleve@example.net")
        await wait_until(pilot, lambda: isinstance(app.screen, AppHomeScreen), "the App home")
        assert "orga" not in app._modes


async def test_logout_from_a_field_is_a_button(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "eleve@example.net")
        await wait_until(pilot, lambda: isinstance(app.screen, AppHomeScreen), "the App home")
        # "d" typed in the code field is a letter of the code, not a logout.
        await pilot.press("d")
        assert app.screen.query_one("#campaign-code", Input).value == "D"
        await pilot.click("#logout")
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen), "the login screen")


async def test_session_is_restored_on_restart(make_app: AppFactory, tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "tokens.json")
    first = make_app(token_store=store)
    async with first.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "prof@example.net")
        await wait_until(pilot, lambda: orga_loaded(pilot), "the Orga home")
    assert (tmp_path / "tokens.json").exists()
    assert "Pix12345" not in (tmp_path / "tokens.json").read_text()

    second = make_app(token_store=FileTokenStore(tmp_path / "tokens.json"))
    async with second.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: orga_loaded(pilot), "the restored Orga home")
        assert text_of(pilot, "#organization-name") == "Collège Pix (DEMO)"
        assert app_of(pilot).session is not None

        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(second.screen, LoginScreen), "the login")
    assert not (tmp_path / "tokens.json").exists()

    third = make_app(token_store=FileTokenStore(tmp_path / "tokens.json"))
    async with third.run_test(size=(80, 24)) as pilot:
        await login_screen_ready(pilot)
        await settle(pilot)
        assert isinstance(third.screen, LoginScreen)


async def test_demo_account_list_fills_the_form(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await login_screen_ready(pilot)
        accounts = app.screen.query_one("#demo-account-list", OptionList)
        accounts.focus()
        await pilot.pause()
        accounts.highlighted = accounts.get_option_index("support@example.net")
        await pilot.press("enter")
        assert app.screen.query_one("#email", Input).value == "support@example.net"
        assert app.focused is app.screen.query_one("#login")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AdminHomeScreen), "Pix Admin")


async def test_organisation_names_are_shown_literally(
    make_app: AppFactory, demo_database_url: str
) -> None:
    hostile = "[bold red]x[/] Lycée [link=http://evil]"
    path = demo_database_url.removeprefix("sqlite+aiosqlite:///")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE organizations SET name = ? WHERE name = 'Lycée Pix (DEMO)'", (hostile,))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "prof@example.net")
        await wait_until(pilot, lambda: orga_loaded(pilot), "the Orga home")
        await pilot.press("o")
        await wait_until(
            pilot, lambda: isinstance(app.screen, OrganizationSwitcherScreen), "the switcher"
        )
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(hostile in prompt for prompt in prompts)
        await pilot.press("down", "enter")
        await wait_until(
            pilot,
            lambda: orga_loaded(pilot) and text_of(pilot, "#organization-name") == hostile,
            "the hostile name, as typed",
        )
        assert text_of(pilot, "#header-organization") == hostile


async def test_a_refused_orga_token_sends_back_to_login(make_app: AppFactory) -> None:
    """The server stops accepting the Orga token (revoked): the user is asked to log in again."""
    store = MemoryTokenStore()
    first = make_app(token_store=store)
    async with first.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "prof@example.net")
        await wait_until(pilot, lambda: orga_loaded(pilot), "the Orga home")
        assert first.client is not None
        base_url = first.client.base_url
    blob = store.load(base_url)
    assert blob is not None
    blob["tokens"]["orga"] = {"access_token": "revoked", "refresh_token": "revoked"}
    store.save(base_url, blob)

    second = make_app(token_store=store)
    async with second.run_test(size=(80, 24)) as pilot:
        await wait_until(
            pilot,
            lambda: isinstance(second.screen, LoginScreen) and visible(pilot, "#form-error"),
            "the login form with the reason",
        )
        assert text_of(pilot, "#form-error") == "Votre session a expiré. Veuillez vous reconnecter."
        assert second.screen.query_one("#email", Input).value == "prof@example.net"
        assert second.focused is second.screen.query_one("#password")
        assert second.session is None
        assert store.load(base_url) is None


async def test_stored_session_and_server_down_offers_to_retry(
    make_app: AppFactory, closed_port_url: str
) -> None:
    store = MemoryTokenStore()
    first = make_app(token_store=store)
    async with first.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "eleve@example.net")
        await wait_until(pilot, lambda: isinstance(first.screen, AppHomeScreen), "the App home")
        assert first.client is not None
        saved = store.load(first.client.base_url)
    assert saved is not None
    store.save(closed_port_url, saved)  # as if saved by an earlier run against that server

    app = make_app(token_store=store, api_url=closed_port_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: visible(pilot, "#form-error"), "the error")
        assert text_of(pilot, "#form-error") == UNREACHABLE
        assert visible(pilot, "#retry")
        # Nobody answered: the saved session is kept for when the server is back.
        assert store.load(closed_port_url) is not None


async def test_demo_that_cannot_start_says_so_and_offers_to_retry(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the demo folder should be")
    app = PixApp(
        Launcher(
            database_url=f"sqlite+aiosqlite:///{blocked}/demo.db", token_store=MemoryTokenStore()
        )
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: visible(pilot, "#form-error"), "the error")
        assert text_of(pilot, "#form-error").startswith("La démo locale n'a pas pu démarrer")
        assert visible(pilot, "#retry")
        assert not app.backend_ready

        blocked.unlink()  # the user fixes the problem, then retries
        await pilot.click("#retry")
        await wait_until(pilot, lambda: app.backend_ready, "the demo to start")
        await sign_in(pilot, "eleve@example.net")
        await wait_until(pilot, lambda: isinstance(app.screen, AppHomeScreen), "the App home")


async def test_quitting_saves_what_screens_keep_unsaved(make_app: AppFactory) -> None:
    """Screens with unsaved input define `save_draft`; quitting (ctrl+q) calls it first."""
    saved: list[str] = []

    class DraftScreen(Screen[None]):
        def save_draft(self) -> None:
            saved.append("draft")

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await login_screen_ready(pilot)
        await app.push_screen(DraftScreen())
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert saved == ["draft"]
