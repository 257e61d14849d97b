"""The one-line header of every space: which space, who is logged in, which organisation.

Names come from the server (a teacher can name an organisation anything): they are set as
plain `Text`, never parsed as markup, so "[bold red]x" shows as typed.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from tui.widgets.safe_text import one_line


class SpaceHeader(Horizontal):
    """`Pix Orga │ Jeanne Martin │ Collège Pix (DEMO)            Démo locale`."""

    DEFAULT_CSS = """
    SpaceHeader {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    SpaceHeader > .space-name {
        width: auto;
        padding: 0 1;
        background: $primary;
        color: $text;
        text-style: bold;
    }
    SpaceHeader > .identity {
        width: auto;
        max-width: 45%;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    SpaceHeader > #header-organization {
        color: $accent;
        text-style: bold;
    }
    SpaceHeader > #header-location {
        width: 1fr;
        min-width: 0;
        padding: 0 1;
        text-align: right;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, space_label: str, *, location: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self._space_label = space_label
        self._location = location

    def compose(self) -> ComposeResult:
        yield Static(Text(self._space_label), classes="space-name")
        yield Static(id="header-user", classes="identity")
        yield Static(id="header-organization", classes="identity")
        yield Static(Text(self._location), id="header-location")

    def show_identity(self, user_name: str, organization: str | None = None) -> None:
        """Set who is logged in and, in Pix Orga, the current organisation."""
        user = self.query_one("#header-user", Static)
        user.update(Text(one_line(user_name)))
        user.display = bool(user_name)
        org = self.query_one("#header-organization", Static)
        org.update(Text(one_line(organization)))
        org.display = bool(organization)
