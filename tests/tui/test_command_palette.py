"""The command palette (Ctrl+P) per space, against the real embedded server."""

from __future__ import annotations

from pilot_support import AppFactory, app_of, login_screen_ready, sign_in, wait_until
from student_pilot import student_home
from textual.command import CommandList
from textual.pilot import Pilot
from textual.widgets import Input
from tui_campaign_support import open_campaigns, wait_for_detail

from tui.commands import typed_code
from tui.screens.admin.home import AdminHomeScreen
from tui.screens.app.landing import LandingScreen
from tui.screens.help import HelpScreen
from tui.screens.login import LoginScreen
from tui.screens.orga.home import OrgaHomeScreen


def palette_open(pilot: Pilot[None]) -> bool:
    return pilot.app.screen.has_class("--textual-command-palette")  # CommandPalette.is_open


def offered(pilot: Pilot[None]) -> list[str]:
    """The commands the palette lists, first line of each (the title), as the user reads."""
    commands = pilot.app.screen.query_one(CommandList)
    return [
        str(commands.get_option_at_index(index).prompt).splitlines()[0].strip()
        for index in range(commands.option_count)
    ]


async def search(pilot: Pilot[None], text: str, expected: str) -> None:
    """Open the palette (if needed), type `text`, wait until `expected` is offered."""
    if not palette_open(pilot):
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: palette_open(pilot), "the palette")
    if text:
        await pilot.press(*text)
    await wait_until(pilot, lambda: expected in offered(pilot), f"{expected!r} in the palette")


async def choose(pilot: Pilot[None], title: str) -> None:
    """Highlight the command `title` and press Entrée."""
    palette = pilot.app.screen
    commands = palette.query_one(CommandList)
    commands.highlighted = offered(pilot).index(title)
    await pilot.pause()
    await pilot.press("enter")
    await wait_until(pilot, lambda: pilot.app.screen is not palette, "the palette to close")


async def test_a_typed_code_opens_the_campaign_in_pix_orga(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        await search(pilot, "rentre123", "Ouvrir la campagne RENTRE123")
        await choose(pilot, "Ouvrir la campagne RENTRE123")
        detail = await wait_for_detail(pilot)
        assert detail.campaign is not None
        assert detail.campaign.code == "RENTRE123"


async def test_open_by_code_asks_for_the_code_then_finds_archived_ones(
    make_app: AppFactory,
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        await search(pilot, "", "Ouvrir une campagne par son code…")
        await choose(pilot, "Ouvrir une campagne par son code…")
        # A second palette, for the code only.
        await wait_until(pilot, lambda: palette_open(pilot), "the code palette")
        field = pilot.app.screen.query_one(Input)
        assert "code de la campagne" in str(field.placeholder)
        await search(pilot, "ARCHIV789", "Ouvrir la campagne ARCHIV789")
        assert offered(pilot) == ["Ouvrir la campagne ARCHIV789"]
        await choose(pilot, "Ouvrir la campagne ARCHIV789")
        detail = await wait_for_detail(pilot)
        assert detail.campaign is not None and detail.campaign.code == "ARCHIV789"


async def test_an_unknown_code_is_said_and_nothing_opens(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        await search(pilot, "ZZZZZZ999", "Ouvrir la campagne ZZZZZZ999")
        await choose(pilot, "Ouvrir la campagne ZZZZZZ999")
        await wait_until(
            pilot,
            lambda: any("ZZZZZZ999" in str(n.message) for n in pilot.app._notifications),
            "the 'no such campaign' notice",
        )
        assert isinstance(pilot.app.screen, OrgaHomeScreen)


async def test_orga_palette_offers_the_space_commands_once(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        await search(pilot, "", "Créer une campagne")
        titles = offered(pilot)
        for title in (
            "Ouvrir une campagne par son code…",
            "Créer une campagne",
            "Changer d'organisation",
            "Changer d'espace",
            "Se déconnecter",
            "Aide (F1)",
            "Thème",
        ):
            assert titles.count(title) == 1, title
        # Export needs an open campaign.
        assert "Exporter les résultats (.csv)" not in titles


async def test_export_is_offered_in_a_campaign(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        await search(pilot, "RENTRE123", "Ouvrir la campagne RENTRE123")
        await choose(pilot, "Ouvrir la campagne RENTRE123")
        await wait_for_detail(pilot)
        await search(pilot, "export", "Exporter les résultats (.csv)")
        await choose(pilot, "Exporter les résultats (.csv)")
        await wait_until(
            pilot, lambda: type(pilot.app.screen).__name__ == "ExportDialog", "the export dialog"
        )


async def test_se_deconnecter_returns_to_the_login_form(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        await search(pilot, "déconnecter", "Se déconnecter")
        await choose(pilot, "Se déconnecter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, LoginScreen), "the login")
        assert app_of(pilot).session is None


async def test_aide_from_the_palette_opens_the_help(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await login_screen_ready(pilot)
        await search(pilot, "aide", "Aide (F1)")
        await choose(pilot, "Aide (F1)")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), "the help")


async def test_student_joins_a_campaign_by_typing_its_code(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await student_home(pilot)
        await search(pilot, "", "Rejoindre un parcours (saisir un code)")
        assert "Créer une campagne" not in offered(pilot)
        await pilot.press(*"RENTRE123")
        await wait_until(
            pilot,
            lambda: "Rejoindre le parcours RENTRE123" in offered(pilot),
            "the join command",
        )
        await choose(pilot, "Rejoindre le parcours RENTRE123")
        await wait_until(
            pilot, lambda: isinstance(pilot.app.screen, LandingScreen), "the landing page"
        )


async def test_admin_searches_a_campaign_from_the_palette(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "support@example.net")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, AdminHomeScreen), "admin")
        await search(pilot, "rechercher", "Rechercher une campagne")
        assert offered(pilot).count("Rechercher une campagne") == 1
        await choose(pilot, "Rechercher une campagne")
        screen = pilot.app.screen
        await wait_until(pilot, lambda: isinstance(screen.focused, Input), "the search field")


def test_typed_codes() -> None:
    assert typed_code(" rentre123 ") == "RENTRE123"
    assert typed_code("ABCDEF234") == "ABCDEF234"
    assert typed_code("exporter") is None
    assert typed_code("CAMPAGNES") is None  # nine letters: a word, not a code
    assert typed_code("RENTRE12") is None
