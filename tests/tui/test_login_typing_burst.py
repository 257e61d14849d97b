"""A password manager types "e-mail, Tab, password, Entrée" in one burst: every key reaches
the app before the Tab has moved the focus. The password must still land in its own field."""

from __future__ import annotations

from pilot_support import AppFactory, login_screen_ready, wait_until
from textual import events
from textual.widgets import Input

from tui.screens.orga.home import OrgaHomeScreen

EMAIL = "prof@example.net"
PASSWORD = "Pix12345"


def _key(name: str) -> events.Key:
    return events.Key(name, name if len(name) == 1 else None)


async def test_a_typed_burst_fills_both_fields_and_signs_in(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await login_screen_ready(pilot)
        screen.query_one("#email", Input).focus()
        await pilot.pause()
        # The keys are posted at once, as a terminal delivers a burst: no pause in between.
        keys = [_key(c) for c in EMAIL] + [_key("tab")] + [_key(c) for c in PASSWORD]
        for key in keys:
            app.post_message(key)
        await wait_until(
            pilot,
            lambda: screen.query_one("#password", Input).value == PASSWORD,
            "the password in its field",
        )
        assert screen.query_one("#email", Input).value == EMAIL
        app.post_message(_key("enter"))
        await wait_until(pilot, lambda: isinstance(app.screen, OrgaHomeScreen), "Pix Orga")
