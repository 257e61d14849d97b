"""The checkpoint after every five answers: progress, the last answers, "Réponses et tutoriels".

Each answer is one line of a list: ✓ or ✗ *and* words ("Réponse correcte", "Temps dépassé"…),
then the question; Entrée opens its correction. "Continuer mon parcours" goes on to the next
question (already chosen by the server), "Voir mes résultats" after the last one.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from tui import messages
from tui.errors import failure_message
from tui.screens.app import flow
from tui.screens.app.answer_text import verdict
from tui.screens.app.student_screen import StudentScreen
from tui.widgets.safe_markdown import markdown_text
from tui.widgets.safe_text import one_line, plain
from tui.widgets.text_bar import text_bar

CONTINUE = "Continuer mon parcours"
SEE_RESULTS = "Voir mes résultats"


def answer_line(item: flow.AnsweredQuestion, width: int) -> Text:
    """One answer: "✓ <the question on one line>", then its verdict in words and the link."""
    judged = verdict(item.answer.result)
    line = Text()
    line.append(judged.sign, style="bold green" if judged.success else "bold red")
    line.append(" " + one_line(markdown_text(item.challenge.instruction), max(width - 4, 20)))
    line.append("\n  ")
    line.append(judged.words, style="bold green" if judged.success else "bold red")
    line.append(" · ")
    line.append("Réponses et tutoriels ›", style="underline")
    return line


class CheckpointScreen(StudentScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "continue", "Continuer", id="continue"),
        Binding("q", "leave", "Quitter le parcours", id="leave-test"),
    ]

    def __init__(self, step: flow.Checkpoint) -> None:
        super().__init__()
        self.step = step
        self.run = step.run
        self.view: flow.CheckpointView | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="test-bar"):
            yield Static(plain(self.run.title), id="test-title")
        with VerticalScroll(id="checkpoint-body"):
            with Horizontal(id="checkpoint-head"):
                yield Static(Text("Chargement…"), id="checkpoint-progress")
                yield Button(
                    SEE_RESULTS if self.step.final else CONTINUE,
                    variant="primary",
                    id="continue",
                    compact=True,
                )
            if self.step.final:
                yield Static(
                    "Vous avez terminé le parcours ! Voici vos dernières réponses.",
                    id="checkpoint-final",
                )
            yield Static("Vos réponses", classes="section-title")
            yield OptionList(id="checkpoint-answers")
            yield Static(
                "Entrée : réponses et tutoriels de la question choisie.",
                classes="muted",
                id="checkpoint-hint",
            )
        yield Static(id="student-status", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#student-status").display = False
        self.query_one("#checkpoint-answers", OptionList).focus()
        self._load()

    @work(exclusive=True, exit_on_error=False, group="checkpoint")
    async def _load(self) -> None:
        try:
            client = await self.client()
            view = await flow.load_checkpoint(client, self.run)
        except Exception as error:
            self.post_message(failure_message(error))
        else:
            self.post_message(messages.StudentDataLoaded(view))

    @on(messages.StudentDataLoaded)
    def _loaded(self, message: messages.StudentDataLoaded) -> None:
        message.stop()
        if not isinstance(message.data, flow.CheckpointView):
            return
        self.view = message.data
        progress = text_bar(message.data.percentage, 20)
        progress.append(" d'avancement")
        self.query_one("#checkpoint-progress", Static).update(progress)
        answers = self.query_one("#checkpoint-answers", OptionList)
        answers.clear_options()
        answers.add_options(
            Option(answer_line(item, answers.size.width or 76), id=f"answer-{index}")
            for index, item in enumerate(message.data.answers)
        )
        if message.data.answers:
            answers.highlighted = 0

    @on(messages.LoadFailed)
    def _failed(self, message: messages.LoadFailed) -> None:
        message.stop()
        self.show_status(message.error, error=True)

    @on(OptionList.OptionSelected, "#checkpoint-answers")
    def _open_correction(self, event: OptionList.OptionSelected) -> None:
        from tui.screens.app.correction import CorrectionScreen

        if self.view is None or event.option_index >= len(self.view.answers):
            return
        self.app.push_screen(CorrectionScreen(self.view.answers[event.option_index]))

    @on(Button.Pressed, "#continue")
    def action_continue(self) -> None:
        if self.step.final:
            self.show_step(flow.Results(self.run))
        else:
            self.show_step(flow.Question(self.run))

    def action_leave(self) -> None:
        self.go_home()
