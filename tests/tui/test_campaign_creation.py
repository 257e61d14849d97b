"""« Création d'une campagne » end to end: the form, its errors, a lost connection.

The campaigns are created by the real server (embedded) on the test's copy of the demo, and
read back through the client: what the teacher chose is what the server stored.
"""

from __future__ import annotations

import re

import pytest
from pilot_support import AppFactory, app_of, type_into, visible, wait_until
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, RadioSet, Select
from tui_campaign_support import (
    LossyLauncher,
    campaigns_named,
    disable_membership,
    list_ready,
    open_campaigns,
    open_creation_form,
    shown_names,
    tab_label,
    text,
    user_id,
    wait_for_detail,
)

import api_client.retry
from api_client import MemoryTokenStore
from tui.app import PixApp
from tui.errors import CAMPAIGN_FIELD_ERRORS, UNREACHABLE
from tui.screens.orga.campaign_creation import CampaignCreationScreen
from tui.screens.orga.campaign_detail import CampaignDetailScreen
from tui.screens.orga.home import OrgaHomeScreen
from tui.widgets.big_code import BigCode
from tui.widgets.target_profile_picker import TargetProfilePicker

GENERATED_CODE = re.compile(r"^[A-HJ-NP-Z]{6}[1-9]{3}$")


async def choose(pilot: Pilot[None], radio_set: str, position: int) -> None:
    """Pick the option at `position` of a radio set with the keyboard."""
    pilot.app.screen.query_one(radio_set, RadioSet).focus()
    await pilot.pause()
    await pilot.press(*["down"] * position, "enter")


