"""Where a session's tokens live between two runs. Tokens only: never the password.

A store keeps one small JSON object per server URL. Three stores:
* `KeyringTokenStore`: the system keyring (Secret Service, macOS Keychain, Windows).
* `FileTokenStore`: a JSON file readable by its owner only, for headless SSH servers where
  keyring has no backend (it raises `NoKeyringError` at once, there is no D-Bus) — the way
  the `gh` CLI falls back.
* `MemoryTokenStore`: nothing outlives the process (`--no-store`).

`open_token_store()` picks one. The environment variable `PIX_TUI_TOKEN_STORE`
(`keyring`, `file` or `memory`) forces the choice for scripts.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import keyring
import keyring.errors
from platformdirs import user_config_dir

from api_client.errors import PixError

APP_NAME = "pix-tui"
KEYRING_SERVICE = "pix-tui"
TOKEN_FILE_NAME = "tokens.json"
STORE_ENV_VAR = "PIX_TUI_TOKEN_STORE"

FALLBACK_WARNING = (
    "Aucun trousseau système disponible : la session est gardée dans {path} "
    "(lisible par vous seul)."
)

_log = logging.getLogger(__name__)


class TokenStoreError(PixError):
    """The store could not be read or written (locked keyring, unwritable file…)."""


@runtime_checkable
class TokenStore(Protocol):
    """Keeps one JSON-serialisable object of tokens per server URL."""

    @property
    def description(self) -> str:
        """Where the tokens are kept, in French, to tell the user which store is active."""
        ...

    def load(self, server_url: str) -> dict[str, Any] | None:
        """The object saved for `server_url`, or None."""
        ...

    def save(self, server_url: str, blob: Mapping[str, Any]) -> None:
        """Replace the object saved for `server_url`."""
        ...

    def delete(self, server_url: str) -> None:
        """Forget `server_url` (no error if nothing was saved)."""
        ...


def _key(server_url: str) -> str:
    return server_url.rstrip("/")


class MemoryTokenStore:
    """Keeps tokens in this process only: nothing is written anywhere."""

    def __init__(self) -> None:
        self._blobs: dict[str, dict[str, Any]] = {}

    @property
    def description(self) -> str:
        """Where the tokens are kept."""
        return "mémoire uniquement (rien n'est enregistré)"

    def load(self, server_url: str) -> dict[str, Any] | None:
        """The object saved for `server_url`, or None."""
        blob = self._blobs.get(_key(server_url))
        return dict(blob) if blob is not None else None

    def save(self, server_url: str, blob: Mapping[str, Any]) -> None:
        """Replace the object saved for `server_url`."""
        self._blobs[_key(server_url)] = dict(blob)

    def delete(self, server_url: str) -> None:
        """Forget `server_url`."""
        self._blobs.pop(_key(server_url), None)


class KeyringTokenStore:
    """Keeps tokens in the system keyring, one entry per server URL."""

    def __init__(self, service: str = KEYRING_SERVICE) -> None:
        self._service = service

    @property
    def description(self) -> str:
        """Where the tokens are kept."""
        return "trousseau système"

    def load(self, server_url: str) -> dict[str, Any] | None:
        """The object saved for `server_url`, or None (also when the entry is unreadable)."""
        try:
            raw = keyring.get_password(self._service, _key(server_url))
        except keyring.errors.KeyringError as exc:
            raise TokenStoreError(f"keyring read failed: {exc}") from exc
        return _decode(raw)

    def save(self, server_url: str, blob: Mapping[str, Any]) -> None:
        """Replace the object saved for `server_url`."""
        try:
            keyring.set_password(self._service, _key(server_url), json.dumps(dict(blob)))
        except keyring.errors.KeyringError as exc:
            raise TokenStoreError(f"keyring write failed: {exc}") from exc

    def delete(self, server_url: str) -> None:
        """Forget `server_url`."""
        try:
            keyring.delete_password(self._service, _key(server_url))
        except keyring.errors.PasswordDeleteError:
            pass  # nothing was saved for this server
        except keyring.errors.KeyringError as exc:
            raise TokenStoreError(f"keyring delete failed: {exc}") from exc


class FileTokenStore:
    """Keeps tokens in a JSON file that only its owner can read (mode 0600, folder 0700).

    The file is written to a temporary file created 0600 by `mkstemp` and renamed over the
    old one, so it is never world-readable, not even for an instant, and never half written.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or Path(user_config_dir(APP_NAME)) / TOKEN_FILE_NAME

    @property
    def description(self) -> str:
        """Where the tokens are kept."""
        return f"fichier {self.path}"

    def load(self, server_url: str) -> dict[str, Any] | None:
        """The object saved for `server_url`, or None."""
        blob = self._read_all().get(_key(server_url))
        return dict(blob) if isinstance(blob, dict) else None

    def save(self, server_url: str, blob: Mapping[str, Any]) -> None:
        """Replace the object saved for `server_url`."""
        content = self._read_all()
        content[_key(server_url)] = dict(blob)
        self._write_all(content)

    def delete(self, server_url: str) -> None:
        """Forget `server_url`; the file goes away with its last entry."""
        content = self._read_all()
        if content.pop(_key(server_url), None) is None:
            return
        if content:
            self._write_all(content)
        else:
            try:
                self.path.unlink(missing_ok=True)
            except OSError as exc:
                raise TokenStoreError(f"cannot delete {self.path}: {exc}") from exc

    def _read_all(self) -> dict[str, Any]:
        try:
            mode = self.path.stat().st_mode
            if mode & (stat.S_IRWXG | stat.S_IRWXO):
                # Someone widened it (cp, backup restore): close it again before reading.
                self.path.chmod(0o600)
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise TokenStoreError(f"cannot read {self.path}: {exc}") from exc
        content = _decode(text)
        return content if content is not None else {}

    def _write_all(self, content: Mapping[str, Any]) -> None:
        directory = self.path.parent
        try:
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            # mkstemp creates the file with O_EXCL and mode 0600.
            fd, temp_name = tempfile.mkstemp(dir=directory, prefix=".tokens-", suffix=".tmp")
        except OSError as exc:
            raise TokenStoreError(f"cannot write {self.path}: {exc}") from exc
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(content, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp_name, self.path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
            raise TokenStoreError(f"cannot write {self.path}: {exc}") from exc


def keyring_is_usable() -> bool:
    """Whether a real keyring backend answers (not keyring's `fail` or `null` backend)."""
    try:
        backend = keyring.get_keyring()
        # fail.Keyring has priority 0, null.Keyring -1, an empty chainer -1.
        if float(backend.priority) <= 0:
            return False
        keyring.get_password(KEYRING_SERVICE, "__pix-tui-probe__")
    except Exception as exc:  # D-Bus and OS backends raise their own exception types
        _log.debug("keyring unusable: %r", exc)
        return False
    return True


def open_token_store(no_store: bool = False) -> tuple[TokenStore, str | None]:
    """Pick the store for this run, and a French warning to show once when falling back.

    `no_store=True` (`--no-store`) keeps tokens in memory. Otherwise the system keyring is
    used when a real backend works, else a 0600 file in the user config folder, with the
    warning naming that file.
    """
    forced = os.environ.get(STORE_ENV_VAR, "").strip().lower()
    if no_store or forced == "memory":
        return MemoryTokenStore(), None
    if forced == "file":
        return FileTokenStore(), None
    if keyring_is_usable():
        return KeyringTokenStore(), None
    store = FileTokenStore()
    return store, FALLBACK_WARNING.format(path=store.path)


def _decode(raw: str | None) -> dict[str, Any] | None:
    if not raw:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        _log.warning("ignoring an unreadable token store entry")
        return None
    return value if isinstance(value, dict) else None
