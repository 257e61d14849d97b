"""What a Pix Admin search found, under the search field (`#admin-results` of the home).

One page at a time from the server, with the shared pagination bar. Entrée on a campaign
asks the host to open it (`OpenCampaign`); on an organisation, its campaigns replace the
list, and Échap goes back to the organisations found. The worker is exclusive: a new search
cancels the one under way, and an answer to an older request is dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, DataTable, Static

from tui import messages
from tui.screens.admin.search_requests import (
    CampaignOpened,
    CampaignsFound,
    OrganizationCampaigns,
    OrganizationSearch,
    OrganizationsFound,
    SearchRequest,
    run_search,
    with_page,
)
from tui.screens.admin.search_tables import (
    CampaignResultsTable,
    OrganizationResultsTable,
    campaign_summary_line,
)
from tui.widgets.pagination import Pagination
from tui.widgets.safe_text import one_line

if TYPE_CHECKING:
    from api_client.models import AdminCampaign
    from tui.app import PixApp

SEARCHING = "Recherche en cours…"
CAMPAIGN_HINT = "↵ ouvrir · r nouvelle recherche"
ORGANIZATION_HINT = "↵ voir ses campagnes · r rechercher"
ORGANIZATION_CAMPAIGNS_HINT = "↵ ouvrir · Échap retour aux organisations"
RESULTS_PLACE = "search"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def results_title(answer: CampaignsFound | OrganizationsFound) -> Text:
    """ "3 campagnes trouvées pour « rentrée »", "Campagnes de Collège Pix (DEMO) : 30"…"""
    count = answer.page.meta.row_count
    request = answer.request
    if isinstance(request, OrganizationCampaigns):
        return Text.assemble(
            "Campagnes de ",
            (one_line(request.organization_name), "bold"),
            f" : {count}",
        )
    if isinstance(request, OrganizationSearch):
        what = _plural(count, "organisation trouvée", "organisations trouvées")
    else:
        found = "campagne trouvée" if count == 1 else "campagnes trouvées"
        where = " dans les codes" if request.by == "code" else ""
        what = f"{count} {found}{where}"
    return Text.assemble(what, " pour « ", (one_line(request.text), "bold"), " »")


def no_result(request: SearchRequest) -> str:
    if isinstance(request, OrganizationSearch):
        return f"Aucune organisation ne correspond à « {one_line(request.text)} »."
    if isinstance(request, OrganizationCampaigns):
        return "Cette organisation n'a aucune campagne."
    return (
        f"Aucune campagne ne correspond à « {one_line(request.text)} » "
        "(ni code, ni identifiant, ni nom)."
    )


class SearchResults(Vertical):
    """The answer to the last search: a title, a table, the highlighted row, the pages."""

    DEFAULT_CSS = """
    SearchResults {
        height: 1fr;
    }
    SearchResults > #results-heading {
        height: auto;
    }
    SearchResults #results-title {
        width: auto;
        max-width: 60%;
        padding: 0 1;
    }
    SearchResults > #results-status {
        padding: 0 1;
    }
    SearchResults > #results-retry {
        margin-left: 1;
    }
    SearchResults > #results-detail {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    SearchResults > #results-footer {
        height: 1;
        padding: 0 1;
    }
    SearchResults #results-hint {
        width: 1fr;
        min-width: 0;
        padding: 0 1;
        color: $text-muted;
        text-align: right;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    class OpenCampaign(Message):
        """Open this campaign (Entrée on a row, or an exact code or id typed)."""

        def __init__(self, campaign_id: str, campaign: AdminCampaign | None = None) -> None:
            super().__init__()
            self.campaign_id = campaign_id
            self.campaign = campaign

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.asked: SearchRequest | None = None
        self.shown: CampaignsFound | OrganizationsFound | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="results-heading"):
            yield Static(id="results-title")
            yield Static(id="results-hint", markup=False)
        yield Static(id="results-status", markup=False)
        yield Button("Réessayer", compact=True, id="results-retry")
        yield CampaignResultsTable(id="campaign-results")
        yield OrganizationResultsTable(id="organization-results")
        yield Static(id="results-detail")
        with Horizontal(id="results-footer"):
            yield Pagination(id="results-pagination")

    def on_mount(self) -> None:
        self._show_nothing()

    @property
    def pix_app(self) -> PixApp:
        return cast("PixApp", self.app)

    @property
    def campaigns(self) -> CampaignResultsTable:
        return self.query_one(CampaignResultsTable)

    @property
    def organizations(self) -> OrganizationResultsTable:
        return self.query_one(OrganizationResultsTable)

    @property
    def showing_organization_campaigns(self) -> bool:
        return self.shown is not None and isinstance(self.shown.request, OrganizationCampaigns)

    # -- asking --------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> None:
        """Start a search (a new one cancels the one under way)."""
        size = self.query_one(Pagination).page_size
        self._ask(with_page(request, 1, size))

    def back_to_organizations(self) -> bool:
        """From an organisation's campaigns, the organisations found again."""
        if self.shown is None or not isinstance(self.shown.request, OrganizationCampaigns):
            return False
        back = self.shown.request.back
        if back is None:
            return False
        self._ask(back)
        return True

    def reload(self) -> None:
        """Ask again for the page shown (a campaign may have changed meanwhile)."""
        if self.shown is not None:
            self._ask(self.shown.request)

    def next_page(self) -> None:
        if self.shown is not None:
            self.query_one(Pagination).next_page()

    def previous_page(self) -> None:
        if self.shown is not None:
            self.query_one(Pagination).previous_page()

    def _ask(self, request: SearchRequest) -> None:
        self.asked = request
        status = self.query_one("#results-status", Static)
        status.remove_class("error-text")
        status.update(SEARCHING)
        status.display = True
        self.query_one("#results-retry").display = False
        self._load(request)

    @work(exclusive=True, exit_on_error=False, group="admin-search")
    async def _load(self, request: SearchRequest) -> None:
        from tui.errors import admin_failure

        try:
            client = await self.pix_app.wait_for_client()
            answer = await run_search(client, request)
        except Exception as error:
            self.post_message(admin_failure(error, RESULTS_PLACE))
        else:
            self.post_message(messages.AdminDataLoaded(answer, request))

    @on(Pagination.Changed, "#results-pagination")
    def _page_asked(self, event: Pagination.Changed) -> None:
        event.stop()
        if self.shown is not None:
            self._ask(with_page(self.shown.request, event.page, event.page_size))

    @on(Button.Pressed, "#results-retry")
    def _retry(self, event: Button.Pressed) -> None:
        event.stop()
        if self.asked is not None:
            self._ask(self.asked)

    # -- showing -------------------------------------------------------------------------

    @on(messages.AdminDataLoaded)
    def _loaded(self, message: messages.AdminDataLoaded) -> None:
        if message.request != self.asked:
            return
        message.stop()
        answer = message.data
        if isinstance(answer, CampaignOpened):
            self.query_one("#results-status").display = False
            self.post_message(self.OpenCampaign(str(answer.campaign.id), answer.campaign))
            return
        if not isinstance(answer, CampaignsFound | OrganizationsFound):
            return
        self.asked = answer.request  # resolved: paging repeats it
        self._show(answer)

    @on(messages.AdminRequestFailed)
    def _failed(self, message: messages.AdminRequestFailed) -> None:
        if message.place != RESULTS_PLACE:
            return
        message.stop()
        status = self.query_one("#results-status", Static)
        status.update(message.error)
        status.add_class("error-text")
        status.display = True
        self.query_one("#results-retry").display = True

    def _show_nothing(self) -> None:
        for selector in (
            "#results-heading",
            "#results-status",
            "#results-retry",
            "#campaign-results",
            "#organization-results",
            "#results-detail",
            "#results-footer",
        ):
            self.query_one(selector).display = False

    def _show(self, answer: CampaignsFound | OrganizationsFound) -> None:
        # The same request again (a reload): the same row stays highlighted.
        keep = self.shown is not None and self.shown.request == answer.request
        self.shown = answer
        page = answer.page
        found = bool(page.items)
        campaigns = isinstance(answer, CampaignsFound)
        self.query_one("#results-title", Static).update(results_title(answer))
        self.query_one("#results-heading").display = True
        status = self.query_one("#results-status", Static)
        status.update(no_result(answer.request))
        status.display = not found
        self.query_one("#results-retry").display = False
        self.campaigns.display = campaigns and found
        self.organizations.display = not campaigns and found
        table: CampaignResultsTable | OrganizationResultsTable
        if isinstance(answer, CampaignsFound):
            table = self.campaigns
            request = answer.request
            table.organization = (
                request.organization_name if isinstance(request, OrganizationCampaigns) else None
            )
            table.show_items(answer.page.items, keep_cursor=keep)
        else:
            table = self.organizations
            table.show_items(answer.page.items, keep_cursor=keep)
        self.query_one("#results-footer").display = found
        self.query_one("#results-hint", Static).update(self._hint(answer) if found else "")
        meta = page.meta
        self.query_one(Pagination).show(meta.page, meta.page_count, meta.page_size)
        self._show_detail()
        if found:
            table.focus()

    @staticmethod
    def _hint(answer: CampaignsFound | OrganizationsFound) -> str:
        if isinstance(answer, OrganizationsFound):
            return ORGANIZATION_HINT
        if isinstance(answer.request, OrganizationCampaigns) and answer.request.back is not None:
            return ORGANIZATION_CAMPAIGNS_HINT
        return CAMPAIGN_HINT

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#results-detail", Static)
        campaign = self.campaigns.highlighted if self.campaigns.display else None
        detail.display = campaign is not None
        if campaign is not None:
            detail.update(campaign_summary_line(campaign, self.campaigns.organization))

    @on(DataTable.RowSelected, "#campaign-results")
    def _campaign_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        campaign = self.campaigns.highlighted
        if campaign is not None:
            self.post_message(self.OpenCampaign(str(campaign.id)))

    @on(DataTable.RowSelected, "#organization-results")
    def _organization_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        organization = self.organizations.highlighted
        shown = self.shown
        if organization is None or shown is None:
            return
        back = shown.request if isinstance(shown.request, OrganizationSearch) else None
        size = self.query_one(Pagination).page_size
        self._ask(
            OrganizationCampaigns(
                str(organization.id),
                one_line(organization.name) or str(organization.id),
                back=back,
                page_size=size,
            )
        )
