"""The three Pix front-ends ("spaces") a session can open, and how each is addressed."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Space(StrEnum):
    """A Pix front-end: each has its own token, scope and public host."""

    APP = "app"
    ORGA = "orga"
    ADMIN = "admin"

    @property
    def scope(self) -> str:
        """The `scope` form field that asks the token endpoint for this space."""
        return _SCOPES[self]

    @property
    def default_host(self) -> str:
        """The public host real Pix serves this space on (the token audience)."""
        return _DEFAULT_HOSTS[self]


_SCOPES: dict[Space, str] = {
    Space.APP: "mon-pix",
    Space.ORGA: "pix-orga",
    Space.ADMIN: "pix-admin",
}

_DEFAULT_HOSTS: dict[Space, str] = {
    Space.APP: "app.pix.fr",
    Space.ORGA: "orga.pix.fr",
    Space.ADMIN: "admin.pix.fr",
}


@dataclass(frozen=True, slots=True)
class Session:
    """Who is logged in and which spaces their account opened.

    `spaces` always contains `Space.APP`; `Space.ORGA` when the user is a member of an
    organisation, `Space.ADMIN` when they hold a Pix Admin role.
    """

    user_id: int
    email: str
    spaces: frozenset[Space]

    def has(self, space: Space) -> bool:
        """Whether this session may call the routes of `space`."""
        return space in self.spaces
