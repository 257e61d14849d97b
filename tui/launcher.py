"""Builds the `PixClient` the app talks through: to a remote Pix server, or to the embedded demo.

Embedded mode runs the reference server inside this process: `prepare_demo` migrates and seeds a
SQLite file in the user data dir, and the client reaches the ASGI app through
`httpx.ASGITransport` — no socket, no network. This is the only module of `tui` allowed to
import `server`, and it does so in `prepare()`, which the app runs in a thread *after* the first
frame is painted: FastAPI, SQLAlchemy, pydantic and httpx together cost more than Textual itself
to import, and the login screen must not wait for them.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui import config
from tui.request_log import RequestLog

if TYPE_CHECKING:
    from api_client import PixClient, TokenStore

log = logging.getLogger(__name__)

DEMO_BASE_URL = "http://pix-demo.local"
"""What the client calls the embedded server; the host is never resolved."""

DEMO_PASSWORD = "Pix12345"

TIMEOUT_ENV = "PIX_TUI_TIMEOUT_SECONDS"
"""Read timeout of the requests to a remote server, in seconds (unset: the client's 30 s).

Lowered by the fault tests, to see "Le serveur ne répond pas" without waiting half a minute;
a value that is not a positive number is ignored."""


def request_timeout() -> float | None:
    """The read timeout `$PIX_TUI_TIMEOUT_SECONDS` asks for, or None for the client's own."""
    raw = os.environ.get(TIMEOUT_ENV, "").strip()
    try:
        seconds = float(raw)
    except ValueError:
        return None
    return seconds if 0 < seconds < float("inf") else None


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """One account of the seeded demo, as the login screen lists it."""

    email: str
    role: str


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("prof@example.net", "Pix Orga, 2 établissements"),
    DemoAccount("prof2@example.net", "Pix Orga, membre"),
    DemoAccount("eleve@example.net", "Pix App, élève"),
    DemoAccount("support@example.net", "Pix Admin, support"),
)
DEMO_STUDENTS_NOTE = "Et 30 élèves :\neleve01 … eleve30@example.net"


class BackendUnavailableError(Exception):
    """The embedded demo could not start; `message` is already in French."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Launcher:
    """Where the backend is, and how to reach it.

    `prepare()` is blocking (imports, migrations) and meant for a worker thread; it may be called
    again after a failure. `create_client()` is cheap and must run on the app's event loop.
    """

    def __init__(
        self,
        *,
        api_url: str | None = None,
        database_url: str | None = None,
        reset_demo: bool = False,
        no_store: bool = False,
        token_store: TokenStore | None = None,
        state_dir: Path | None = None,
        settings: config.Settings | None = None,
        request_log: RequestLog | None = None,
    ) -> None:
        self.api_url = api_url.rstrip("/") if api_url else None
        self.database_url = database_url
        self.reset_demo = reset_demo
        self.no_store = no_store
        self._token_store = token_store
        # Where the student's answer journal and small local state live (None: the user
        # state dir); tests give a temporary folder.
        self._state_dir = state_dir
        self.store_warning: str | None = None
        self._asgi_app: Any = None
        self._prepared = threading.Event()
        # The settings of this run; None (tests) means defaults, and nothing written back.
        self.settings = settings
        self.theme = settings.theme if settings is not None else config.DEFAULT_THEME
        # Tags and logs every request of the clients this launcher builds.
        self.request_log = request_log or RequestLog()

    @property
    def embedded(self) -> bool:
        """True when the reference server runs in this process (no `--api-url`)."""
        return self.api_url is None

    @property
    def base_url(self) -> str:
        return self.api_url or DEMO_BASE_URL

    @property
    def state_dir(self) -> Path:
        """The folder of the answer journal and of the Pix App local state."""
        if self._state_dir is None:
            from platformdirs import user_state_dir

            self._state_dir = Path(user_state_dir("pix-tui"))
        return self._state_dir

    @property
    def ready(self) -> bool:
        return self._prepared.is_set()

    def prepare(self) -> None:
        """Import the client, open the token store, and start the embedded server if needed.

        Blocking: run it in a thread. Raises whatever went wrong (the app shows it and offers
        to retry).
        """
        if self._prepared.is_set():
            return
        import api_client  # noqa: F401  (the import is the slow part worth moving off the loop)

        self.open_token_store()
        if self.embedded:
            from server.app import create_app
            from server.embedded import prepare_demo

            url = prepare_demo(self.database_url, reset=self.reset_demo)
            # A retry after a failure must not wipe the demo a second time.
            self.reset_demo = False
            self._asgi_app = create_app(url)
        self._prepared.set()

    def open_token_store(self) -> TokenStore:
        """The token store of this run, opened on first use (blocking: keyring probe)."""
        if self._token_store is None:
            from api_client import open_token_store

            self._token_store, self.store_warning = open_token_store(self.no_store)
        return self._token_store

    def remember_theme(self, theme: str) -> None:
        """Write a theme the user picked in the app to `config.toml`, for the next runs.

        Only for a run started with settings (`pix-tui`), and only when it changed; a file
        that cannot be written is logged, the app goes on.
        """
        if self.settings is None or theme == self.theme:
            return
        self.theme = theme
        try:
            config.write_setting(self.settings.path, "theme", theme)
        except config.ConfigError as error:
            log.warning("theme not saved: %s", error.message)

    def create_client(self) -> PixClient:
        """A new, unopened client (`async with` it); `prepare()` must have succeeded."""
        if not self._prepared.is_set():
            raise RuntimeError("Launcher.prepare() has not completed")
        from api_client import PixClient

        if self.embedded:
            from api_client import ASGITransport

            return PixClient(
                DEMO_BASE_URL,
                transport=ASGITransport(app=self._asgi_app),
                token_store=self._token_store,
                event_hooks=self.request_log.event_hooks(),
            )
        return PixClient(
            self.base_url,
            token_store=self._token_store,
            event_hooks=self.request_log.event_hooks(),
            timeout=request_timeout(),
        )

    async def aclose(self) -> None:
        """Release the embedded server's database connections (no lifespan runs in-process)."""
        asgi_app, self._asgi_app = self._asgi_app, None
        if asgi_app is not None:
            self._prepared.clear()
            await asgi_app.state.database.dispose()
