"""Shared set-up of the client tests: isolated keyring and config folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from .support import MemoryKeyring


@pytest.fixture(autouse=True)
def isolated_user_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No test touches the real keyring or the real config folder.

    The keyring starts with keyring's own `fail` backend (what a headless SSH server has);
    the config folder is a temporary one.
    """
    config_home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config_home))
    monkeypatch.delenv("PIX_TUI_TOKEN_STORE", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield config_home
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    """Install a working in-memory keyring backend for this test."""
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend
