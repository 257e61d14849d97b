"""Helpers of the follow-up tests: open RENTRE123's tabs and wait for their figures."""

from __future__ import annotations

from pilot_support import wait_until
from textual.pilot import Pilot
from textual.widgets import Static
from tui_campaign_support import open_campaigns, open_detail

from tui.screens.orga.campaign_detail import CampaignDetailScreen
from tui.screens.orga.follow.participants_panel import ParticipantsPanel, ParticipantsTable
from tui.screens.orga.follow.summary_panels import ActivityPanel, CollectiveResultsPanel

RENTREE = "Parcours de rentrée 5e"
PROFILES = "Collecte des profils 3e"


def _busy(pilot: Pilot[None], *groups: str) -> bool:
    return any(w.group in groups and not w.is_finished for w in pilot.app.workers)


def panel(pilot: Pilot[None]) -> ParticipantsPanel:
    return pilot.app.screen.query_one(ParticipantsPanel)


def participants_ready(pilot: Pilot[None]) -> bool:
    shown = panel(pilot)
    return shown.shown == shown.query_asked and not _busy(pilot, "follow-participants")


async def wait_for_participants(pilot: Pilot[None], what: str = "the participants") -> None:
    await wait_until(pilot, lambda: participants_ready(pilot), what)


async def open_follow(pilot: Pilot[None], name: str = RENTREE) -> CampaignDetailScreen:
    """Log in as the demo teacher, open `name`, wait until every follow-up tab is loaded."""
    await open_campaigns(pilot)
    screen = await open_detail(pilot, name)
    await wait_until(
        pilot,
        lambda: (
            participants_ready(pilot)
            and screen.query_one(ActivityPanel).shown is not None
            and screen.query_one(CollectiveResultsPanel).shown is not None
        ),
        "the follow-up tabs",
    )
    return screen


def rows(pilot: Pilot[None]) -> list[list[str]]:
    """The participants table as the user reads it."""
    table = pilot.app.screen.query_one(ParticipantsTable)
    if not table.display:
        return []
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


def body_text(pilot: Pilot[None], selector: str) -> str:
    """The text of a Static whose content is any Rich renderable (tables, groups)."""
    from io import StringIO

    from rich.console import Console

    widget = pilot.app.screen.query_one(selector, Static)
    console = Console(file=StringIO(), width=120, color_system=None, legacy_windows=False)
    console.print(widget.content)
    return console.file.getvalue()  # type: ignore[attr-defined]
