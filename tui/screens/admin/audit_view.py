"""Historique: what Pix Admin agents changed on a campaign — who, when, what, before → after.

    20/11/2026 à 14:03 · Antoine Girard · Campagne désarchivée
        Archivée le : 03/10/2024 à 10:00 → —

Values come from the server as JSON (dates as ISO strings, names typed by people): they are
read back into dates and words, and shown as plain text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text

from tui.labels import label_for
from tui.screens.admin.wording import (
    AUDIT_ACTIONS,
    AUDIT_ATTRIBUTES,
    HIDDEN_AUDIT_ATTRIBUTES,
    NONE,
    french_datetime,
)
from tui.widgets.safe_text import one_line

if TYPE_CHECKING:
    from api_client.models import AdminAuditEntry

VALUE_LIMIT = 80


def audit_value(value: Any) -> str:
    """A value of the trail in words: a date, Oui / Non, a text on one line, or "—"."""
    if value is None or value == "":
        return NONE
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return one_line(value, VALUE_LIMIT)
        # Only a full timestamp is a date: "2024" alone stays a text.
        return french_datetime(moment) if "T" in value else one_line(value, VALUE_LIMIT)
    return one_line(str(value), VALUE_LIMIT)


def audit_entry_text(entry: AdminAuditEntry, participants: Mapping[str, str]) -> Text:
    """One entry: the heading line, then one line per change. `participants` names the
    participations this screen has seen (by id), for "Participation supprimée (Hugo Thomas)"."""
    text = Text()
    text.append(french_datetime(entry.created_at), style="bold")
    text.append(" · ")
    text.append(one_line(entry.admin_name) or f"Agent n° {entry.admin_user_id or '?'}")
    text.append(" · ")
    text.append(label_for(AUDIT_ACTIONS, entry.action), style="bold")
    participation = entry.campaign_participation_id
    if participation is not None:
        who = participants.get(str(participation))
        text.append(f" ({who})" if who else f" (participation n° {participation})")
    for key, before, after in entry.changes:
        if key in HIDDEN_AUDIT_ATTRIBUTES:
            continue
        text.append("\n    ")
        text.append(f"{AUDIT_ATTRIBUTES.get(key, one_line(key))} : ", style="dim")
        text.append(audit_value(before))
        text.append(" → ", style="bold")
        text.append(audit_value(after))
    return text
