"""What the four tabs of the campaign triage screen are made of (their ids are the screen's
vocabulary: `#archive-button`, `#participations-table`, `#history-list`…)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Label, Select, Static

from tui.screens.admin import campaign_facts as facts
from tui.screens.admin.feedback_table import FeedbackTable
from tui.screens.admin.participations_table import ParticipationsTable
from tui.screens.admin.triage_lists import STATUS_FILTERS
from tui.widgets.pagination import Pagination

LIST_LOADING = "Chargement…"


def campaign_tab() -> ComposeResult:
    """Campagne: the facts, then the actions and why some are disabled."""
    with VerticalScroll(id="campaign-scroll"):
        for row_id, label in facts.FACT_ROWS:
            with Horizontal(id=f"fact-{row_id}", classes="fact"):
                yield Static(label, classes="fact-label", markup=False)
                yield Static(id=f"fact-value-{row_id}", classes="fact-value")
        with Horizontal(id="campaign-actions", classes="actions"):
            yield Button("Archiver (a)", compact=True, id="archive-button")
            yield Button("Changer le propriétaire (o)", compact=True, id="owner-button")
        yield Static(id="archive-reason", classes="reason", markup=False)
        yield Static(id="owner-reason", classes="reason", markup=False)
        yield Static(id="campaign-action-error", classes="error-text place", markup=False)


def participants_tab(page_size: int) -> ComposeResult:
    """Participants: filter, threshold, delete; the table, its highlighted row, the pages."""
    with Horizontal(id="participants-tools", classes="tools"):
        yield Label("Statut (f)")
        yield Select(
            [(label, value) for value, label in STATUS_FILTERS],
            value="all",
            allow_blank=False,
            compact=True,
            id="status-select",
        )
        yield Static(id="threshold-label", markup=False)
        # Short: the confirmation names the participant (the line under the table too).
        yield Button("Supprimer (x)", compact=True, id="delete-button")
    yield Static(LIST_LOADING, id="participations-status", classes="list-status", markup=False)
    yield ParticipationsTable(id="participations-table")
    yield Static(id="participation-detail", classes="row-detail")
    with Horizontal(id="participations-footer", classes="list-footer"):
        yield Pagination(page_size=page_size, id="participations-pagination")
    yield Static(id="delete-reason", classes="reason", markup=False)
    yield Static(id="participation-error", classes="error-text place", markup=False)


def feedbacks_tab(page_size: int) -> ComposeResult:
    """Signalements: the table, the highlighted report in full, the pages."""
    yield Static(LIST_LOADING, id="feedbacks-status", classes="list-status", markup=False)
    yield FeedbackTable(id="feedbacks-table")
    yield Static(id="feedback-detail", classes="row-detail")
    with Horizontal(id="feedbacks-footer", classes="list-footer"):
        yield Pagination(page_size=page_size, id="feedbacks-pagination")


def history_tab(page_size: int) -> ComposeResult:
    """Historique: one entry after the other, the pages."""
    yield Static(LIST_LOADING, id="history-status", classes="list-status", markup=False)
    yield VerticalScroll(id="history-list")
    with Horizontal(id="history-footer", classes="list-footer"):
        yield Pagination(page_size=page_size, id="history-pagination")
