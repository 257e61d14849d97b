"""Running async work from sync code, whether or not an event loop is already running."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run_in_fresh_thread(function: Callable[[], T]) -> T:
    """Call `function` in a new thread and return its result (or raise its exception).

    Used for work that calls asyncio.run() (Alembic's env.py, seeding): it would fail inside
    the caller's running loop (the TUI launcher is async), and a fresh thread also leaves the
    caller's own event-loop settings untouched.
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = function()
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=target, name="pix-server-sync-bridge")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    result: T = outcome["value"]
    return result


def run_coroutine_blocking(factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run the coroutine made by `factory` to completion on its own loop in a fresh thread."""
    return run_in_fresh_thread(lambda: asyncio.run(factory()))
