"""A campaign's page: its settings, Modifier, Dupliquer, Archiver / Désarchiver, and who may.

Claire Moreau (prof@) is ADMIN of the collège; Julien Bernard (prof2@) is a MEMBER there and
may manage only the campaigns he owns.
"""

from __future__ import annotations

from collections.abc import Iterable

from pilot_support import AppFactory, app_of, type_into, visible, wait_until
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Input, TabbedContent, Tabs
from tui_campaign_support import (
    give_campaign_to,
    list_ready,
    open_campaigns,
    open_detail,
    shown_names,
    tab_label,
    text,
    wait_for_detail,
    wait_for_list,
)

from api_client.models import CampaignDraft
from tui.screens.orga.campaign_creation import CampaignCreationScreen
from tui.screens.orga.campaign_detail import ARCHIVED_BANNER, MANAGE_REFUSED
from tui.screens.orga.campaign_edit import CampaignEditScreen
from tui.screens.orga.confirm_dialog import ConfirmDialog
from tui.screens.orga.home import OrgaHomeScreen
from tui.widgets.target_profile_picker import TargetProfilePicker


async def back_to_list(pilot: Pilot[None]) -> None:
    await pilot.press("escape")
    await wait_until(
        pilot,
        lambda: isinstance(pilot.app.screen, OrgaHomeScreen) and list_ready(pilot),
        "the list again",
    )


async def confirm(pilot: Pilot[None]) -> None:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog), "the question")
    await pilot.press("tab", "enter")  # the focus starts on "Annuler"


async def test_settings_of_an_assessment_campaign(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        detail = await open_detail(pilot, "Parcours de rentrée 5e")

        assert text(pilot, "#campaign-name") == "Parcours de rentrée 5e"
        assert text(pilot, "#campaign-figures") == (
            "Code RENTRE123   Participants 20   Résultats reçus 14"
        )
        assert detail.query_one(TabbedContent).active == "tab-settings"
        assert text(pilot, "#value-type") == "Campagne d'évaluation"
        assert text(pilot, "#value-multiple-sendings") == "Non"
        assert text(pilot, "#value-target-profile") == (
            "[CLG] Parcours de rentrée 5e  ·  Sujets : 10"
        )
        assert text(pilot, "#value-direct-link") == "https://app.pix.fr/campagnes/RENTRE123"
        assert text(pilot, "#value-external-id") == "Non"
        assert text(pilot, "#value-title") == "Bienvenue en 5e"
        assert text(pilot, "#value-landing-text").startswith("Bonjour ! Ce parcours")
        assert not visible(pilot, "#archived-banner")
        assert not visible(pilot, "#created-panel")
        assert not visible(pilot, "#manage-reason")
        assert app.focused is detail.query_one("#modify-campaign")

        # The other tabs say, discreetly, that they come later.
        detail.query_one("#campaign-tabs Tabs", Tabs).focus()
        await pilot.press("left")
        assert detail.query_one(TabbedContent).active == "tab-results"
        assert detail.query_one("#follow-results").display  # the collective results panel


async def test_modify_name_title_and_text(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        detail = await open_detail(pilot, "Parcours de rentrée 5e")
        await pilot.press("m")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, CampaignEditScreen) and app.screen._form_loaded,
            "the form",
        )
        form = app.screen
        assert form.query_one("#campaign-name", Input).value == "Parcours de rentrée 5e"
        await pilot.press("end", *" (5e B)")
        form.query_one("#campaign-title", Input).value = ""
        await type_into(pilot, "#campaign-title", "Rentrée")
        await pilot.press("f10")
        await wait_until(pilot, lambda: app.screen is detail, "back on the campaign")
        await wait_until(
            pilot, lambda: text(pilot, "#campaign-name") == "Parcours de rentrée 5e (5e B)", "name"
        )
        assert text(pilot, "#value-title") == "Rentrée"
        client = app_of(pilot).client
        assert client is not None and detail.campaign is not None
        stored = await client.campaigns.get(detail.campaign.id)
        assert (stored.name, stored.title) == ("Parcours de rentrée 5e (5e B)", "Rentrée")
        assert stored.custom_landing_page_text and stored.custom_landing_page_text.startswith(
            "Bonjour !"
        )

        await back_to_list(pilot)
        assert "Parcours de rentrée 5e (5e B)" in shown_names(pilot)


async def test_modify_refuses_an_empty_name(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        await open_detail(pilot, "Gérer ses fichiers 5e")
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, CampaignEditScreen), "the form")
        app.screen.query_one("#campaign-name", Input).value = "   "
        await pilot.press("f10")
        assert text(pilot, "#error-name") == "Veuillez donner un nom à votre campagne."
        assert isinstance(app.screen, CampaignEditScreen)


async def test_duplicate_opens_the_form_filled(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        original = await open_detail(pilot, "Parcours de rentrée 5e")
        await pilot.press("u")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, CampaignCreationScreen)
                and app.screen._form_loaded
                and app.screen.query_one(TargetProfilePicker).selected is not None
            ),
            "the filled form",
        )
        form = app.screen
        assert isinstance(form, CampaignCreationScreen)
        assert form.query_one("#campaign-name", Input).value == "Copie de Parcours de rentrée 5e"
        assert form.purpose == "ASSESSMENT"
        picker = form.query_one(TargetProfilePicker)
        assert picker.selected is not None and picker.selected.id == "1"
        assert form.query_one("#campaign-title", Input).value == "Bienvenue en 5e"

        await pilot.press("f10")
        copy = await wait_for_detail(pilot)
        assert copy is not original and copy.created
        assert copy.campaign is not None and copy.campaign.code != "RENTRE123"
        assert text(pilot, "#campaign-name") == "Copie de Parcours de rentrée 5e"
        assert text(pilot, "#value-target-profile").startswith("[CLG] Parcours de rentrée 5e")
        assert text(pilot, "#value-landing-text").startswith("Bonjour ! Ce parcours")
        assert "Participants 0" in text(pilot, "#campaign-figures")


