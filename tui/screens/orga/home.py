"""Pix Orga home: the current organisation as a one-line heading, then its campaigns.

`#orga-body` is the space's working area: the organisation heading (name, the teacher's
role, "Changer d'organisation") above the campaign list (`CampaignList`), which opens the
campaign screens pushed on this mode's stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from tui import messages, spaces
from tui.labels import ORGANIZATION_ROLES, ORGANIZATION_TYPES, label_for, person_name
from tui.screens.orga.campaign_list import CampaignList
from tui.screens.orga.organization_switcher import OrganizationSwitcherScreen
from tui.screens.space import SpaceScreen
from tui.widgets.pagination import PAGE_KEYS
from tui.widgets.safe_text import one_line

if TYPE_CHECKING:
    from collections.abc import Iterable

    from api_client.models import Prescriber


LIST_ACTIONS = (
    "create_campaign",
    "next_page",
    "previous_page",
    "toggle_ownership",
    "toggle_archived",
)


class OrgaHomeScreen(SpaceScreen):
    HELP = (
        "Les campagnes de votre organisation. ↑ ↓ choisissent une campagne, Entrée l'ouvre. "
        "Les onglets séparent vos campagnes de toutes celles de l'organisation, et les "
        "actives des archivées ; les champs de recherche filtrent par nom ou par "
        "propriétaire."
    )
    SPACE = spaces.ORGA
    CSS_PATH = "home.tcss"
    AUTO_FOCUS = "#campaign-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "create_campaign", "Créer une campagne", id="create-campaign"),
        *PAGE_KEYS,
        # Hidden from the footer (no room at 80 columns): the list's hint line and the
        # command palette name them.
        Binding("t", "toggle_ownership", "Mes / Toutes les campagnes", show=False, id="ownership"),
        Binding("a", "toggle_archived", "Actives / Archivées", show=False, id="archived"),
        # The heading's button names the key: the footer has no room left at 80 columns.
        Binding(
            "o",
            "switch_organization",
            "Changer d'organisation",
            show=False,
            id="switch-organization",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.prescriber: Prescriber | None = None

    def compose_body(self) -> ComposeResult:
        with Vertical(id="orga-body"):
            yield Static("Chargement de votre organisation…", id="orga-loading", classes="muted")
            with Horizontal(id="organization-card"):
                yield Static(id="organization-name")
                yield Static(id="organization-type")
                yield Static(id="organization-role")
                yield Button("Changer d'organisation (o)", compact=True, id="switch-organization")
            yield Static(id="orga-welcome")
            yield Static(id="orga-error", classes="error-text", markup=False)
            yield Button("Réessayer", id="orga-retry")
            yield CampaignList(id="campaign-list")

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

        name = organization.name if organization and organization.name else "Aucune organisation"
        self.query_one("#organization-name", Static).update(Text(one_line(name)))
        self.query_one("#organization-type", Static).update(
            _line("", label_for(ORGANIZATION_TYPES, organization.type if organization else None))
        )
        self.query_one("#organization-role", Static).update(
            _line(
                "Votre rôle : ",
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
        campaigns = self.query_one(CampaignList)
        campaigns.display = organization is not None
        if organization is not None:
            campaigns.show_organization(organization.id)
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
        for widget_id in ("#organization-card", "#campaign-list", "#orga-error", "#orga-retry"):
            self.query_one(widget_id).display = False

    def on_screen_resume(self) -> None:
        # Back from a campaign (changed, archived, created): the page shown may be stale.
        if self.prescriber is not None:
            self.query_one(CampaignList).reload()

    # -- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch_organization" and (
            self.prescriber is None or len(self.prescriber.memberships) < 2
        ):
            return False
        if action in LIST_ACTIONS and (
            self.prescriber is None or self.prescriber.current_organization is None
        ):
            return False
        return super().check_action(action, parameters)

    # -- campaigns -------------------------------------------------------------------------

    @on(CampaignList.CreateRequested)
    def action_create_campaign(self) -> None:
        if self.prescriber is None or self.prescriber.current_organization is None:
            return
        from tui.screens.orga.campaign_creation import CampaignCreationScreen

        self.app.push_screen(CampaignCreationScreen(self.prescriber))

    @on(CampaignList.OpenRequested)
    def _open_campaign(self, event: CampaignList.OpenRequested) -> None:
        if self.prescriber is None:
            return
        from tui.screens.orga.campaign_detail import CampaignDetailScreen

        self.app.push_screen(CampaignDetailScreen(self.prescriber, event.campaign_id))

    def action_toggle_ownership(self) -> None:
        self.query_one(CampaignList).toggle_ownership()

    def action_toggle_archived(self) -> None:
        self.query_one(CampaignList).toggle_archived()

    def action_next_page(self) -> None:
        self.query_one(CampaignList).next_page()

    def action_previous_page(self) -> None:
        self.query_one(CampaignList).previous_page()

    @on(Button.Pressed, "#switch-organization")
    def action_switch_organization(self) -> None:
        if self.prescriber is None or len(self.prescriber.memberships) < 2:
            return

        def switched(prescriber: Prescriber | None) -> None:
            if prescriber is not None:
                self.post_message(messages.PrescriberLoaded(prescriber))

        self.app.push_screen(OrganizationSwitcherScreen(self.prescriber), switched)

    def palette_commands(self) -> Iterable[SystemCommand]:
        if self.prescriber is not None and self.prescriber.current_organization is not None:
            yield SystemCommand(
                "Créer une campagne",
                "Évaluer les participants ou collecter leurs profils",
                self.action_create_campaign,
            )
            yield SystemCommand(
                "Mes campagnes / Toutes les campagnes",
                "Passer d'un onglet à l'autre (touche t)",
                self.action_toggle_ownership,
            )
            yield SystemCommand(
                "Campagnes actives / archivées",
                "Passer d'un onglet à l'autre (touche a)",
                self.action_toggle_archived,
            )
        if self.prescriber is not None and len(self.prescriber.memberships) > 1:
            yield SystemCommand(
                "Changer d'organisation",
                "Afficher une autre de vos organisations",
                self.action_switch_organization,
            )


def _line(caption: str, value: str) -> Text:
    return Text.assemble((" · ", "dim"), (caption, "dim"), value)
