"""What `pix-tui admin …` prints: plain aligned tables in French, or JSON for scripts.

Textual-free and Rich-free: plain text, so the output pipes into grep, awk or a file. JSON
keys are stable snake_case names, dates ISO 8601 in UTC, ids numbers when they are numbers.
Text that comes from users (names, codes, external ids) has its control characters
replaced, so a crafted name cannot move the cursor or recolour the terminal.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from api_client import AdminCampaign, AdminCampaignSummary, AdminParticipation

CAMPAIGN_STATUSES = {"ACTIVE": "Active", "ARCHIVED": "Archivée", "DELETED": "Supprimée"}
CAMPAIGN_TYPES = {"ASSESSMENT": "Évaluation", "PROFILES_COLLECTION": "Collecte de profils"}
PARTICIPATION_STATUSES = {
    "STARTED": "En cours",
    "TO_SHARE": "En attente d'envoi",
    "SHARED": "Reçu",
}
NONE = "—"
COLUMN_GAP = "  "

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean(text: object) -> str:
    """One line of printable text (control characters become spaces)."""
    return _CONTROL.sub(" ", str(text))


def _label(labels: dict[str, str], code: str | None) -> str:
    return labels.get(code or "", code or NONE)


def _date(value: datetime | None, *, time: bool = False) -> str:
    if value is None:
        return NONE
    local = value.astimezone()
    return local.strftime("%d/%m/%Y %H:%M" if time else "%d/%m/%Y")


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in UTC (`2024-10-03T08:00:00Z`), None stays None."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _number(value: str | None) -> int | str | None:
    if value is None:
        return None
    return int(value) if value.isdigit() else value


def _width(text: str) -> int:
    # Wide characters (CJK) take two cells; combining marks none.
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in text
    )


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Columns aligned on the widest cell; the last column is not padded."""
    lines = [[clean(cell) for cell in headers], *([clean(cell) for cell in row] for row in rows)]
    widths = [max(_width(line[i]) for line in lines) for i in range(len(headers))]
    rendered = []
    for line in lines:
        cells = [
            cell + " " * (widths[i] - _width(cell)) if i < len(line) - 1 else cell
            for i, cell in enumerate(line)
        ]
        rendered.append(COLUMN_GAP.join(cells).rstrip())
    return "\n".join(rendered)


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False)


# --- one campaign ----------------------------------------------------------------------------


def campaign_record(campaign: AdminCampaign) -> dict[str, Any]:
    """The campaign for `--json`."""
    return {
        "id": _number(campaign.id),
        "code": campaign.code,
        "name": campaign.name,
        "type": campaign.type,
        "status": campaign.status,
        "title": campaign.title,
        "organization": {
            "id": _number(campaign.organization_id),
            "name": campaign.organization_name,
        },
        "owner": {"id": _number(campaign.owner_id), "name": campaign.owner_full_name or None},
        "creator": {
            "id": _number(campaign.creator_id),
            "name": campaign.creator_full_name or None,
        },
        "target_profile": {
            "id": _number(campaign.target_profile_id),
            "name": campaign.target_profile_name,
        },
        "external_id_label": campaign.external_id_label,
        "multiple_sendings": campaign.multiple_sendings,
        "created_at": iso(campaign.created_at),
        "archived_at": iso(campaign.archived_at),
        "deleted_at": iso(campaign.deleted_at),
        "participations": {
            "total": campaign.total_participations_count,
            "shared": campaign.shared_participations_count,
            "started": campaign.started_participations_count,
            "to_share": campaign.to_share_participations_count,
            "deleted": campaign.deleted_participations_count,
            "stuck": campaign.stuck_participations_count,
            "stuck_after_days": campaign.stuck_after_days,
        },
    }


def _status_line(campaign: AdminCampaign) -> str:
    label = _label(CAMPAIGN_STATUSES, campaign.status)
    if campaign.deleted_at is not None:
        return f"{label} le {_date(campaign.deleted_at)}"
    if campaign.archived_at is not None:
        return f"{label} le {_date(campaign.archived_at)}"
    return label


def _participants_line(campaign: AdminCampaign) -> str:
    total = campaign.total_participations_count
    if total is None:
        return NONE
    shared_label = "profils reçus" if campaign.type == "PROFILES_COLLECTION" else "résultats reçus"
    parts = [f"{campaign.shared_participations_count or 0} {shared_label}"]
    if campaign.started_participations_count is not None:
        parts += [
            f"{campaign.started_participations_count} en cours",
            f"{campaign.to_share_participations_count or 0} en attente d'envoi",
        ]
    if campaign.deleted_participations_count:
        parts.append(f"{campaign.deleted_participations_count} supprimée(s)")
    line = f"{total} ({', '.join(parts)})"
    if campaign.stuck_participations_count:
        line += (
            f" — {campaign.stuck_participations_count} bloquée(s) : aucune activité depuis "
            f"{campaign.stuck_after_days} jours"
        )
    return line


