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
    from api_client import CampaignPage
    from api_client.models import (
        AdminCampaign,
        AdminMember,
        Campaign,
        MemberIdentity,
        Prescriber,
        TargetProfile,
        User,
    )
    from api_client.spaces import Session
    from tui.screens.app.flow import Step


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


# -- Pix Orga campaigns ----------------------------------------------------------------------


class CampaignsLoaded(Message):
    """One page of the campaign list; `request` is what was asked (stale answers are dropped)."""

    def __init__(self, page: CampaignPage, request: object) -> None:
        super().__init__()
        self.page = page
        self.request = request


class CampaignLoaded(Message):
    """A campaign was (re)loaded, archived or unarchived: the detail shows it as it is now."""

    def __init__(self, campaign: Campaign) -> None:
        super().__init__()
        self.campaign = campaign


class CampaignFormReady(Message):
    """What the campaign forms offer: the organisation's members and target profiles."""

    def __init__(self, members: list[MemberIdentity], target_profiles: list[TargetProfile]) -> None:
        super().__init__()
        self.members = members
        self.target_profiles = target_profiles


class CampaignSaved(Message):
    """A campaign was created (`created`) or changed ("Modifier")."""

    def __init__(self, campaign: Campaign, *, created: bool) -> None:
        super().__init__()
        self.campaign = campaign
        self.created = created


class CampaignActionFailed(Message):
    """Saving, archiving or loading a campaign failed; the form keeps what was typed.

    `fields` holds a French message per refused field ("name", "target-profile"…);
    `unreachable` offers "Réessayer"; `forbidden` is a refusal of the owner-or-admin rule.
    """

    def __init__(
        self,
        error: str,
        *,
        fields: dict[str, str] | None = None,
        unreachable: bool = False,
        forbidden: bool = False,
    ) -> None:
        super().__init__()
        self.error = error
        self.fields = fields or {}
        self.unreachable = unreachable
        self.forbidden = forbidden


# -- Pix App: the student's campaign (tui/screens/app/) -------------------------------------


class StudentStepReady(Message):
    """Pix App: where the student goes next (landing page, question, checkpoint, results…).

    `step` is a `tui.screens.app.flow.Step`; the screen that asked for it shows it.
    """

    def __init__(self, step: Step) -> None:
        super().__init__()
        self.step = step


class StudentRefused(Message):
    """Pix App: what the student asked was refused (unknown code, archived campaign…).

    `error` is the French sentence shown inline; `field` names the field it is about.
    """

    def __init__(self, error: str, *, field: str | None = None) -> None:
        super().__init__()
        self.error = error
        self.field = field


class AnswerRetrying(Message):
    """Pix App: an answer (or the next question) did not get through; a new try is coming."""

    def __init__(self, attempt: int) -> None:
        super().__init__()
        self.attempt = attempt


class ResumeOffered(Message):
    """Pix App home: a campaign the student has not finished ("Reprendre").

    `text` is the banner's sentence ("Vous n'avez pas terminé le parcours « … »").
    """

    def __init__(self, code: str, text: str) -> None:
        super().__init__()
        self.code = code
        self.text = text


class StudentDataLoaded(Message):
    """Pix App: what a student screen asked for arrived (checkpoint answers, a correction,
    results, a profile); `data` is the screen's own view model."""

    def __init__(self, data: object) -> None:
        super().__init__()
        self.data = data


class StudentActionDone(Message):
    """Pix App: an action without a next step succeeded (results or profile sent, problem
    reported); `action` names it."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action


# -- Pix Admin: search and campaign triage (tui/screens/admin/) ------------------------------


class AdminDataLoaded(Message):
    """Pix Admin: what a screen asked for arrived (search results, a page of participations,
    reports or history, an organisation's members). `data` is the screen's own view model;
    `request` is what was asked, so an answer nobody waits for any more is dropped."""

    def __init__(self, data: object, request: object) -> None:
        super().__init__()
        self.data = data
        self.request = request


class AdminCampaignChanged(Message):
    """Pix Admin: the campaign was (re)loaded, or changed by `action` ("archive",
    "unarchive", "owner", "delete-participation"; None for a plain load)."""

    def __init__(self, campaign: AdminCampaign, action: str | None = None) -> None:
        super().__init__()
        self.campaign = campaign
        self.action = action


class AdminRequestFailed(Message):
    """Pix Admin: a read or an action failed. `place` names where the screen shows `error`
    ("search", "participations", "archive"…); `forbidden` is a refusal of the role rules;
    `fields` holds a French message per refused field (the owner change)."""

    def __init__(
        self,
        error: str,
        place: str,
        *,
        forbidden: bool = False,
        unreachable: bool = False,
        fields: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.error = error
        self.place = place
        self.forbidden = forbidden
        self.unreachable = unreachable
        self.fields = fields or {}
