"""What the command-line options change in the app that starts (the app's `run` is intercepted)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tui.__main__ import main
from tui.app import PixApp
from tui.launcher import DEMO_BASE_URL


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[dict[str, Any]]:
    """Each `PixApp.run` call as {"launcher": ..., "mouse": ...}; nothing is displayed."""
    calls: list[dict[str, Any]] = []

    def fake_run(self: PixApp, **kwargs: Any) -> None:
        calls.append({"launcher": self.launcher, **kwargs})

    monkeypatch.setattr(PixApp, "run", fake_run)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # the log file goes here
    monkeypatch.delenv("PIX_API_URL", raising=False)
    return calls


def test_default_is_the_local_demo_with_the_mouse(started: list[dict[str, Any]]) -> None:
    assert main([]) == 0
    [call] = started
    assert call["mouse"] is True
    assert call["launcher"].embedded
    assert call["launcher"].base_url == DEMO_BASE_URL
    assert call["launcher"].no_store is False


def test_no_mouse_turns_the_mouse_off(started: list[dict[str, Any]]) -> None:
    main(["--no-mouse"])
    assert started[0]["mouse"] is False


def test_api_url_from_the_option_or_the_environment(
    started: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    main(["--api-url", "https://pix.example/"])
    assert not started[0]["launcher"].embedded
    assert started[0]["launcher"].base_url == "https://pix.example"

    monkeypatch.setenv("PIX_API_URL", "https://env.pix.example")
    main(["--no-store"])
    assert started[1]["launcher"].base_url == "https://env.pix.example"
    assert started[1]["launcher"].no_store is True


def test_reset_demo_reaches_the_launcher(started: list[dict[str, Any]]) -> None:
    main(["--reset-demo"])
    assert started[0]["launcher"].reset_demo is True


def test_the_log_file_is_released_after_the_run(
    started: list[dict[str, Any]], tmp_path: Path
) -> None:
    import logging

    handlers_before = list(logging.getLogger().handlers)
    main([])
    assert logging.getLogger().handlers == handlers_before
    assert list((tmp_path / "state").rglob("pix-tui.log"))
