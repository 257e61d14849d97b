"""The Pix Admin screens as the snapshot tests and `scripts/screenshots.py` picture them.

The demo seeds participations relative to the day it is prepared; a picture of them must not
change with the calendar. So the participation scene fixes every date of RENTRE123 around
`FROZEN_NOW` (`PREPARE`), and the clocks that judge "stuck" — the screen's and the server's —
read `FROZEN_NOW` too (`freeze_clocks`, undone by the function it returns; tests use
monkeypatch instead). Camille Laurent is then stuck for 12 days.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from admin_pilot import (
    SUPER_ADMIN,
    SUPPORT,
    admin_home,
    open_campaign,
    participation_id,
    search,
    set_activity,
    settle_triage,
    show_tab,
)
from pilot_support import settle, wait_until
from student_db import execute, query
from textual.pilot import Pilot

from tui.screens.admin.dialogs import OwnerPicker
from tui.screens.orga.confirm_dialog import ConfirmDialog

Scene = Callable[[Pilot[None]], Awaitable[None]]

FROZEN_NOW = datetime(2025, 3, 20, 9, 30, tzinfo=UTC)
STUCK_STUDENT = "eleve11@example.net"  # Camille Laurent, on the first page


def _clock_targets() -> list[tuple[Any, str]]:
    import server.usecases.admin_campaigns as campaigns_usecases
    import server.usecases.admin_participations as participations_usecases
    import tui.screens.admin.participations_table as participations_table

    return [
        (participations_table, "clock"),
        (campaigns_usecases, "utcnow"),
        (participations_usecases, "utcnow"),
    ]


def frozen_clock() -> datetime:
    return FROZEN_NOW


def clock_patches() -> list[tuple[Any, str, Callable[[], datetime]]]:
    """(module, attribute, frozen function): what `freeze_clocks` replaces."""
    return [(module, name, frozen_clock) for module, name in _clock_targets()]


def freeze_clocks() -> Callable[[], None]:
    """Make the screen and the server believe it is `FROZEN_NOW`; returns the undo."""
    saved = [(module, name, getattr(module, name)) for module, name in _clock_targets()]
    for module, name, frozen in clock_patches():
        setattr(module, name, frozen)

    def undo() -> None:
        for module, name, original in saved:
            setattr(module, name, original)

    return undo


def fix_rentree_dates(database_url: str) -> None:
    """Every date of RENTRE123's participations, answers and reports, around `FROZEN_NOW`."""
    participations = query(
        database_url,
        "SELECT p.id, p.status FROM campaign_participations p "
        "JOIN campaigns c ON c.id = p.campaign_id WHERE c.code = 'RENTRE123' ORDER BY p.id",
    )
    stuck = participation_id(database_url, "RENTRE123", STUCK_STUDENT)
    for index, (participation, status) in enumerate(participations):
        if participation == stuck:
            started = FROZEN_NOW - timedelta(days=12, hours=2)
        elif status == "STARTED":
            started = FROZEN_NOW - timedelta(days=1 + index % 2, hours=3)
        else:
            started = FROZEN_NOW - timedelta(days=3 + index * 5 % 13, hours=index % 6)
        set_activity(database_url, participation, started)
        shared = started + timedelta(hours=2) if status == "SHARED" else None
        execute(
            database_url,
            "UPDATE campaign_participations SET shared_at = ? WHERE id = ?",
            shared.replace(tzinfo=None).isoformat(sep=" ") if shared else None,
            participation,
        )
    execute(
        database_url,
        "UPDATE feedbacks SET created_at = ?",
        (FROZEN_NOW - timedelta(days=2)).replace(tzinfo=None).isoformat(sep=" "),
    )


async def _steady(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def _search_results(pilot: Pilot[None]) -> None:
    await admin_home(pilot, SUPPORT)
    await search(pilot, "rentrée")
    await _steady(pilot)


async def _organizations(pilot: Pilot[None]) -> None:
    await admin_home(pilot, SUPPORT)
    await search(pilot, "pix", organizations=True)
    await _steady(pilot)


async def _triage(pilot: Pilot[None]) -> None:
    await open_campaign(pilot, "RENTRE123", SUPPORT)
    await _steady(pilot)


async def _triage_participants(pilot: Pilot[None]) -> None:
    await open_campaign(pilot, "RENTRE123", SUPPORT)
    await show_tab(pilot, "2")
    await _steady(pilot)


async def _triage_archived(pilot: Pilot[None]) -> None:
    await open_campaign(pilot, "ARCHIV789", SUPER_ADMIN)
    await _steady(pilot)


async def _confirm_unarchive(pilot: Pilot[None]) -> None:
    await open_campaign(pilot, "ARCHIV789", SUPER_ADMIN)
    await pilot.press("a")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog), "the dialog")
    await _steady(pilot)


async def _owner_picker(pilot: Pilot[None]) -> OwnerPicker:
    await open_campaign(pilot, "RENTRE123", SUPPORT)
    await pilot.press("o")
    await wait_until(
        pilot,
        lambda: isinstance(pilot.app.screen, OwnerPicker) and bool(pilot.app.screen.members),
        "the members",
    )
    await _steady(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, OwnerPicker)
    return screen


async def _choose_owner(pilot: Pilot[None]) -> None:
    await _owner_picker(pilot)


async def _confirm_owner(pilot: Pilot[None]) -> None:
    await _owner_picker(pilot)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog), "the dialog")
    await settle_triage(pilot)
    await _steady(pilot)


SCENES: dict[str, Scene] = {
    "admin_search_results": _search_results,
    "admin_organizations": _organizations,
    "admin_triage": _triage,
    "admin_triage_participants": _triage_participants,
    "admin_triage_archived": _triage_archived,
    "admin_confirm_unarchive": _confirm_unarchive,
    "admin_owner_picker": _choose_owner,
    "admin_confirm_owner": _confirm_owner,
}

# What a scene needs in the database before the app starts.
PREPARE: dict[str, Callable[[str], None]] = {
    "admin_triage_participants": fix_rentree_dates,
}
