"""Réponses et tutoriels: one answer's correction, over the checkpoint.

The verdict in words, the question, "Votre réponse", the expected answer and its
explanation (Markdown from the content), then the tutorials: title, source, duration and the
full link (written out: it can be selected and copied over SSH; Entrée on a tutorial opens
it in a browser when there is one).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from api_client.models.app import Tutorial
from tui import messages
from tui.errors import failure_message
from tui.screens.app import flow
from tui.screens.app.answer_text import readable_answer, verdict
from tui.widgets.safe_markdown import SafeMarkdown
from tui.widgets.safe_text import clean, plain

TUTORIAL_FORMATS = {
    "vidéo": "Vidéo",
    "page": "Page",
    "pdf": "PDF",
    "son": "Son",
    "outil": "Outil",
    "jeu": "Jeu",
}


def tutorial_duration(tutorial: Tutorial) -> str:
    """A tutorial's duration as Pix shows it ("00:02:45" → "3 min", rounded up); "" if unknown."""
    seconds = tutorial.duration_seconds
    if seconds is None:
        return ""
    if seconds >= 3600:
        hours, rest = divmod(seconds, 3600)
        return f"{hours} h {round(rest / 60):02d}"
    return f"{max(1, -(-seconds // 60))} min"


def tutorial_text(tutorial: Tutorial) -> Text:
    """Title, then "Vidéo · 3 min · par Pix (original)", then the link."""
    text = Text(clean(tutorial.title) or "Tutoriel", style="bold")
    details = [
        TUTORIAL_FORMATS.get(tutorial.format or "", clean(tutorial.format)),
        tutorial_duration(tutorial),
        f"par {clean(tutorial.source)}" if tutorial.source else "",
    ]
    text.append("\n" + " · ".join(part for part in details if part), style="dim")
    if tutorial.link:
        text.append("\n" + clean(tutorial.link), style="underline")
    return text


class CorrectionScreen(ModalScreen[None]):
    CSS_PATH: ClassVar[list[str | PurePath]] = ["../dialogs.tcss", "student.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Fermer", key_display="Échap", id="close-correction"),
        Binding("f", "dismiss", "Fermer", show=False),
    ]

    def __init__(self, item: flow.AnsweredQuestion) -> None:
        super().__init__()
        self.item = item
        self._tutorials: dict[str, list[Tutorial]] = {}

    def compose(self) -> ComposeResult:
        judged = verdict(self.item.answer.result)
        with Vertical(classes="dialog", id="correction"):
            yield Static(
                Text(
                    f"{judged.sign} {judged.heading}",
                    style="bold green" if judged.success else "bold red",
                ),
                id="correction-verdict",
                classes="dialog-title",
            )
            with VerticalScroll(id="correction-body"):
                yield SafeMarkdown(self.item.challenge.instruction, id="correction-question")
                yield Static("Votre réponse", classes="section-title")
                yield Static(
                    plain(readable_answer(self.item.challenge, self.item.answer.value)),
                    id="correction-answer",
                    classes="quoted",
                )
                yield SafeMarkdown(id="correction-solution", keep_line_breaks=True)
                yield SafeMarkdown(id="correction-explanation")
                yield Static("Pour réussir la prochaine fois", id="correction-hint-title")
                yield Static(id="correction-hint", markup=False)
                yield OptionList(id="correction-tutorials", classes="tutorial-list")
                yield Static("Pour en apprendre davantage", id="correction-more-title")
                yield OptionList(id="correction-more", classes="tutorial-list")
                yield Static(id="student-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        for widget in self.query("#correction-body > *").filter(
            "#correction-hint-title, #correction-hint, .tutorial-list, #correction-more-title"
        ):
            widget.display = False
        self.query_one("#student-status", Static).update("Chargement de la correction…")
        self.query_one("#correction-body").focus()
        self._load()

    @work(exclusive=True, exit_on_error=False, group="correction")
    async def _load(self) -> None:
        from tui.app import PixApp

        try:
            client = await cast(PixApp, self.app).wait_for_client()
            view = await flow.load_correction(client, self.item)
        except Exception as error:
            self.post_message(failure_message(error))
        else:
            self.post_message(messages.StudentDataLoaded(view))

    @on(messages.StudentDataLoaded)
    def _loaded(self, message: messages.StudentDataLoaded) -> None:
        message.stop()
        if not isinstance(message.data, flow.CorrectionView):
            return
        correction = message.data.correction
        self.query_one("#student-status").display = False
        # "Réponse attendue" first (its lines are the fields), then the explanation.
        expected, _, explanation = (
            correction.solution_to_display or correction.solution or ""
        ).partition("\n\n")
        self.query_one("#correction-solution", SafeMarkdown).show(expected)
        self.query_one("#correction-explanation", SafeMarkdown).show(explanation)
        self.query_one("#correction-explanation").display = bool(explanation.strip())
        # Pix gives the hint and the skill's tutorials after a mistake, "learning more"
        # tutorials in any case.
        if not verdict(self.item.answer.result).success:
            if correction.hint:
                hint = self.query_one("#correction-hint", Static)
                hint.update(plain(correction.hint))
                hint.display = True
            self._show_tutorials("#correction-tutorials", correction.tutorials)
            self.query_one("#correction-hint-title").display = bool(
                correction.hint or correction.tutorials
            )
        self._show_tutorials("#correction-more", correction.learning_more_tutorials)
        self.query_one("#correction-more-title").display = bool(correction.learning_more_tutorials)

    def _show_tutorials(self, selector: str, tutorials: list[Tutorial]) -> None:
        if not tutorials:
            return
        listing = self.query_one(selector, OptionList)
        listing.add_options(Option(tutorial_text(tutorial)) for tutorial in tutorials)
        self._tutorials[selector] = tutorials
        listing.display = True

    @on(messages.LoadFailed)
    def _failed(self, message: messages.LoadFailed) -> None:
        message.stop()
        status = self.query_one("#student-status", Static)
        status.update(message.error)
        status.add_class("error-text")

    @on(OptionList.OptionSelected, ".tutorial-list")
    def _open_tutorial(self, event: OptionList.OptionSelected) -> None:
        listed = self._tutorials.get(f"#{event.option_list.id}", [])
        link = listed[event.option_index].link if event.option_index < len(listed) else None
        if link and link.startswith(("https://", "http://")):
            self.app.open_url(link)
