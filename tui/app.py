"""`PixApp`: the login screen, then one mode per space (Orga, App, Admin), each its own stack.

Start-up paints the login screen first; the backend (imports, embedded demo server) is prepared
in a thread behind it, and "Je me connecte" waits for it. A stored session, if any, is restored
as soon as the backend is ready.

The app owns the session: `client`, `session` and `user`. Screens read them; workers do the
I/O and post `tui.messages`; handlers here switch modes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.screen import Screen

from tui import commands, messages, spaces
from tui.launcher import BackendUnavailableError, Launcher
from tui.screens.login import LoginScreen
from tui.screens.space_picker import SpacePickerScreen
from tui.theme import PIX_THEME

if TYPE_CHECKING:
    from api_client import PixClient
    from api_client.models import User
    from api_client.spaces import Session

log = logging.getLogger(__name__)

LOGIN_MODE = "login"


class PixApp(App[None]):
    """The Pix terminal client."""

    TITLE = "Pix"
    CSS_PATH = "app.tcss"
    DEFAULT_MODE = LOGIN_MODE
    # Screens get -narrow/-wide and -short/-tall classes: layouts adapt to 80×24 and up.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (78, "-wide")]  # noqa: RUF012 (Textual's type)
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]  # noqa: RUF012
    MODES: ClassVar = {LOGIN_MODE: LoginScreen}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quitter", id="quit", priority=True),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commandes",
            show=False,
            id="command-palette",
            priority=True,
        ),
        # Aide: F1 everywhere (dialogs too); ? as well, except in a text field where it is
        # typed (the field takes printable keys first) and for terminals that eat F1.
        Binding("f1", "help", "Aide", key_display="F1", show=False, id="help", priority=True),
        Binding("question_mark", "help", "Aide", key_display="?", show=False, id="help-key"),
    ]
    # Textual's provider (get_system_commands below) and one provider per space.
    COMMANDS: ClassVar = {*App.COMMANDS, *commands.ROLE_PROVIDERS}

    def __init__(self, launcher: Launcher) -> None:
        super().__init__()
        self.launcher = launcher
        self.client: PixClient | None = None
        self.session: Session | None = None
        self.user: User | None = None
        self._backend_done = asyncio.Event()
        self._backend_error: str | None = None
        # The token-store fallback warning is shown once per run, not at every logout.
        self.store_warning_shown = False
        self.register_theme(PIX_THEME)
        self.theme = launcher.theme  # "pix" unless config.toml or --theme say otherwise

    def watch_theme(self, theme: str) -> None:
        # Picked in the palette ("Thème"): the next run starts with it too (config.toml).
        self.launcher.remember_theme(theme)

    # -- start-up ------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._install_hangup_handler()
        # After the first frame: the heavy imports must not delay it.
        self.call_after_refresh(self.prepare_backend)

    def prepare_backend(self) -> None:
        """(Re)start the backend preparation; "Réessayer" calls it after a failure."""
        self._backend_error = None
        self._backend_done.clear()
        self._prepare_backend()

    @work(thread=True, exclusive=True, exit_on_error=False, group="backend")
    def _prepare_backend(self) -> None:
        try:
            self.launcher.prepare()
        except Exception as error:
            log.exception("backend preparation failed")
            # First line only: database errors carry pages of SQL and context.
            detail = (str(error).strip().splitlines() or [type(error).__name__])[0][:160]
            self.post_message(
                messages.BackendFailed(f"La démo locale n'a pas pu démarrer ({detail}).")
            )
        else:
            self.post_message(messages.BackendReady())

    @on(messages.BackendReady)
    async def _open_client(self) -> None:
        if self.client is None:
            client = self.launcher.create_client()
            await client.__aenter__()
            self.client = client
        self._backend_done.set()

    @on(messages.BackendFailed)
    def _backend_failed(self, message: messages.BackendFailed) -> None:
        self._backend_error = message.error
        self._backend_done.set()

    async def wait_for_client(self) -> PixClient:
        """The open client, once the backend is ready; raises `BackendUnavailableError`."""
        await self._backend_done.wait()
        if self.client is None:
            raise BackendUnavailableError(self._backend_error or "Le serveur est indisponible.")
        return self.client

    @property
    def backend_ready(self) -> bool:
        return self.client is not None

    async def on_unmount(self) -> None:
        self._remove_hangup_handler()
        if self.client is not None:
            client, self.client = self.client, None
            try:
                await client.__aexit__(None, None, None)
            except Exception:
                log.exception("closing the client failed")
        try:
            await self.launcher.aclose()
        except Exception:
            log.exception("closing the embedded server failed")

    # -- session -------------------------------------------------------------------------

    @on(messages.SignedIn)
    async def _enter_session(self, message: messages.SignedIn) -> None:
        await self._drop_space_modes()
        self.session = message.session
        self.user = message.user
        opened = spaces.available(message.session.spaces)
        for space in opened:
            self.add_mode(space.mode, _space_screen_factory(space.mode))
        await self.switch_mode(spaces.home_space(message.session.spaces).mode)

    def action_logout(self) -> None:
        """Se déconnecter: revoke the token, forget it, back to the login screen."""
        self._logout()

    @work(exclusive=True, exit_on_error=False, group="session")
    async def _logout(self) -> None:
        client = self.client
        if client is not None:
            try:
                await client.logout()
            except Exception as error:
                # The token is forgotten locally whatever the server said.
                log.warning("logout: %r", error)
        self.post_message(messages.SignedOut())

    @on(messages.SignedOut)
    @on(messages.SessionEnded)
    async def _leave_session(self, message: messages.SignedOut | messages.SessionEnded) -> None:
        email = self.session.email if self.session else ""
        self.session = None
        self.user = None
        await self.switch_mode(LOGIN_MODE)
        await self._drop_space_modes()
        if isinstance(self.screen, LoginScreen):
            if isinstance(message, messages.SessionEnded):
                self.screen.show_session_ended(message.error, email)
            else:
                self.screen.show_signed_out()

    async def _drop_space_modes(self) -> None:
        for mode in spaces.BY_MODE:
            if mode in self._modes:
                await self.remove_mode(mode)

    def open_space(self, mode: str) -> None:
        """Show a space the session opened (its stack is kept as the user left it)."""
        if mode in self._modes and mode != self.current_mode:
            self.switch_mode(mode)

    def action_switch_space(self) -> None:
        """Espaces: a small list of the spaces this session opened."""
        if self.session is None or len(spaces.available(self.session.spaces)) < 2:
            return

        def chosen(mode: str | None) -> None:
            if mode:
                self.open_space(mode)

        self.push_screen(
            SpacePickerScreen(spaces.available(self.session.spaces), self.current_mode), chosen
        )

    async def action_quit(self) -> None:
        self.save_drafts()
        await super().action_quit()

    def action_help_quit(self) -> None:
        # Textual binds ctrl+c to a reminder (ctrl+c copies in fields); say it in French.
        self.notify("Appuyez sur Ctrl+Q pour quitter pix-tui.", title="Quitter ?")

    # -- command palette, in French, per context -----------------------------------------

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(
                CommandPalette(placeholder="Rechercher une commande…", id="--command-palette")
            )

    def action_help(self) -> None:
        """Aide (F1, ?): the keys of the screen shown; F1 again closes it."""
        from tui.screens.help import HelpScreen, help_content

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
        elif not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(HelpScreen(help_content(self.screen)))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield SystemCommand("Aide (F1)", "Les touches de cet écran", self.action_help)
        if self.session is not None and len(spaces.available(self.session.spaces)) > 1:
            yield SystemCommand(
                "Changer d'espace", "Passer à un autre espace Pix", self.action_switch_space
            )
        # What the space's provider (tui.commands) already offers is not listed twice.
        offered = commands.role_commands(screen)
        titles = {command.title for command in offered}
        callbacks = [command.callback for command in offered]
        extra = getattr(screen, "palette_commands", None)
        if callable(extra):
            for command in extra():
                if command.title not in titles and command.callback not in callbacks:
                    yield command
        yield SystemCommand("Thème", "Changer les couleurs", self.action_change_theme)
        yield SystemCommand("Quitter", "Fermer pix-tui", self.action_quit)

    # -- SSH link drop -------------------------------------------------------------------

    def _install_hangup_handler(self) -> None:
        # Without it, a dropped SSH link leaves the app spinning on a dead terminal.
        if (
            not hasattr(signal, "SIGHUP")
            or threading.current_thread() is not threading.main_thread()
        ):
            return
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self._on_hangup)

    def _remove_hangup_handler(self) -> None:
        if hasattr(signal, "SIGHUP"):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)

    def _on_hangup(self) -> None:
        log.info("SIGHUP: the terminal is gone, saving and exiting")
        self.save_drafts()
        self.exit(return_code=129)

    def save_drafts(self) -> None:
        """Ask every open screen that keeps unsaved input to save it (quit, SIGHUP).

        A screen takes part by defining `save_draft(self) -> None`; it must be quick and
        local (a file), since the terminal may already be gone.
        """
        for stack in self._screen_stacks.values():
            for screen in stack:
                save = getattr(screen, "save_draft", None)
                if callable(save):
                    try:
                        save()
                    except Exception:
                        log.exception("saving a draft failed")


def _space_screen_factory(mode: str) -> type[Screen[None]]:
    # Imported here: a student's session never needs the Orga or Admin screens.
    if mode == spaces.ORGA.mode:
        from tui.screens.orga.home import OrgaHomeScreen

        return OrgaHomeScreen
    if mode == spaces.ADMIN.mode:
        from tui.screens.admin.home import AdminHomeScreen

        return AdminHomeScreen
    from tui.screens.app.home import AppHomeScreen

    return AppHomeScreen
