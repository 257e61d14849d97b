"""Signalements: the problems participants reported on a question ("Signaler un problème").

The table shows the start of each text; the highlighted one is shown whole underneath, as
the student typed it (control characters removed, never read as markup).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text

from tui.labels import french_date
from tui.screens.admin.admin_table import AdminTable, Column
from tui.screens.admin.wording import NONE, french_datetime
from tui.widgets.safe_text import clean, one_line

if TYPE_CHECKING:
    from api_client.models import AdminFeedback


def reporter_name(feedback: AdminFeedback) -> str:
    name = feedback.user_full_name or " ".join(
        part for part in (feedback.first_name, feedback.last_name) if part
    )
    return one_line(name) or NONE


def feedback_detail(feedback: AdminFeedback) -> Text:
    """Who, when, on which question, then the whole text (and the answer given, if any)."""
    text = Text()
    text.append(reporter_name(feedback), style="bold")
    text.append(f", le {french_datetime(feedback.created_at)}, épreuve ", style="dim")
    text.append(one_line(feedback.challenge_id) or NONE)
    text.append(" :\n", style="dim")
    text.append(clean(feedback.content).strip() or NONE)
    if feedback.answer:
        text.append("\nRéponse donnée : ", style="dim")
        text.append(one_line(feedback.answer, 200))
    return text


class FeedbackTable(AdminTable["AdminFeedback"]):
    """One page of reports, newest first; the row keys are the report ids."""

    COLUMNS: ClassVar[tuple[Column, ...]] = (
        Column("date", "Le", width=10),
        Column("participant", "Participant", share=2, minimum=12),
        Column("challenge", "Épreuve", width=17),
        Column("content", "Signalement", share=5, minimum=16),
    )

    def row_key(self, item: AdminFeedback) -> str:
        return str(item.id)

    def cell(self, item: AdminFeedback, key: str, width: int, *, wide: bool) -> Text:
        if key == "date":
            return Text(french_date(item.created_at))
        if key == "participant":
            return Text(reporter_name(item))
        if key == "challenge":
            return Text(one_line(item.challenge_id) or NONE)
        return Text(one_line(item.content) or NONE)
