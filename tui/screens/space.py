"""What every space screen shares: the header, the footer and the session keys.

Single letters (`e`, `d`) rather than ctrl+letters: many SSH clients cannot send every control
key. While a text field has the focus the letters go to the field; Échap leaves the field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar, cast
from urllib.parse import urlsplit

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Input

from tui import spaces
from tui.labels import person_name
from tui.widgets.space_header import SpaceHeader

if TYPE_CHECKING:
    from textual.app import SystemCommand

    from tui.app import PixApp


class SpaceScreen(Screen[None]):
    """Base of the home screen of a space; subclasses give `SPACE` and `compose_body`."""

    SPACE: ClassVar[spaces.SpaceInfo]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "switch_space", "Espaces", id="switch-space"),
        Binding("d", "logout", "Se déconnecter", id="logout"),
        Binding("escape", "leave_field", "Sortir du champ", key_display="Échap", id="leave-field"),
    ]

    @property
    def pix_app(self) -> PixApp:
        return cast("PixApp", self.app)

    def compose(self) -> ComposeResult:
        yield SpaceHeader(self.SPACE.label, location=self._location(), id="space-header")
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        """The space's own content, between the header and the footer."""
        yield from ()

    def on_mount(self) -> None:
        self.show_identity()

    def show_identity(self, organization: str | None = None) -> None:
        """Refresh the header: the user's name and, in Pix Orga, the organisation."""
        user = self.pix_app.user
        name = person_name(user.first_name, user.last_name, user.email or "") if user else ""
        self.query_one(SpaceHeader).show_identity(name, organization)

    def _location(self) -> str:
        launcher = self.pix_app.launcher
        if launcher.embedded:
            return "Démo locale"
        return urlsplit(launcher.base_url).netloc or launcher.base_url

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typing = isinstance(self.focused, Input)
        if action == "leave_field":
            return typing
        if typing and action in self._letter_actions():
            # The letter goes to the field: hide the key rather than advertise a dead one.
            return False
        if action == "switch_space":
            session = self.pix_app.session
            return session is not None and len(spaces.available(session.spaces)) > 1
        return True

    def _letter_actions(self) -> set[str]:
        return {
            binding.action for key, binding in self._bindings if len(key) == 1 and key.isprintable()
        }

    def action_switch_space(self) -> None:
        self.pix_app.action_switch_space()

    def action_logout(self) -> None:
        self.pix_app.action_logout()

    def action_leave_field(self) -> None:
        if isinstance(self.focused, Input):
            self.set_focus(None)

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Commands this screen adds to the command palette (ctrl+p)."""
        yield from ()
