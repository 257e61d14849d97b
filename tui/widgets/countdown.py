"""The countdown of a timed question: "Temps restant : 0:45", then "Temps écoulé".

The time left is computed from a deadline on a monotonic clock, not by counting ticks: a
busy or suspended terminal never gives extra seconds. `clock` is a module attribute so a
test can move time forward.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from rich.text import Text
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

clock: Callable[[], float] = time.monotonic
"""Seconds on a monotonic clock (patched by tests)."""

TICK_SECONDS = 0.25
WARNING_SECONDS = 10


def format_duration(seconds: int) -> str:
    """`75` → "1:15", as the Pix timer shows it."""
    seconds = max(seconds, 0)
    return f"{seconds // 60}:{seconds % 60:02d}"


def announce_duration(seconds: int) -> str:
    """`60` → "1 minute", `45` → "45 secondes", `90` → "1 minute 30 secondes"."""
    minutes, rest = divmod(max(seconds, 0), 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes > 1 else ''}")
    if rest or not minutes:
        parts.append(f"{rest} seconde{'s' if rest > 1 else ''}")
    return " ".join(parts)


class Countdown(Static):
    """Seconds left to answer; posts `Countdown.Expired` once when they run out."""

    DEFAULT_CSS = """
    Countdown {
        width: auto;
        padding: 0 1;
        text-style: bold;
    }
    Countdown.-warning {
        background: $warning 30%;
    }
    Countdown.-expired {
        background: $error 40%;
    }
    """

    class Expired(Message):
        """The time is up."""

    def __init__(self, seconds: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.seconds = seconds
        self._deadline: float | None = None
        self._timer: Timer | None = None
        self._expired = False

    @property
    def expired(self) -> bool:
        return self._expired

    @property
    def remaining(self) -> int:
        """Whole seconds left (rounded up: "0:01" is shown until the very end)."""
        if self._deadline is None:
            return self.seconds
        return max(0, math.ceil(self._deadline - clock()))

    def on_mount(self) -> None:
        self._show()

    def start(self) -> None:
        """Start counting down (once)."""
        if self._deadline is not None:
            return
        self._deadline = clock() + self.seconds
        self._timer = self.set_interval(TICK_SECONDS, self._tick)
        self._show()

    def expire(self) -> None:
        """End the time now (the server said this question already ran out)."""
        self._deadline = clock()
        self._tick()

    def stop(self) -> None:
        """Freeze the display (the answer is on its way)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _tick(self) -> None:
        self._show()
        if self.remaining == 0 and not self._expired:
            self._expired = True
            self.stop()
            self.post_message(self.Expired())

    def _show(self) -> None:
        left = self.remaining
        if self._deadline is not None and left == 0:
            self.update(Text("Temps écoulé"))
        else:
            self.update(Text(f"Temps restant : {format_duration(left)}"))
        self.set_class(0 < left <= WARNING_SECONDS and self._deadline is not None, "-warning")
        self.set_class(self._deadline is not None and left == 0, "-expired")
