"""`pix-tui --logout` against a real `pix-server serve`: the refresh token is revoked on the
server, the local copy is deleted, and an unreachable server still gets a local logout.

The command runs in its own interpreter, as a user types it; its token store is a file under
this test's `XDG_CONFIG_HOME`, the very file a `FileTokenStore` here reads.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api_client import FileTokenStore, MemoryTokenStore, PixClient
from api_client.spaces import Space
from tui.launcher import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server_url(demo_database_url: str) -> Iterator[str]:
    """`pix-server serve` on a free port, over this test's copy of the demo database."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIX_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--port", str(port),
         "--database-url", demo_database_url],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, "pix-server exited"
            try:
                if httpx.get(f"{url}/", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "pix-server did not start"
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "xdg-config"


@pytest.fixture
def store(home: Path) -> FileTokenStore:
    """The file the `pix-tui --logout` subprocess uses (PIX_TUI_TOKEN_STORE=file)."""
    return FileTokenStore(home / "pix-tui" / "tokens.json")


def pix_tui(home: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIX_")}
    env.update(
        XDG_CONFIG_HOME=str(home),
        PIX_TUI_TOKEN_STORE="file",
        PIX_TUI_CONFIG=str(tmp_path / "no-config.toml"),
        PIX_TUI_LOG_DIR=str(tmp_path / "logs"),
    )
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip


async def log_in(url: str, token_store: FileTokenStore | MemoryTokenStore) -> str:
    """Log the teacher in (tokens saved in `token_store`); her App refresh token."""
    async with PixClient(url, token_store=token_store) as client:
        await client.login("prof@example.net", DEMO_PASSWORD)
    saved = token_store.load(url)
    assert saved is not None
    refresh_token: str = saved["tokens"]["app"]["refresh_token"]
    return refresh_token


def refresh(url: str, refresh_token: str) -> int:
    """The status of a refresh-token grant, as the Pix App front-end sends it."""
    response = httpx.post(
        f"{url}/api/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "scope": Space.APP.scope,
        },
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": Space.APP.default_host},
        timeout=10,
    )
    return response.status_code


async def test_logout_revokes_the_token_and_deletes_the_local_copy(
    server_url: str, store: FileTokenStore, home: Path, tmp_path: Path
) -> None:
    revoked = await log_in(server_url, store)
    other_session = await log_in(server_url, MemoryTokenStore())  # not logged out

    result = pix_tui(home, tmp_path, "--logout", "--api-url", server_url)

    assert result.returncode == 0, result.stderr
    assert "Session fermée : le jeton a été révoqué" in result.stdout
    assert store.load(server_url) is None
    assert refresh(server_url, revoked) in (400, 401)
    assert refresh(server_url, other_session) == 200  # the request itself was right
    log = (tmp_path / "logs" / "pix-tui.log").read_text("utf-8")
    assert "POST /api/revoke -> 204" in log
    assert revoked not in log


def test_logout_with_nothing_saved_says_so(home: Path, tmp_path: Path) -> None:
    result = pix_tui(home, tmp_path, "--logout", "--api-url", "http://127.0.0.1:9")
    assert result.returncode == 0, result.stderr
    assert "Aucune session enregistrée pour le serveur http://127.0.0.1:9" in result.stdout


async def test_an_unreachable_server_still_gets_a_local_logout(
    server_url: str,
    store: FileTokenStore,
    home: Path,
    tmp_path: Path,
    closed_port_url: str,
) -> None:
    await log_in(server_url, store)
    saved = store.load(server_url)
    assert saved is not None
    store.save(closed_port_url, saved)  # a session saved for a server that is now gone

    result = pix_tui(home, tmp_path, "--logout", "--api-url", closed_port_url)

    assert result.returncode == 4
    assert "la révocation côté serveur n'a pas pu être faite" in result.stderr
    assert "Réf. " in result.stderr
    assert store.load(closed_port_url) is None
    assert store.load(server_url) is not None  # another server's session is left alone
