"""The "Participants (N)" tab: one server page at a time, filtered and searched on the server.

Statut and the name search go to the server (the search after a short pause, one exclusive
worker per question); the pagination widget asks for other pages. A refresh asks the same
page again with the ETag-aware client: a 304 redraws nothing, and new rows keep the cursor on
the participant it was on (by row key, the learner id).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Input, Select, Static

from tui.screens.orga.follow.display import STATUS_FILTERS, status_text
from tui.widgets.pagination import Pagination
from tui.widgets.safe_text import one_line

if TYPE_CHECKING:
    from api_client.models import Campaign
    from api_client.resources.campaign_follow import FollowPage

SEARCH_PAUSE = 0.3
RATES_PAGE = 100
EMPTY = "Aucun participant."
EMPTY_FILTERED = "Aucun participant ne correspond à ces critères."


@dataclass(frozen=True, slots=True)
class ParticipantsQuery:
    status: str | None = None
    search: str = ""
    page: int = 1
    page_size: int = 10


class ParticipantsTable(DataTable[Text]):
    """One page of participants; row keys are learner ids (participation ids for profiles)."""

    DEFAULT_CSS = """
    ParticipantsTable { height: auto; max-height: 1fr; scrollbar-size-vertical: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self.participations: dict[str, str] = {}
        self._columns: tuple[str, ...] = ()

    @property
    def highlighted_key(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(Coordinate(self.cursor_row, 0)).row_key.value

    def show_rows(self, columns: tuple[str, ...], rows: list[tuple[str, str, list[Text]]]) -> None:
        """Rows of (key, participation id, cells); the cursor stays on the same key."""
        kept = self.highlighted_key
        keys = [key for key, _, _ in rows]
        self.participations = {key: participation for key, participation, _ in rows}
        if columns == self._columns and keys == [row.value for row in self.rows]:
            # Same people in the same order: update the cells in place, nothing moves.
            for key, _, cells in rows:
                for column, cell in zip(columns, cells, strict=True):
                    self.update_cell(key, column, cell)
            return
        row_before = self.cursor_row
        if columns != self._columns:
            self.clear(columns=True)
            for column in columns:
                self.add_column(column, key=column)
            self._columns = columns
        else:
            self.clear()
        for key, _, cells in rows:
            self.add_row(*cells, key=key)
        if kept is not None and kept in keys:
            self.move_cursor(row=keys.index(kept), animate=False)
        elif rows:
            self.move_cursor(row=min(row_before, len(rows) - 1), animate=False)


class ParticipantsPanel(Vertical):
    """Filters, table and pagination of the Participants tab."""

    DEFAULT_CSS = """
    ParticipantsPanel { height: auto; }
    ParticipantsPanel #participants-filters { height: auto; }
    ParticipantsPanel #participants-status { width: 30; }
    ParticipantsPanel #participants-search { width: 1fr; }
    ParticipantsPanel #participants-empty { color: $text-muted; padding: 1 0; }
    ParticipantsPanel #participants-footer { height: auto; }
    ParticipantsPanel #participants-export { color: $text-muted; width: auto; padding: 0 1; }
    """

    class Loaded(Message):
        def __init__(
            self,
            page: FollowPage[Any],
            query: ParticipantsQuery,
            rates: dict[str, int | None],
            unchanged: bool,
        ) -> None:
            super().__init__()
            self.page = page
            self.query = query
            self.rates = rates
            self.unchanged = unchanged

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Open(Message):
        """Entrée on a participant: the host opens them."""

        def __init__(self, participation_id: str, learner_id: str) -> None:
            super().__init__()
            self.participation_id = participation_id
            self.learner_id = learner_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.campaign: Campaign | None = None
        self.query_asked = ParticipantsQuery()
        self.shown: ParticipantsQuery | None = None
        self.row_count = 0
        self._search_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="participants-filters"):
            yield Select(
                STATUS_FILTERS,
                prompt="Tous les statuts",
                compact=True,
                id="participants-status",
            )
            yield Input(placeholder="Rechercher un nom (s)", compact=True, id="participants-search")
        yield ParticipantsTable(id="participants-table")
        yield Static(EMPTY, id="participants-empty", markup=False)
        yield Static(id="participants-error", classes="error-text", markup=False)
        with Horizontal(id="participants-footer"):
            yield Pagination(id="participants-pagination")
            # The footer at 80 columns has no room left: the key is said here.
            yield Static("x Exporter résultats (.csv)", id="participants-export", markup=False)

    def on_mount(self) -> None:
        self.query_one("#participants-empty").display = False
        self.query_one("#participants-error").display = False

    @property
    def profiles(self) -> bool:
        return self.campaign is not None and bool(self.campaign.is_profiles_collection)

    def show_campaign(self, campaign: Campaign) -> None:
        """Called by the detail screen each time the campaign is (re)loaded."""
        first = self.campaign is None
        self.campaign = campaign
        # A profiles collection lists the profiles received: there is no status to filter.
        self.query_one("#participants-status").display = not self.profiles
        if first:
            self.load(self.query_asked)

    # -- loading -------------------------------------------------------------------------

    def load(self, query: ParticipantsQuery) -> None:
        self.query_asked = query
        self._fetch(query)

    def refresh_rows(self) -> None:
        """Ask the shown page again (304: nothing redrawn)."""
        if self.campaign is not None:
            self._fetch(self.query_asked)

    @work(exclusive=True, exit_on_error=False, group="follow-participants")
    async def _fetch(self, query: ParticipantsQuery) -> None:
        from tui.errors import error_message

        campaign = self.campaign
        if campaign is None:
            return
        try:
            client = await self.screen.pix_app.wait_for_client()  # type: ignore[attr-defined]
            follow = client.campaign_follow
            page: FollowPage[Any]
            rates: dict[str, int | None] = {}
            unchanged = True
            if self.profiles:
                page = await follow.profiles_participations(
                    campaign.id, search=query.search, page=query.page, page_size=query.page_size
                )
            else:
                page = await follow.participants(
                    campaign.id,
                    status=query.status,
                    search=query.search,
                    page=query.page,
                    page_size=query.page_size,
                )
                if any(item.is_shared for item in page.items):
                    # The activity rows carry no rate: the shared results (by name too, the
                    # same search) give it, for up to the 100 first matching.
                    results = await follow.assessment_results(
                        campaign.id, search=query.search, page=1, page_size=RATES_PAGE
                    )
                    rates = {row.id: row.mastery_percentage for row in results.items}
                    unchanged = results.unchanged
            unchanged = unchanged and page.unchanged
        except Exception as error:
            self.post_message(self.Failed(error_message(error)))
        else:
            self.post_message(self.Loaded(page, query, rates, unchanged))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        message.stop()
        if message.query != self.query_asked:
            return  # a stale answer
        self.query_one("#participants-error").display = False
        meta = message.page.meta
        self.query_one(Pagination).show(meta.page, meta.page_count, meta.page_size)
        if message.unchanged and self.shown == message.query:
            return
        self.shown = message.query
        self.row_count = meta.row_count
        table = self.query_one(ParticipantsTable)
        table.show_rows(
            self._columns(), [self._row(item, message.rates) for item in message.page.items]
        )
        filtered = bool(message.query.status or message.query.search.strip())
        empty = self.query_one("#participants-empty", Static)
        empty.update(EMPTY_FILTERED if filtered else EMPTY)
        empty.display = not message.page.items
        table.display = bool(message.page.items)
        if not filtered:
            self._label_tab(meta.row_count)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        message.stop()
        error = self.query_one("#participants-error", Static)
        error.update(message.text)
        error.display = True

    def _label_tab(self, count: int) -> None:
        from textual.widgets import TabbedContent, TabPane

        pane = next((node for node in self.ancestors if isinstance(node, TabPane)), None)
        tabs = next((node for node in self.ancestors if isinstance(node, TabbedContent)), None)
        if pane is not None and tabs is not None and pane.id is not None and not self.profiles:
            tabs.get_tab(pane.id).label = Text(f"Participants ({count})")

    # -- rows ----------------------------------------------------------------------------

    def _columns(self) -> tuple[str, ...]:
        columns = ["Nom", "Prénom"]
        if self.campaign is not None and self.campaign.external_id_label:
            columns.append(one_line(self.campaign.external_id_label, 20))
        if self.profiles:
            columns += ["Score Pix", "Certifiable", "Compétences certifiables"]
        else:
            columns.append("Résultats")
        return tuple(columns)

    def _row(self, item: Any, rates: dict[str, int | None]) -> tuple[str, str, list[Text]]:
        cells = [Text(one_line(item.last_name, 30)), Text(one_line(item.first_name, 30))]
        if self.campaign is not None and self.campaign.external_id_label:
            cells.append(Text(one_line(item.participant_external_id, 20)))
        if self.profiles:
            cells += [
                Text(str(item.pix_score) if item.pix_score is not None else "—"),
                Text("Oui" if item.certifiable else "Non"),
                Text(str(item.certifiable_competences_count or 0)),
            ]
            return str(item.id), str(item.id), cells
        mastery = rates.get(str(item.last_campaign_participation_id))
        cells.append(status_text(item.status, mastery))
        return str(item.id), str(item.last_campaign_participation_id or ""), cells

    # -- user input ----------------------------------------------------------------------

    @on(Select.Changed, "#participants-status")
    def _status_chosen(self, event: Select.Changed) -> None:
        event.stop()
        status = event.value if isinstance(event.value, str) else None
        if status != self.query_asked.status:
            self.load(
                ParticipantsQuery(status, self.query_asked.search, 1, self.query_asked.page_size)
            )

    @on(Input.Changed, "#participants-search")
    def _search_typed(self, event: Input.Changed) -> None:
        event.stop()
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_PAUSE, self._search_now)

    def _search_now(self) -> None:
        search = self.query_one("#participants-search", Input).value.strip()
        if search != self.query_asked.search:
            self.load(
                ParticipantsQuery(self.query_asked.status, search, 1, self.query_asked.page_size)
            )

    @on(Input.Submitted, "#participants-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._search_now()
        self.query_one(ParticipantsTable).focus()

    @on(Pagination.Changed)
    def _page_asked(self, event: Pagination.Changed) -> None:
        event.stop()
        asked = self.query_asked
        self.load(ParticipantsQuery(asked.status, asked.search, event.page, event.page_size))

    @on(DataTable.RowSelected, "#participants-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value
        if key is None:
            return
        participation = self.query_one(ParticipantsTable).participations.get(key, "")
        if participation:
            self.post_message(self.Open(participation, key))
