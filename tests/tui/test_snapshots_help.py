"""Pictures of the help (F1) and of the campaign list without colour (NO_COLOR), at 80×24.

Hygiene of test_snapshots.py: seeded data only (fixed names, codes and dates), workers and
animations awaited, no blinking cursor. Update with
`pytest tests/tui/test_snapshots_help.py --snapshot-update`, then look at the SVGs in
tests/tui/__snapshots__/test_snapshots_help/.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from campaign_scenes import steady
from pilot_support import AppFactory, wait_until
from textual.pilot import Pilot
from tui_campaign_support import list_ready, open_campaigns

from tui.screens.help import HelpScreen

SMALL = (80, 24)
# The window frame Rich draws around every SVG export: its red, yellow and green dots and
# the title's colour (Rich's default foreground), not the app's.
WINDOW_FRAME = {("ff", "5f", "57"), ("fe", "bc", "2e"), ("28", "c8", "40"), ("c5", "c8", "c6")}
SVG_COLOUR = re.compile(r"#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})\b", re.IGNORECASE)


async def _help_over_the_campaign_list(pilot: Pilot[None]) -> None:
    await open_campaigns(pilot)
    await pilot.press("f1")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), "the help")
    await steady(pilot)


async def _archived_campaigns(pilot: Pilot[None]) -> None:
    # Every campaign of the organisation, archived tab: the tab's state must read in words.
    await open_campaigns(pilot)
    await pilot.press("t", "a")
    await wait_until(
        pilot,
        lambda: list_ready(pilot) and pilot.app.screen.query_one("#search-owner").display,
        "all the archived campaigns",
    )
    await steady(pilot)


def test_help_over_the_campaign_list(
    snap_compare: Callable[..., bool], make_app: AppFactory
) -> None:
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=_help_over_the_campaign_list)


def test_campaign_list_without_colour(
    snap_compare: Callable[..., bool], make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=_archived_campaigns)


async def test_no_color_is_honoured_and_the_list_still_reads(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await _archived_campaigns(pilot)
        svg = app.export_screenshot()
    assert app.no_color
    # Textual's Monochrome filter: every colour drawn is a grey (red = green = blue)...
    colours = {match.groups() for match in SVG_COLOUR.finditer(svg)} - WINDOW_FRAME
    assert colours
    assert all(red == green == blue for red, green, blue in colours), colours
    # ...and what the colours said is in the words: the tabs and the archived campaigns.
    text = svg.replace("&#160;", " ")
    for words in ("Toutes les campagnes", "Archivées", "ARCHIV789"):
        assert words in text, words
