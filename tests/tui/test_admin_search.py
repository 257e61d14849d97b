"""Pix Admin's search, against the real server: campaigns of every organisation by name, an
exact code or id that opens the campaign, organisations and their campaigns.

Helpers and the demo's facts are in admin_pilot.py.
"""

from __future__ import annotations

from admin_pilot import (
    COLLEGE,
    LYCEE,
    admin_home,
    column,
    rename_campaign,
    rows,
    search,
    wait_for_triage,
)
from pilot_support import AppFactory, text_of, wait_until
from student_db import query
from textual.widgets import DataTable

from tui.screens.admin.home import AdminHomeScreen
from tui.screens.admin.search_results import SearchResults


async def test_a_name_fragment_finds_campaigns_across_organisations(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        await admin_home(pilot)
        await search(pilot, "rentrée")

        found = rows(pilot, "#campaign-results")
        title = text_of(pilot, "#results-title")
        organizations = column(pilot, "#campaign-results", "organization")
        # Names are cut to their column; the campaigns behind the rows are whole.
        names = [
            campaign.name for campaign in pilot.app.screen.query_one(SearchResults).campaigns.items
        ]
        cells = column(pilot, "#campaign-results", "name")

        # Entrée on a row opens that campaign (the newest first: RENTRE123).
        await pilot.press("enter")
        opened = await wait_for_triage(pilot, "RENTRE123")

    assert title == "3 campagnes trouvées pour « rentrée »"
    assert set(organizations) == {COLLEGE, LYCEE}
    assert names == [
        "Parcours de rentrée 5e",
        "Parcours de rentrée 5e – rattrapage",
        "Parcours Seconde – rentrée",
    ]
    assert cells[1] == "Parcours de rentrée 5…"
    # Every column the brief lists, at 120 columns: statuses in words, dates.
    rattrapage = found[1]
    assert rattrapage[2:] == [
        "SPAYDS833",
        "Julien Bernard",
        "Évaluation",
        "Archivée",
        "07/10/2024",
        "21/11/2024",
    ]
    assert opened.campaign is not None and opened.campaign.name == "Parcours de rentrée 5e"


async def test_at_80_columns_the_highlighted_row_is_spelt_out(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await admin_home(pilot)
        await search(pilot, "rentrée")
        await pilot.press("down")  # the archived "rattrapage", below RENTRE123
        await pilot.pause()
        table = pilot.app.screen.query_one("#campaign-results", DataTable)
        columns = [key.value for key in table.columns]
        detail = text_of(pilot, "#results-detail")

    # Type and dates leave the table at 80 columns, not the screen.
    assert columns == ["organization", "name", "code", "owner", "status"]
    assert "Parcours de rentrée 5e – rattrapage" in detail
    assert "créée le 07/10/2024" in detail and "archivée le 21/11/2024" in detail


async def test_an_exact_code_opens_the_campaign_at_once(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await admin_home(pilot)
        await search(pilot, " archiv789 ")
        screen = await wait_for_triage(pilot, "ARCHIV789")
        banner = text_of(pilot, "#status-banner")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, AdminHomeScreen), "home")

    assert screen.campaign is not None
    assert banner.startswith("⚠ Campagne archivée le 03/10/2024")


async def test_an_id_opens_the_campaign_and_an_unknown_one_is_said(
    make_app: AppFactory, demo_database_url: str
) -> None:
    ((profiles_id,),) = query(
        demo_database_url, "SELECT id FROM campaigns WHERE code = ?", "PROFIL456"
    )
    async with make_app().run_test(size=(80, 24)) as pilot:
        await admin_home(pilot)
        await search(pilot, str(profiles_id))
        await wait_for_triage(pilot, "PROFIL456")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, AdminHomeScreen), "home")
        await search(pilot, "987654")
        message = text_of(pilot, "#results-status")

    assert (
        message == "Aucune campagne ne correspond à « 987654 » (ni code, ni identifiant, ni nom)."
    )


async def test_part_of_a_code_lists_the_codes_that_contain_it(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await admin_home(pilot)
        await search(pilot, "RENTRE")  # no name contains it ("rentrée" has an é)
        title = text_of(pilot, "#results-title")
        codes = column(pilot, "#campaign-results", "code")

    assert title == "1 campagne trouvée dans les codes pour « RENTRE »"
    assert codes == ["RENTRE123"]


async def test_organisations_then_their_campaigns_then_back(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await admin_home(pilot)
        await search(pilot, "pix", organizations=True)
        organizations = column(pilot, "#organization-results", "name")
        counts = column(pilot, "#organization-results", "campaigns")

        await pilot.press("down", "enter")  # the lycée
        results = screen.query_one(SearchResults)
        await wait_until(
            pilot,
            lambda: results.showing_organization_campaigns and results.campaigns.display,
            "the lycée's campaigns",
        )
        title = text_of(pilot, "#results-title")
        lycee_campaigns = column(pilot, "#campaign-results", "organization")

        await pilot.press("escape")
        await wait_until(pilot, lambda: results.organizations.display, "the organisations again")
        back = column(pilot, "#organization-results", "name")

    assert organizations == [COLLEGE, LYCEE]
    assert counts == ["30", "4"]
    assert title == f"Campagnes de {LYCEE} : 4"
    assert lycee_campaigns == [LYCEE] * 4
    assert back == organizations


async def test_an_organisation_by_id(make_app: AppFactory, demo_database_url: str) -> None:
    ((lycee_id,),) = query(demo_database_url, "SELECT id FROM organizations WHERE name = ?", LYCEE)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await admin_home(pilot)
        await search(pilot, str(lycee_id), organizations=True)
        found = column(pilot, "#organization-results", "name")

    assert found == [LYCEE]


async def test_an_empty_search_is_explained(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await admin_home(pilot)
        await pilot.press("r", "enter")
        error = text_of(pilot, "#search-error")

    assert error == "Saisissez un code, un identifiant ou un nom de campagne."


async def test_hostile_names_are_shown_as_typed(
    make_app: AppFactory, demo_database_url: str
) -> None:
    rename_campaign(demo_database_url, "PROFIL456", "[bold red]x\x1b[31m\x07")
    async with make_app().run_test(size=(120, 40)) as pilot:
        await admin_home(pilot)
        await search(pilot, "bold")
        names = column(pilot, "#campaign-results", "name")
        detail = text_of(pilot, "#results-detail")
        await pilot.press("enter")
        await wait_for_triage(pilot, "PROFIL456")
        heading = text_of(pilot, "#campaign-name")

    # Markup stays text; the escape and the bell never reach the terminal.
    assert names == ["[bold red]x[31m"]
    assert "· [bold red]x[31m ·" in detail
    assert heading == "[bold red]x[31m"
