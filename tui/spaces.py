"""The three spaces as the TUI names them; each is an `App` mode with its own screen stack.

Mode names are the `api_client.spaces.Space` values ("orga", "app", "admin"): a `Space` is a
`StrEnum`, so `"orga" in session.spaces` holds without importing the client before the first
frame.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SpaceInfo:
    mode: str
    label: str
    description: str


ORGA = SpaceInfo("orga", "Pix Orga", "Les campagnes de votre établissement")
APP = SpaceInfo("app", "Pix App", "Passer un parcours avec un code")
ADMIN = SpaceInfo("admin", "Pix Admin", "Support : retrouver une campagne")

# Most specific first: support staff land in Admin, teachers in Orga, students in App.
BY_PRIORITY: tuple[SpaceInfo, ...] = (ADMIN, ORGA, APP)
BY_MODE: dict[str, SpaceInfo] = {space.mode: space for space in BY_PRIORITY}


def available(spaces: Iterable[str]) -> list[SpaceInfo]:
    """The spaces a session opened, most specific first."""
    opened = {str(space) for space in spaces}
    return [space for space in BY_PRIORITY if space.mode in opened]


def home_space(spaces: Iterable[str]) -> SpaceInfo:
    """The space to open right after login (Pix App when nothing more specific is opened)."""
    opened = available(spaces)
    return opened[0] if opened else APP
