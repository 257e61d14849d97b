"""Profiles collection: the profile the student is about to send, and "J'envoie mon profil".

Pix lets a profile be sent once (unless the campaign allows several sendings): the screen
says so before the button. After sending, a confirmation and "Continuez votre expérience
Pix" (back home).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from api_client import SharedProfile
from tui import messages
from tui.screens.app import flow
from tui.screens.app.student_screen import StudentScreen
from tui.widgets.profile_view import ScorecardList, pix_score_text
from tui.widgets.safe_text import plain

INVITATION = (
    "Envoyez votre profil Pix à l'organisateur du parcours pour qu'il puisse vous accompagner."
)
ONCE_WARNING = "Attention : vous ne pourrez envoyer votre profil qu'une seule fois."
SENT = "Merci, votre profil a bien été envoyé !"
CARRY_ON = "Continuez votre expérience Pix"


class SendProfileScreen(StudentScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "share", "J'envoie mon profil", id="share-profile"),
        Binding("q", "leave", "Accueil", id="leave-profile"),
    ]

    def __init__(self, run: flow.CampaignRun) -> None:
        super().__init__()
        self.run = run
        self.profile: SharedProfile | None = None
        self._busy = False

    @property
    def sent(self) -> bool:
        return self.profile is not None and self.profile.shared_at is not None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="test-bar"):
            yield Static(plain(self.run.title), id="test-title")
        with VerticalScroll(id="send-profile-body"):
            yield Static("Chargement de votre profil…", id="profile-score", classes="page-title")
            with Vertical(id="share-box", classes="panel"):
                yield Static(INVITATION)
                if not self.run.campaign.multiple_sendings:
                    yield Static(ONCE_WARNING, id="once-warning", classes="warning-text")
                yield Button("J'envoie mon profil", variant="primary", id="share", compact=True)
            with Vertical(id="shared-box", classes="panel"):
                yield Static(SENT, id="shared-text", classes="success-text")
                with Horizontal(classes="actions"):
                    yield Button(CARRY_ON, variant="primary", id="home", compact=True)
                    # Campaigns with several sendings take an updated profile.
                    yield Button("Renvoyer mon profil", id="send-again", compact=True)
            yield Static("Votre profil", classes="section-title")
            yield ScorecardList(id="profile-competences")
        yield Static(id="student-status", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        for selector in ("#share-box", "#shared-box", "#student-status"):
            self.query_one(selector).display = False
        self.load_then_show(lambda client: flow.load_shared_profile(client, self.run))

    @on(messages.StudentDataLoaded)
    def _loaded(self, message: messages.StudentDataLoaded) -> None:
        message.stop()
        if not isinstance(message.data, SharedProfile):
            return
        self.profile = message.data
        self._busy = False
        self.show_status("")
        self.query_one("#profile-score", Static).update(
            pix_score_text(message.data.pix_score, message.data.max_reachable_pix_score)
        )
        self.query_one("#profile-competences", ScorecardList).show(message.data.scorecards)
        self.query_one("#share-box").display = not self.sent
        self.query_one("#shared-box").display = self.sent
        self.query_one("#send-again").display = self.sent and bool(message.data.can_retry)
        self.query_one("#home" if self.sent else "#share", Button).focus()
        self.refresh_bindings()

    @on(messages.LoadFailed)
    def _failed(self, message: messages.LoadFailed) -> None:
        message.stop()
        self._busy = False
        self.query_one("#share", Button).disabled = False
        self.show_status(message.error, error=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "share":
            return self.profile is not None and not self.sent
        return super().check_action(action, parameters)

    @on(Button.Pressed, "#share")
    def action_share(self) -> None:
        if self.profile is None or self.sent or self._busy:
            return
        self._busy = True
        self.query_one("#share", Button).disabled = True
        self.show_status("Envoi de votre profil…")
        self.share_then_reload(
            self.profile.participation_id,
            lambda client: flow.load_shared_profile(client, self.run),
        )

    @on(Button.Pressed, "#send-again")
    def _send_again(self) -> None:
        if self._busy:
            return
        self._busy = True
        self.show_status("Un instant…")
        self.join_again(self.run)

    @on(Button.Pressed, "#home")
    def action_leave(self) -> None:
        self.go_home()
