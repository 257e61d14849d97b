"""The campaign's landing page: its title, the organiser's text, "C'est parti !".

When the campaign asks for an identifier (its label comes from the campaign: "Numéro INE"…)
the field is on this page, checked before joining. The first campaign a student takes
shows "Les règles du jeu" before the first question (once per user, remembered locally).
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from api_client import CampaignToJoin, PreconditionFailedError, ValidationError
from tui import messages
from tui.errors import failure_message
from tui.screens.app import flow
from tui.screens.app.student_screen import StudentScreen
from tui.widgets.safe_markdown import SafeMarkdown
from tui.widgets.safe_text import one_line, plain

ASSESSMENT_HELP = "Répondez aux questions à votre rythme : vous pouvez vous arrêter et reprendre."
PROFILES_HELP = "Vous allez envoyer votre profil Pix à l'organisateur du parcours."


class LandingScreen(StudentScreen):
    AUTO_FOCUS: ClassVar[str | None] = None
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "leave", "Retour", id="leave-landing"),
    ]

    def __init__(self, campaign: CampaignToJoin) -> None:
        super().__init__()
        self.campaign = campaign

    @property
    def title_text(self) -> str:
        campaign = self.campaign
        if campaign.title:
            return campaign.title
        if campaign.is_profiles_collection:
            return flow.PROFILES_COLLECTION_TITLE
        return campaign.target_profile_name or "Parcours"

    def compose_body(self) -> ComposeResult:
        campaign = self.campaign
        with VerticalScroll(id="landing-body"), Vertical(id="landing-panel", classes="panel"):
            yield Static(plain(self.title_text), id="landing-title", classes="page-title")
            if campaign.custom_landing_page_text:
                yield SafeMarkdown(campaign.custom_landing_page_text, id="landing-text")
            yield Static(
                PROFILES_HELP if campaign.is_profiles_collection else ASSESSMENT_HELP,
                classes="muted",
                id="landing-help",
            )
            label = campaign.external_id_prompt
            if label:
                yield Label(plain(label), classes="field-label", id="external-id-label")
                yield Input(max_length=255, id="external-id")
            yield Static(id="landing-error", classes="error-text", markup=False)
            with Horizontal(classes="actions", id="landing-actions"):
                yield Button("C'est parti !", variant="primary", id="start", compact=True)
                yield Button("Retour", id="back", compact=True)
            yield Static(id="student-status", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#landing-error").display = False
        self.query_one("#student-status").display = False
        fields = self.query("#external-id")
        (fields.first() if fields else self.query_one("#start", Button)).focus()

    @on(Input.Submitted, "#external-id")
    @on(Button.Pressed, "#start")
    def _start(self) -> None:
        external_id = None
        label = self.campaign.external_id_prompt
        if label:
            external_id = self.query_one("#external-id", Input).value.strip()
            if not external_id:
                self._show_error(flow.EXTERNAL_ID_MISSING.format(label=one_line(label)))
                self.query_one("#external-id", Input).focus()
                return
        self._show_error(None)
        if self.campaign.is_assessment:
            self._start_after_rules(external_id)
        else:
            self._begin(external_id)

    @work(exclusive=True, exit_on_error=False, group="landing")
    async def _start_after_rules(self, external_id: str | None) -> None:
        """Pix shows its rules before the first question a user ever gets."""
        from tui.screens.app.rules import RulesScreen

        try:
            client = await self.client()
            server, user = self.identity(client)
            memory = await asyncio.to_thread(self.local_state.load, server, user)
        except Exception as error:
            self.post_message(failure_message(error))
            return
        if not memory.rules_seen:
            if not await self.app.push_screen_wait(RulesScreen()):
                return
            await asyncio.to_thread(self.local_state.mark_rules_seen, server, user)
        self._begin(external_id)

    def _begin(self, external_id: str | None) -> None:
        self.query_one("#start", Button).disabled = True
        self.show_status("Un instant…")
        self._join(external_id)

    @work(exclusive=True, exit_on_error=False, group="landing-join")
    async def _join(self, external_id: str | None) -> None:
        try:
            client = await self.client()
            step = await flow.join(client, self.campaign, external_id=external_id)
        except flow.CampaignRefused as refused:
            self.post_message(messages.StudentRefused(refused.message))
        except ValidationError:
            label = one_line(self.campaign.external_id_prompt) or "identifiant"
            self.post_message(
                messages.StudentRefused(f"Votre {label} n'est pas valide.", field="external-id")
            )
        except PreconditionFailedError:
            # Joined meanwhile (another terminal): carry on where that participation is.
            try:
                self.post_message(
                    messages.StudentStepReady(
                        await flow.open_campaign(client, self.campaign.code or "")
                    )
                )
            except flow.CampaignRefused as refused:
                self.post_message(messages.StudentRefused(refused.message))
            except Exception as error:
                self.post_message(failure_message(error))
        except Exception as error:
            self.post_message(failure_message(error))
        else:
            self.post_message(messages.StudentStepReady(step))

    @on(messages.StudentRefused)
    def _refused(self, message: messages.StudentRefused) -> None:
        message.stop()
        self._ready_again()
        self._show_error(message.error)

    @on(messages.LoadFailed)
    def _failed(self, message: messages.LoadFailed) -> None:
        message.stop()
        self._ready_again()
        self._show_error(message.error)

    def _ready_again(self) -> None:
        self.show_status("")
        start = self.query_one("#start", Button)
        start.disabled = False
        start.focus()

    def _show_error(self, text: str | None) -> None:
        error = self.query_one("#landing-error", Static)
        error.update(text or "")
        error.display = bool(text)

    @on(Button.Pressed, "#back")
    def action_leave(self) -> None:
        self.go_home()
