"""Pix App home: "J'ai un code" — the student types the campaign code their teacher gave.

The code is normalised (trimmed, uppercase) and checked locally: Pix codes are 9 letters or
digits. A well-formed code is posted as `CodeEntered`; this screen then asks the server
where it leads (landing page, the test under way, results) and shows refusals inline
(unknown code, archived campaign, results already sent).

On arrival (after each login) and on each return here, answers left in the journal by an
earlier run are sent first, then a "Reprendre" banner offers the last campaign opened on
this machine if it is not finished (see `local_state`: the routes used here have no list
of a learner's campaigns).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable
from pathlib import PurePath
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from tui import messages
from tui.errors import failure_message
from tui.labels import person_name
from tui.screens.app.student_screen import StudentScreen

CODE_PATTERN = re.compile(r"[A-Z0-9]{9}")
CODE_LENGTH = 9
INVALID_CODE = "Ce code n'est pas valide."
EMPTY_CODE = "Veuillez saisir le code du parcours."
PENDING_ANSWERS = "{count} réponse(s) en attente seront envoyées dès le retour de la connexion."


def normalise_code(raw: str) -> str:
    """What the student meant: no surrounding spaces, uppercase (codes are shown uppercase)."""
    return raw.strip().upper()


def is_valid_code(code: str) -> bool:
    return CODE_PATTERN.fullmatch(code) is not None


class AppHomeScreen(StudentScreen):
    HELP = (
        "Saisissez le code du parcours communiqué par votre enseignant, puis Entrée. Un "
        "parcours commencé sur cet ordinateur peut être repris là où vous l'avez laissé."
    )
    CSS_PATH: ClassVar[list[str | PurePath]] = ["student.tcss", "home.tcss"]
    AUTO_FOCUS: ClassVar[str | None] = "#campaign-code"
    ALLOW_LOGOUT = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "resume", "Reprendre", id="resume-campaign"),
        Binding("m", "profile", "Mon profil", id="open-profile"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._resume_code: str | None = None
        self._flushed = asyncio.Event()

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="app-body"):
            with Horizontal(id="resume-banner"):
                yield Static(id="resume-text", markup=False)
                yield Button("Reprendre", variant="primary", id="resume", compact=True)
            with Vertical(id="code-panel"):
                yield Static(id="app-welcome")
                yield Static("J'ai un code", id="code-title")
                yield Static(
                    "Saisissez le code du parcours communiqué par votre enseignant.",
                    id="code-help",
                    classes="muted",
                )
                yield Label("Code du parcours", classes="field-label")
                # A little room beyond 9: spaces around a pasted code are trimmed, not refused.
                yield Input(placeholder="ABCDE1234", max_length=CODE_LENGTH + 4, id="campaign-code")
                yield Static(id="code-error", classes="error-text", markup=False)
                with Horizontal(id="code-actions"):
                    yield Button("Accéder au parcours", variant="primary", id="access-campaign")
                    yield Button("Mon profil", id="profile")
                    yield Button("Se déconnecter", id="logout")

    def on_mount(self) -> None:
        super().on_mount()
        user = self.pix_app.user
        first_name = user.first_name if user else None
        self.query_one("#app-welcome", Static).update(
            Text.assemble("Bonjour ", person_name(first_name, None, "à vous"), " !")
        )
        self.query_one("#code-error").display = False
        self.query_one("#resume-banner").display = False
        self._catch_up()

    def on_screen_resume(self) -> None:
        # Back from a test: its answers may still be on their way, and the banner changed.
        if self.is_mounted:
            self._show_error(None)
            self._catch_up()

    # -- pending answers and the "Reprendre" banner --------------------------------------

    @work(exclusive=True, exit_on_error=False, group="app-home-catch-up")
    async def _catch_up(self) -> None:
        from api_client import flush_pending
        from tui.screens.app.flow import find_resumable

        self._flushed.clear()
        try:
            client = await self.client()
        except Exception:
            self._flushed.set()  # the code's own request will say what is wrong
            return
        try:
            report = await flush_pending(client, self.journal)
            if report.remaining:
                self.post_message(
                    messages.StudentRefused(PENDING_ANSWERS.format(count=len(report.remaining)))
                )
        except Exception as error:
            self.log.warning(f"sending pending answers: {error!r}")
        finally:
            self._flushed.set()
        try:
            server, user = self.identity(client)
            offer = await find_resumable(client, self.local_state, server, user)
        except Exception as error:
            self.log.warning(f"looking for a test to resume: {error!r}")
            return
        if offer is not None:
            self.post_message(messages.ResumeOffered(offer.code, offer.text))

    @on(messages.ResumeOffered)
    def _offer_resume(self, message: messages.ResumeOffered) -> None:
        message.stop()
        self._resume_code = message.code
        self.query_one("#resume-text", Static).update(message.text)
        self.query_one("#resume-banner").display = True
        field = self.query_one("#campaign-code", Input)
        if not field.value:
            # Coming back is the likely wish; Tab still reaches the code field.
            self.query_one("#resume", Button).focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume" and self._resume_code is None:
            return False
        return super().check_action(action, parameters)

    @on(Button.Pressed, "#resume")
    def action_resume(self) -> None:
        if self._resume_code is not None:
            self._show_error(None)
            self.post_message(messages.CodeEntered(self._resume_code))

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Mon profil", "Score Pix et compétences", self.action_profile)
        if self._resume_code is not None:
            yield SystemCommand("Reprendre", "Le parcours non terminé", self.action_resume)

    @on(Button.Pressed, "#profile")
    def action_profile(self) -> None:
        from tui.screens.app.profile import ProfileScreen

        self.app.push_screen(ProfileScreen())

    # -- the code --------------------------------------------------------------------------

    @on(Input.Changed, "#campaign-code")
    def _uppercase(self, event: Input.Changed) -> None:
        upper = event.value.upper()
        if upper != event.value:
            field = event.input
            cursor = field.cursor_position
            field.value = upper
            field.cursor_position = cursor
        self._show_error(None)

    @on(Input.Submitted, "#campaign-code")
    @on(Button.Pressed, "#access-campaign")
    def _submit(self) -> None:
        field = self.query_one("#campaign-code", Input)
        code = normalise_code(field.value)
        if not code:
            self._show_error(EMPTY_CODE)
        elif not is_valid_code(code):
            self._show_error(INVALID_CODE)
        else:
            field.value = code
            self._show_error(None)
            self.post_message(messages.CodeEntered(code))
            return
        field.focus()

    @on(messages.CodeEntered)
    def _code_entered(self, message: messages.CodeEntered) -> None:
        message.stop()
        self.query_one("#access-campaign", Button).disabled = True
        self._open(message.code)

    @work(exclusive=True, exit_on_error=False, group="app-home-open")
    async def _open(self, code: str) -> None:
        from tui.screens.app import flow

        try:
            client = await self.client()
            # A resumed test must see the answers an earlier run left in the journal.
            await self._flushed.wait()
            step = await flow.open_campaign(client, code)
            server, user = self.identity(client)
            await asyncio.to_thread(self.local_state.remember_campaign, server, user, code)
        except flow.CampaignRefused as refused:
            self.post_message(messages.StudentRefused(refused.message, field="campaign-code"))
        except Exception as error:
            self.post_message(failure_message(error))
        else:
            self.post_message(messages.StudentStepReady(step))

    @on(messages.StudentStepReady)
    def _step_ready(self, message: messages.StudentStepReady) -> None:
        message.stop()
        self.query_one("#access-campaign", Button).disabled = False
        self.query_one("#campaign-code", Input).value = ""
        self.query_one("#resume-banner").display = False
        self._resume_code = None
        self.show_step(message.step)

    @on(messages.StudentRefused)
    def _refused(self, message: messages.StudentRefused) -> None:
        message.stop()
        if message.field is None:
            self.notify(message.error, severity="warning")
            return
        self.query_one("#access-campaign", Button).disabled = False
        self._show_error(message.error)
        self.query_one("#campaign-code", Input).focus()

    @on(messages.LoadFailed)
    def _failed(self, message: messages.LoadFailed) -> None:
        message.stop()
        self.query_one("#access-campaign", Button).disabled = False
        self._show_error(message.error)

    @on(Button.Pressed, "#logout")
    def _logout_pressed(self) -> None:
        self.action_logout()

    def _show_error(self, text: str | None) -> None:
        error = self.query_one("#code-error", Static)
        error.update(text or "")
        error.display = bool(text)
        self.query_one("#campaign-code", Input).set_class(bool(text), "-invalid")
