"""Stuck participations: still "En cours", no activity for N days (7 unless the agent changes
it with `s`). Zoé Vincent's answers are moved 10 days back in the test's database; the
other two in progress answered in the last 3 days.
"""

from __future__ import annotations

from admin_pilot import SUPPORT, make_stuck, open_campaign, rows, settle_triage, show_tab
from pilot_support import AppFactory, text_of, wait_until

from tui.screens.admin.dialogs import ThresholdDialog
from tui.screens.admin.participations_table import ParticipationsTable

ZOE = "eleve17@example.net"


def _statuses(pilot) -> dict[str, str]:
    return {row[0]: row[1] for row in rows(pilot, "#participations-table")}


async def _set_threshold(pilot, days: int) -> None:
    await pilot.press("s")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ThresholdDialog), "the dialog")
    await pilot.press(*str(days), "enter")  # the number shown is selected
    await settle_triage(pilot)


async def test_a_quiet_participation_is_marked_stuck(
    make_app: AppFactory, demo_database_url: str
) -> None:
    make_stuck(demo_database_url, ZOE, days=10)
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_campaign(pilot, "RENTRE123", SUPPORT)
        counts = text_of(pilot, "#counts-line")
        await show_tab(pilot, "2")
        await pilot.press("n")  # Vincent is on the second page of ten
        await settle_triage(pilot)
        statuses = _statuses(pilot)
        table = screen.query_one(ParticipationsTable)
        table.move_cursor(row=list(statuses).index("Zoé Vincent"))
        await pilot.pause()
        detail = text_of(pilot, "#participation-detail")

    assert "3 en cours (⚠ 1 bloqué depuis 7 jours ou plus)" in counts
    assert statuses["Zoé Vincent"] == "⚠ bloqué depuis 10 j"
    assert statuses["Hugo Thomas"] == "En cours"
    assert "⚠ aucune activité depuis 10 jours (seuil : 7 jours)" in detail


async def test_the_stuck_filter_and_a_higher_threshold(
    make_app: AppFactory, demo_database_url: str
) -> None:
    make_stuck(demo_database_url, ZOE, days=10)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_campaign(pilot, "RENTRE123", SUPPORT)
        await pilot.press("f", "f")  # Tous → En cours → Bloqués (and the tab shows)
        await settle_triage(pilot)
        only_stuck = _statuses(pilot)

        await _set_threshold(pilot, 12)
        label = text_of(pilot, "#threshold-label")
        counts = text_of(pilot, "#counts-line")
        none_left = text_of(pilot, "#participations-status")

        await _set_threshold(pilot, 1)
        counts_at_one_day = text_of(pilot, "#counts-line")
        stuck_at_one_day = sorted(_statuses(pilot))

    assert only_stuck == {"Zoé Vincent": "⚠ bloqué depuis 10 j"}
    assert label == "Bloqué après 12 j (s)"
    assert "bloqué" not in counts
    assert none_left == "Aucune participation ne correspond à ce filtre."
    # Hugo Thomas and Camille Laurent answered 1 to 3 days ago.
    assert "(⚠ 3 bloqués depuis 1 jour ou plus)" in counts_at_one_day
    assert stuck_at_one_day == ["Camille Laurent", "Hugo Thomas", "Zoé Vincent"]


async def test_a_threshold_that_is_not_a_number_of_days_is_refused(
    make_app: AppFactory,
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_campaign(pilot, "RENTRE123", SUPPORT)
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ThresholdDialog), "dialog")
        await pilot.press("0", "enter")
        refused = pilot.app.screen.query_one("#threshold-error").has_class("-shown")
        await pilot.press("escape")
        await pilot.pause()

    assert refused
    assert screen.threshold == 7
