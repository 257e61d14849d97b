"""Drive `pix-tui` in an 80×24 pseudo-terminal with keys, as a person would, and count bytes.

    with TuiSession(home) as tui:                  # embedded demo (or api_url=...)
        tui.wait_ready()                           # login screen painted, backend ready
        tui.login("prof@example.net")
        tui.wait_shown("Nom de la campagne")
        written = tui.measure(DOWN, until="...")   # bytes the app wrote for that key

Every wait is bounded; a screen that never comes raises `TimeoutError` naming the text.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Self

from bench.pty_driver import PtyRun
from bench.screen import Screen

DOWN = "\x1b[B"
ESCAPE = "\x1b"
ENTER = "\r"
TAB = "\t"
CTRL_P = "\x10"
PASSWORD = "Pix12345"
LOGIN_MARKER = "Je me connecte"
PREPARING = "Préparation de la démo"
TYPING_GAP = 0.01
"""Seconds between two typed keys (a fast typist)."""
QUIET = 0.3
"""Seconds without output that end a measurement. Shorter than the text cursor's blink
(0.5 s), so a blinking field does not keep a measurement open."""


def tui_env(home: Path) -> dict[str, str]:
    """A private user folder (data, config, state, logs): the demo database lives there."""
    env = dict(os.environ)
    env.pop("PIX_DATABASE_URL", None)
    env.pop("PIX_API_URL", None)
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[variable] = str(home)
    return env


def sgr_mouse_motion(column: int, row: int) -> str:
    """The SGR sequence a terminal sends when the mouse moves (no button) over a cell (1-based)."""
    return f"\x1b[<35;{column};{row}M"


class TuiSession:
    """One `pix-tui --no-store [args]` process in a pseudo-terminal."""

    def __init__(
        self,
        home: Path,
        *,
        api_url: str | None = None,
        args: Sequence[str] = (),
        columns: int = 80,
        lines: int = 24,
    ) -> None:
        argv = [sys.executable, "-m", "tui", "--no-store", *args]
        if api_url:
            argv += ["--api-url", api_url]
        self.run = PtyRun(argv, columns=columns, lines=lines, env=tui_env(home))

    @property
    def screen(self) -> Screen:
        return self.run.screen

    @property
    def written(self) -> int:
        return len(self.run.output)

    def start(self) -> None:
        self.run.start()

    def stop(self) -> int:
        """End pix-tui; its peak RSS in KiB."""
        return self.run.stop()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.run.pid:
            self.stop()

    # -- waiting ---------------------------------------------------------------------------

    def wait_shown(self, text: str, timeout: float = 30.0) -> float:
        return self.run.wait_shown(text, timeout)

    def wait_any(self, texts: Sequence[str], timeout: float = 30.0) -> str:
        """The first of `texts` found on screen."""
        found: list[str] = []

        def shown(screen: Screen) -> bool:
            found[:] = [text for text in texts if screen.contains(text)]
            return bool(found)

        self.run.wait_until(shown, " or ".join(map(repr, texts)), timeout)
        return found[0]

    def settle(self, quiet: float = QUIET, timeout: float = 10.0) -> None:
        self.run.settle(quiet, timeout)

    def wait_ready(self, timeout: float = 90.0) -> int:
        """The login screen painted and the backend ready (the demo's status line gone);
        returns the bytes written since the start."""
        self.wait_shown(LOGIN_MARKER, timeout)
        self.run.wait_gone(PREPARING, timeout)
        self.settle()
        return self.written

    # -- acting ----------------------------------------------------------------------------

    def send(self, keys: str) -> None:
        """Write `keys` to the terminal at once (one key, or one escape sequence)."""
        self.run.send(keys)

    def type(self, text: str) -> None:
        """Type `text` one key at a time, as a terminal sends a person's keystrokes: a burst
        of keys in one write is not read the same way (Tab and Enter get lost in it)."""
        for key in text:
            self.run.send(key)
            self.run.pump(TYPING_GAP)

    def measure(
        self,
        keys: str,
        until: str | Callable[[Screen], bool] | None = None,
        *,
        timeout: float = 30.0,
        quiet: float = QUIET,
    ) -> int:
        """Bytes written from sending `keys` until `until` is on screen and output stops."""
        self.settle()
        mark = self.written
        self.send(keys)
        if isinstance(until, str):
            self.wait_shown(until, timeout)
        elif until is not None:
            self.run.wait_until(until, "the expected screen", timeout)
        self.settle(quiet)
        return self.written - mark

    def login(self, email: str, password: str = PASSWORD) -> None:
        """Type the e-mail and the password into the login form and submit.

        Tab, not Enter, moves to the password: Tab is a binding, acted on in key order,
        whereas Enter in the e-mail field posts a message whose handler moves the focus
        later; on a busy machine the password's first keys would land in the e-mail field.
        """
        self.type(email)
        self.wait_shown(email, 10)
        self.send(TAB)
        self.settle()
        self.type(password)
        self.send(ENTER)

    def switch_theme(self, name: str) -> None:
        """Change the theme through the command palette ("Thème"): pix-tui has no flag."""
        self.send(CTRL_P)
        self.wait_shown("Thème", 10)
        self.settle()
        self.type("Thème")
        self.settle()
        self.send(ENTER)
        self.wait_shown(name, 10)
        self.settle()
        self.type(name)
        self.settle()
        self.send(ENTER)
        self.run.wait_gone("Search for themes", 10)
        self.settle()
