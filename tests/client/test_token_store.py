"""Where the session is kept: keyring, 0600 file fallback, memory; and what is kept."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import httpx
import keyring
import pytest
from keyring.backends import null

import api_client.retry
from api_client import (
    FileTokenStore,
    KeyringTokenStore,
    MemoryTokenStore,
    NetworkError,
    PixClient,
    Space,
    open_token_store,
)

from .fake_pix import USER, FakePix, jsonapi
from .support import MemoryKeyring

BASE = "https://pix.test"
BLOB = {"version": 1, "user_id": 1, "email": "a@b.c", "tokens": {"app": {"access_token": "x"}}}


@pytest.fixture(autouse=True)
def no_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    async def fake_sleep(seconds: float) -> None:
        return None

    monkeypatch.setattr(api_client.retry, "sleep", fake_sleep)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_file_store_is_owner_only_even_with_a_permissive_umask(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "pix-tui" / "tokens.json"
    store = FileTokenStore(path)
    previous = os.umask(0)
    try:
        store.save(BASE, BLOB)
    finally:
        os.umask(previous)
    assert mode_of(path) == 0o600
    assert mode_of(path.parent) == 0o700
    assert store.load(BASE) == BLOB


def test_file_store_is_never_readable_by_others_while_being_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen_modes: list[int] = []
    real_replace = os.replace

    def spying_replace(source: str, target: Path) -> None:
        seen_modes.append(stat.S_IMODE(os.stat(source).st_mode))
        assert Path(source).read_text(encoding="utf-8")  # fully written before the rename
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", spying_replace)
    store = FileTokenStore(tmp_path / "tokens.json")
    store.save(BASE, BLOB)
    store.save("https://other.test", BLOB)
    assert seen_modes == [0o600, 0o600]
    assert [p.name for p in tmp_path.iterdir()] == ["tokens.json"]  # no temp file left


def test_file_store_closes_a_file_someone_widened(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "tokens.json")
    store.save(BASE, BLOB)
    store.path.chmod(0o644)
    assert store.load(BASE) == BLOB
    assert mode_of(store.path) == 0o600


def test_file_store_keys_by_server_and_removes_the_file_with_the_last_entry(
    tmp_path: Path,
) -> None:
    store = FileTokenStore(tmp_path / "tokens.json")
    store.save("https://a.test/", {"n": 1})
    store.save("https://b.test", {"n": 2})
    assert store.load("https://a.test") == {"n": 1}
    assert store.load("https://b.test/") == {"n": 2}
    store.delete("https://a.test")
    assert store.load("https://a.test") is None
    assert store.path.exists()
    store.delete("https://b.test")
    assert not store.path.exists()
    store.delete("https://b.test")  # nothing saved: no error


def test_file_store_ignores_a_corrupted_file(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    path.write_text("{not json", encoding="utf-8")
    assert FileTokenStore(path).load(BASE) is None


def test_headless_server_falls_back_to_the_file_with_one_warning(isolated_user_state: Path) -> None:
    # conftest installed keyring's `fail` backend: what `keyring` picks without D-Bus.
    store, warning = open_token_store()
    assert isinstance(store, FileTokenStore)
    expected_path = isolated_user_state / "pix-tui" / "tokens.json"
    assert store.path == expected_path
    assert warning == (
        f"Aucun trousseau système disponible : la session est gardée dans {expected_path} "
        "(lisible par vous seul)."
    )


def test_null_keyring_backend_also_falls_back() -> None:
    keyring.set_keyring(null.Keyring())
    store, warning = open_token_store()
    assert isinstance(store, FileTokenStore)
    assert warning is not None


def test_working_keyring_is_preferred(memory_keyring: MemoryKeyring) -> None:
    store, warning = open_token_store()
    assert isinstance(store, KeyringTokenStore)
    assert warning is None
    store.save(BASE + "/", BLOB)
    assert store.load(BASE) == BLOB
    assert list(memory_keyring.secrets) == [("pix-tui", BASE)]
    store.delete(BASE)
    assert memory_keyring.secrets == {}
    store.delete(BASE)  # nothing saved: no error


def test_no_store_and_env_override(monkeypatch: pytest.MonkeyPatch) -> None:
    store, warning = open_token_store(no_store=True)
    assert isinstance(store, MemoryTokenStore) and warning is None
    monkeypatch.setenv("PIX_TUI_TOKEN_STORE", "file")
    store, warning = open_token_store()
    assert isinstance(store, FileTokenStore) and warning is None
    monkeypatch.setenv("PIX_TUI_TOKEN_STORE", "memory")
    assert isinstance(open_token_store()[0], MemoryTokenStore)


async def test_memory_store_writes_nothing_anywhere(
    isolated_user_state: Path, memory_keyring: MemoryKeyring
) -> None:
    store, _ = open_token_store(no_store=True)
    fake = FakePix().token_endpoint(orga=True)
    async with PixClient(BASE, transport=fake.transport, token_store=store) as client:
        await client.login("ada@example.net", "secret")
        assert store.load(BASE) is not None  # kept for this run…
    assert not isolated_user_state.exists()  # …but no file
    assert memory_keyring.secrets == {}  # …and nothing in the keyring
    async with PixClient(BASE, transport=fake.transport, token_store=MemoryTokenStore()) as client:
        assert await client.restore_session() is None  # a new run starts logged out


async def test_tokens_are_saved_never_the_password(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "tokens.json")
    fake = FakePix().token_endpoint(orga=True)
    async with PixClient(BASE, transport=fake.transport, token_store=store) as client:
        await client.login("ada@example.net", "S3cret-Passw0rd")
    content = store.path.read_text(encoding="utf-8")
    assert "S3cret-Passw0rd" not in content
    assert "pix-orga-refresh" in content
    saved = store.load(BASE)
    assert saved is not None
    assert set(saved["tokens"]) == {"app", "orga"}
    assert saved["user_id"] == 42 and saved["email"] == "ada@example.net"


async def test_a_new_run_restores_the_saved_session_refreshing_it(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "tokens.json")
    fake = FakePix().token_endpoint(orga=True)
    async with PixClient(BASE, transport=fake.transport, token_store=store) as client:
        await client.login("ada@example.net", "secret")

    # Next run: the access token has expired meanwhile.
    expired = jsonapi({"statusCode": 401, "error": "Unauthorized"}, 401)
    fake.on("GET", "/api/users/me", expired, jsonapi({**USER}))
    async with PixClient(BASE, transport=fake.transport, token_store=store) as client:
        session = await client.restore_session()

    assert session is not None
    assert session.user_id == 42
    assert session.spaces == {Space.APP, Space.ORGA}
    saved = store.load(BASE)
    assert saved is not None and saved["tokens"]["app"]["access_token"] == "refreshed-access"


async def test_restore_with_a_dead_session_returns_none_and_forgets_it(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "tokens.json")
    fake = FakePix().token_endpoint()
    async with PixClient(BASE, transport=fake.transport, token_store=store) as client:
        await client.login("ada@example.net", "secret")
    fake.on("GET", "/api/users/me", jsonapi({"statusCode": 401, "error": "Unauthorized"}, 401))
    fake.on("POST", "/api/token", jsonapi({"errors": [{"status": "400"}]}, 400))
    async with PixClient(BASE, transport=fake.transport, token_store=store) as client:
        assert await client.restore_session() is None
        assert client.session is None
    assert store.load(BASE) is None


async def test_restore_while_offline_keeps_the_saved_session(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "tokens.json")
    fake = FakePix().token_endpoint()
    async with PixClient(BASE, transport=fake.transport, token_store=store) as client:
        await client.login("ada@example.net", "secret")
    fake.on("GET", "/api/users/me", httpx.ConnectError("refused"))
    async with PixClient(BASE, transport=fake.transport, token_store=store) as client:
        with pytest.raises(NetworkError):
            await client.restore_session()
        assert client.session is None
    assert store.load(BASE) is not None  # try again when the network is back


async def test_logout_while_offline_still_forgets_locally(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "tokens.json")
    fake = FakePix().token_endpoint(orga=True)
    client = PixClient(BASE, transport=fake.transport, token_store=store)
    await client.login("ada@example.net", "secret")
    fake.on("POST", "/api/revoke", httpx.ConnectError("refused"))

    await client.logout()

    assert client.session is None
    assert store.load(BASE) is None
    assert len(fake.sent("POST", "/api/revoke")) == 2  # one per opened space, no retry
