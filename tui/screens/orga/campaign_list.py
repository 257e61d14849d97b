"""Campagnes: the teacher's home in Pix Orga — tabs, searches, one page of campaigns.

Everything is asked of the server: the tabs ("Mes campagnes" / "Toutes les campagnes",
"Actives" / "Archivées"), the two searches and the page. The table never holds more than the
page it shows. Searches wait for a pause in the typing (`SEARCH_DELAY`) and the list worker
is exclusive, so a stale request is cancelled and a stale answer dropped.

The widget asks its host to open or create a campaign (`OpenRequested`, `CreateRequested`);
screens are the host's business.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Button, DataTable, Input, Static, Tab, Tabs

from tui import messages
from tui.labels import french_date
from tui.widgets.pagination import Pagination
from tui.widgets.safe_text import one_line
from tui.widgets.steady_table import SteadyHoverTable

if TYPE_CHECKING:
    from api_client import CampaignPage
    from api_client.models import Campaign
    from tui.app import PixApp

SEARCH_DELAY = 0.3
"""Seconds of quiet after the last key before a search is sent."""

NO_MATCH = "Aucune campagne ne correspond à votre recherche."
EMPTY_TITLE = "Créez votre première campagne"
EMPTY_TEXT = (
    "Configurez et lancez votre première campagne. "
    "Vous pourrez ensuite inviter vos utilisateurs à rejoindre ce parcours."
)
LOADING = "Chargement des campagnes…"
HINT = "↵ ouvrir · t Mes/Toutes · a Actives/Archivées"
MINE, ALL = "tab-mine", "tab-all"
ONGOING, ARCHIVED = "tab-ongoing", "tab-archived"


@dataclass(frozen=True, slots=True)
class CampaignQuery:
    """What the list shows: one organisation, the tabs, the searches and the page."""

    organization_id: str
    owned_by_me: bool = True
    archived: bool = False
    name: str = ""
    owner_name: str = ""
    page: int = 1
    page_size: int = 10

    @property
    def searching(self) -> bool:
        return bool(self.name or self.owner_name)


def empty_tab_message(query: CampaignQuery) -> str:
    """What an empty table says, depending on what was asked."""
    if query.searching:
        return NO_MATCH
    if query.archived:
        return "Aucune campagne archivée."
    if query.owned_by_me:
        return "Vous n'êtes propriétaire d'aucune campagne active."
    return "Aucune campagne active."


# -- the table -------------------------------------------------------------------------------

NAME, CODE, OWNER, CREATED, PARTICIPANTS, RESULTS = (
    "name",
    "code",
    "owner",
    "created",
    "participants",
    "results",
)
WIDE_TABLE = 100
"""From this width on, headers fit on one line and names get the room left."""


HEADERS = {
    NAME: "Nom de la campagne",
    CODE: "Code",
    OWNER: "Propriétaire",
    CREATED: "Créée le",
    PARTICIPANTS: "Participants",
    RESULTS: "Résultats reçus",
}
# At 80 columns the counts' headers take two lines, leaving the room to the names.
NARROW_HEADERS = {**HEADERS, PARTICIPANTS: "Partici-\npants", RESULTS: "Résultats\nreçus"}


@dataclass(frozen=True, slots=True)
class ColumnLayout:
    widths: tuple[tuple[str, int], ...]
    two_line_header: bool


def column_layout(width: int, *, show_owner: bool) -> ColumnLayout:
    """Column widths for a table `width` cells wide (each cell keeps one space on its left).

    Code, date and counts have fixed widths; the name takes what is left, the owner a share
    of it. At 80 columns "Résultats reçus" goes on two header lines to leave room for names.
    """
    wide = width >= WIDE_TABLE
    labels = HEADERS if wide else NARROW_HEADERS
    fixed = {
        CODE: 9,
        CREATED: 10,
        PARTICIPANTS: _label_width(labels[PARTICIPANTS]),
        RESULTS: _label_width(labels[RESULTS]),
    }
    columns = [NAME, CODE, OWNER, CREATED, PARTICIPANTS, RESULTS]
    if not show_owner:
        columns.remove(OWNER)
    gaps = len(columns)  # one space before each column
    rest = max(0, width - sum(fixed.values()) - gaps)
    widths = dict(fixed)
    if show_owner:
        widths[OWNER] = max(len(HEADERS[OWNER]), min(22, rest * 3 // 10))
        widths[NAME] = max(12, rest - widths[OWNER])
    else:
        widths[NAME] = max(12, rest)
    return ColumnLayout(tuple((key, widths[key] + 1) for key in columns), not wide)


def _label_width(label: str) -> int:
    return max(len(line) for line in label.split("\n"))


def _fit(text: Text, width: int) -> Text:
    text.truncate(width, overflow="ellipsis")
    return text


def owner_label(campaign: Campaign, width: int) -> Text:
    """The owner's name; "C. Moreau" when the full name does not fit."""
    full = campaign.owner_full_name
    if len(full) > width and campaign.owner_first_name and campaign.owner_last_name:
        full = f"{campaign.owner_first_name.strip()[:1]}. {campaign.owner_last_name}"
    return _fit(Text(one_line(full) or "—"), width)


