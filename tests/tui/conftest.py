"""The TUI against the real reference server, embedded as in `pix-tui` (no socket).

The demo database is prepared once per session with `server.embedded.prepare_demo` (the very
function the launcher calls) and copied for each test, so a test's logins, failed attempts
and organisation switches never leak into another. Tokens go to a `MemoryTokenStore` unless a
test asks for a file store in its `tmp_path`: nothing is written in the user's home.
"""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

import pytest
from pilot_support import AppFactory

from api_client import MemoryTokenStore, TokenStore
from server.embedded import prepare_demo
from tui.app import PixApp
from tui.launcher import Launcher


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tui-demo") / "demo-template.db"
    prepare_demo(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture
def demo_database_url(demo_template: Path, tmp_path: Path) -> str:
    target = tmp_path / "demo.db"
    source, destination = sqlite3.connect(demo_template), sqlite3.connect(target)
    try:
        source.backup(destination)  # consistent copy, WAL content included
    finally:
        destination.close()
        source.close()
    return f"sqlite+aiosqlite:///{target}"


@pytest.fixture
def make_app(demo_database_url: str, tmp_path: Path) -> AppFactory:
    """`make_app(token_store=None, api_url=None)`: a PixApp on this test's demo database.

    The answer journal and the Pix App local state go to this test's `tmp_path/state`
    (shared by every app the test makes, as by two runs of pix-tui on one machine).
    """

    def make(*, token_store: TokenStore | None = None, api_url: str | None = None) -> PixApp:
        launcher = Launcher(
            api_url=api_url,
            database_url=None if api_url else demo_database_url,
            token_store=token_store if token_store is not None else MemoryTokenStore(),
            state_dir=tmp_path / "state",
        )
        return PixApp(launcher)

    return make


@pytest.fixture
def closed_port_url() -> str:
    """An address where nothing listens: the port was free a moment ago and is closed."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
