"""The participations of a campaign, as support triages them.

A participation still "En cours" with no activity (no answer, or none since it started) for
at least the threshold is stuck: its status reads "⚠ bloqué depuis 12 j" — a sign and
words, not a colour. The threshold is the screen's (7 days unless the agent changes it); the
clock is `clock`, a module attribute the snapshot tests freeze.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text

from tui.labels import french_date, label_for
from tui.screens.admin.admin_table import AdminTable, Column
from tui.screens.admin.wording import (
    NONE,
    PARTICIPATION_DELETED,
    PARTICIPATION_STATUSES,
    PROFILE_SHARED,
    days_label,
    french_datetime,
)
from tui.widgets.safe_text import one_line

if TYPE_CHECKING:
    from api_client.models import AdminParticipation

clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731
"""The current time (patched by tests)."""


def participant_name(participation: AdminParticipation) -> str:
    """ "Hugo Thomas" (the server's full name, else first and last name)."""
    name = participation.user_full_name or " ".join(
        part for part in (participation.first_name, participation.last_name) if part
    )
    return one_line(name) or f"Participant n° {participation.user_id or participation.id}"


def quiet_days(participation: AdminParticipation, now: datetime) -> int | None:
    """Whole days since the last activity (or the start), None when unknown."""
    since = participation.quiet_since
    if since is None:
        return None
    return max(0, (now - since).days)


def stuck_marker(days: int) -> str:
    return f"⚠ bloqué depuis {days} j"


def status_text(
    participation: AdminParticipation, *, threshold: int, now: datetime, profiles: bool
) -> Text:
    """The status in words: "En cours", "⚠ bloqué depuis 12 j", "Résultats reçus"…"""
    if participation.is_deleted:
        return Text(PARTICIPATION_DELETED, style="dim italic")
    if participation.is_stuck(after_days=threshold, now=now):
        days = quiet_days(participation, now) or threshold
        return Text(stuck_marker(days), style="bold")
    if profiles and participation.status == "SHARED":
        return Text(PROFILE_SHARED)
    return Text(label_for(PARTICIPATION_STATUSES, participation.status))


def participation_detail(
    participation: AdminParticipation,
    *,
    threshold: int,
    now: datetime,
    external_id_label: str | None = None,
) -> Text:
    """The highlighted participation in full, under the table:
    "Hugo Thomas · commencée le 19/11/2026 à 22:41 · dernière réponse le … · ⚠ aucune
    activité depuis 12 jours (seuil : 7 jours)"."""
    line = Text()
    line.append(participant_name(participation), style="bold")
    if participation.participant_external_id:
        label = one_line(external_id_label) or "Identifiant externe"
        line.append(f" · {label} : ", style="dim")
        line.append(one_line(participation.participant_external_id))
    line.append(f" · commencée le {french_datetime(participation.created_at)}", style="dim")
    if participation.last_activity_at is not None:
        line.append(
            f" · dernière réponse le {french_datetime(participation.last_activity_at)}",
            style="dim",
        )
    else:
        line.append(" · aucune réponse", style="dim")
    if participation.shared_at is not None:
        line.append(f" · envoyée le {french_datetime(participation.shared_at)}", style="dim")
    if participation.is_deleted:
        line.append(f" · supprimée le {french_datetime(participation.deleted_at)}")
        if participation.deleted_by_full_name:
            line.append(f" par {one_line(participation.deleted_by_full_name)}")
    elif participation.is_stuck(after_days=threshold, now=now):
        days = quiet_days(participation, now) or threshold
        line.append(
            f" · ⚠ aucune activité depuis {days_label(days)} (seuil : {days_label(threshold)})",
            style="bold",
        )
    return line


class ParticipationsTable(AdminTable["AdminParticipation"]):
    """One page of participations; the row keys are the participation ids."""

    COLUMNS: ClassVar[tuple[Column, ...]] = (
        Column("participant", "Participant", minimum=14),
        Column("status", "Statut", width=21),
        Column("started", "Commencée le", width=12),
        Column(
            "activity",
            "Dernière activité",
            width=18,
            narrow_width=10,
            narrow_header="Dernière\nactivité",
        ),
        Column("shared", "Envoyée le", width=10),
    )

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.threshold = 7
        self.profiles = False
        self.now = clock()

    def row_key(self, item: AdminParticipation) -> str:
        return str(item.id)

    def cell(self, item: AdminParticipation, key: str, width: int, *, wide: bool) -> Text:
        dim = "dim" if item.is_deleted else ""
        if key == "participant":
            return Text(participant_name(item), style=dim)
        if key == "status":
            return status_text(item, threshold=self.threshold, now=self.now, profiles=self.profiles)
        if key == "started":
            return Text(french_date(item.created_at), style=dim)
        if key == "activity":
            if item.last_activity_at is None:
                return Text(NONE, style="dim")
            moment = french_datetime(item.last_activity_at) if wide else None
            return Text(moment or french_date(item.last_activity_at), style=dim)
        return Text(french_date(item.shared_at) if item.shared_at else NONE, style=dim or "")