class CampaignTable(SteadyHoverTable[Text]):
    """One page of campaigns; the row keys are the campaign ids."""

    DEFAULT_CSS = """
    CampaignTable {
        height: auto;
        max-height: 1fr;
        scrollbar-size-vertical: 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, cell_padding=0, id=id)
        self._campaigns: list[Campaign] = []
        self._show_owner = True
        self._layout: ColumnLayout | None = None

    @property
    def highlighted_campaign(self) -> Campaign | None:
        if 0 <= self.cursor_row < len(self._campaigns):
            return self._campaigns[self.cursor_row]
        return None

    def show_campaigns(
        self, campaigns: list[Campaign], *, show_owner: bool, keep_cursor: bool
    ) -> None:
        """Replace the rows; with `keep_cursor`, the same campaign (or row) stays highlighted."""
        previous = self.highlighted_campaign
        row = self.cursor_row
        self._campaigns = list(campaigns)
        self._show_owner = show_owner
        self._rebuild(force=True)
        if not campaigns:
            return
        target = 0
        if keep_cursor:
            ids = [campaign.id for campaign in campaigns]
            target = ids.index(previous.id) if previous and previous.id in ids else row
        self.move_cursor(row=min(max(0, target), len(campaigns) - 1), animate=False)

    def on_resize(self) -> None:
        self._rebuild(force=False)

    def on_click(self, event: events.Click) -> None:
        # Textual's table opens a row on a second click (the first one highlights it); like a
        # link in Pix Orga, a campaign opens at the first. A click on the highlighted row is
        # already opened by the table itself.
        row = event.style.meta.get("row")
        if isinstance(row, int) and row >= 0 and row != self.cursor_row:
            self.call_after_refresh(self.action_select_cursor)

    def _rebuild(self, *, force: bool) -> None:
        # `size` leaves out the vertical scrollbar: when it appears, the columns narrow.
        layout = column_layout(self.size.width, show_owner=self._show_owner)
        if layout == self._layout and not force:
            return
        row = self.cursor_row
        self._layout = layout
        self.clear(columns=True)
        self.header_height = 2 if layout.two_line_header else 1
        for key, width in layout.widths:
            self.add_column(self._header(key, layout.two_line_header), width=width, key=key)
        widths = dict(layout.widths)
        for campaign in self._campaigns:
            self.add_row(*self._cells(campaign, widths), key=campaign.id)
        if self._campaigns and not force:
            self.move_cursor(row=min(row, len(self._campaigns) - 1), animate=False)

    @staticmethod
    def _header(key: str, two_lines: bool) -> Text:
        label = (NARROW_HEADERS if two_lines else HEADERS)[key]
        # The space stands for the cell padding the table does not add (cell_padding=0).
        return Text("\n".join(" " + line for line in label.split("\n")), style="bold")

    def _cells(self, campaign: Campaign, widths: dict[str, int]) -> list[Text]:
        cells: list[Text] = []
        for key, width in widths.items():
            inner = width - 1
            if key == NAME:
                cell = _fit(Text(one_line(campaign.name) or "Sans nom", style="bold"), inner)
            elif key == CODE:
                cell = _fit(Text(one_line(campaign.code)), inner)
            elif key == OWNER:
                cell = owner_label(campaign, inner)
            elif key == CREATED:
                cell = Text(french_date(campaign.created_at))
            else:
                count = (
                    campaign.participations_count
                    if key == PARTICIPANTS
                    else campaign.shared_participations_count
                )
                # Counts sit under the end of their header: easier to compare down a column.
                cell = Text(str(count or 0).rjust(inner))
            cells.append(Text(" ").append_text(cell))
        return cells


# -- the list --------------------------------------------------------------------------------


class CampaignList(Vertical):
    """Tabs, searches, the table and its pagination, or the "first campaign" invitation."""

    DEFAULT_CSS = """
    CampaignList {
        height: 1fr;
    }
    """

    class OpenRequested(Message):
        """The user chose a campaign (Entrée or a click on its row)."""

        def __init__(self, campaign_id: str) -> None:
            super().__init__()
            self.campaign_id = campaign_id

    class CreateRequested(Message):
        """The user asked for "Créer une campagne"."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # From a search field or the tabs, ↓ goes down to the results (the table keeps ↓).
        Binding("down", "focus_table", "Aller au tableau", show=False, id="focus-table"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # What the list asked the server last, and what the table shows the answer of.
        self.asked: CampaignQuery | None = None
        self._shown: CampaignQuery | None = None
        self._debounce: Timer | None = None

    # -- composition ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="campaign-tabs-row"):
            yield Tabs(
                Tab("Mes campagnes", id=MINE),
                Tab("Toutes les campagnes", id=ALL),
                id="ownership-tabs",
            )
            yield Tabs(Tab("Actives", id=ONGOING), Tab("Archivées", id=ARCHIVED), id="status-tabs")
        with Horizontal(id="campaign-search-row"):
            yield Input(placeholder="Rechercher une campagne", compact=True, id="search-name")
            yield Input(placeholder="Rechercher un propriétaire", compact=True, id="search-owner")
            yield Button(
                "Créer une campagne", variant="primary", compact=True, id="create-campaign"
            )
        yield Static(LOADING, id="campaign-status", markup=False)
        yield Button("Réessayer", id="campaign-retry")
        yield CampaignTable(id="campaign-table")
        with Horizontal(id="campaign-footer"):
            yield Static(id="campaign-hint", markup=False)
            yield Pagination(id="campaign-pagination")
        with Vertical(id="campaign-empty"):
            yield Static(EMPTY_TITLE, id="campaign-empty-title", markup=False)
            yield Static(EMPTY_TEXT, id="campaign-empty-text", markup=False)
            yield Button("Créer une campagne", variant="primary", id="create-first-campaign")

    def on_mount(self) -> None:
        for selector in ("#campaign-retry", "#campaign-empty", "#campaign-table"):
            self.query_one(selector).display = False
        self._show_owner_search(False)

    @property
    def pix_app(self) -> PixApp:
        return cast("PixApp", self.app)

    @property
    def table(self) -> CampaignTable:
        return self.query_one(CampaignTable)

    # -- what to show --------------------------------------------------------------------

    def show_organization(self, organization_id: str) -> None:
        """Show this organisation's campaigns (first call, or after "Changer d'organisation")."""
        current = self.asked
        if current is not None and current.organization_id == organization_id:
            self.reload()
            return
        base = current or CampaignQuery(organization_id)
        size = self.query_one(Pagination).page_size
        self._request(replace(base, organization_id=organization_id, page=1, page_size=size))

    def reload(self) -> None:
        """Ask again for the page shown (after a change elsewhere); the cursor stays put."""
        if self.asked is not None:
            self._request(self.asked)

    def _request(self, query: CampaignQuery) -> None:
        self.asked = query
        self._load(query)

    @work(exclusive=True, exit_on_error=False, group="campaign-list")
    async def _load(self, query: CampaignQuery) -> None:
        from tui.errors import failure_message

        try:
            client = await self.pix_app.wait_for_client()
            page = await client.campaigns.list(
                query.organization_id,
                name=query.name or None,
                owner_name=query.owner_name or None,
                owned_by_me=query.owned_by_me,
                archived=query.archived,
                page=query.page,
                page_size=query.page_size,
            )
        except Exception as error:
            self.post_message(failure_message(error))
        else:
            self.post_message(messages.CampaignsLoaded(page, query))

    @on(messages.CampaignsLoaded)
    def _loaded(self, message: messages.CampaignsLoaded) -> None:
        message.stop()
        if message.request != self.asked:
            return  # an answer to a question nobody asks any more
        query = cast("CampaignQuery", message.request)
        page = message.page
        meta = page.meta
        if not page.items and query.page > 1 and meta.page_count >= 1:
            # The page emptied (the last campaign of the last page was archived): go back.
            self._request(replace(query, page=min(query.page - 1, meta.page_count)))
            return
        self._show_counts(page)
        self.query_one("#campaign-retry").display = False
        if not page.has_campaigns:
            self._show_first_campaign_invitation()
            self._shown = query
            return
        self._show_list_parts(True)
        table = self.table
        keep = query == self._shown  # a reload of the page shown: the cursor stays
        table.show_campaigns(page.items, show_owner=not query.owned_by_me, keep_cursor=keep)
        status = self.query_one("#campaign-status", Static)
        status.remove_class("error-text")
        table.display = bool(page.items)
        status.display = not page.items
        status.update(empty_tab_message(query))
        self.query_one(Pagination).show(meta.page, meta.page_count, meta.page_size)
        self.query_one("#campaign-footer").display = bool(page.items)
        self.query_one("#campaign-hint", Static).update(
            Text(HINT, style="dim") if page.items else ""
        )
        self._shown = query
        # The screen's AUTO_FOCUS may have run while the table was still hidden.
        if self.screen.focused is None and table.display and self.screen.is_current:
            table.focus()

    @on(messages.LoadFailed)
    def _failed(self, message: messages.LoadFailed) -> None:
        message.stop()
        status = self.query_one("#campaign-status", Static)
        status.update(message.error)
        status.display = True
        status.add_class("error-text")
        retry = self.query_one("#campaign-retry", Button)
        retry.display = True
        if self.screen.focused is None or self.screen.focused is self.table:
            retry.focus()

    @on(Button.Pressed, "#campaign-retry")
    def _retry(self, event: Button.Pressed) -> None:
        event.stop()
        event.button.display = False
        status = self.query_one("#campaign-status", Static)
        status.remove_class("error-text")
        status.update(LOADING)
        self.reload()

    def _show_counts(self, page: CampaignPage) -> None:
        for tab_id, label, count in (
            (ONGOING, "Actives", page.ongoing_count),
            (ARCHIVED, "Archivées", page.archived_count),
        ):
            tab = self.query_one(f"#{tab_id}", Tab)
            tab.label = Text(f"{label} ({count})" if count is not None else label)

    def _show_first_campaign_invitation(self) -> None:
        self._show_list_parts(False)
        self.query_one("#campaign-status").display = False
        self.query_one("#campaign-empty").display = True
        if self.screen.focused is None or self.screen.focused is self.table:
            self.query_one("#create-first-campaign").focus()

    def _show_list_parts(self, shown: bool) -> None:
        for selector in ("#campaign-tabs-row", "#campaign-search-row", "#campaign-footer"):
            self.query_one(selector).display = shown
        self.query_one("#campaign-empty").display = not shown
        if not shown:
            self.table.display = False

    def _show_owner_search(self, shown: bool) -> None:
        field = self.query_one("#search-owner", Input)
        field.display = shown

    # -- tabs ----------------------------------------------------------------------------

    @on(Tabs.TabActivated, "#ownership-tabs")
    def _ownership_chosen(self, event: Tabs.TabActivated) -> None:
        event.stop()
        mine = event.tab.id == MINE
        self._show_owner_search(not mine)
        query = self.asked
        if query is None or query.owned_by_me == mine:
            return
        owner_name = query.owner_name if not mine else ""
        if mine:
            self.query_one("#search-owner", Input).value = ""
        self._request(replace(query, owned_by_me=mine, owner_name=owner_name, page=1))

    @on(Tabs.TabActivated, "#status-tabs")
    def _status_chosen(self, event: Tabs.TabActivated) -> None:
        event.stop()
        archived = event.tab.id == ARCHIVED
        query = self.asked
        if query is None or query.archived == archived:
            return
        self._request(replace(query, archived=archived, page=1))

    def toggle_ownership(self) -> None:
        """ "Mes campagnes" ⇄ "Toutes les campagnes", as if the other tab were clicked."""
        if self.query_one("#campaign-tabs-row").display:
            tabs = self.query_one("#ownership-tabs", Tabs)
            tabs.active = ALL if tabs.active == MINE else MINE

    def toggle_archived(self) -> None:
        """ "Actives" ⇄ "Archivées"."""
        if self.query_one("#campaign-tabs-row").display:
            tabs = self.query_one("#status-tabs", Tabs)
            tabs.active = ONGOING if tabs.active == ARCHIVED else ARCHIVED

    # -- searches ------------------------------------------------------------------------

    @on(Input.Changed, "#search-name, #search-owner")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(SEARCH_DELAY, self._search_now)

    @on(Input.Submitted, "#search-name, #search-owner")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._search_now()
        if self.table.display:
            self.table.focus()

    def _search_now(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        query = self.asked
        if query is None:
            return
        name = self.query_one("#search-name", Input).value.strip()
        owner = "" if query.owned_by_me else self.query_one("#search-owner", Input).value.strip()
        if (name, owner) == (query.name, query.owner_name):
            return
        self._request(replace(query, name=name, owner_name=owner, page=1))

    # -- pages, rows, buttons ------------------------------------------------------------

    @on(Pagination.Changed)
    def _page_asked(self, event: Pagination.Changed) -> None:
        event.stop()
        if self.asked is not None:
            self._request(replace(self.asked, page=event.page, page_size=event.page_size))

    def next_page(self) -> None:
        if self.query_one("#campaign-footer").display:
            self.query_one(Pagination).next_page()

    def previous_page(self) -> None:
        if self.query_one("#campaign-footer").display:
            self.query_one(Pagination).previous_page()

    @on(DataTable.RowSelected, "#campaign-table")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.OpenRequested(event.row_key.value))

    @on(Button.Pressed, "#create-campaign, #create-first-campaign")
    def _create_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.CreateRequested())

    def action_focus_table(self) -> None:
        if self.table.display:
            self.table.focus()
