"""Pix Admin home: who the agent is, their role, and the search (campaigns or organisations).

A campaign search is posted as `CampaignSearchRequested`; the results go to `#admin-results`
(`SearchResults`). An exact code or id opens the campaign at once; Entrée on a row opens it
too, in `CampaignTriageScreen`. "Organisations" finds organisations by name or id, and
Entrée shows one's campaigns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static, Tab, Tabs

from tui import messages, spaces
from tui.labels import ADMIN_ROLES, label_for, person_name
from tui.screens.admin.search_requests import CampaignSearch, OrganizationSearch
from tui.screens.admin.search_results import SearchResults
from tui.screens.space import SpaceScreen
from tui.widgets.pagination import PAGE_KEYS

if TYPE_CHECKING:
    from collections.abc import Iterable

    from api_client.models import AdminMember

SEARCH_LABEL = "Rechercher une campagne (code, id ou nom)"
ORGANIZATION_SEARCH_LABEL = "Rechercher une organisation (nom ou id)"
EMPTY_SEARCH = "Saisissez un code, un identifiant ou un nom de campagne."
EMPTY_ORGANIZATION_SEARCH = "Saisissez un nom ou un identifiant d'organisation."
CAMPAIGN_PLACEHOLDER = "ex. ABCDE1234, 42 ou Parcours de rentrée"
ORGANIZATION_PLACEHOLDER = "ex. Collège Pix ou 1"
KIND_CAMPAIGNS, KIND_ORGANIZATIONS = "kind-campaigns", "kind-organizations"


class AdminHomeScreen(SpaceScreen):
    HELP = (
        "Retrouvez une campagne par son code, son identifiant ou son nom, ou une organisation "
        "par son nom ou son identifiant. Entrée ouvre la campagne choisie."
    )
    SPACE = spaces.ADMIN
    CSS_PATH = "home.tcss"
    # Nothing focused at first: the letter keys of the footer work at once; `r` opens the search.
    AUTO_FOCUS: ClassVar[str | None] = None
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "focus_search", "Rechercher", id="focus-search"),
        Binding("c", "search_campaigns", "Campagnes", show=False, id="search-campaigns"),
        Binding("o", "search_organizations", "Organisations", show=False, id="search-orgs"),
        Binding(
            "escape",
            "back_to_organizations",
            "Organisations",
            key_display="Échap",
            id="back-to-organizations",
        ),
        *PAGE_KEYS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.member: AdminMember | None = None

    def compose_body(self) -> ComposeResult:
        with Vertical(id="admin-body"):
            with Vertical(id="agent-card"):
                yield Static(id="agent-name")
                yield Static(id="agent-email", classes="muted")
                yield Static(id="agent-role")
            yield Tabs(
                Tab("Campagnes (c)", id=KIND_CAMPAIGNS),
                Tab("Organisations (o)", id=KIND_ORGANIZATIONS),
                id="search-kind",
            )
            yield Label(SEARCH_LABEL, id="search-label", classes="field-label")
            with Horizontal(id="search-row"):
                yield Input(placeholder=CAMPAIGN_PLACEHOLDER, id="campaign-search")
                yield Button("Rechercher", variant="primary", id="search")
            yield Static(id="search-error", classes="error-text", markup=False)
            with Vertical(id="admin-results"):
                yield SearchResults(id="search-results")

    def on_mount(self) -> None:
        super().on_mount()
        user = self.pix_app.user
        name = person_name(user.first_name, user.last_name, user.email or "") if user else ""
        self.query_one("#agent-name", Static).update(Text(name))
        email = (user.email or "") if user else ""
        self.query_one("#agent-email", Static).update(Text(email))
        self.query_one("#agent-role", Static).update(_role_line("…"))
        self.query_one("#search-error").display = False
        self.load_member()

    @property
    def role(self) -> str | None:
        return self.member.role if self.member is not None else None

    @property
    def results(self) -> SearchResults:
        return self.query_one(SearchResults)

    @property
    def searching_organizations(self) -> bool:
        return self.query_one("#search-kind", Tabs).active == KIND_ORGANIZATIONS

    # -- the agent -----------------------------------------------------------------------

    @work(exclusive=True, exit_on_error=False, group="admin-member")
    async def load_member(self) -> None:
        from tui.errors import failure_message

        try:
            client = await self.pix_app.wait_for_client()
            member = await client.admin.me()
        except Exception as error:
            self.post_message(failure_message(error))
        else:
            self.post_message(messages.AdminMemberLoaded(member))

    @on(messages.AdminMemberLoaded)
    def _member_loaded(self, message: messages.AdminMemberLoaded) -> None:
        member = message.member
        self.member = member
        name = person_name(member.first_name, member.last_name, "")
        if name:
            self.query_one("#agent-name", Static).update(Text(name))
        self.query_one("#agent-role", Static).update(
            _role_line(label_for(ADMIN_ROLES, member.role))
        )

    @on(messages.LoadFailed)
    def _member_failed(self, message: messages.LoadFailed) -> None:
        self.query_one("#agent-role", Static).update(
            Text.assemble(("Rôle : ", "dim"), (message.error, "bold red"))
        )

    # -- the search ----------------------------------------------------------------------

    def action_focus_search(self) -> None:
        field = self.query_one("#campaign-search", Input)
        field.focus()
        field.select_all()

    def action_search_campaigns(self) -> None:
        self.query_one("#search-kind", Tabs).active = KIND_CAMPAIGNS
        self.action_focus_search()

    def action_search_organizations(self) -> None:
        self.query_one("#search-kind", Tabs).active = KIND_ORGANIZATIONS
        self.action_focus_search()

    @on(Tabs.TabActivated, "#search-kind")
    def _kind_chosen(self, event: Tabs.TabActivated) -> None:
        event.stop()
        organizations = event.tab.id == KIND_ORGANIZATIONS
        self.query_one("#search-label", Label).update(
            ORGANIZATION_SEARCH_LABEL if organizations else SEARCH_LABEL
        )
        self.query_one("#campaign-search", Input).placeholder = (
            ORGANIZATION_PLACEHOLDER if organizations else CAMPAIGN_PLACEHOLDER
        )
        self.query_one("#search-error").display = False

    @on(Input.Submitted, "#campaign-search")
    @on(Button.Pressed, "#search")
    def _search(self) -> None:
        query = self.query_one("#campaign-search", Input).value.strip()
        error = self.query_one("#search-error", Static)
        if not query:
            error.update(
                EMPTY_ORGANIZATION_SEARCH if self.searching_organizations else EMPTY_SEARCH
            )
            error.display = True
            self.query_one("#campaign-search", Input).focus()
            return
        error.display = False
        if self.searching_organizations:
            self.results.search(OrganizationSearch(query))
        else:
            self.post_message(messages.CampaignSearchRequested(query))

    @on(messages.CampaignSearchRequested)
    def _campaign_search(self, message: messages.CampaignSearchRequested) -> None:
        self.results.search(CampaignSearch(message.query))

    def action_back_to_organizations(self) -> None:
        self.results.back_to_organizations()

    def action_next_page(self) -> None:
        self.results.next_page()

    def action_previous_page(self) -> None:
        self.results.previous_page()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back_to_organizations":
            return (
                not isinstance(self.focused, Input) and self.results.showing_organization_campaigns
            )
        return super().check_action(action, parameters)

    # -- opening a campaign --------------------------------------------------------------

    @on(SearchResults.OpenCampaign)
    def _open_campaign(self, message: SearchResults.OpenCampaign) -> None:
        from tui.screens.admin.triage import CampaignTriageScreen

        screen = CampaignTriageScreen(
            message.campaign_id, campaign=message.campaign, role=self.role
        )
        # Back from the campaign, the page shown is read again: it may have been archived.
        self.app.push_screen(screen, lambda _: self.results.reload())

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Rechercher une campagne", "Par code, identifiant ou nom", self.action_search_campaigns
        )
        yield SystemCommand(
            "Rechercher une organisation",
            "Par nom ou identifiant",
            self.action_search_organizations,
        )


def _role_line(role: str) -> Text:
    return Text.assemble(("Rôle Pix Admin : ", "dim"), (role, "bold"))
