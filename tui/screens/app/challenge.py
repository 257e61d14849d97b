"""A question of the test: the instruction, the answer fields, "Je passe" / "Je valide".

Keys: `v` Je valide (Entrée in the last field too), `p` Je passe, `s` Signaler un problème,
`q` Quitter le parcours (the server asks the same question again when the test is resumed).
While a text field has the focus the letters go to it; Échap leaves the field.

Sending: the answer is journalled on disk, then sent and retried until it arrives, with
"Connexion perdue — nouvel essai…" on screen while the server cannot be reached; the fields
keep what was typed. A timed question first says how long the student will have
("Commencer l'épreuve"); when the time is up the answer can still be sent but carries a
negative timeout, and the server counts it as timed out, as Pix does.

Bytes to the terminal (a class of thirty on one school link): nothing is disabled while an
answer is on its way (that would repaint the whole question); the status line and the footer
keep their place.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Button, Static

from api_client.errors import AuthenticationError, NoSessionError, PixApiError
from api_client.models.app import CHECKPOINT_EVERY
from api_client.proposals import SKIP_VALUE
from api_client.resources.app import LastChallengeState
from tui import messages
from tui.errors import error_message, failure_message, is_archived_campaign
from tui.screens.app import flow
from tui.screens.app.student_screen import StudentScreen
from tui.widgets.answer_fields import AnswerFields, answer_fields_for
from tui.widgets.countdown import Countdown, announce_duration
from tui.widgets.safe_markdown import SafeMarkdown
from tui.widgets.safe_text import one_line, plain
from tui.widgets.space_header import SpaceHeader
from tui.widgets.steady_footer import SteadyFooter

CONNECTION_LOST = "Connexion perdue — nouvel essai…"
SENDING = "Envoi de votre réponse…"
TIME_UP = (
    "Le temps imparti est écoulé : vous pouvez encore répondre, "
    "mais la question ne sera pas considérée comme réussie."
)
TIMED_OUT_STATE: LastChallengeState = "timeout"
UNSUPPORTED = "Cette question ne peut pas s'afficher dans le terminal. Passez-la avec « Je passe »."


def progress_dots(position: int, total: int = CHECKPOINT_EVERY) -> Text:
    """Where the question stands in its group of five ("●●○○○", the current one included)."""
    dots = Text()
    dots.append("●" * position, style="bold")
    dots.append("○" * (total - position), style="dim")
    return dots


class ChallengeScreen(StudentScreen):
    # Textual repaints the whole screen when the focus moves (its `focused` repaints);
    # the widgets that gain or lose the focus repaint themselves. Over a slow link each
    # Tab or Échap in a question would resend the page.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    HELP = (
        "Répondez à la question, puis v (ou Entrée) pour valider, p pour passer. Dans un "
        "champ de réponse, les lettres s'écrivent : Échap en sort. s signale un problème "
        "sur la question, q quitte le parcours (vos réponses sont gardées)."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "validate", "Valider", id="validate"),
        Binding("p", "skip", "Passer", id="skip"),
        # Not in the footer (80 columns are few): the button says "(s)".
        Binding("s", "report", "Signaler", id="report-problem", show=False),
        Binding("q", "leave", "Quitter le parcours", id="leave-test"),
    ]

    def __init__(self, question: flow.Question) -> None:
        super().__init__()
        self.question = question
        self.challenge = question.challenge
        self.run = question.run
        assessment = self.run.require_assessment()
        # One key per question: every try of this answer is recorded once by the server.
        self._answer_key = flow.retry_key()
        self._sending = False
        self._started = not self.challenge.is_timed
        self._timed_out_already = (
            self.challenge.is_timed and assessment.last_question_state == TIMED_OUT_STATE
        )

    @property
    def position(self) -> int:
        """The question's place in its group of five (1–5)."""
        return self.run.require_assessment().answered_count % CHECKPOINT_EVERY + 1

    def compose(self) -> ComposeResult:
        # SpaceScreen's, with a footer repainted only when its keys change (focus moves
        # while answering; each footer repaint is a line sent over a slow link).
        yield SpaceHeader(self.SPACE.label, location=self._location(), id="space-header")
        yield from self.compose_body()
        yield SteadyFooter()

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="test-bar"):
            yield Static(plain(self.run.title), id="test-title")
            yield Static(self._progress_text(), id="question-progress")
            if self.challenge.timer is not None:
                yield Countdown(self.challenge.timer, id="countdown")
        if self.challenge.timer is not None and not self._timed_out_already:
            with Vertical(id="timed-warning", classes="panel"):
                yield Static(
                    f"Vous disposerez de {announce_duration(self.challenge.timer)} "
                    "pour réussir la question suivante.",
                    id="timed-warning-text",
                )
                yield Static(
                    "En cas de dépassement du temps, vous pourrez toujours répondre, "
                    "mais la question ne sera pas considérée comme réussie.",
                    classes="muted",
                )
                yield Button(
                    "Commencer l'épreuve", variant="primary", id="start-timed", compact=True
                )
        with VerticalScroll(id="challenge-body"):
            yield SafeMarkdown(self.challenge.instruction, id="instruction")
            if self.challenge.is_choice or self.challenge.is_free_text:
                yield answer_fields_for(
                    self.challenge, shuffle_seed=self.run.require_assessment().id
                )
            else:
                yield Static(UNSUPPORTED, classes="muted")
        with Vertical(id="challenge-footer"):
            # Always there (one line, empty when all is well): a status that appears or
            # goes away would move the page and repaint all of it.
            yield Static(id="student-status", markup=False)
            with Horizontal(id="challenge-actions", classes="actions"):
                yield Button("Je passe", id="skip", compact=True)
                yield Button("Je valide", variant="primary", id="validate", compact=True)
                yield Button("Signaler un problème (s)", id="report", compact=True, classes="link")

    def _progress_text(self) -> Text:
        text = Text(f"Question {self.position} / {CHECKPOINT_EVERY}  ")
        text.append_text(progress_dots(self.position))
        return text

    def on_mount(self) -> None:
        super().on_mount()
        if self._started:
            self._show_question()
        else:
            self.query_one("#challenge-body").display = False
            self.query_one("#challenge-actions").display = False
            self.query_one("#start-timed", Button).focus()
        if self._timed_out_already:
            self.query_one(Countdown).expire()

    def _show_question(self) -> None:
        self.query_one("#challenge-body").display = True
        self.query_one("#challenge-actions").display = True
        fields = self._fields()
        if fields is not None:
            fields.focus_first()
        else:
            self.query_one("#skip", Button).focus()

    def _fields(self) -> AnswerFields | None:
        found = self.query(AnswerFields)
        return found.first() if found else None

    # -- timed questions --------------------------------------------------------------------

    @on(Button.Pressed, "#start-timed")
    def _start_timed(self) -> None:
        self._started = True
        self.query_one("#timed-warning").display = False
        self._show_question()
        self.query_one(Countdown).start()
        self._tell_server("asked")

    @on(Countdown.Expired)
    def _time_up(self) -> None:
        if not self._sending:
            self.show_status(TIME_UP, error=True)
        if not self._timed_out_already:
            self._timed_out_already = True
            self._tell_server(TIMED_OUT_STATE)

    def _timed_out(self) -> bool:
        countdown = self.query(Countdown)
        return bool(countdown) and countdown.first().expired

    def _timeout_value(self) -> int | None:
        """What Pix sends as `timeout`: the timer while in time, -1 once it ran out."""
        if self.challenge.timer is None:
            return None
        return -1 if self._timed_out() else self.challenge.timer

    @work(exit_on_error=False, group="challenge-state")
    async def _tell_server(self, state: LastChallengeState) -> None:
        # Best effort: the answer itself carries the timeout; this only keeps a reload honest.
        try:
            client = await self.client()
            await client.app.set_last_challenge_state(
                self.run.require_assessment().id, state, self.challenge.id
            )
        except Exception as error:
            self.log.warning(f"last challenge state {state}: {error!r}")

    # -- answering --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"validate", "skip", "report"} and (not self._started or self._sending):
            return False if not self._started else None
        return super().check_action(action, parameters)

    @on(Button.Pressed, "#validate")
    @on(AnswerFields.Submitted)
    def action_validate(self) -> None:
        if self._sending or not self._started:
            return
        fields = self._fields()
        if fields is None:
            self.show_status(UNSUPPORTED, error=True)
            return
        problem = fields.missing()
        if problem is not None and not self._timed_out():
            self.show_status(problem, error=True)
            fields.focus_missing()
            return
        # Once the time is up whatever is there is sent, even nothing (Pix sends "").
        self._send("" if fields.nothing_given() else fields.value())

    @on(Button.Pressed, "#skip")
    def action_skip(self) -> None:
        if self._sending or not self._started:
            return
        self._send(SKIP_VALUE)

    def _send(self, value: str) -> None:
        self._sending = True
        countdown = self.query(Countdown)
        timeout = self._timeout_value()
        if countdown:
            countdown.first().stop()
        # Nothing is disabled meanwhile (`_sending` turns the keys and buttons off):
        # disabling restyles, so repaints, the whole question just before the next one.
        self.show_status(SENDING)
        self._deliver(value, timeout)

    def show_status(self, text: str, *, error: bool = False) -> None:
        """The line above the actions (kept on screen even when empty: see compose)."""
        status = self.query_one("#student-status", Static)
        status.update(text)
        status.set_class(error, "error-text")

    @work(exclusive=True, exit_on_error=False, group="answer")
    async def _deliver(self, value: str, timeout: int | None) -> None:
        def retrying(attempt: int, error: Exception) -> None:
            self.post_message(messages.AnswerRetrying(attempt))

        try:
            client = await self.client()
        except Exception as error:
            self.post_message(failure_message(error))
            return
        try:
            step = await flow.answer(
                client,
                self.journal,
                self.question,
                value,
                timeout=timeout,
                idempotency_key=self._answer_key,
                on_retry=retrying,
            )
        except (AuthenticationError, NoSessionError) as error:
            # The answer stays in the journal; it is sent after the next login.
            self.post_message(failure_message(error))
        except PixApiError as error:
            # Refused for good (answered from elsewhere, test ended): show where it stands.
            if is_archived_campaign(error):
                # Nothing more to answer here: back to "J'ai un code", the reason shown.
                self.notify(error_message(error), title="Parcours archivé", severity="warning")
                self.go_home()
                return
            self.post_message(messages.StudentRefused(error_message(error)))
            try:
                self.post_message(messages.StudentStepReady(await flow.resync(client, self.run)))
            except Exception as resync_error:
                self.post_message(failure_message(resync_error))
        except Exception as error:
            self.post_message(failure_message(error))
        else:
            self.post_message(messages.StudentStepReady(step))

    @on(messages.AnswerRetrying)
    def _retrying(self, message: messages.AnswerRetrying) -> None:
        message.stop()
        self.show_status(CONNECTION_LOST, error=True)

    @on(messages.StudentRefused)
    def _refused(self, message: messages.StudentRefused) -> None:
        message.stop()
        self.notify(message.error, severity="warning")

    @on(messages.LoadFailed)
    def _failed(self, message: messages.LoadFailed) -> None:
        message.stop()
        self._sending = False
        self.refresh_bindings()
        self.show_status(message.error, error=True)

    # -- elsewhere --------------------------------------------------------------------------

    @on(Button.Pressed, "#report")
    def action_report(self) -> None:
        from tui.screens.app.report_problem import ReportProblemScreen

        fields = self._fields()
        typed = None
        if fields is not None and fields.missing() is None:
            typed = fields.value()
        self.app.push_screen(ReportProblemScreen(self.run, self.challenge, typed))

    def palette_commands(self) -> Iterable[SystemCommand]:
        if self._started and not self._sending:
            yield SystemCommand("Je valide", "Envoyer la réponse", self.action_validate)
            yield SystemCommand("Je passe", "Passer cette question", self.action_skip)
        yield SystemCommand("Signaler un problème", "Sur cette question", self.action_report)
        yield SystemCommand(
            "Quitter le parcours", "Reprendre plus tard avec le même code", self.action_leave
        )

    def action_leave(self) -> None:
        self.notify(
            "Vos réponses sont enregistrées. Pour reprendre le parcours, saisissez à nouveau "
            f"son code ({one_line(self.run.campaign.code)}).",
            title="Parcours interrompu",
        )
        self.go_home()