async def test_assessment_campaign_end_to_end(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        form = await open_creation_form(pilot)
        assert app.focused is form.query_one("#campaign-name")
        # The owner is the teacher by default.
        assert form.query_one("#campaign-owner", Select).value == form.user_id

        await pilot.press(*"Rentrée 5e B")
        assert not visible(pilot, "#assessment-fields")
        await choose(pilot, "#campaign-purpose", 0)  # Évaluer les participants
        assert visible(pilot, "#assessment-fields")

        # « Que souhaitez-vous tester ? » : the category filter, then the search.
        form.query_one("#category-toggle").focus()
        await pilot.press("enter")
        assert app.focused is form.query_one("#category-filter")
        await pilot.press("down", "space")  # "Parcours de rentrée / 6e"
        assert str(form.query_one("#category-toggle").label) == "Catégories (1) ▾"  # type: ignore[attr-defined]
        options = form.query_one("#target-profile-options", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert prompts[0] == "PARCOURS DE RENTRÉE / 6E"
        assert all("[CLG]" in prompt for prompt in prompts[1:])

        await type_into(pilot, "#target-profile-search", "5e")
        await pilot.press("enter", "enter")  # to the list, then choose its first profile
        picker = form.query_one(TargetProfilePicker)
        assert picker.selected is not None
        assert picker.selected.name == "[CLG] Parcours de rentrée 5e"
        assert text(pilot, "#target-profile-subjects") == "Sujets : 10"
        assert "documentation correspondante" in text(pilot, "#target-profile-documentation")

        await type_into(pilot, "#campaign-title", "Bienvenue en 5e B")
        assert text(pilot, "#multiple-sendings-help").startswith("Non : Une fois la campagne")
        await choose(pilot, "#multiple-sendings", 1)
        assert text(pilot, "#multiple-sendings-help").startswith("Oui : En rentrant de nouveau")
        await choose(pilot, "#external-id", 1)
        assert visible(pilot, "#external-id-fields")
        await type_into(pilot, "#external-id-label", "Numéro d'élève")
        form.query_one("#landing-text").focus()
        await pilot.press(*"Bonjour !")
        assert text(pilot, "#landing-text-counter") == "9 / 5000"

        await pilot.press("f10")
        detail = await wait_for_detail(pilot)
        assert detail.created
        campaign = detail.campaign
        assert campaign is not None and campaign.code is not None
        assert GENERATED_CODE.match(campaign.code)
        assert detail.query_one(BigCode).code == campaign.code
        assert text(pilot, "#created-code-plain") == f"Code : {campaign.code}"
        assert campaign.direct_link() in text(pilot, "#created-link")
        assert "déconseillé de partager le lien direct" in text(pilot, "#created-advice")

        # What the server stored is what was chosen.
        client = app_of(pilot).client
        assert client is not None
        stored = await client.campaigns.get(campaign.id)
        assert stored.name == "Rentrée 5e B"
        assert stored.is_assessment and stored.target_profile_id == "1"
        assert stored.title == "Bienvenue en 5e B"
        assert stored.multiple_sendings is True
        assert stored.external_id_label == "Numéro d'élève"
        assert stored.custom_landing_page_text == "Bonjour !"
        assert stored.owner_id == form.user_id

        # Back to the list: the new campaign comes first, the count moved.
        await pilot.press("escape")
        await wait_until(
            pilot, lambda: isinstance(app.screen, OrgaHomeScreen) and list_ready(pilot), "the list"
        )
        assert shown_names(pilot)[0] == "Rentrée 5e B"
        assert tab_label(pilot, "tab-ongoing") == "Actives (15)"


async def test_profiles_collection_campaign(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        form = await open_creation_form(pilot)
        await pilot.press(*"Profils Pix 4e B")
        await choose(pilot, "#campaign-purpose", 1)  # Collecter les profils
        assert not visible(pilot, "#assessment-fields")
        assert text(pilot, "#multiple-sendings-help") == (
            "Non : Le participant ne pourra envoyer son profil qu'une seule fois."
        )
        assert form.purpose == "PROFILES_COLLECTION"

        await pilot.press("f10")
        detail = await wait_for_detail(pilot)
        assert "Profils reçus 0" in text(pilot, "#campaign-figures")
        assert text(pilot, "#value-type") == "Campagne de collecte de profils"
        assert not visible(pilot, "#setting-target-profile")
        assert not visible(pilot, "#setting-title")
        assert detail.campaign is not None and detail.campaign.is_profiles_collection


async def test_missing_answers_are_shown_under_their_fields(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        form = await open_creation_form(pilot)

        await pilot.press("f10")
        assert text(pilot, "#error-name") == "Veuillez donner un nom à votre campagne."
        assert text(pilot, "#error-type") == "Veuillez choisir l'objectif de votre campagne."
        assert app.focused is form.query_one("#campaign-name")
        assert form.query_one("#campaign-name").has_class("-invalid")

        await pilot.press(*"Sans parcours")
        await choose(pilot, "#campaign-purpose", 0)
        await pilot.press("f10")
        assert not visible(pilot, "#error-name")
        assert text(pilot, "#error-target-profile") == "Veuillez choisir un parcours."
        assert app.focused is form.query_one("#target-profile-search")
        assert isinstance(app.screen, CampaignCreationScreen)  # nothing was sent


async def test_server_refusals_are_mapped_to_their_fields(
    make_app: AppFactory, demo_database_url: str
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        form = await open_creation_form(pilot)
        await pilot.press(*"Identifiant trop court")
        await choose(pilot, "#campaign-purpose", 1)
        await choose(pilot, "#external-id", 1)
        await type_into(pilot, "#external-id-label", "ab")  # the server wants 3 characters
        await pilot.press("f10")
        await wait_until(pilot, lambda: visible(pilot, "#error-external-id-label"), "the refusal")
        assert (
            text(pilot, "#error-external-id-label")
            == (CAMPAIGN_FIELD_ERRORS["EXTERNAL_USER_ID_IS_REQUIRED"])
        )
        assert app.focused is form.query_one("#external-id-label")
        assert campaigns_named(demo_database_url, "Identifiant trop court") == 0

        # Julien Bernard leaves the collège while the form is open, then is chosen as owner.
        await type_into(pilot, "#external-id-label", "c")
        disable_membership(demo_database_url, "prof2@example.net", "Collège Pix (DEMO)")
        owner = form.query_one("#campaign-owner", Select)
        owner.value = user_id(demo_database_url, "prof2@example.net")
        await pilot.press("f10")
        await wait_until(pilot, lambda: visible(pilot, "#error-owner"), "the owner refusal")
        assert text(pilot, "#error-owner") == CAMPAIGN_FIELD_ERRORS["OWNER_NOT_IN_ORGANIZATION"]
        assert not visible(pilot, "#error-external-id-label")
        assert app.focused is owner
        assert form.query_one("#campaign-name", Input).value == "Identifiant trop court"


async def test_lost_connection_keeps_the_form_and_retry_creates_once(
    demo_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def no_wait(seconds: float) -> None:
        return None

    monkeypatch.setattr(api_client.retry, "sleep", no_wait)
    launcher = LossyLauncher(database_url=demo_database_url, token_store=MemoryTokenStore())
    app = PixApp(launcher)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        form = await open_creation_form(pilot)
        await pilot.press(*"Collecte du réseau")
        await choose(pilot, "#campaign-purpose", 1)
        form.query_one("#landing-text").focus()
        await pilot.press(*"Merci !")

        launcher.lose_answers("POST", "/api/campaigns")
        await pilot.press("f10")
        await wait_until(pilot, lambda: visible(pilot, "#form-retry"), "Réessayer")
        assert text(pilot, "#form-error") == UNREACHABLE
        # Everything typed is still there.
        assert form.query_one("#campaign-name", Input).value == "Collecte du réseau"
        assert form.purpose == "PROFILES_COLLECTION"
        assert form.query_one("#landing-text").text == "Merci !"  # type: ignore[attr-defined]
        assert app.focused is form.query_one("#form-retry")
        # The server did create it: only the answer was lost.
        assert campaigns_named(demo_database_url, "Collecte du réseau") == 1

        launcher.lose_answers(None)
        await pilot.press("enter")  # Réessayer
        detail = await wait_for_detail(pilot)
        assert isinstance(app.screen, CampaignDetailScreen)
        assert detail.campaign is not None and detail.campaign.name == "Collecte du réseau"
        # One key for every attempt: the retry got the first answer, not a twin.
        creations = launcher.idempotency_keys("POST", "/api/campaigns")
        assert len(set(creations)) == 1
        assert len(creations) >= 2
        assert campaigns_named(demo_database_url, "Collecte du réseau") == 1
