"""Pix App home: "J'ai un code" — the student types the campaign code their teacher gave.

The code is normalised (trimmed, uppercase) and checked locally: Pix codes are 9 letters or
digits. A well-formed code is posted as `CodeEntered`; the campaign flow answers it.
"""

from __future__ import annotations

import re
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from tui import messages, spaces
from tui.labels import person_name
from tui.screens.space import SpaceScreen

CODE_PATTERN = re.compile(r"[A-Z0-9]{9}")
CODE_LENGTH = 9
INVALID_CODE = "Ce code n'est pas valide."
EMPTY_CODE = "Veuillez saisir le code du parcours."


def normalise_code(raw: str) -> str:
    """What the student meant: no surrounding spaces, uppercase (codes are shown uppercase)."""
    return raw.strip().upper()


def is_valid_code(code: str) -> bool:
    return CODE_PATTERN.fullmatch(code) is not None


class AppHomeScreen(SpaceScreen):
    SPACE = spaces.APP
    CSS_PATH = "home.tcss"
    AUTO_FOCUS: ClassVar[str | None] = "#campaign-code"

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="app-body"), Vertical(id="code-panel"):
            yield Static(id="app-welcome")
            yield Static("J'ai un code", id="code-title")
            yield Static(
                "Saisissez le code du parcours communiqué par votre enseignant.",
                id="code-help",
                classes="muted",
            )
            yield Label("Code du parcours", classes="field-label")
            # A little room beyond 9: spaces around a pasted code are trimmed, not refused.
            yield Input(placeholder="ABCDE1234", max_length=CODE_LENGTH + 4, id="campaign-code")
            yield Static(id="code-error", classes="error-text", markup=False)
            with Horizontal(id="code-actions"):
                yield Button("Accéder au parcours", variant="primary", id="access-campaign")
                yield Button("Se déconnecter", id="logout")

    def on_mount(self) -> None:
        super().on_mount()
        user = self.pix_app.user
        first_name = user.first_name if user else None
        self.query_one("#app-welcome", Static).update(
            Text.assemble("Bonjour ", person_name(first_name, None, "à vous"), " !")
        )
        self.query_one("#code-error").display = False

    @on(Input.Changed, "#campaign-code")
    def _uppercase(self, event: Input.Changed) -> None:
        upper = event.value.upper()
        if upper != event.value:
            field = event.input
            cursor = field.cursor_position
            field.value = upper
            field.cursor_position = cursor
        self._show_error(None)

    @on(Input.Submitted, "#campaign-code")
    @on(Button.Pressed, "#access-campaign")
    def _submit(self) -> None:
        field = self.query_one("#campaign-code", Input)
        code = normalise_code(field.value)
        if not code:
            self._show_error(EMPTY_CODE)
        elif not is_valid_code(code):
            self._show_error(INVALID_CODE)
        else:
            field.value = code
            self._show_error(None)
            self.post_message(messages.CodeEntered(code))
            return
        field.focus()

    @on(Button.Pressed, "#logout")
    def _logout_pressed(self) -> None:
        self.action_logout()

    def _show_error(self, text: str | None) -> None:
        error = self.query_one("#code-error", Static)
        error.update(text or "")
        error.display = bool(text)
        self.query_one("#campaign-code", Input).set_class(bool(text), "-invalid")
