"""Connectez-vous: e-mail, password, "Je me connecte"; the demo accounts beside it in demo mode.

The screen is painted before the backend exists (see `tui.launcher`): the form is usable at
once and a submitted login waits for the backend. Mistakes are shown at the form, in French,
next to the field concerned; the typed e-mail is never lost.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui import messages
from tui.launcher import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DEMO_STUDENTS_NOTE,
    BackendUnavailableError,
)
from tui.widgets.burst_input import BurstInput

if TYPE_CHECKING:
    from api_client import PixClient
    from tui.app import PixApp

# Deliberately loose: the server decides; this only catches typos like a missing "@".
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

INVALID_EMAIL = "Votre adresse e-mail n'est pas valide."
EMPTY_EMAIL = "Veuillez saisir votre adresse e-mail."
EMPTY_PASSWORD = "Veuillez saisir votre mot de passe."
DEMO_LABEL = "Démo locale — aucun réseau nécessaire"


class LoginScreen(Screen[None]):
    """The first screen: sign in, or wait while a stored session is restored."""

    HELP = (
        "Connectez-vous avec l'adresse e-mail et le mot de passe de votre compte Pix. Tab "
        "passe d'un champ à l'autre, Entrée valide. Votre session est retenue sur cet "
        "ordinateur jusqu'à ce que vous vous déconnectiez."
    )

    CSS_PATH = "login.tcss"
    AUTO_FOCUS = "#email"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "retry", "Réessayer", id="retry", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._retry_action: str | None = None

    @property
    def pix_app(self) -> PixApp:
        return cast("PixApp", self.app)

    def compose(self) -> ComposeResult:
        launcher = self.pix_app.launcher
        with Horizontal(id="login-banner"):
            yield Static(Text("Pix"), id="login-brand")
            location = DEMO_LABEL if launcher.embedded else f"Serveur : {launcher.base_url}"
            yield Static(Text(location), id="login-location")
        with VerticalScroll(id="login-body"), Horizontal(id="login-columns"):
            with Vertical(id="login-form"):
                yield Static("Connectez-vous", id="login-title")
                yield Label("Adresse e-mail", classes="field-label")
                yield BurstInput(placeholder="nom@exemple.fr", id="email")
                yield Static(id="email-error", classes="field-error", markup=False)
                yield Label("Mot de passe", classes="field-label")
                yield BurstInput(password=True, id="password")
                yield Static(id="password-error", classes="field-error", markup=False)
                yield Static(id="form-error", classes="form-error", markup=False)
                with Horizontal(id="login-actions"):
                    yield Button("Je me connecte", variant="primary", id="login")
                    yield Button("Réessayer", id="retry")
                yield Static(id="login-status", markup=False)
            if launcher.embedded:
                yield DemoAccounts(id="demo-accounts")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#retry", Button).display = False
        launcher = self.pix_app.launcher
        self._set_status(
            "Préparation de la démo locale…" if launcher.embedded else "Connexion au serveur…"
        )
        self._restore()

    # -- the form --------------------------------------------------------------------------

    @on(Input.Submitted, "#email")
    def _email_submitted(self) -> None:
        self.query_one("#password", Input).focus()

    @on(Input.Submitted, "#password")
    @on(Button.Pressed, "#login")
    def _submit(self) -> None:
        email = self.query_one("#email", Input).value.strip()
        password = self.query_one("#password", Input).value
        self._clear_errors()
        if not email:
            self._field_error("email", EMPTY_EMAIL)
        elif not EMAIL_PATTERN.fullmatch(email):
            self._field_error("email", INVALID_EMAIL)
        elif not password:
            self._field_error("password", EMPTY_PASSWORD)
        else:
            self._retry_action = "login"
            self._set_status("")
            self._set_busy(True)
            self._login(email, password)

    @on(Button.Pressed, "#retry")
    def action_retry(self) -> None:
        action, self._retry_action = self._retry_action, None
        if action is None:
            return
        self._clear_errors()
        if action == "backend":
            self.pix_app.prepare_backend()
            self._restore()
        elif action == "restore":
            self._restore()
        else:
            self._submit()

    @on(OptionList.OptionSelected, "#demo-account-list")
    def _demo_account_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.query_one("#email", Input).value = event.option.id
            self.query_one("#password", Input).value = DEMO_PASSWORD
            self._clear_errors()
            self.query_one("#login", Button).focus()

    # -- workers: they post messages, the handlers below update the form -------------------

    async def _backend_client(self) -> PixClient | None:
        """The open client, or None after posting why there is none."""
        try:
            return await self.pix_app.wait_for_client()
        except BackendUnavailableError as error:
            self.post_message(messages.LoginFailed(error.message, unreachable=True))
            return None

    @work(exclusive=True, exit_on_error=False, group="login")
    async def _restore(self) -> None:
        client = await self._backend_client()
        if client is None:
            return
        self.post_message(messages.BackendReady())
        # Imported only now: the backend thread has loaded api_client, so this costs nothing,
        # whereas at mount it would block the loop before the first frame.
        from tui.errors import error_message, is_unreachable

        try:
            session = await client.restore_session()
            if session is None:
                self.post_message(messages.NoStoredSession())
                return
            user = await client.users.me()
        except Exception as error:
            if is_unreachable(error):
                self.post_message(messages.LoginFailed(error_message(error), unreachable=True))
            else:
                # A refused or unreadable stored session: the form is the way back in.
                self.log.info(f"stored session not restored: {error!r}")
                self.post_message(messages.NoStoredSession())
        else:
            self.post_message(messages.SignedIn(session, user, restored=True))

    @work(exclusive=True, exit_on_error=False, group="login")
    async def _login(self, email: str, password: str) -> None:
        client = await self._backend_client()
        if client is None:
            return
        from tui.errors import error_message, is_unreachable

        try:
            session = await client.login(email, password)
            user = await client.users.me()
        except Exception as error:
            self.post_message(
                messages.LoginFailed(error_message(error), unreachable=is_unreachable(error))
            )
        else:
            self.post_message(messages.SignedIn(session, user))

    @on(messages.BackendReady)
    def _backend_ready(self, message: messages.BackendReady) -> None:
        message.stop()  # the screen's own notice; the app has its own BackendReady
        self._set_status("")
        warning = self.pix_app.launcher.store_warning
        if warning and not self.pix_app.store_warning_shown:
            self.pix_app.store_warning_shown = True
            self.notify(warning, title="Session", severity="warning", timeout=12)

    @on(messages.NoStoredSession)
    def _no_stored_session(self) -> None:
        self._set_status("")

    @on(messages.LoginFailed)
    def _login_failed(self, message: messages.LoginFailed) -> None:
        self._set_busy(False)
        self._set_status("")
        if message.unreachable and not self.pix_app.backend_ready:
            self._retry_action = "backend"
        elif message.unreachable and self._retry_action != "login":
            self._retry_action = "restore"
        self._show_form_error(message.error, retry=message.unreachable)
        if not message.unreachable:
            password = self.query_one("#password", Input)
            password.value = ""
            password.focus()

    @on(messages.SignedIn)
    def _signed_in(self) -> None:
        # Not stopped: the app switches to the space. Leave a clean form for the next login.
        self._set_busy(False)
        self._retry_action = None
        self._clear_errors()
        self.query_one("#password", Input).value = ""

    def show_signed_out(self) -> None:
        """Back from a logout: the e-mail stays, the password is gone."""
        self._set_busy(False)
        self._clear_errors()
        self.query_one("#password", Input).value = ""
        self._set_status("Vous êtes déconnecté.")
        email = self.query_one("#email", Input)
        (self.query_one("#password", Input) if email.value else email).focus()

    def show_session_ended(self, reason: str, email: str) -> None:
        """The server ended the session: say why, fill in the e-mail, ask for the password."""
        if email:
            self.query_one("#email", Input).value = email
        self.show_signed_out()
        self._set_status("")
        self._show_form_error(reason, retry=False)

    # -- display helpers -------------------------------------------------------------------

    def _field_error(self, field: str, text: str) -> None:
        error = self.query_one(f"#{field}-error", Static)
        error.update(text)
        error.add_class("-shown")
        field_input = self.query_one(f"#{field}", Input)
        field_input.add_class("-invalid")
        field_input.focus()

    def _show_form_error(self, text: str, *, retry: bool) -> None:
        error = self.query_one("#form-error", Static)
        error.update(text)
        error.add_class("-shown")
        retry_button = self.query_one("#retry", Button)
        retry_button.display = retry
        if retry:
            retry_button.focus()

    def _clear_errors(self) -> None:
        for error in self.query(".field-error, .form-error").results(Static):
            error.update("")
            error.remove_class("-shown")
        for field_input in self.query(Input):
            field_input.remove_class("-invalid")
        self.query_one("#retry", Button).display = False

    def _set_busy(self, busy: bool) -> None:
        button = self.query_one("#login", Button)
        button.label = "Connexion…" if busy else "Je me connecte"
        button.disabled = busy

    def _set_status(self, text: str) -> None:
        status = self.query_one("#login-status", Static)
        status.update(text)
        status.display = bool(text)


class DemoAccounts(Vertical):
    """The seeded accounts of the local demo; choosing one fills the form."""

    def compose(self) -> ComposeResult:
        yield Static("Comptes de démonstration", classes="demo-title")
        yield Static(
            Text.assemble("Mot de passe : ", (DEMO_PASSWORD, "bold")), classes="demo-password"
        )
        yield OptionList(
            *(
                Option(
                    Text.assemble((account.email, "bold"), "\n", (account.role, "dim")),
                    id=account.email,
                )
                for account in DEMO_ACCOUNTS
            ),
            id="demo-account-list",
        )
        yield Static(Text(DEMO_STUDENTS_NOTE), classes="demo-note")
