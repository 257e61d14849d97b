"""Helpers shared by the client tests (imported relatively: `from .support import ...`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import keyring
from keyring.backend import KeyringBackend

FIXTURES = Path("/work/shared/pix-api/fixtures")


def load_fixture(name: str) -> Any:
    """A JSON fixture of the shared Pix payload set."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class MemoryKeyring(KeyringBackend):
    """A working keyring backend that keeps secrets in a dict (stands for Secret Service)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.secrets:
            raise keyring.errors.PasswordDeleteError(username)
        del self.secrets[(service, username)]
