"""Every message of the app, in one place.

Workers never touch widgets: they do their I/O, then post one of these messages, and the handler
(on the app or on a screen) updates what the user sees. A failure is a message too, carrying the
French text from `tui.errors`, so no traceback ever reaches the screen.

`api_client` types are only named for the type checker: importing `api_client` pulls in httpx
and pydantic, which must not delay the first painted screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from api_client.models import AdminMember, Prescriber, User
    from api_client.spaces import Session


class BackendReady(Message):
    """The client can be built: imports done and, in demo mode, the local server is ready."""


class BackendFailed(Message):
    """The embedded demo could not start (database, migrations): nothing can be done but retry."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class SignedIn(Message):
    """A login or a restored session succeeded; `user` is who the header shows."""

    def __init__(self, session: Session, user: User, *, restored: bool = False) -> None:
        super().__init__()
        self.session = session
        self.user = user
        self.restored = restored


class NoStoredSession(Message):
    """Start-up found no session to restore: the login form is what the user needs."""


class LoginFailed(Message):
    """The login (or the restore of a stored session) failed, with the French reason."""

    def __init__(self, error: str, *, unreachable: bool = False, field: str | None = None) -> None:
        super().__init__()
        self.error = error
        # The server could not be reached: the form offers "Réessayer".
        self.unreachable = unreachable
        # "email" / "password" when the error is about one field (checked client-side).
        self.field = field


class SignedOut(Message):
    """The token was revoked (or at least forgotten locally): back to the login screen."""


class SessionEnded(Message):
    """The server no longer accepts the session (expired, revoked): back to the login form."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class PrescriberLoaded(Message):
    """Pix Orga: the teacher, their memberships and current organisation were (re)loaded."""

    def __init__(self, prescriber: Prescriber) -> None:
        super().__init__()
        self.prescriber = prescriber


class AdminMemberLoaded(Message):
    """Pix Admin: the agent's Pix Admin role was loaded."""

    def __init__(self, member: AdminMember) -> None:
        super().__init__()
        self.member = member


class LoadFailed(Message):
    """Loading a screen's data failed; the screen shows `error` and offers to retry."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class CodeEntered(Message):
    """Pix App: the student typed a well-formed campaign code (uppercase, 9 characters).

    Posted by the "J'ai un code" screen; the campaign-participation flow handles it.
    """

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code


class CampaignSearchRequested(Message):
    """Pix Admin: the agent asked for a campaign by code, id or name (already trimmed)."""

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query = query
