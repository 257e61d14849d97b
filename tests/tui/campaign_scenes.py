"""The campaign screens as the snapshot tests and `scripts/screenshots.py` picture them.

Each scene drives the app from the login form to one screen and leaves it steady (workers
done, animations over, no blinking cursor). Some need the database prepared first
(`PREPARE`), and the created campaign's code must come from a seeded generator
(`seed_campaign_codes`) for the picture to be the same every time.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable

from pilot_support import settle, visible, wait_until
from textual.pilot import Pilot
from textual.widgets import RadioSet, TextArea
from tui_campaign_support import (
    add_empty_organization,
    list_ready,
    open_campaigns,
    open_creation_form,
    open_detail,
    wait_for_detail,
    wait_for_list,
)

from server.usecases import campaign_codes
from tui.widgets.target_profile_picker import TargetProfilePicker

Scene = Callable[[Pilot[None]], Awaitable[None]]


def seed_campaign_codes(seed: int = 2024) -> Callable[..., object]:
    """Make the server draw campaign codes from a seeded generator; returns the original
    `choice` (tests use monkeypatch instead)."""
    original = campaign_codes._system_random.choice
    campaign_codes._system_random.choice = random.Random(seed).choice  # type: ignore[method-assign]
    return original


async def steady(pilot: Pilot[None]) -> None:
    """Workers done, animations over, no blinking cursor anywhere."""
    await settle(pilot)
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def _list_active(pilot: Pilot[None]) -> None:
    await open_campaigns(pilot)
    await steady(pilot)


async def _list_archived(pilot: Pilot[None]) -> None:
    await open_campaigns(pilot)
    await pilot.press("t", "a")
    await wait_until(
        pilot,
        lambda: list_ready(pilot) and pilot.app.screen.query_one("#search-owner").display,
        "all the archived campaigns",
    )
    await steady(pilot)


async def _list_empty(pilot: Pilot[None]) -> None:
    # The organisation without campaigns comes from PREPARE.
    await open_campaigns(pilot, "prof2@example.net")
    await steady(pilot)


async def _list_no_result(pilot: Pilot[None]) -> None:
    await open_campaigns(pilot)
    pilot.app.screen.query_one("#search-name").focus()
    await pilot.press(*"zzz")
    await wait_until(
        pilot, lambda: list_ready(pilot) and visible(pilot, "#campaign-status"), "no result"
    )
    await steady(pilot)


async def _choose(pilot: Pilot[None], selector: str, position: int) -> None:
    pilot.app.screen.query_one(selector, RadioSet).focus()
    await pilot.pause()
    await pilot.press(*["down"] * position, "enter")


async def _wizard_assessment(pilot: Pilot[None]) -> None:
    await open_campaigns(pilot)
    form = await open_creation_form(pilot)
    await pilot.press(*"Rentrée 5e B")
    await _choose(pilot, "#campaign-purpose", 0)
    form.query_one("#target-profile-search").focus()
    await pilot.press(*"rentree 5", "enter", "enter")
    await wait_until(
        pilot, lambda: form.query_one(TargetProfilePicker).selected is not None, "the profile"
    )
    await steady(pilot)


async def _wizard_profiles(pilot: Pilot[None]) -> None:
    await open_campaigns(pilot)
    await open_creation_form(pilot)
    await pilot.press(*"Profils Pix 4e B")
    await _choose(pilot, "#campaign-purpose", 1)
    await _choose(pilot, "#external-id", 1)
    await pilot.press("tab", *"Numéro INE")
    await steady(pilot)


async def _wizard_errors(pilot: Pilot[None]) -> None:
    await open_campaigns(pilot)
    await open_creation_form(pilot)
    await pilot.press("f10")
    await steady(pilot)


async def _created(pilot: Pilot[None]) -> None:
    await open_campaigns(pilot)
    await open_creation_form(pilot)
    await pilot.press(*"Collecte des profils 4e B")
    await _choose(pilot, "#campaign-purpose", 1)
    await pilot.press("f10")
    await wait_for_detail(pilot)
    await steady(pilot)


async def _detail_settings(pilot: Pilot[None]) -> None:
    await open_campaigns(pilot)
    await open_detail(pilot, "Parcours de rentrée 5e")
    await steady(pilot)


async def _detail_member(pilot: Pilot[None]) -> None:
    await open_campaigns(pilot, "prof2@example.net")
    await pilot.press("t")
    await wait_for_list(pilot, "all the campaigns")
    await open_detail(pilot, "Collecte des profils 3e")
    await steady(pilot)


SCENES: dict[str, Scene] = {
    "campaign_list_active": _list_active,
    "campaign_list_archived": _list_archived,
    "campaign_list_empty": _list_empty,
    "campaign_list_no_result": _list_no_result,
    "campaign_wizard_assessment": _wizard_assessment,
    "campaign_wizard_profiles": _wizard_profiles,
    "campaign_wizard_errors": _wizard_errors,
    "campaign_created": _created,
    "campaign_settings": _detail_settings,
    "campaign_settings_member": _detail_member,
}


# What a scene needs in the database before the app starts.
PREPARE: dict[str, Callable[[str], None]] = {
    "campaign_list_empty": lambda url: add_empty_organization(url, "prof2@example.net"),
}
