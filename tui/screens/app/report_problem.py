"""Signaler un problème: a few words about what is wrong with the question, sent to Pix.

The dialog stays open while the report is sent and shows a failure in place; the typed
text is never lost. It closes on success (the question screen then says thanks).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static, TextArea

from tui import messages
from tui.errors import failure_message

if TYPE_CHECKING:
    from api_client import Challenge
    from tui.app import PixApp
    from tui.screens.app.flow import CampaignRun

EMPTY_REPORT = "Décrivez le problème en quelques mots."
THANKS = "Merci ! Votre signalement a bien été envoyé."
MAX_REPORT_LENGTH = 10_000


class ReportProblemScreen(ModalScreen[bool]):
    CSS_PATH: ClassVar[list[str | PurePath]] = ["../dialogs.tcss", "student.tcss"]
    CSS = """
    #report-problem { width: 70; }
    #report-text { height: 6; margin: 0 1; }
    #report-problem .dialog-actions { height: auto; margin: 1 1 0 1; }
    #report-problem .dialog-actions Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(False)", "Annuler", key_display="Échap", id="close-dialog"),
        Binding("f2", "send", "Envoyer", id="send-report"),
    ]

    def __init__(self, run: CampaignRun, challenge: Challenge, answer: str | None) -> None:
        super().__init__()
        self.run = run
        self.challenge = challenge
        self.answer = answer

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="report-problem"):
            yield Static("Signaler un problème", classes="dialog-title")
            yield Static(
                "Une consigne peu claire, une réponse juste refusée, un affichage cassé ? "
                "Dites-le à Pix :",
                classes="dialog-hint",
            )
            yield TextArea(id="report-text", soft_wrap=True, show_line_numbers=False)
            yield Static(id="report-error", classes="dialog-error", markup=False)
            with Horizontal(classes="dialog-actions"):
                yield Button("Envoyer", variant="primary", id="send", compact=True)
                yield Button("Annuler", id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#report-text", TextArea).focus()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#send")
    def action_send(self) -> None:
        text = self.query_one("#report-text", TextArea).text.strip()
        if not text:
            self._show_error(EMPTY_REPORT)
            return
        self._show_error(None)
        self.query_one("#send", Button).disabled = True
        self._report(text[:MAX_REPORT_LENGTH])

    @work(exclusive=True, exit_on_error=False, group="report-problem")
    async def _report(self, text: str) -> None:
        try:
            client = await cast("PixApp", self.app).wait_for_client()
            await client.app.report_problem(
                self.run.require_assessment().id, self.challenge.id, text, self.answer
            )
        except Exception as error:
            self.post_message(failure_message(error))
        else:
            self.post_message(messages.StudentActionDone("problem-reported"))

    @on(messages.StudentActionDone)
    def _sent(self, message: messages.StudentActionDone) -> None:
        message.stop()
        self.app.notify(THANKS)
        self.dismiss(True)

    @on(messages.LoadFailed)
    def _failed(self, message: messages.LoadFailed) -> None:
        message.stop()
        self._show_error(message.error)
        self.query_one("#send", Button).disabled = False

    def _show_error(self, text: str | None) -> None:
        error = self.query_one("#report-error", Static)
        error.update(text or "")
        error.set_class(bool(text), "-shown")
