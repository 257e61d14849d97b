"""Run a terminal program in a pseudo-terminal, as a person's terminal would, and measure it.

Counts every byte the program writes to its terminal, timestamps when a given text first appears
on screen (the "first painted screen"), keeps what is on screen now (`bench.screen.Screen`),
sends keys, reads the RSS while it runs (/proc) and the peak RSS of the process tree once it
exits (wait4's ru_maxrss).
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.screen import Screen

# Escape sequences are stripped before looking for text: Textual paints a word in several runs.
_ESCAPES = re.compile(
    rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]"  # CSI
    rb"|\][^\x07\x1b]*(\x07|\x1b\\)"  # OSC
    rb"|[PX^_].*?\x1b\\"  # DCS, SOS, PM, APC
    rb"|.)"
)


class ScreenTimeoutError(TimeoutError):
    """What was expected never came; `screen` is what the terminal showed instead."""

    def __init__(self, message: str, screen: str) -> None:
        super().__init__(message)
        self.screen = screen


@dataclass
class PtyRun:
    """A program running in a pseudo-terminal of a fixed size."""

    argv: list[str]
    columns: int = 80
    lines: int = 24
    env: dict[str, str] | None = None
    output: bytearray = field(default_factory=bytearray)
    started_at: float = 0.0
    pid: int = 0
    fd: int = -1
    screen: Screen = field(init=False)

    def __post_init__(self) -> None:
        self.screen = Screen(self.columns, self.lines)

    def start(self) -> None:
        env = dict(os.environ if self.env is None else self.env)
        env.setdefault("TERM", "xterm-256color")
        env.setdefault("COLORTERM", "truecolor")
        self.started_at = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # child
            os.execvpe(self.argv[0], self.argv, env)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", self.lines, self.columns, 0, 0))

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # the program is gone (EIO): do not spin on a dead terminal
            time.sleep(min(timeout, 0.05))
            return False
        self.output.extend(chunk)
        self.screen.feed(chunk)
        return bool(chunk)

    def screen_text(self, since: int = 0) -> str:
        return _ESCAPES.sub(b"", bytes(self.output[since:])).decode("utf-8", "replace")

    def wait_for(self, text: str, timeout: float = 30.0, since: int = 0) -> float:
        """Seconds from start until `text` appears in the output written after byte `since`."""
        deadline = time.perf_counter() + timeout
        needle = text.replace(" ", "")
        while time.perf_counter() < deadline:
            if needle in self.screen_text(since).replace(" ", ""):
                return time.perf_counter() - self.started_at
            self._read(0.05)
        raise TimeoutError(f"{text!r} not shown within {timeout} s")

    def settle(self, quiet: float = 0.3, timeout: float = 10.0) -> bool:
        """Read until the program has written nothing for `quiet` seconds (False: it never
        went quiet within `timeout`)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if not self._read(min(quiet, max(0.0, deadline - time.perf_counter()))):
                return True
        return False

    def wait_until(
        self, condition: Callable[[Screen], bool], what: str, timeout: float = 30.0
    ) -> float:
        """Seconds from start until `condition(screen)` holds for what is on screen now."""
        deadline = time.perf_counter() + timeout
        while True:
            if condition(self.screen):
                return time.perf_counter() - self.started_at
            if time.perf_counter() >= deadline:
                raise ScreenTimeoutError(
                    f"{what} not on screen within {timeout} s", self.screen.text()
                )
            self._read(0.05)

    def wait_shown(self, text: str, timeout: float = 30.0) -> float:
        """Seconds from start until `text` is on screen (now, not merely written once)."""
        return self.wait_until(lambda screen: screen.contains(text), repr(text), timeout)

    def wait_gone(self, text: str, timeout: float = 30.0) -> float:
        """Seconds from start until `text` is no longer on screen."""
        return self.wait_until(lambda screen: not screen.contains(text), f"no {text!r}", timeout)

    def pump(self, seconds: float) -> None:
        """Keep reading (and counting) for `seconds`."""
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            self._read(left)

    def rss_kib(self) -> int:
        """The program's resident memory now, in KiB (0 if it is gone)."""
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def send(self, keys: str | bytes) -> None:
        os.write(self.fd, keys.encode() if isinstance(keys, str) else keys)

    def stop(self, timeout: float = 5.0) -> int:
        """End the program (SIGTERM, then SIGKILL) and return its peak RSS in KiB."""
        os.kill(self.pid, signal.SIGTERM)
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            self._read(0.05)
            done, _status, usage = os.wait4(self.pid, os.WNOHANG)
            if done:
                os.close(self.fd)
                return int(usage.ru_maxrss)
        os.kill(self.pid, signal.SIGKILL)
        _done, _status, usage = os.wait4(self.pid, 0)
        os.close(self.fd)
        return int(usage.ru_maxrss)
