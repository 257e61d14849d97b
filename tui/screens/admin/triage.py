"""One campaign, as support triages it: what it is, who takes part, what went wrong, who
changed what — and the few things support may change.

Heading, banner (archived or deleted) and counts by status stay on top; four tabs below:
"Campagne" (the facts; Archiver / Désarchiver, Changer le propriétaire), "Participants" (the
participations, stuck ones marked "⚠ bloqué depuis N j", a status filter `f`, the threshold
`s`; Supprimer la participation `x`), "Signalements" (problems reported by participants) and
"Historique" (the audit trail). An action the agent's role does not allow stays visible,
disabled, with the reason next to it; every change is confirmed first by a dialog naming
exactly what changes, then the screen and its history are read again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import (
    Button,
    DataTable,
    Input,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from tui import messages, spaces
from tui.screens.admin import campaign_facts as facts
from tui.screens.admin import participations_table
from tui.screens.admin import triage_layout as layout
from tui.screens.admin.audit_view import audit_entry_text
from tui.screens.admin.dialogs import OwnerPicker, ThresholdDialog
from tui.screens.admin.feedback_table import FeedbackTable, feedback_detail
from tui.screens.admin.participations_table import (
    ParticipationsTable,
    participant_name,
    participation_detail,
)
from tui.screens.admin.permissions import REFUSED_BY_SERVER, AdminAction, refusal
from tui.screens.admin.triage_layout import LIST_LOADING
from tui.screens.admin.triage_lists import (
    DEFAULT_THRESHOLD,
    LISTS,
    STATUS_FILTERS,
    ListKind,
    ListRequest,
    RoleLoaded,
    fetch_list,
)
from tui.screens.orga.confirm_dialog import ConfirmDialog
from tui.screens.space import SpaceScreen
from tui.widgets.pagination import PAGE_KEYS, Pagination

if TYPE_CHECKING:
    from api_client import PixClient
    from api_client.models import AdminCampaign, AdminParticipation, MemberIdentity

LOADING = "Chargement de la campagne…"
DEFAULT_PAGE_SIZE, TALL_PAGE_SIZE = 10, 25
TALL_HEIGHT = 32
CAMPAIGN_TAB, PARTICIPANTS_TAB = "tab-campaign", "tab-participants"
FEEDBACKS_TAB, HISTORY_TAB = "tab-feedbacks", "tab-history"
DELETED_CAMPAIGN = (
    "La campagne a été supprimée dans Pix Orga : elle ne peut plus être archivée ni changer "
    "de propriétaire."
)
ALREADY_DELETED = "Cette participation est déjà supprimée."
NO_PARTICIPATION = "Choisissez d'abord une participation dans le tableau."
NOTICES = {
    "archive": ("Archiver", "La campagne est archivée."),
    "unarchive": ("Désarchiver", "La campagne est désarchivée : elle est de nouveau active."),
    "owner": ("Changer le propriétaire", "Le propriétaire de la campagne a changé."),
    "delete-participation": ("Supprimer la participation", "La participation est supprimée."),
}


class CampaignTriageScreen(SpaceScreen):
    HELP = (
        "Le dossier d'une campagne pour le support : onglets Campagne, Participants "
        "(blocages), Signalements et Historique (touches 1 à 4). Les actions (archiver, "
        "changer de propriétaire, supprimer une participation) sont tracées dans "
        "l'historique."
    )
    SPACE = spaces.ADMIN
    CSS_PATH = "triage.tcss"
    AUTO_FOCUS: ClassVar[str | None] = None
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave_field", "Sortir du champ", key_display="Échap", id="leave-field"),
        Binding("escape", "back", "Retour", key_display="Échap", id="back"),
        # The buttons carry their keys ("Archiver (a)"): the footer at 80 columns cannot.
        Binding("a", "archive", "Archiver", show=False, id="archive-campaign"),
        Binding("a", "unarchive", "Désarchiver", show=False, id="unarchive-campaign"),
        Binding("o", "change_owner", "Propriétaire", show=False, id="change-owner"),
        Binding("x", "delete_participation", "Supprimer", show=False, id="delete-participation"),
        Binding("s", "threshold", "Seuil", id="stuck-threshold"),
        Binding("f", "next_filter", "Filtre", id="status-filter"),
        Binding("1", "show_tab('tab-campaign')", "Campagne", show=False, id="tab-1"),
        Binding("2", "show_tab('tab-participants')", "Participants", show=False, id="tab-2"),
        Binding("3", "show_tab('tab-feedbacks')", "Signalements", show=False, id="tab-3"),
        Binding("4", "show_tab('tab-history')", "Historique", show=False, id="tab-4"),
        Binding("f5", "reload", "Actualiser", show=False, id="reload-campaign"),
        *PAGE_KEYS,
    ]

    def __init__(
        self,
        campaign_id: str,
        *,
        campaign: AdminCampaign | None = None,
        role: str | None = None,
        threshold: int = DEFAULT_THRESHOLD,
    ) -> None:
        super().__init__()
        self.campaign_id = str(campaign_id)
        self.campaign = campaign
        self.role = role
        self.threshold = threshold
        self.stuck_count: int | None = None
        # What each list asked last (a stale answer is dropped) and showed.
        self.asked: dict[ListKind, ListRequest] = {}
        # Actions the server refused to this agent (403): disabled from then on.
        self.refused: set[AdminAction] = set()
        # Participants seen on this screen, by participation id: the history names them.
        self.participant_names: dict[str, str] = {}
        self._shown_participations: ListRequest | None = None
        self._history_page: Any = None
        self._focused_once = False

    # -- composition ---------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        with Vertical(id="triage-body"):
            yield Static(LOADING, id="triage-loading", classes="muted", markup=False)
            yield Static(id="triage-error", classes="error-text", markup=False)
            yield Button("Réessayer", id="triage-retry")
            with Vertical(id="triage-heading"):
                yield Static(id="campaign-name")
                yield Static(id="campaign-line")
            yield Static(id="status-banner", markup=False)
            yield Static(id="counts-line")
            with TabbedContent(initial=CAMPAIGN_TAB, id="triage-tabs"):
                page_size = self._initial_page_size()
                with TabPane("Campagne", id=CAMPAIGN_TAB):
                    yield from layout.campaign_tab()
                with TabPane("Participants", id=PARTICIPANTS_TAB):
                    yield from layout.participants_tab(page_size)
                with TabPane("Signalements", id=FEEDBACKS_TAB):
                    yield from layout.feedbacks_tab(page_size)
                with TabPane("Historique", id=HISTORY_TAB):
                    yield from layout.history_tab(page_size)

    def _initial_page_size(self) -> int:
        # A tall terminal shows a longer page at once (the table scrolls on a short one).
        return TALL_PAGE_SIZE if self.app.size.height >= TALL_HEIGHT else DEFAULT_PAGE_SIZE

    def on_mount(self) -> None:
        # Textual runs every class's on_mount (SpaceScreen's too): no super() call.
        for selector in ("#triage-error", "#triage-retry", ".place", ".reason"):
            for widget in self.query(selector):
                widget.display = False
        self._show_threshold()
        if self.campaign is not None:
            self._show(self.campaign)
        else:
            self._show_parts(False)
        # A search result lacks the counts, and counts move: always read the campaign again.
        self._load_campaign()
        if self.role is None:
            self._load_role()
        for kind in LISTS:
            self._ask(self._first_page(kind))

    # -- loading -------------------------------------------------------------------------

    def _run(
        self,
        job: Callable[[PixClient], Awaitable[Message]],
        *,
        group: str,
        place: str,
    ) -> None:
        """Run `job` with the client in an exclusive worker of `group`; failures go to `place`."""

        async def work_() -> None:
            from tui.errors import admin_failure

            try:
                client = await self.pix_app.wait_for_client()
                message = await job(client)
            except Exception as error:
                self.post_message(admin_failure(error, place))
            else:
                self.post_message(message)

        self.run_worker(work_(), group=group, exclusive=True, exit_on_error=False)

    def _load_campaign(self) -> None:
        async def job(client: PixClient) -> Message:
            return messages.AdminCampaignChanged(await client.admin.campaign(self.campaign_id))

        self._run(job, group="triage-campaign", place="campaign")

    @work(exclusive=True, exit_on_error=False, group="triage-role")
    async def _load_role(self) -> None:
        try:
            client = await self.pix_app.wait_for_client()
            member = await client.admin.me()
        except Exception:
            # Without the role every action stays disabled, which says so; reads go on.
            self.post_message(messages.AdminDataLoaded(RoleLoaded(None), "role"))
        else:
            self.post_message(messages.AdminDataLoaded(RoleLoaded(member.role), "role"))

    def _ask(self, request: ListRequest) -> None:
        self.asked[request.kind] = request
        if request.kind != "stuck-count":
            status = self.query_one(f"#{request.kind}-status", Static)
            status.remove_class("error-text")
            status.update(LIST_LOADING)
            status.display = True

        async def job(client: PixClient) -> Message:
            return messages.AdminDataLoaded(await fetch_list(client, request), request)

        self._run(job, group=f"triage-{request.kind}", place=request.kind)

    def _first_page(self, kind: ListKind) -> ListRequest:
        return ListRequest(
            kind, self.campaign_id, page_size=self._page_size(kind), threshold=self.threshold
        )

    def _reload_list(self, kind: ListKind) -> None:
        self._ask(self.asked.get(kind) or self._first_page(kind))

    def action_reload(self) -> None:
        self.query_one("#triage-error").display = False
        self.query_one("#triage-retry").display = False
        if self.campaign is None:
            self.query_one("#triage-loading").display = True
        self._load_campaign()
        for kind in LISTS:
            self._reload_list(kind)

    @on(Button.Pressed, "#triage-retry")
    def _retry(self) -> None:
        self.action_reload()

    # -- answers -------------------------------------------------------------------------

    @on(messages.AdminCampaignChanged)
    def _campaign_changed(self, message: messages.AdminCampaignChanged) -> None:
        message.stop()
        self._show(message.campaign)
        if message.action is None:
            return
        title, notice = NOTICES.get(message.action, ("Pix Admin", "C'est fait."))
        self.notify(notice, title=title)
        # What the action changed: the trail first, then the lists and counts it moves.
        self._ask(self._first_page("history"))
        self._reload_list("participations")

    @on(messages.AdminDataLoaded)
    def _data_loaded(self, message: messages.AdminDataLoaded) -> None:
        message.stop()
        data, request = message.data, message.request
        if isinstance(data, RoleLoaded):
            self.role = data.role
            if self.campaign is not None:
                self._show_permissions(self.campaign)
            return
        if not isinstance(request, ListRequest) or self.asked.get(request.kind) != request:
            return  # an answer nobody waits for any more
        if request.kind == "stuck-count":
            self.stuck_count = data if isinstance(data, int) else None
            self._show_counts()
        elif request.kind == "participations":
            self._show_participations(request, data)
        elif request.kind == "feedbacks":
            self._show_feedbacks(data)
        else:
            self._show_history(data)

    @on(messages.AdminRequestFailed)
    def _request_failed(self, message: messages.AdminRequestFailed) -> None:
        message.stop()
        place = message.place
        if place == "campaign":
            self._campaign_failed(message.error)
        elif place in ("participations", "feedbacks", "history"):
            status = self.query_one(f"#{place}-status", Static)
            status.update(f"{message.error} (F5 pour réessayer)")
            status.add_class("error-text")
            status.display = True
        elif place in ("archive", "owner"):
            if message.forbidden:
                action = AdminAction.ARCHIVE if place == "archive" else AdminAction.CHANGE_OWNER
                self.refused.add(action)
            self._show_place_error("#campaign-action-error", message)
        elif place == "delete-participation":
            if message.forbidden:
                self.refused.add(AdminAction.DELETE_PARTICIPATION)
            self._show_place_error("#participation-error", message)
        if self.campaign is not None:
            self._show_permissions(self.campaign)

    def _show_place_error(self, selector: str, message: messages.AdminRequestFailed) -> None:
        error = self.query_one(selector, Static)
        text = message.fields.get("owner") or message.error
        error.update(text)
        error.display = True

    def _campaign_failed(self, error_text: str) -> None:
        if self.campaign is not None:
            self.notify(error_text, title="Campagne", severity="error")
            return
        self.query_one("#triage-loading").display = False
        error = self.query_one("#triage-error", Static)
        error.update(error_text)
        error.display = True
        retry = self.query_one("#triage-retry", Button)
        retry.display = True
        retry.focus()

    # -- showing the campaign ------------------------------------------------------------

    def _show_parts(self, shown: bool) -> None:
        for selector in ("#triage-heading", "#counts-line", "#triage-tabs"):
            self.query_one(selector).display = shown
        self.query_one("#triage-loading").display = not shown
        if not shown:
            self.query_one("#status-banner").display = False

    def _show(self, campaign: AdminCampaign) -> None:
        self.campaign = campaign
        self._show_parts(True)
        self.query_one("#campaign-name", Static).update(
            Text(facts.campaign_name(campaign), style="bold")
        )
        self.query_one("#campaign-line", Static).update(facts.heading_line(campaign))
        banner = facts.status_banner(campaign)
        banner_widget = self.query_one("#status-banner", Static)
        banner_widget.update(banner or "")
        banner_widget.display = banner is not None
        banner_widget.set_class(campaign.deleted_at is not None, "-deleted")
        values = facts.fact_values(campaign)
        for row_id, _ in facts.FACT_ROWS:
            self.query_one(f"#fact-value-{row_id}", Static).update(values[row_id])
        self.query_one("#fact-deleted").display = campaign.deleted_at is not None
        self.query_one("#fact-target-profile").display = bool(campaign.target_profile_name)
        self.query_one("#archive-button", Button).label = (
            "Désarchiver (a)" if campaign.is_archived else "Archiver (a)"
        )
        participations = self.query_one(ParticipationsTable)
        participations.profiles = bool(campaign.is_profiles_collection)
        total = campaign.total_participations_count or 0
        tabs = self.query_one(TabbedContent)
        tabs.get_tab(PARTICIPANTS_TAB).label = Text(f"Participants ({total})")
        if campaign.stuck_after_days == self.threshold:
            self.stuck_count = campaign.stuck_participations_count
        else:
            self._ask(ListRequest("stuck-count", self.campaign_id, threshold=self.threshold))
        self._show_counts()
        self._show_permissions(campaign)
        if not self._focused_once:
            self._focused_once = True
            self._focus_first_action()

    def _focus_first_action(self) -> None:
        for selector in ("#archive-button", "#owner-button"):
            button = self.query_one(selector, Button)
            if not button.disabled:
                button.focus()
                return
        self.query_one(TabbedContent).query_one("Tabs").focus()

    def _show_counts(self) -> None:
        if self.campaign is None:
            return
        self.query_one("#counts-line", Static).update(
            facts.counts_line(self.campaign, threshold=self.threshold, stuck=self.stuck_count)
        )

    def _show_threshold(self) -> None:
        self.query_one("#threshold-label", Static).update(f"Bloqué après {self.threshold} j (s)")

    # -- permissions ---------------------------------------------------------------------

    def reason(self, action: AdminAction) -> str | None:
        """Why this agent cannot do `action` on this campaign now; None when they can."""
        campaign = self.campaign
        if campaign is None:
            return LOADING
        if action in self.refused:
            return REFUSED_BY_SERVER
        role_refusal = refusal(action, self.role)
        if role_refusal is not None:
            return role_refusal
        if action is AdminAction.DELETE_PARTICIPATION:
            participation = self.query_one(ParticipationsTable).highlighted
            if participation is None:
                return NO_PARTICIPATION
            if participation.is_deleted:
                return ALREADY_DELETED
            return None
        if campaign.deleted_at is not None:
            return DELETED_CAMPAIGN
        return None

    def _show_permissions(self, campaign: AdminCampaign) -> None:
        said: set[str] = set()
        for action, button_id, reason_id in (
            (AdminAction.ARCHIVE, "#archive-button", "#archive-reason"),
            (AdminAction.CHANGE_OWNER, "#owner-button", "#owner-reason"),
            (AdminAction.DELETE_PARTICIPATION, "#delete-button", "#delete-reason"),
        ):
            why = self.reason(action)
            self.query_one(button_id, Button).disabled = why is not None
            reason = self.query_one(reason_id, Static)
            # An empty table or a deleted row explains itself: only rules are spelt out,
            # and once per tab (a deleted campaign refuses both of its actions for one reason).
            campaign_tab = action is not AdminAction.DELETE_PARTICIPATION
            shown = why is not None and why not in {NO_PARTICIPATION, ALREADY_DELETED}
            shown = shown and not (campaign_tab and why in said)
            reason.update(f"⚠ {why}" if shown else "")
            reason.display = shown
            if why is not None and campaign_tab:
                said.add(why)
        self.refresh_bindings()

    # -- the lists -----------------------------------------------------------------------

    def _page_size(self, kind: str) -> int:
        return self.query_one(f"#{kind}-pagination", Pagination).page_size

    def _show_list_frame(self, kind: str, page: Any, empty_text: str) -> None:
        """What surrounds a list: the sentence of an empty one, and the pages."""
        meta = page.meta
        pagination = self.query_one(f"#{kind}-pagination", Pagination)
        pagination.show(meta.page, meta.page_count, meta.page_size)
        empty = not page.items
        status = self.query_one(f"#{kind}-status", Static)
        status.remove_class("error-text")
        status.update(empty_text)
        status.display = empty
        # No pages to turn in an empty list (but a later page that emptied keeps them).
        self.query_one(f"#{kind}-footer").display = not empty or meta.page > 1

    def _show_participations(self, request: ListRequest, page: Any) -> None:
        table = self.query_one(ParticipationsTable)
        table.threshold = request.threshold
        table.now = participations_table.clock()
        named = len(self.participant_names)
        for participation in page.items:
            self.participant_names[str(participation.id)] = participant_name(participation)
        if len(self.participant_names) > named and self._names_missing_in_history():
            self._show_history(self._history_page)
        # The same request again (after an action): the same row stays highlighted.
        table.show_items(page.items, keep_cursor=self._shown_participations == request)
        self._shown_participations = request
        empty_text = (
            "Aucune participation ne correspond à ce filtre."
            if request.status != "all"
            else "Personne n'a encore rejoint cette campagne."
        )
        self._show_list_frame("participations", page, empty_text)
        table.display = bool(page.items)
        self._show_participation_detail()

    def _show_participation_detail(self) -> None:
        table = self.query_one(ParticipationsTable)
        participation = table.highlighted
        detail = self.query_one("#participation-detail", Static)
        detail.display = participation is not None and table.display
        if participation is not None:
            detail.update(
                participation_detail(
                    participation,
                    threshold=table.threshold,
                    now=table.now,
                    external_id_label=self.campaign.external_id_label if self.campaign else None,
                )
            )
        if self.campaign is not None:
            self._show_permissions(self.campaign)

    def _names_missing_in_history(self) -> bool:
        # The history may come before the participations it names: draw it again then.
        page = self._history_page
        return page is not None and any(
            entry.campaign_participation_id is not None
            and str(entry.campaign_participation_id) in self.participant_names
            for entry in page.items
        )

    def _show_feedbacks(self, page: Any) -> None:
        table = self.query_one(FeedbackTable)
        table.show_items(page.items)
        table.display = bool(page.items)
        self._show_list_frame(
            "feedbacks", page, "Aucun problème n'a été signalé pendant cette campagne."
        )
        self.query_one(TabbedContent).get_tab(FEEDBACKS_TAB).label = Text(
            f"Signalements ({page.meta.row_count})"
        )
        self._show_feedback_detail()

    def _show_feedback_detail(self) -> None:
        table = self.query_one(FeedbackTable)
        feedback = table.highlighted
        detail = self.query_one("#feedback-detail", Static)
        detail.display = feedback is not None and table.display
        if feedback is not None:
            detail.update(feedback_detail(feedback))

    def _show_history(self, page: Any) -> None:
        self._history_page = page
        history = self.query_one("#history-list", VerticalScroll)
        history.remove_children()
        history.mount_all(
            Static(audit_entry_text(entry, self.participant_names), classes="history-entry")
            for entry in page.items
        )
        history.display = bool(page.items)
        self._show_list_frame("history", page, "Aucune modification par Pix Admin pour l'instant.")
        self.query_one(TabbedContent).get_tab(HISTORY_TAB).label = Text(
            f"Historique ({page.meta.row_count})"
        )

    @on(DataTable.RowHighlighted, "#participations-table")
    def _participation_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_participation_detail()

    @on(DataTable.RowHighlighted, "#feedbacks-table")
    def _feedback_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_feedback_detail()

    @on(Pagination.Changed)
    def _page_asked(self, event: Pagination.Changed) -> None:
        event.stop()
        kinds: dict[str, ListKind] = {f"{kind}-pagination": kind for kind in LISTS}
        kind = kinds.get(event.pagination.id or "", "history")
        current = self.asked.get(kind) or self._first_page(kind)
        self._ask(replace(current, page=event.page, page_size=event.page_size))

    @on(Select.Changed, "#status-select")
    def _filter_chosen(self, event: Select.Changed) -> None:
        event.stop()
        value = event.value
        current = self.asked.get("participations") or self._first_page("participations")
        if not isinstance(value, str) or value == current.status:
            return
        self._ask(replace(current, status=value, page=1, threshold=self.threshold))

    def action_next_filter(self) -> None:
        select = self.query_one("#status-select", Select)
        values = [value for value, _ in STATUS_FILTERS]
        current = select.value if select.value in values else "all"
        select.value = values[(values.index(str(current)) + 1) % len(values)]
        self.action_show_tab(PARTICIPANTS_TAB)

    def action_threshold(self) -> None:
        def chosen(days: int | None) -> None:
            if days is None or days == self.threshold:
                return
            self.threshold = days
            self._show_threshold()
            self._ask(ListRequest("stuck-count", self.campaign_id, threshold=days))
            current = self.asked.get("participations") or self._first_page("participations")
            # Under the "Bloqués" filter the list itself changes: back to its first page.
            page = 1 if current.status == "stuck" else current.page
            self._ask(replace(current, threshold=days, page=page))

        self.app.push_screen(ThresholdDialog(self.threshold), chosen)

    def action_next_page(self) -> None:
        pagination = self._active_pagination()
        if pagination is not None:
            pagination.next_page()

    def action_previous_page(self) -> None:
        pagination = self._active_pagination()
        if pagination is not None:
            pagination.previous_page()

    def _active_pagination(self) -> Pagination | None:
        active = self.query_one(TabbedContent).active
        kind = {
            PARTICIPANTS_TAB: "participations",
            FEEDBACKS_TAB: "feedbacks",
            HISTORY_TAB: "history",
        }.get(active)
        return self.query_one(f"#{kind}-pagination", Pagination) if kind else None

    def action_show_tab(self, tab: str) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = tab
        target = {
            PARTICIPANTS_TAB: "#participations-table",
            FEEDBACKS_TAB: "#feedbacks-table",
            HISTORY_TAB: "#history-list",
        }.get(tab)
        if target is not None and self.query_one(target).display:
            self.query_one(target).focus()

    @on(TabbedContent.TabActivated, "#triage-tabs")
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        event.stop()
        self.refresh_bindings()

    # -- actions -------------------------------------------------------------------------

    def typing(self) -> bool:
        return isinstance(self.focused, Input)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typing = self.typing()
        if action == "leave_field":
            return typing
        if action == "back":
            return not typing
        if typing and action in self._letter_actions():
            return False
        if action in ("archive", "unarchive", "change_owner"):
            campaign = self.campaign
            if campaign is None:
                return False
            if action == "archive" and campaign.is_archived:
                return False
            if action == "unarchive" and not campaign.is_archived:
                return False
            kind = AdminAction.CHANGE_OWNER if action == "change_owner" else AdminAction.ARCHIVE
            return None if self.reason(kind) is not None else True
        if action == "delete_participation":
            if self.query_one(TabbedContent).active != PARTICIPANTS_TAB:
                return False
            return None if self.reason(AdminAction.DELETE_PARTICIPATION) is not None else True
        return super().check_action(action, parameters)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_leave_field(self) -> None:
        if self.typing():
            self.set_focus(None)

    @on(Button.Pressed, "#archive-button")
    def _archive_pressed(self) -> None:
        if self.campaign is not None and self.campaign.is_archived:
            self.action_unarchive()
        else:
            self.action_archive()

    def action_archive(self) -> None:
        self._confirm_archive(archive=True)

    def action_unarchive(self) -> None:
        self._confirm_archive(archive=False)

    def _confirm_archive(self, *, archive: bool) -> None:
        campaign = self.campaign
        if campaign is None or self.reason(AdminAction.ARCHIVE) is not None:
            return
        verb = "Archiver" if archive else "Désarchiver"
        dialog = ConfirmDialog(
            facts.archive_question(campaign, archive=archive),
            facts.archive_consequence(archive=archive),
            verb,
            dialog_id="archive-dialog",
        )

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self.query_one("#campaign-action-error").display = False
                self._set_archived(archive)

        self.app.push_screen(dialog, answered)

    def _set_archived(self, archive: bool) -> None:
        async def job(client: PixClient) -> Message:
            if archive:
                changed = await client.admin.archive(self.campaign_id)
            else:
                changed = await client.admin.unarchive(self.campaign_id)
            return messages.AdminCampaignChanged(changed, "archive" if archive else "unarchive")

        self._run(job, group="triage-action", place="archive")

    @on(Button.Pressed, "#owner-button")
    def action_change_owner(self) -> None:
        campaign = self.campaign
        if campaign is None or self.reason(AdminAction.CHANGE_OWNER) is not None:
            return
        picker = OwnerPicker(
            str(campaign.organization_id),
            facts.organization_name(campaign),
            campaign.owner_id,
            facts.owner_question(campaign),
        )

        def picked(member: MemberIdentity | None) -> None:
            if member is not None:
                self._confirm_owner(campaign, member)

        self.app.push_screen(picker, picked)

    def _confirm_owner(self, campaign: AdminCampaign, member: MemberIdentity) -> None:
        from tui.labels import person_name

        name = person_name(member.first_name, member.last_name, str(member.id))
        dialog = ConfirmDialog(
            facts.owner_question(campaign),
            facts.owner_change(campaign, name),
            "Changer",
            dialog_id="owner-dialog",
        )

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self.query_one("#campaign-action-error").display = False
                self._change_owner(str(member.id))

        self.app.push_screen(dialog, answered)

    def _change_owner(self, owner_id: str) -> None:
        async def job(client: PixClient) -> Message:
            changed = await client.admin.change_owner(self.campaign_id, owner_id)
            return messages.AdminCampaignChanged(changed, "owner")

        self._run(job, group="triage-action", place="owner")

    @on(Button.Pressed, "#delete-button")
    def action_delete_participation(self) -> None:
        campaign = self.campaign
        participation = self.query_one(ParticipationsTable).highlighted
        if (
            campaign is None
            or participation is None
            or self.reason(AdminAction.DELETE_PARTICIPATION) is not None
        ):
            return
        dialog = ConfirmDialog(
            facts.deletion_question(campaign, participant_name(participation)),
            facts.DELETION_CONSEQUENCE,
            "Supprimer",
            dialog_id="delete-dialog",
        )

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self.query_one("#participation-error").display = False
                self._delete(participation)

        self.app.push_screen(dialog, answered)

    def _delete(self, participation: AdminParticipation) -> None:
        async def job(client: PixClient) -> Message:
            await client.admin.delete_participation(self.campaign_id, participation.id)
            changed = await client.admin.campaign(self.campaign_id)
            return messages.AdminCampaignChanged(changed, "delete-participation")

        self._run(job, group="triage-action", place="delete-participation")

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Campagne", "Les informations de la campagne", self._tab(CAMPAIGN_TAB))
        yield SystemCommand("Participants", "Statuts, blocages", self._tab(PARTICIPANTS_TAB))
        yield SystemCommand("Signalements", "Problèmes signalés", self._tab(FEEDBACKS_TAB))
        yield SystemCommand("Historique", "Modifications par Pix Admin", self._tab(HISTORY_TAB))
        yield SystemCommand(
            "Seuil de blocage", "Jours sans activité avant « bloqué »", self.action_threshold
        )

    def _tab(self, tab: str) -> Callable[[], None]:
        return lambda: self.action_show_tab(tab)
