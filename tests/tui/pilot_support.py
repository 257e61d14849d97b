"""Driving `PixApp` like a person would: type in fields, press keys, wait for the screen."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from textual.css.query import NoMatches
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tui.app import PixApp
from tui.launcher import DEMO_PASSWORD
from tui.screens.login import LoginScreen

TIMEOUT = 20.0

AppFactory = Callable[..., PixApp]
"""`make_app(token_store=None, api_url=None)` (the fixture of conftest.py)."""


async def wait_until(pilot: Pilot[None], condition: Callable[[], bool], what: str) -> None:
    """Let the app run until `condition()` holds (workers, server round-trips)."""
    deadline = time.monotonic() + TIMEOUT
    while not _holds(condition):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {what} (screen: {pilot.app.screen!r})")
        await pilot.pause(0.02)
    await pilot.pause()


def _holds(condition: Callable[[], bool]) -> bool:
    try:
        return condition()
    except NoMatches:  # the screen is not composed yet
        return False


def app_of(pilot: Pilot[None]) -> PixApp:
    app = pilot.app
    assert isinstance(app, PixApp)
    return app


def text_of(pilot: Pilot[None], selector: str) -> str:
    """The text a Static shows (what the user reads), without styles."""
    widget = pilot.app.screen.query_one(selector, Static)
    return str(widget.render()).strip()


def visible(pilot: Pilot[None], selector: str) -> bool:
    widget = pilot.app.screen.query_one(selector)
    return bool(widget.display) and widget.styles.display != "none"


async def type_into(pilot: Pilot[None], selector: str, text: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.pause()
    await pilot.press(*text)


def _login_busy(pilot: Pilot[None]) -> bool:
    return any(worker.group == "login" and not worker.is_finished for worker in pilot.app.workers)


async def login_screen_ready(pilot: Pilot[None]) -> LoginScreen:
    """The login form, once the backend is ready and no stored session is being restored."""
    await wait_until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, LoginScreen)
            and app_of(pilot).backend_ready
            and not _login_busy(pilot)
        ),
        "the login screen to be ready",
    )
    screen = pilot.app.screen
    assert isinstance(screen, LoginScreen)
    return screen


async def sign_in(pilot: Pilot[None], email: str, password: str = DEMO_PASSWORD) -> None:
    """Fill the form and press Entrée in the password field (does not wait for the outcome).

    The fields are filled directly: a pressed key costs ~60 ms in a headless pilot, and the
    typing itself is tested where it matters (`type_into`).
    """
    screen = await login_screen_ready(pilot)
    screen.query_one("#email", Input).value = email
    password_field = screen.query_one("#password", Input)
    password_field.value = password
    password_field.focus()
    await pilot.pause()
    await pilot.press("enter")


async def settle(pilot: Pilot[None]) -> None:
    """Workers done, animations over (a tab's underline slides), no blinking cursor: what a
    snapshot needs to be repeatable."""
    await pilot.app.workers.wait_for_complete()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    for screen in pilot.app.screen_stack:
        for field in screen.query(Input):
            field.cursor_blink = False
    await asyncio.sleep(0)
    await pilot.pause()
