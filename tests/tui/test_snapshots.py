"""What the screens look like, at 80×24 (the smallest terminal we support) and 120×40.

Hygiene: seeded data only (fixed names), no clock, no version, no temporary path on screen
(demo mode shows "Démo locale", not the database file), workers awaited and the cursor steady
before the picture. Update with `pytest tests/tui/test_snapshots.py --snapshot-update`, then look
at the SVGs in tests/tui/__snapshots__/.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from pilot_support import (
    AppFactory,
    login_screen_ready,
    settle,
    sign_in,
    text_of,
    visible,
    wait_until,
)
from textual.pilot import Pilot

from tui.screens.admin.home import AdminHomeScreen
from tui.screens.app.home import AppHomeScreen
from tui.screens.orga.home import OrgaHomeScreen
from tui.screens.orga.organization_switcher import OrganizationSwitcherScreen
from tui.screens.space_picker import SpacePickerScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
RunBefore = Callable[[Pilot[None]], Awaitable[None]]


async def _login_form(pilot: Pilot[None]) -> None:
    await login_screen_ready(pilot)
    await settle(pilot)


async def _wrong_password(pilot: Pilot[None]) -> None:
    await sign_in(pilot, "prof@example.net", "pas-le-bon")
    await wait_until(pilot, lambda: visible(pilot, "#form-error"), "the error")
    await settle(pilot)


async def _orga_home(pilot: Pilot[None]) -> None:
    await sign_in(pilot, "prof@example.net")
    await wait_until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, OrgaHomeScreen) and pilot.app.screen.prescriber is not None
        ),
        "the Orga home",
    )
    await settle(pilot)


async def _organization_switcher(pilot: Pilot[None]) -> None:
    await _orga_home(pilot)
    await pilot.press("o")
    await wait_until(
        pilot, lambda: isinstance(pilot.app.screen, OrganizationSwitcherScreen), "the switcher"
    )
    await settle(pilot)


async def _space_picker(pilot: Pilot[None]) -> None:
    await _orga_home(pilot)
    await pilot.press("e")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, SpacePickerScreen), "the picker")
    await settle(pilot)


async def _app_home(pilot: Pilot[None]) -> None:
    await sign_in(pilot, "eleve@example.net")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, AppHomeScreen), "the App home")
    await settle(pilot)


async def _app_home_invalid_code(pilot: Pilot[None]) -> None:
    await _app_home(pilot)
    await pilot.press(*"abc", "enter")
    await settle(pilot)


async def _admin_home(pilot: Pilot[None]) -> None:
    await sign_in(pilot, "support@example.net")
    await wait_until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, AdminHomeScreen)
            and "Support" in text_of(pilot, "#agent-role")
        ),
        "the Admin home",
    )
    await settle(pilot)


SCREENS: dict[str, RunBefore] = {
    "login": _login_form,
    "login_wrong_password": _wrong_password,
    "orga_home": _orga_home,
    "organization_switcher": _organization_switcher,
    "space_picker": _space_picker,
    "app_home": _app_home,
    "app_home_invalid_code": _app_home_invalid_code,
    "admin_home": _admin_home,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(
    snap_compare: Callable[..., bool], make_app: AppFactory, screen: str, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=SCREENS[screen])
