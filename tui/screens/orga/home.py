"""Pix Orga home: the current organisation, the teacher's role in it, and what they can do now.

`#orga-body` is the space's working area: the campaign list takes its place when it arrives,
the organisation card staying as its heading.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from tui import messages, spaces
from tui.labels import ORGANIZATION_ROLES, ORGANIZATION_TYPES, label_for, person_name
from tui.screens.orga.organization_switcher import OrganizationSwitcherScreen
from tui.screens.space import SpaceScreen

if TYPE_CHECKING:
    from collections.abc import Iterable

    from api_client.models import Prescriber


class OrgaHomeScreen(SpaceScreen):
    SPACE = spaces.ORGA
    CSS_PATH = "home.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "switch_organization", "Changer d'organisation", id="switch-organization"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.prescriber: Prescriber | None = None

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="orga-body"):
            yield Static("Chargement de votre organisation…", id="orga-loading", classes="muted")
            with Vertical(id="organization-card"):
                yield Static("Mon organisation", classes="card-caption")
                yield Static(id="organization-name")
                yield Static(id="organization-type")
                yield Static(id="organization-role")
            yield Static(id="orga-welcome")
            with Horizontal(id="orga-actions"):
                yield Button("Changer d'organisation", id="switch-organization")
                yield Button("Se déconnecter", id="logout")
            yield Static(id="orga-error", classes="error-text", markup=False)
            yield Button("Réessayer", id="orga-retry")

    def on_mount(self) -> None:
        super().on_mount()
        self._show_loading()
        self.load_prescriber()

    # -- loading ---------------------------------------------------------------------------

    @work(exclusive=True, exit_on_error=False, group="orga-prescriber")
    async def load_prescriber(self) -> None:
        from tui.errors import failure_message

        try:
            client = await self.pix_app.wait_for_client()
            prescriber = await client.orga.prescriber()
        except Exception as error:
            self.post_message(failure_message(error))
        else:
            self.post_message(messages.PrescriberLoaded(prescriber))

    @on(messages.PrescriberLoaded)
    def _prescriber_loaded(self, message: messages.PrescriberLoaded) -> None:
        self.prescriber = prescriber = message.prescriber
        organization = prescriber.current_organization
        membership = prescriber.current_membership
        self.query_one("#orga-loading").display = False
        self.query_one("#orga-error").display = False
        self.query_one("#orga-retry").display = False
        self.query_one("#organization-card").display = True
        self.query_one("#orga-actions").display = True

        name = organization.name if organization and organization.name else "Aucune organisation"
        self.query_one("#organization-name", Static).update(Text(name))
        self.query_one("#organization-type", Static).update(
            _line(
                "Type", label_for(ORGANIZATION_TYPES, organization.type if organization else None)
            )
        )
        self.query_one("#organization-role", Static).update(
            _line(
                "Votre rôle",
                label_for(ORGANIZATION_ROLES, membership.organization_role if membership else None),
            )
        )
        user = self.pix_app.user
        first_name = prescriber.first_name or (user.first_name if user else None)
        count = len(prescriber.memberships)
        welcome = Text.assemble(
            "Bonjour ",
            person_name(first_name, None, "à vous"),
            ". ",
            (
                f"Vous êtes membre de {count} organisations."
                if count > 1
                else "Vous êtes membre de cette organisation."
            ),
        )
        self.query_one("#orga-welcome", Static).update(welcome)
        self.query_one("#switch-organization", Button).display = count > 1
        self.show_identity(organization.name if organization else None)
        self.refresh_bindings()

    @on(messages.LoadFailed)
    def _load_failed(self, message: messages.LoadFailed) -> None:
        self.query_one("#orga-loading").display = False
        error = self.query_one("#orga-error", Static)
        error.update(message.error)
        error.display = True
        retry = self.query_one("#orga-retry", Button)
        retry.display = True
        retry.focus()

    @on(Button.Pressed, "#orga-retry")
    def _retry(self) -> None:
        self._show_loading()
        self.load_prescriber()

    def _show_loading(self) -> None:
        self.query_one("#orga-loading").display = True
        for widget_id in ("#organization-card", "#orga-actions", "#orga-error", "#orga-retry"):
            self.query_one(widget_id).display = False

    # -- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch_organization":
            return self.prescriber is not None and len(self.prescriber.memberships) > 1
        return super().check_action(action, parameters)

    @on(Button.Pressed, "#switch-organization")
    def action_switch_organization(self) -> None:
        if self.prescriber is None or len(self.prescriber.memberships) < 2:
            return

        def switched(prescriber: Prescriber | None) -> None:
            if prescriber is not None:
                self.post_message(messages.PrescriberLoaded(prescriber))

        self.app.push_screen(OrganizationSwitcherScreen(self.prescriber), switched)

    @on(Button.Pressed, "#logout")
    def _logout_pressed(self) -> None:
        self.action_logout()

    def palette_commands(self) -> Iterable[SystemCommand]:
        if self.prescriber is not None and len(self.prescriber.memberships) > 1:
            yield SystemCommand(
                "Changer d'organisation",
                "Afficher une autre de vos organisations",
                self.action_switch_organization,
            )


def _line(caption: str, value: str) -> Text:
    return Text.assemble((f"{caption} : ", "dim"), value)
