"""A small yes/no dialog ("Archiver la campagne « … » ?"); returns True when confirmed.

The question names what it acts on, in plain text (a name is never read as markup); Échap
or "Annuler" answers no, and the focus starts on "Annuler" so a stray Entrée changes nothing.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static


class ConfirmDialog(ModalScreen[bool]):
    CSS_PATH = "../dialogs.tcss"
    DEFAULT_CSS = """
    ConfirmDialog .dialog-text {
        padding: 0 1;
    }
    /* Names are other people's text, up to 255 characters each: the buttons stay in view. */
    ConfirmDialog .dialog-title {
        max-height: 5;
        overflow-y: auto;
    }
    ConfirmDialog .dialog-text {
        max-height: 8;
        overflow-y: auto;
    }
    ConfirmDialog .dialog-buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    ConfirmDialog .dialog-buttons Button {
        margin-left: 2;
    }
    """
    AUTO_FOCUS = "#confirm-cancel"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(False)", "Annuler", key_display="Échap", id="close-dialog"),
    ]

    def __init__(self, title: Text, text: str, confirm: str, *, dialog_id: str) -> None:
        super().__init__()
        self._title = title
        self._text = text
        self._confirm = confirm
        self._dialog_id = dialog_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id=self._dialog_id):
            yield Static(self._title, classes="dialog-title")
            yield Static(self._text, classes="dialog-text", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Annuler", id="confirm-cancel")
                yield Button(self._confirm, variant="primary", id="confirm-ok")
        yield Footer()

    @on(Button.Pressed, "#confirm-ok")
    def _confirmed(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-cancel")
    def _cancelled(self) -> None:
        self.dismiss(False)
