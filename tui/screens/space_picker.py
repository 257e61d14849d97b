"""Espaces: a small dialog listing the spaces the session opened; Entrée opens one."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from tui.spaces import SpaceInfo


class SpacePickerScreen(ModalScreen[str | None]):
    """Returns the mode of the chosen space, or None when dismissed."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Fermer", key_display="Échap", id="close-dialog"),
    ]

    def __init__(self, available: list[SpaceInfo], current: str) -> None:
        super().__init__()
        self._available = available
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="space-picker"):
            yield Static("Espaces", classes="dialog-title")
            options = []
            for space in self._available:
                marker = "  (ouvert)" if space.mode == self._current else ""
                options.append(
                    Option(
                        Text.assemble(
                            (space.label, "bold"), marker, "\n", (space.description, "dim")
                        ),
                        id=space.mode,
                    )
                )
            yield OptionList(*options, id="space-list")
            yield Static("Entrée : ouvrir · Échap : fermer", classes="dialog-hint")
        yield Footer()

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        for index, space in enumerate(self._available):
            if space.mode == self._current:
                option_list.highlighted = index

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
