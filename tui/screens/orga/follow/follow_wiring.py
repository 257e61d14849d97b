"""What the campaign detail screen gains from the follow-up tabs: the export key, the page
keys, opening a participant, and the periodic refresh.

The refresh runs every `refresh_seconds()` (15 s; `$PIX_TUI_REFRESH_SECONDS`, 0 turns it
off) while the campaign screen is the one shown, with the ETag-aware client calls: a 304
redraws nothing, and the table keeps its cursor on the same participant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input, TabbedContent

from tui.screens.orga.follow.display import refresh_seconds
from tui.screens.orga.follow.participants_panel import ParticipantsPanel, ParticipantsTable
from tui.screens.orga.follow.summary_panels import ActivityPanel, CollectiveResultsPanel
from tui.widgets.pagination import PAGE_KEYS, Pagination

if TYPE_CHECKING:
    from api_client.models import Campaign


class FollowTabs:
    """Mixin of `CampaignDetailScreen` (a Screen with `prescriber`, `campaign`, `query_one`)."""

    FOLLOW_BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "export", "Exporter résultats (.csv)", show=False, id="export-results"),
        Binding("s", "search_participants", "Rechercher", show=False, id="search-participants"),
        *PAGE_KEYS,
    ]

    def on_mount(self) -> None:
        seconds = refresh_seconds()
        if seconds > 0:
            self.set_interval(seconds, self.refresh_follow)  # type: ignore[attr-defined]

    def show_follow(self, campaign: Campaign) -> None:
        """Give the (re)loaded campaign to the three follow-up tabs."""
        screen: Any = self
        screen.query_one(ParticipantsPanel).show_campaign(campaign)
        screen.query_one(ActivityPanel).show_campaign(campaign)
        screen.query_one(CollectiveResultsPanel).show_campaign(campaign)

    def refresh_follow(self) -> None:
        """Ask the counts and the visible table again (only while this screen is shown)."""
        screen: Any = self
        if not screen.is_current or screen.campaign is None:
            return
        screen.query_one(ParticipantsPanel).refresh_rows()
        screen.query_one(ActivityPanel).refresh_figures()
        screen.query_one(CollectiveResultsPanel).refresh_figures()

    def _show_tab(self, tab_id: str) -> None:
        screen: Any = self
        screen.query_one("#campaign-tabs", TabbedContent).active = tab_id

    def action_export(self) -> None:
        screen: Any = self
        if screen.campaign is None:
            return
        from tui.screens.orga.follow.export_dialog import ExportDialog

        screen.app.push_screen(ExportDialog(screen.campaign))

    def action_search_participants(self) -> None:
        screen: Any = self
        self._show_tab("tab-participants")
        screen.query_one("#participants-search", Input).focus()

    def action_next_page(self) -> None:
        screen: Any = self
        screen.query_one(ParticipantsPanel).query_one(Pagination).next_page()

    def action_previous_page(self) -> None:
        screen: Any = self
        screen.query_one(ParticipantsPanel).query_one(Pagination).previous_page()

    # A plain mixin gets no `@on` registration: the handler is found by its name.
    def on_participants_panel_open(self, message: ParticipantsPanel.Open) -> None:
        screen: Any = self
        message.stop()
        if screen.campaign is None:
            return
        from tui.screens.orga.follow.participant_screen import ParticipantScreen

        screen.app.push_screen(
            ParticipantScreen(
                screen.prescriber, screen.campaign, message.participation_id, message.learner_id
            )
        )

    def focus_participants(self) -> ParticipantsTable:
        """Show the Participants tab and put the focus in its table (tests, palette)."""
        screen: Any = self
        self._show_tab("tab-participants")
        table: ParticipantsTable = screen.query_one(ParticipantsTable)
        table.focus()
        return table
