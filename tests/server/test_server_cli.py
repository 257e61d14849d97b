"""`pix-server` as an operator runs it: migrate, seed, serve (a real uvicorn on 127.0.0.1)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from server_support import ROOT

from server.cli import main


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_migrate_then_seed(tmp_path: Path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'cli' / 'pix.db'}"

    assert main(["seed", "--demo", "--database-url", url]) == 1
    assert "pix-server migrate" in capsys.readouterr().err

    assert main(["migrate", "--database-url", url]) == 0
    assert "Schéma à jour" in capsys.readouterr().out
    assert main(["seed", "--demo", "--database-url", url]) == 0
    assert "Pix12345" in capsys.readouterr().out


def test_an_unreachable_database_is_one_clear_line(capsys) -> None:
    url = f"postgresql://pix:s3cr3t@127.0.0.1:{_free_port()}/nowhere"
    assert main(["migrate", "--database-url", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("pix-server : ")
    assert "Traceback" not in err
    assert "s3cr3t" not in err


@pytest.mark.skipif(not os.environ.get("PIX_TEST_POSTGRES_URL"), reason="PostgreSQL not set")
def test_passwords_in_urls_are_not_printed(capsys, postgres_templates) -> None:
    url = postgres_templates.new_database(seeded=False)
    try:
        assert main(["migrate", "--database-url", url]) == 0
    finally:
        postgres_templates.drop(url)
    out = capsys.readouterr().out
    assert ":***@" in out
    assert ":pix@" not in out


def test_serve_refuses_an_unmigrated_database(tmp_path: Path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    assert main(["serve", "--database-url", url, "--port", str(_free_port())]) == 1
    assert "pix-server migrate" in capsys.readouterr().err


def _start_server(url: str, *extra: str) -> tuple[subprocess.Popen[str], str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--port", str(port), "--database-url", url,
         *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"server exited: {process.stdout.read() if process.stdout else ''}"
            )
        try:
            if httpx.get(f"{base_url}/", timeout=1).status_code == 200:
                return process, base_url
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("server did not start within 30 s")


def _stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _login_and_read_me(base_url: str) -> None:
    with httpx.Client(base_url=base_url, timeout=10) as client:
        token = client.post(
            "/api/token",
            data={"grant_type": "password", "username": "prof@example.net", "password": "Pix12345",
                  "scope": "pix-orga"},
        )  # fmt: skip
        assert token.status_code == 200
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    # Fresh connections, so that with several workers other processes answer too.
    for _ in range(4):
        with httpx.Client(base_url=base_url, timeout=10) as client:
            me = client.get("/api/users/me", headers=headers)
            assert me.status_code == 200
            assert me.json()["data"]["attributes"]["email"] == "prof@example.net"


def test_real_server_over_http(seeded_url: str) -> None:
    process, base_url = _start_server(seeded_url)
    try:
        _login_and_read_me(base_url)
    finally:
        _stop(process)


def test_real_server_with_two_workers_shares_tokens(sqlite_templates, tmp_path: Path) -> None:
    # SQLite only: several processes over one file is the harder case (WAL, busy timeout).
    url = sqlite_templates.new_database(tmp_path / "workers.db", seeded=True)
    process, base_url = _start_server(url, "--workers", "2")
    try:
        _login_and_read_me(base_url)
    finally:
        _stop(process)