async def test_archive_then_unarchive_moves_between_tabs(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        await open_detail(pilot, "Gérer ses fichiers 5e")
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        assert "Gérer ses fichiers 5e" in text(pilot, ".dialog-title")
        await pilot.press("tab", "enter")
        await wait_until(pilot, lambda: visible(pilot, "#archived-banner"), "the banner")
        assert text(pilot, "#archived-banner") == ARCHIVED_BANNER
        assert str(app.screen.query_one("#archive-campaign", Button).label) == "Désarchiver (a)"

        await back_to_list(pilot)
        assert tab_label(pilot, "tab-ongoing") == "Actives (0)"  # the search is still on
        assert tab_label(pilot, "tab-archived") == "Archivées (1)"
        await pilot.press("a")  # to "Archivées"
        await wait_for_list(pilot, "the archived campaigns")
        assert shown_names(pilot) == ["Gérer ses fichiers 5e"]

        await open_detail(pilot, "Gérer ses fichiers 5e")
        assert visible(pilot, "#archived-banner")
        await pilot.press("a")
        await confirm(pilot)
        await wait_until(pilot, lambda: not visible(pilot, "#archived-banner"), "no banner")
        await back_to_list(pilot)
        assert tab_label(pilot, "tab-archived") == "Archivées (0)"
        assert tab_label(pilot, "tab-ongoing") == "Actives (1)"


async def test_member_who_is_not_the_owner_is_told_why(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot, "prof2@example.net")
        await pilot.press("t")  # Toutes les campagnes
        await wait_for_list(pilot, "all the campaigns")
        detail = await open_detail(pilot, "Parcours de rentrée 5e")

        assert detail.query_one("#modify-campaign", Button).disabled
        assert detail.query_one("#archive-campaign", Button).disabled
        assert not detail.query_one("#duplicate-campaign", Button).disabled
        assert visible(pilot, "#manage-reason")
        assert text(pilot, "#manage-reason") == MANAGE_REFUSED
        assert app.focused is detail.query_one("#duplicate-campaign")
        await pilot.press("m", "a")
        await pilot.pause()
        assert app.screen is detail


async def test_a_refusal_from_the_server_is_told_the_same_way(
    make_app: AppFactory, demo_database_url: str
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot, "prof2@example.net")
        detail = await open_detail(pilot, "Sécurité numérique 5e")
        assert not detail.query_one("#archive-campaign", Button).disabled
        # Meanwhile, the administrator gives his campaign to Claire Moreau.
        give_campaign_to(demo_database_url, "AFUNYJ887", "prof@example.net")

        await pilot.press("a")
        await confirm(pilot)
        await wait_until(pilot, lambda: visible(pilot, "#manage-reason"), "the refusal")
        assert text(pilot, "#manage-reason") == MANAGE_REFUSED
        assert detail.query_one("#archive-campaign", Button).disabled
        assert detail.query_one("#modify-campaign", Button).disabled
        assert not visible(pilot, "#archived-banner")


async def test_hostile_campaign_name_is_shown_literally(make_app: AppFactory) -> None:
    hostile = "[bold red]x\x1b[31m"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        listing = await open_campaigns(pilot)
        client = app_of(pilot).client
        assert client is not None and listing.asked is not None
        await client.campaigns.create(
            CampaignDraft(
                organization_id=int(listing.asked.organization_id),
                name=hostile,
                type="PROFILES_COLLECTION",
                custom_landing_page_text="[link=http://evil]clic[/link]\x1b]52;c;SGVsbG8=\x07",
            )
        )
        listing.reload()
        await wait_until(pilot, lambda: list_ready(pilot), "the list with it")
        first = shown_names(pilot)[0]
        assert first.startswith("[bold red]x")
        assert "\x1b" not in first

        # The cursor stayed on the campaign it was on, now second: up to the new one.
        await pilot.press("up", "enter")
        detail = await wait_for_detail(pilot)
        assert text(pilot, "#campaign-name") == "[bold red]x[31m"
        landing = text(pilot, "#value-landing-text")
        assert landing.startswith("[link=http://evil]clic[/link]")
        assert "\x1b" not in landing and "\x07" not in landing

        # Nothing of it reaches the terminal as an escape sequence, in the fields neither.
        assert not escapes_drawn(detail.query("Static"))
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, CampaignEditScreen), "the form")
        assert app.screen.query_one("#campaign-name", Input).value == "[bold red]x[31m"
        assert not escapes_drawn(app.screen.query("Input, TextArea"))


def escapes_drawn(widgets: Iterable[Widget]) -> bool:
    """Whether any line the widgets draw holds an ESC or a BEL."""
    for widget in widgets:
        for y in range(widget.size.height):
            line = "".join(segment.text for segment in widget.render_line(y))
            if "\x1b" in line or "\x07" in line:
                return True
    return False
