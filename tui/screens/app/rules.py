"""Les règles du jeu: what Pix tells a learner before their very first question.

Shown once per user (the landing page remembers it locally). Returns True on "Je commence",
False when closed with Échap (the student stays on the landing page).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

RULES: tuple[tuple[str, str], ...] = (
    (
        "Vous pouvez rechercher sur internet",
        "Si vous ignorez une réponse, elle se trouve sûrement sur Internet.",
    ),
    (
        "Des tutos pour apprendre",
        "Accédez à des tutos pour apprendre davantage sur chaque question et progresser.",
    ),
    (
        "Pas de limite de temps !",
        "Prenez le temps nécessaire pour terminer votre parcours. "
        "Si une question est chronométrée, cela vous sera indiqué.",
    ),
    (
        "Un niveau de difficulté adapté",
        "En fonction de vos réponses, Pix adapte la difficulté des questions.",
    ),
)


class RulesScreen(ModalScreen[bool]):
    CSS_PATH: ClassVar[list[str | PurePath]] = ["../dialogs.tcss", "student.tcss"]
    CSS = """
    #rules { width: 76; }
    #rules-list { height: auto; max-height: 16; }
    .rule-title { text-style: bold; padding: 0 1; }
    .rule-text { padding: 0 1 1 3; }
    #rules Button { margin: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(False)", "Retour", key_display="Échap", id="close-dialog"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="rules"):
            yield Static("Les règles du jeu", classes="dialog-title")
            with VerticalScroll(id="rules-list"):
                for number, (title, text) in enumerate(RULES, start=1):
                    yield Static(f"{number}. {title}", classes="rule-title")
                    yield Static(text, classes="rule-text")
            yield Button("Je commence", variant="primary", id="begin", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#begin", Button).focus()

    @on(Button.Pressed, "#begin")
    def _begin(self) -> None:
        self.dismiss(True)
