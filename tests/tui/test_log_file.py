"""The log file: one line per HTTP request (method, path, status, time, request id), the id
on screen with the errors worth reporting, and never a password or a token in it.

Requests go to the real reference server, embedded as `pix-tui` runs it (the launcher builds
the client), or to a real socket that never answers for the timeout.
"""

from __future__ import annotations

import asyncio
import logging
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from api_client import (
    InvalidCredentialsError,
    MemoryTokenStore,
    NetworkTimeoutError,
    PixClient,
    ServerError,
)
from api_client._http import MockTransport, Request, Response
from tui.errors import error_message
from tui.launcher import DEMO_BASE_URL, DEMO_PASSWORD, Launcher
from tui.logs import BACKUP_COUNT, FILE_NAME, MAX_BYTES, file_logging
from tui.request_log import REQUEST_ID_HEADER, RequestLog, reference

LINE = re.compile(
    r"(?P<method>[A-Z]+) (?P<target>\S+) -> (?P<status>\d{3}) en (?P<ms>\d+) ms "
    r"\[(?P<id>[0-9A-F]{6})\]"
)


@pytest.fixture
def log_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    folder = tmp_path / "logs"
    monkeypatch.setenv("PIX_TUI_LOG_DIR", str(folder))
    monkeypatch.delenv("PIX_TUI_LOG_LEVEL", raising=False)
    return folder


def request_lines(log_dir: Path) -> list[re.Match[str]]:
    text = (log_dir / FILE_NAME).read_text(encoding="utf-8")
    return [match for match in map(LINE.search, text.splitlines()) if match]


@pytest.mark.parametrize("debug", [False, True])
async def test_requests_are_logged_with_an_id_and_a_time_and_no_secret(
    log_dir: Path, demo_database_url: str, tmp_path: Path, debug: bool
) -> None:
    store = MemoryTokenStore()
    launcher = Launcher(database_url=demo_database_url, token_store=store, state_dir=tmp_path)
    wrong_password = "Mauvais-Secret-42"
    with file_logging(debug=debug):
        await asyncio.to_thread(launcher.prepare)
        client = launcher.create_client()
        try:
            async with client:
                with pytest.raises(InvalidCredentialsError) as refused:
                    await client.login("prof@example.net", wrong_password)
                await client.login("prof@example.net", DEMO_PASSWORD)
                me = await client.users.me()
        finally:
            await launcher.aclose()
    assert me.email == "prof@example.net"

    lines = request_lines(log_dir)
    token_lines = [m for m in lines if m["method"] == "POST" and m["target"] == "/api/token"]
    assert [m["status"] for m in token_lines][:1] == ["401"]  # the wrong password
    assert "200" in [m["status"] for m in token_lines]
    assert any(m["target"] == "/api/users/me" and m["status"] == "200" for m in lines)
    # Each exchange its own id, and the refused login's is the one its error carries.
    ids = [m["id"] for m in lines]
    assert len(set(ids)) == len(ids)
    assert reference(refused.value) == token_lines[0]["id"]

    text = "".join(path.read_text("utf-8") for path in log_dir.iterdir())
    saved = store.load(DEMO_BASE_URL)
    assert saved is not None
    secrets = [wrong_password, DEMO_PASSWORD]
    for tokens in saved["tokens"].values():
        secrets += [tokens["access_token"], tokens["refresh_token"]]
    assert all(secrets)
    for secret in secrets:
        assert secret not in text
    assert "Bearer" not in text and "authorization" not in text.lower()
    assert ("envoyée" in text) is debug  # the DEBUG line before each request


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A real socket that accepts connections and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


async def test_a_timeout_on_screen_carries_the_reference_found_in_the_log(
    log_dir: Path, silent_server: str
) -> None:
    request_log = RequestLog()
    with file_logging():
        async with PixClient(
            silent_server, timeout=0.3, max_retries=0, event_hooks=request_log.event_hooks()
        ) as client:
            with pytest.raises(NetworkTimeoutError) as timed_out:
                await client.login("prof@example.net", DEMO_PASSWORD)
        shown = error_message(timed_out.value)
    found = re.fullmatch(r"Le serveur ne répond pas\..* \(Réf\. ([0-9A-F]{6})\)", shown)
    assert found, shown
    text = (log_dir / FILE_NAME).read_text("utf-8")
    assert f"shown with reference {found[1]}" in text
    assert DEMO_PASSWORD not in text


async def test_a_server_error_shows_the_id_the_server_received(log_dir: Path) -> None:
    # Fault injection: a server failing with 503 (the real one does not fail on demand).
    received: list[str] = []

    def failing(request: Request) -> Response:
        received.append(request.headers.get(REQUEST_ID_HEADER, ""))
        return Response(503, json={"errors": [{"status": "503", "title": "Unavailable"}]})

    with file_logging():
        async with PixClient(
            "http://pix.test",
            transport=MockTransport(failing),
            max_retries=0,
            event_hooks=RequestLog().event_hooks(),
        ) as client:
            with pytest.raises(ServerError) as failed:
                await client.login("prof@example.net", DEMO_PASSWORD)
    [sent] = received
    assert re.fullmatch(r"[0-9A-F]{6}", sent)
    assert error_message(failed.value).endswith(f"(Réf. {sent})")
    [line] = request_lines(log_dir)
    assert (line["target"], line["status"], line["id"]) == ("/api/token", "503", sent)


def test_the_file_rotates_at_about_a_megabyte(log_dir: Path) -> None:
    with file_logging():
        chatty = logging.getLogger("tui.test")
        for number in range(MAX_BYTES // 100 * 2):
            chatty.info("ligne %06d %s", number, "x" * 80)
    assert (log_dir / FILE_NAME).stat().st_size <= MAX_BYTES
    assert (log_dir / f"{FILE_NAME}.1").exists()
    assert not (log_dir / f"{FILE_NAME}.{BACKUP_COUNT + 1}").exists()
    # Levels and handlers are back as they were: the next run starts clean.
    assert not any(
        getattr(handler, "baseFilename", "").startswith(str(log_dir))
        for handler in logging.getLogger().handlers
    )
