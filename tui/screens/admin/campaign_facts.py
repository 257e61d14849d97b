"""What the triage screen says about a campaign: heading, banner, counts, the facts, and the
sentences of its confirmations. Pure functions of `AdminCampaign`: user text stays plain.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from tui.labels import CAMPAIGN_TYPES, french_date, label_for
from tui.screens.admin.wording import (
    CAMPAIGN_STATUSES,
    NONE,
    days_label,
    participants_label,
)
from tui.widgets.safe_text import one_line

if TYPE_CHECKING:
    from api_client.models import AdminCampaign

# id, label: the rows of the "Campagne" tab, in order.
FACT_ROWS: tuple[tuple[str, str], ...] = (
    ("organization", "Organisation"),
    ("owner", "Propriétaire"),
    ("creator", "Créée par"),
    ("type", "Type"),
    ("target-profile", "Parcours"),
    ("code", "Code"),
    ("id", "Identifiant"),
    ("created", "Créée le"),
    ("archived", "Archivée le"),
    ("deleted", "Supprimée le"),
)


def campaign_name(campaign: AdminCampaign) -> str:
    return one_line(campaign.name) or "Sans nom"


def organization_name(campaign: AdminCampaign) -> str:
    return one_line(campaign.organization_name) or f"organisation n° {campaign.organization_id}"


def heading_line(campaign: AdminCampaign) -> Text:
    """ "RENTRE123 · Collège Pix (DEMO) · Campagne d'évaluation · Active"."""
    return Text.assemble(
        (one_line(campaign.code) or NONE, "bold"),
        (" · ", "dim"),
        organization_name(campaign),
        (" · ", "dim"),
        label_for(CAMPAIGN_TYPES, campaign.type),
        (" · ", "dim"),
        (label_for(CAMPAIGN_STATUSES, campaign.status), "bold"),
    )


def status_banner(campaign: AdminCampaign) -> str | None:
    """What a closed campaign's banner says; None for an active one."""
    if campaign.deleted_at is not None:
        return (
            f"✗ Campagne supprimée le {french_date(campaign.deleted_at)} dans Pix Orga : "
            "elle ne peut plus être archivée ni changer de propriétaire."
        )
    if campaign.archived_at is not None:
        return (
            f"⚠ Campagne archivée le {french_date(campaign.archived_at)} : "
            "personne ne peut plus la rejoindre ni y envoyer ses résultats."
        )
    return None


def counts_line(campaign: AdminCampaign, *, threshold: int, stuck: int | None) -> Text:
    """ "20 participants : 3 en cours (⚠ 1 bloqué depuis 7 jours ou plus) · 3 en attente
    d'envoi · 14 résultats reçus · 1 supprimée". `stuck` is the count at `threshold`."""
    total = campaign.total_participations_count or 0
    line = Text()
    line.append(participants_label(total), style="bold")
    if campaign.started_participations_count is None:
        # A server without the triage counts (real Pix): the total and the shared only.
        shared = campaign.shared_participations_count or 0
        line.append(f" · {shared} {_received(campaign, shared)}")
        return line
    line.append(" : ")
    line.append(f"{campaign.started_participations_count} en cours")
    if stuck:
        line.append(" (")
        line.append(
            f"⚠ {stuck} bloqué{'s' if stuck > 1 else ''} depuis {days_label(threshold)} ou plus",
            style="bold",
        )
        line.append(")")
    line.append(f" · {campaign.to_share_participations_count or 0} en attente d'envoi")
    shared = campaign.shared_participations_count or 0
    line.append(f" · {shared} {_received(campaign, shared)}")
    deleted = campaign.deleted_participations_count or 0
    if deleted:
        line.append(f" · {deleted} supprimée{'s' if deleted > 1 else ''}", style="dim")
    return line


def _received(campaign: AdminCampaign, count: int) -> str:
    plural = "s" if count > 1 else ""
    if campaign.is_profiles_collection:
        return f"profil{plural} reçu{plural}"
    return f"résultat{plural} reçu{plural}"


def fact_values(campaign: AdminCampaign) -> dict[str, Text]:
    """The value of each row of `FACT_ROWS` (None values read "—")."""
    creator = Text(one_line(campaign.creator_full_name) or NONE)
    return {
        "organization": Text.assemble(
            (organization_name(campaign), "bold"), (f"  (id {campaign.organization_id})", "dim")
        ),
        "owner": Text(one_line(campaign.owner_full_name) or NONE, style="bold"),
        "creator": creator,
        "type": Text(label_for(CAMPAIGN_TYPES, campaign.type)),
        "target-profile": Text(one_line(campaign.target_profile_name) or NONE),
        "code": Text(one_line(campaign.code) or NONE, style="bold"),
        "id": Text(str(campaign.id)),
        "created": Text(french_date(campaign.created_at)),
        "archived": Text(french_date(campaign.archived_at)),
        "deleted": Text(french_date(campaign.deleted_at)),
    }


# -- the confirmations: each names exactly what will change ----------------------------------


def archive_question(campaign: AdminCampaign, *, archive: bool) -> Text:
    """ "Archiver la campagne « X » (CODE) / de Collège Pix (DEMO) ?" (on two lines)."""
    verb = "Archiver" if archive else "Désarchiver"
    # The organisation on its own line: a wrapped "?" never ends up alone on the last one.
    return Text.assemble(
        f"{verb} la campagne « ",
        (campaign_name(campaign), "bold"),
        f" » ({one_line(campaign.code) or NONE})\nde ",
        (organization_name(campaign), "bold"),
        " ?",
    )


def archive_consequence(*, archive: bool) -> str:
    if archive:
        return (
            "Plus personne ne pourra la rejoindre ni y envoyer ses résultats. "
            "Elle pourra être désarchivée."
        )
    return "Les participants pourront de nouveau la rejoindre avec son code."


def owner_question(campaign: AdminCampaign) -> Text:
    return Text.assemble(
        "Changer le propriétaire de « ",
        (campaign_name(campaign), "bold"),
        f" » ({one_line(campaign.code) or NONE}) ?",
    )


def owner_change(campaign: AdminCampaign, new_owner: str) -> str:
    """ "Propriétaire : Claire Moreau → Julien Bernard" """
    return f"Propriétaire : {one_line(campaign.owner_full_name) or NONE} → {one_line(new_owner)}"


def deletion_question(campaign: AdminCampaign, participant: str) -> Text:
    """ "Supprimer la participation de Léa Martin à « X » ?" """
    return Text.assemble(
        "Supprimer la participation de ",
        (one_line(participant), "bold"),
        " à « ",
        (campaign_name(campaign), "bold"),
        " » ?",
    )


DELETION_CONSEQUENCE = (
    "Ses résultats ne seront plus visibles. La suppression est inscrite dans l'historique."
)