def campaign_text(campaign: AdminCampaign) -> str:
    """The campaign as label / value lines."""
    rows = [
        ("Campagne", f"{campaign.code or NONE} — {campaign.name or NONE}"),
        ("Identifiant", campaign.id),
        ("Statut", _status_line(campaign)),
        ("Type", _label(CAMPAIGN_TYPES, campaign.type)),
        ("Organisation", f"{campaign.organization_name or NONE} (id {campaign.organization_id})"),
        ("Propriétaire", campaign.owner_full_name or NONE),
        ("Créée le", f"{_date(campaign.created_at)} par {campaign.creator_full_name or NONE}"),
    ]
    if campaign.target_profile_name:
        rows.append(("Parcours", campaign.target_profile_name))
    if campaign.title:
        rows.append(("Titre", campaign.title))
    if campaign.external_id_label:
        rows.append(("Identifiant externe", campaign.external_id_label))
    rows.append(("Envoi multiple", "Oui" if campaign.multiple_sendings else "Non"))
    rows.append(("Participants", _participants_line(campaign)))
    width = max(_width(label) for label, _ in rows)
    return "\n".join(
        f"{label}{' ' * (width - _width(label))}{COLUMN_GAP}{clean(value)}" for label, value in rows
    )


# --- a list of campaigns -------------------------------------------------------------------


def campaign_summary_record(campaign: AdminCampaignSummary) -> dict[str, Any]:
    return {
        "id": _number(campaign.id),
        "code": campaign.code,
        "name": campaign.name,
        "type": campaign.type,
        "status": campaign.status,
        "organization": {
            "id": _number(campaign.organization_id),
            "name": campaign.organization_name,
        },
        "owner": {"id": _number(campaign.owner_id), "name": campaign.owner_full_name or None},
        "created_at": iso(campaign.created_at),
        "archived_at": iso(campaign.archived_at),
        "deleted_at": iso(campaign.deleted_at),
    }


def campaigns_table(campaigns: Sequence[AdminCampaignSummary]) -> str:
    headers = ("ID", "Code", "Nom", "Organisation", "Propriétaire", "Type", "Statut", "Créée le",
               "Archivée le")  # fmt: skip
    rows = [
        (
            c.id,
            c.code or NONE,
            c.name or NONE,
            c.organization_name or NONE,
            c.owner_full_name or NONE,
            _label(CAMPAIGN_TYPES, c.type),
            _label(CAMPAIGN_STATUSES, c.status),
            _date(c.created_at),
            _date(c.archived_at),
        )
        for c in campaigns
    ]
    return table(headers, rows)


# --- participations ------------------------------------------------------------------------


def participation_record(
    participation: AdminParticipation, *, stuck_after_days: int, now: datetime
) -> dict[str, Any]:
    return {
        "id": _number(participation.id),
        "user_id": _number(participation.user_id),
        "first_name": participation.first_name,
        "last_name": participation.last_name,
        "external_id": participation.participant_external_id,
        "status": participation.status,
        "created_at": iso(participation.created_at),
        "shared_at": iso(participation.shared_at),
        "last_activity_at": iso(participation.last_activity_at),
        "deleted_at": iso(participation.deleted_at),
        "deleted_by": participation.deleted_by_full_name,
        "stuck": participation.is_stuck(after_days=stuck_after_days, now=now),
    }


def _remark(participation: AdminParticipation, stuck_after_days: int, now: datetime) -> str:
    if participation.is_deleted:
        by = participation.deleted_by_full_name
        return f"supprimée le {_date(participation.deleted_at)}" + (f" par {by}" if by else "")
    if participation.is_stuck(after_days=stuck_after_days, now=now):
        since = participation.quiet_since
        days = (now - since).days if since is not None else stuck_after_days
        return f"bloquée : aucune activité depuis {days} jours"
    return ""


def participations_table(
    participations: Sequence[AdminParticipation], *, stuck_after_days: int, now: datetime
) -> str:
    headers = ("ID", "Nom", "Prénom", "Statut", "Début", "Dernière activité",
               "Identifiant externe", "Remarque")  # fmt: skip
    rows = [
        (
            p.id,
            p.last_name or NONE,
            p.first_name or NONE,
            _label(PARTICIPATION_STATUSES, p.status),
            _date(p.created_at),
            _date(p.last_activity_at, time=True),
            p.participant_external_id or NONE,
            _remark(p, stuck_after_days, now),
        )
        for p in participations
    ]
    return table(headers, rows)
