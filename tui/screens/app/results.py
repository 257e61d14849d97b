"""The results of a test: "Vous maîtrisez NN % des compétences testées", one bar per
competence, "J'envoie mes résultats", and "Je retente" when the campaign allows it.

Until the student sends them, the teacher sees nothing (Pix's rule): the button says so.
After sending, a confirmation and "Continuez votre expérience Pix" (back home).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from api_client import AssessmentResult
from tui import messages
from tui.screens.app import flow
from tui.screens.app.student_screen import StudentScreen
from tui.widgets.safe_text import clean, plain
from tui.widgets.text_bar import text_bar

SEND_INVITATION = (
    "Envoyez vos résultats à l'organisateur du parcours pour qu'il puisse vous accompagner."
)
SHARED = "Merci, vos résultats ont bien été envoyés !"
RETRY_TITLE = "Envie d'améliorer vos résultats ?"
RETRY_TEXT = "Vous pouvez retenter certaines questions."
CARRY_ON = "Continuez votre expérience Pix"
PREVIOUS_ANSWERS_NOTE = (
    "Si vous avez déjà effectué des parcours sur Pix, les questions auxquelles vous aviez "
    "répondu ne vous ont pas été posées de nouveau. En revanche, le résultat affiché ici "
    "tient compte de l'ensemble de vos réponses."
)


def mastery_text(percentage: int) -> Text:
    text = Text("Vous maîtrisez ")
    text.append(f"{percentage} %", style="bold")
    text.append(" des compétences testées.")
    return text


class ResultsScreen(StudentScreen):
    HELP = (
        "Vos résultats au parcours. Tant que vous ne les avez pas envoyés, votre enseignant "
        "ne les voit pas : « J'envoie mes résultats » les lui transmet. Selon la campagne, "
        "vous pouvez retenter le parcours."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "share", "J'envoie mes résultats", id="share-results"),
        Binding("r", "retry", "Je retente", id="retry-campaign"),
        Binding("q", "leave", "Accueil", id="leave-results"),
    ]

    def __init__(self, run: flow.CampaignRun) -> None:
        super().__init__()
        self.run = run
        self.result: AssessmentResult | None = None
        self._busy = False

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="test-bar"):
            yield Static(plain(self.run.title), id="test-title")
        with VerticalScroll(id="results-body"):
            yield Static("Chargement de vos résultats…", id="mastery", classes="page-title")
            yield Static(id="mastery-bar")
            with Vertical(id="share-box", classes="panel"):
                yield Static(SEND_INVITATION, id="share-text")
                yield Button("J'envoie mes résultats", variant="primary", id="share", compact=True)
            with Vertical(id="shared-box", classes="panel"):
                yield Static(SHARED, id="shared-text", classes="success-text")
                yield Button(CARRY_ON, variant="primary", id="home", compact=True)
            with Vertical(id="retry-box", classes="panel"):
                yield Static(RETRY_TITLE, classes="section-title")
                yield Static(RETRY_TEXT)
                yield Button("Je retente", id="retry", compact=True)
            yield Static("Vos résultats détaillés", classes="section-title", id="details-title")
            yield Vertical(id="competence-results")
            yield Static(PREVIOUS_ANSWERS_NOTE, classes="muted", id="results-note")
        yield Static(id="student-status", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        for selector in ("#share-box", "#shared-box", "#retry-box", "#student-status"):
            self.query_one(selector).display = False
        self.load_then_show(lambda client: flow.load_results(client, self.run))

    # -- loading -------------------------------------------------------------------------

    @on(messages.StudentDataLoaded)
    def _loaded(self, message: messages.StudentDataLoaded) -> None:
        message.stop()
        if isinstance(message.data, AssessmentResult):
            self.show_result(message.data)

    def show_result(self, result: AssessmentResult) -> None:
        self.result = result
        self._busy = False
        self.show_status("")
        self.query_one("#mastery", Static).update(mastery_text(result.mastery_percentage))
        self.query_one("#mastery-bar", Static).update(text_bar(result.mastery_percentage, 40))
        can_share = bool(result.is_completed) and not result.is_shared and not result.is_disabled
        self.query_one("#share-box").display = can_share
        self.query_one("#share", Button).disabled = False
        self.query_one("#shared-box").display = bool(result.is_shared)
        self.query_one("#retry-box").display = result.can_retry_now
        rows = self.query_one("#competence-results", Vertical)
        rows.remove_children()
        rows.mount_all(
            Horizontal(
                Static(
                    plain(f"{clean(item.index)} {clean(item.name)}".strip()),
                    classes="competence-name",
                ),
                Static(text_bar(item.mastery_percentage, 20), classes="competence-bar"),
                classes="competence-row",
            )
            for item in result.competence_results
        )
        focus = "#share" if can_share else "#home" if result.is_shared else None
        if focus:
            self.query_one(focus, Button).focus()
        self.refresh_bindings()

    @on(messages.LoadFailed)
    def _failed(self, message: messages.LoadFailed) -> None:
        message.stop()
        self._busy = False
        self.query_one("#share", Button).disabled = False
        self.show_status(message.error, error=True)

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        result = self.result
        if action == "share":
            return result is not None and bool(result.is_completed) and not result.is_shared
        if action == "retry":
            return result is not None and result.can_retry_now
        return super().check_action(action, parameters)

    @on(Button.Pressed, "#share")
    def action_share(self) -> None:
        if self.result is None or self._busy:
            return
        self._busy = True
        self.query_one("#share", Button).disabled = True
        self.show_status("Envoi de vos résultats…")
        self.share_then_reload(
            self.result.participation_id, lambda client: flow.load_results(client, self.run)
        )

    @on(Button.Pressed, "#retry")
    def action_retry(self) -> None:
        if self._busy:
            return
        self._busy = True
        self.show_status("Un instant…")
        self.join_again(self.run)

    @on(Button.Pressed, "#home")
    def action_leave(self) -> None:
        self.go_home()
