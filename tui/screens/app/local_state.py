"""What pix-tui remembers about a student on this machine, beside the answer journal.

- The last campaign code entered, for the "Reprendre" banner of the home screen: the routes
  this client uses have no list of a learner's participations, so the home screen asks the
  server about that one campaign.
- Whether "Les règles du jeu" were shown: Pix shows them once per user.

One small JSON file in the state dir, keyed by server and user. It is a convenience: an
unreadable file counts as empty, a write that fails is logged and forgotten. Writes go to a
temporary file renamed over the old one, so a crash never leaves half a file.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from api_client import AnswerJournal

log = logging.getLogger(__name__)

STATE_FILE_NAME: Final = "pix-app.json"
JOURNAL_FILE_NAME: Final = "answers.sqlite3"


@dataclass(frozen=True, slots=True)
class StudentMemory:
    """What is remembered for one student of one server."""

    last_campaign_code: str | None = None
    rules_seen: bool = False


class LocalState:
    """The JSON file of `StudentMemory` entries (one per server and user)."""

    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / STATE_FILE_NAME

    def load(self, server_url: str, user_id: int) -> StudentMemory:
        entry = self._read().get(_key(server_url, user_id), {})
        code = entry.get("last_campaign_code")
        return StudentMemory(
            last_campaign_code=code if isinstance(code, str) and code else None,
            rules_seen=entry.get("rules_seen") is True,
        )

    def remember_campaign(self, server_url: str, user_id: int, code: str) -> None:
        self._update(server_url, user_id, last_campaign_code=code)

    def forget_campaign(self, server_url: str, user_id: int) -> None:
        self._update(server_url, user_id, last_campaign_code=None)

    def mark_rules_seen(self, server_url: str, user_id: int) -> None:
        self._update(server_url, user_id, rules_seen=True)

    def _update(self, server_url: str, user_id: int, **changes: Any) -> None:
        data = self._read()
        entry = dict(data.get(_key(server_url, user_id), {}))
        entry.update(changes)
        data[_key(server_url, user_id)] = {k: v for k, v in entry.items() if v is not None}
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".pix-app-")
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(data, file, ensure_ascii=False, indent=1, sort_keys=True)
            os.replace(temporary, self.path)
        except OSError as error:
            log.warning("could not write %s: %s", self.path, error)

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            log.warning("ignoring unreadable %s: %s", self.path, error)
            return {}
        if not isinstance(data, dict):
            return {}
        return {key: value for key, value in data.items() if isinstance(value, dict)}


def answer_journal(state_dir: Path) -> AnswerJournal:
    """The journal every answer is written to before it is sent."""
    from api_client import AnswerJournal

    return AnswerJournal(state_dir / JOURNAL_FILE_NAME)


def _key(server_url: str, user_id: int) -> str:
    return f"{server_url.rstrip('/')}#{user_id}"
