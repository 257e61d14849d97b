"""The follow-up screens of RENTRE123 as the snapshot tests and `scripts/screenshots.py`
picture them. The demo participations are dated relative to the day the demo was seeded:
`pin_participation_dates` moves them so the last one falls on a fixed day, for the same
picture every day."""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from contextlib import closing
from datetime import date

from campaign_scenes import steady
from pilot_support import wait_until
from textual.pilot import Pilot
from tui_follow_support import open_follow

from tui.screens.orga.follow.participant_screen import ParticipantScreen

Scene = Callable[[Pilot[None]], Awaitable[None]]
PINNED_DAY = date(2025, 9, 19)


def pin_participation_dates(database_url: str) -> None:
    """Shift every participation by whole days so the latest was created on `PINNED_DAY`."""
    path = database_url.split("///", 1)[1]
    with closing(sqlite3.connect(path)) as db:
        latest = db.execute("SELECT max(created_at) FROM campaign_participations").fetchone()[0]
        shift = (PINNED_DAY - date.fromisoformat(str(latest)[:10])).days
        for column in ("created_at", "shared_at", "updated_at"):
            db.execute(
                f"UPDATE campaign_participations SET {column} = "
                f"strftime('%Y-%m-%d %H:%M:%f', {column}, ?) WHERE {column} IS NOT NULL",
                (f"{shift:+d} days",),
            )
        db.commit()


async def _tab(pilot: Pilot[None], tab_id: str) -> None:
    screen = await open_follow(pilot)
    if tab_id == "tab-participants":
        screen.focus_participants()
    else:
        screen.query_one("#campaign-tabs").active = tab_id  # type: ignore[attr-defined]
        screen.set_focus(None)
    await steady(pilot)


async def _participants(pilot: Pilot[None]) -> None:
    await _tab(pilot, "tab-participants")


async def _results(pilot: Pilot[None]) -> None:
    await _tab(pilot, "tab-results")


async def _activity(pilot: Pilot[None]) -> None:
    await _tab(pilot, "tab-activity")


async def _participant(pilot: Pilot[None]) -> None:
    await _tab(pilot, "tab-participants")
    await pilot.press("enter")
    await wait_until(
        pilot,
        lambda: isinstance(pilot.app.screen, ParticipantScreen) and pilot.app.screen.loaded,
        "the participant",
    )
    await steady(pilot)


SCENES: dict[str, Scene] = {
    "follow_participants": _participants,
    "follow_participant": _participant,
    "follow_results": _results,
    "follow_activity": _activity,
}
