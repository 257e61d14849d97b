"""The teacher's campaign list against the real server: tabs, searches, pages, empty states.

Each test drives the app with the keyboard on its own copy of the demo database, where Claire
Moreau (prof@) owns 16 campaigns of the collège (14 active) and Julien Bernard (prof2@) 14.
"""

from __future__ import annotations

import pytest
from pilot_support import AppFactory, type_into, visible, wait_until
from textual.widgets import Select
from tui_campaign_support import (
    EMPTY_ORGANIZATION,
    LossyLauncher,
    add_empty_organization,
    campaign_list,
    count_list_requests,
    list_ready,
    open_campaigns,
    shown_column,
    shown_names,
    tab_label,
    table,
    text,
    wait_for_detail,
    wait_for_list,
)

import api_client.retry
from api_client import MemoryTokenStore
from tui.app import PixApp
from tui.errors import UNREACHABLE
from tui.screens.orga.campaign_creation import CampaignCreationScreen
from tui.screens.orga.campaign_list import NO_MATCH, OWNER
from tui.screens.orga.home import OrgaHomeScreen


async def test_teacher_lands_on_her_active_campaigns_newest_first(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        listing = await open_campaigns(pilot)

        assert listing.asked is not None and listing.asked.owned_by_me
        assert tab_label(pilot, "tab-ongoing") == "Actives (14)"
        assert tab_label(pilot, "tab-archived") == "Archivées (2)"
        names = shown_names(pilot)
        assert len(names) == 10  # one page, never more
        # This school year's campaigns first: the demo's busiest ones open the list.
        assert names[:2] == ["Collecte des profils 3e", "Parcours de rentrée 5e"]
        assert text(pilot, "#page-position") == "Page : 1 / 2"
        # "Mes campagnes": all hers, so no owner column and no owner search.
        assert OWNER not in [column.key.value for column in table(pilot).columns.values()]
        assert not visible(pilot, "#search-owner")
        assert app.focused is table(pilot)


async def test_search_by_name_waits_for_a_pause_and_asks_the_server(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        calls = count_list_requests(pilot)

        await type_into(pilot, "#search-name", "protection")
        await wait_until(
            pilot, lambda: list_ready(pilot) and len(calls) >= 1, "the search to be answered"
        )
        # Ten keys, one request: the search waited for the typing to stop.
        assert len(calls) == 1
        assert calls[0]["name"] == "protection"
        assert shown_names(pilot) == ["Protection et sécurité 6e A"]
        assert tab_label(pilot, "tab-ongoing") == "Actives (1)"

        # Entrée sends at once and goes to the results.
        await pilot.press(*["backspace"] * len("protection"), *"rentrée", "enter")
        await wait_until(pilot, lambda: list_ready(pilot), "the second search")
        assert len(calls) <= 3
        assert calls[-1]["name"] == "rentrée"
        assert shown_names(pilot) == ["Parcours de rentrée 5e"]
        assert app.focused is table(pilot)


async def test_search_by_owner_in_all_campaigns(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        await pilot.press("t")  # "Toutes les campagnes"
        await wait_for_list(pilot, "all the campaigns")
        assert tab_label(pilot, "tab-ongoing") == "Actives (25)"
        assert visible(pilot, "#search-owner")
        assert OWNER in [column.key.value for column in table(pilot).columns.values()]

        calls = count_list_requests(pilot)
        await type_into(pilot, "#search-owner", "bernard")
        await wait_until(pilot, lambda: list_ready(pilot) and calls, "the owner search")
        assert len(calls) == 1 and calls[0]["owner_name"] == "bernard"
        assert calls[0]["owned_by_me"] is False
        assert tab_label(pilot, "tab-ongoing") == "Actives (11)"
        owners = shown_column(pilot, OWNER)
        assert owners and all(owner in ("Julien Bernard", "J. Bernard") for owner in owners)

        # Back to "Mes campagnes": the owner search no longer applies.
        await pilot.press("escape", "t")
        await wait_for_list(pilot, "her campaigns again")
        assert tab_label(pilot, "tab-ongoing") == "Actives (14)"
        assert not visible(pilot, "#search-owner")


async def test_archived_tab_with_its_count(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        await pilot.press("a")  # "Archivées"
        await wait_for_list(pilot, "the archived campaigns")
        assert campaign_list(pilot).asked.archived  # type: ignore[union-attr]
        assert shown_names(pilot) == [
            "Brevet blanc numérique 3e",
            "Recherche documentaire au CDI 6e",
        ]
        assert tab_label(pilot, "tab-archived") == "Archivées (2)"

        await pilot.press("t")
        await wait_for_list(pilot, "all the archived campaigns")
        assert tab_label(pilot, "tab-archived") == "Archivées (5)"
        assert len(shown_names(pilot)) == 5


async def test_pages_forward_back_and_page_size(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        await pilot.press("t")
        await wait_for_list(pilot, "all the campaigns")
        first_page = shown_names(pilot)
        assert text(pilot, "#page-position") == "Page : 1 / 3"

        await pilot.press("n")
        await wait_until(pilot, lambda: list_ready(pilot), "page 2")
        second_page = shown_names(pilot)
        assert text(pilot, "#page-position") == "Page : 2 / 3"
        assert len(second_page) == 10 and not set(second_page) & set(first_page)

        await pilot.press("n")
        await wait_until(pilot, lambda: list_ready(pilot), "page 3")
        assert len(shown_names(pilot)) == 5
        await pilot.press("n")  # the last page: nothing more to ask
        await pilot.press("p", "p")
        await wait_until(pilot, lambda: list_ready(pilot), "page 1 again")
        assert shown_names(pilot) == first_page

        size = pilot.app.screen.query_one("#page-size", Select)
        size.value = 25
        await wait_until(
            pilot, lambda: list_ready(pilot) and len(shown_names(pilot)) == 25, "25 a page"
        )
        assert text(pilot, "#page-position") == "Page : 1 / 1"
        assert table(pilot).row_count == 25


async def test_cursor_stays_on_the_campaign_after_a_visit(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        await pilot.press("down", "down", "down")
        chosen = shown_names(pilot)[3]
        await pilot.press("enter")
        detail = await wait_for_detail(pilot)
        assert detail.campaign is not None and detail.campaign.name == chosen
        await pilot.press("escape")
        await wait_until(
            pilot, lambda: isinstance(app.screen, OrgaHomeScreen) and list_ready(pilot), "back"
        )
        assert table(pilot).cursor_row == 3


async def test_no_result_says_so(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        await type_into(pilot, "#search-name", "zzz")
        await wait_until(
            pilot, lambda: list_ready(pilot) and visible(pilot, "#campaign-status"), "no result"
        )
        assert text(pilot, "#campaign-status") == NO_MATCH
        assert not visible(pilot, "#campaign-table")
        assert tab_label(pilot, "tab-ongoing") == "Actives (0)"


async def test_organisation_without_campaign_invites_to_create_one(
    make_app: AppFactory, demo_database_url: str
) -> None:
    add_empty_organization(demo_database_url, "prof2@example.net")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot, "prof2@example.net")
        assert text(pilot, "#organization-name") == EMPTY_ORGANIZATION
        assert visible(pilot, "#campaign-empty")
        assert text(pilot, "#campaign-empty-title") == "Créez votre première campagne"
        assert not visible(pilot, "#campaign-tabs-row")
        assert app.focused is app.screen.query_one("#create-first-campaign")

        await pilot.press("enter")
        await wait_until(
            pilot, lambda: isinstance(app.screen, CampaignCreationScreen), "the creation form"
        )


async def test_a_click_on_a_row_opens_the_campaign(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        second = shown_names(pilot)[1]
        # Two header lines at 80 columns, then the rows.
        await pilot.click("#campaign-table", offset=(4, 3))
        detail = await wait_for_detail(pilot)
        assert detail.campaign is not None and detail.campaign.name == second

        # A click on the highlighted row opens it once, not twice.
        await pilot.press("escape")
        await wait_until(pilot, lambda: list_ready(pilot), "the list")
        await pilot.click("#campaign-table", offset=(4, 3))
        await wait_for_detail(pilot)
        await pilot.pause(0.2)
        assert len(app.screen_stack) == 2


async def test_switching_organisation_lists_its_campaigns(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_campaigns(pilot)
        await pilot.press("o")
        await wait_until(pilot, lambda: not isinstance(app.screen, OrgaHomeScreen), "the dialog")
        await pilot.press("down", "enter")  # Lycée Pix (DEMO), after the collège
        await wait_until(
            pilot,
            lambda: list_ready(pilot) and text(pilot, "#organization-name") == "Lycée Pix (DEMO)",
            "the lycée's campaigns",
        )
        assert shown_names(pilot) == [
            "Profils Pix Terminale",
            "Éducation aux médias 2nde 3",
            "Parcours Seconde – rentrée",
        ]
        assert tab_label(pilot, "tab-archived") == "Archivées (1)"


async def test_a_lost_page_keeps_the_table_and_offers_to_retry(
    demo_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def no_wait(seconds: float) -> None:
        return None

    monkeypatch.setattr(api_client.retry, "sleep", no_wait)
    launcher = LossyLauncher(database_url=demo_database_url, token_store=MemoryTokenStore())
    app = PixApp(launcher)
    async with app.run_test(size=(80, 24)) as pilot:
        listing = await open_campaigns(pilot)
        first_page = shown_names(pilot)
        assert listing.asked is not None
        path = f"/api/organizations/{listing.asked.organization_id}/campaigns"

        launcher.lose_answers("GET", path)
        await pilot.press("n")
        await wait_until(pilot, lambda: visible(pilot, "#campaign-retry"), "Réessayer")
        assert text(pilot, "#campaign-status") == UNREACHABLE
        assert shown_names(pilot) == first_page  # what was shown stays

        launcher.lose_answers(None)
        app.screen.query_one("#campaign-retry").focus()
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: list_ready(pilot) and not visible(pilot, "#campaign-status"), "page 2"
        )
        assert text(pilot, "#page-position") == "Page : 2 / 2"
        assert shown_names(pilot) != first_page
