"""The tables a Pix Admin search fills: campaigns of any organisation, and organisations.

At 80 columns the campaign table keeps organisation, name, code, owner and status; type and
dates come in from `WIDE` on, and `campaign_summary_line` says them all for the highlighted
row under the table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text

from tui.labels import ORGANIZATION_TYPES, french_date, label_for
from tui.screens.admin.admin_table import AdminTable, Column
from tui.screens.admin.wording import CAMPAIGN_STATUSES, CAMPAIGN_TYPES_SHORT, NONE
from tui.widgets.safe_text import one_line

if TYPE_CHECKING:
    from api_client.models import AdminCampaignSummary, AdminOrganization

STATUS_STYLES = {"ACTIVE": "", "ARCHIVED": "dim", "DELETED": "dim italic"}


def owner_label(campaign: AdminCampaignSummary, width: int) -> str:
    """The owner's name; "C. Moreau" when the full name does not fit."""
    full = one_line(campaign.owner_full_name)
    first, last = one_line(campaign.owner_first_name), one_line(campaign.owner_last_name)
    if len(full) > width and first and last:
        return f"{first[:1]}. {last}"
    return full or NONE


def campaign_status(campaign: AdminCampaignSummary) -> Text:
    """ "Active", "Archivée", "Supprimée": a word, dimmed when the campaign is closed."""
    status = campaign.status
    return Text(label_for(CAMPAIGN_STATUSES, status), style=STATUS_STYLES.get(status, ""))


def campaign_summary_line(campaign: AdminCampaignSummary, organization: str | None = None) -> Text:
    """Everything about the highlighted campaign on one line (nothing cut):
    "Collège Pix (DEMO) · Parcours de rentrée 5e · Évaluation · créée le 04/09/2025 ·
    propriétaire Claire Moreau"."""
    line = Text()
    line.append(one_line(campaign.organization_name or organization) or NONE, style="bold")
    line.append(" · ")
    line.append(one_line(campaign.name) or "Sans nom")
    line.append(" · ", style="dim")
    line.append(label_for(CAMPAIGN_TYPES_SHORT, campaign.type))
    line.append(f" · créée le {french_date(campaign.created_at)}", style="dim")
    if campaign.archived_at is not None:
        line.append(f" · archivée le {french_date(campaign.archived_at)}", style="dim")
    if campaign.deleted_at is not None:
        line.append(f" · supprimée le {french_date(campaign.deleted_at)}", style="dim")
    line.append(" · propriétaire ", style="dim")
    line.append(one_line(campaign.owner_full_name) or NONE)
    return line


class CampaignResultsTable(AdminTable["AdminCampaignSummary"]):
    """Campaigns found; the row keys are the campaign ids. An organisation's own list has
    no organisation name in its items: `organization` fills the column then."""

    COLUMNS: ClassVar[tuple[Column, ...]] = (
        Column("organization", "Organisation", share=4, minimum=10),
        Column("name", "Nom", share=5, minimum=12),
        Column("code", "Code", width=9),
        Column("owner", "Propriétaire", share=3, minimum=12),
        Column("type", "Type", width=10, wide_only=True),
        Column("status", "Statut", width=9),
        Column("created", "Créée le", width=10, wide_only=True),
        Column("archived", "Archivée le", width=11, wide_only=True),
    )

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.organization: str | None = None

    def row_key(self, item: AdminCampaignSummary) -> str:
        return str(item.id)

    def cell(self, item: AdminCampaignSummary, key: str, width: int, *, wide: bool) -> Text:
        if key == "organization":
            return Text(one_line(item.organization_name or self.organization) or NONE)
        if key == "name":
            return Text(one_line(item.name) or "Sans nom", style="bold")
        if key == "code":
            return Text(one_line(item.code) or NONE)
        if key == "owner":
            return Text(owner_label(item, width))
        if key == "type":
            return Text(label_for(CAMPAIGN_TYPES_SHORT, item.type))
        if key == "status":
            return campaign_status(item)
        if key == "created":
            return Text(french_date(item.created_at))
        return Text(french_date(item.archived_at), style="dim" if not item.archived_at else "")


class OrganizationResultsTable(AdminTable["AdminOrganization"]):
    """Organisations found; the row keys are their ids."""

    COLUMNS: ClassVar[tuple[Column, ...]] = (
        Column("name", "Nom", minimum=16),
        Column("id", "Id", width=6),
        Column("type", "Type", width=28, narrow_width=6),
        Column("external-id", "UAI", width=10),
        Column("campaigns", "Campagnes", width=9),
    )

    def row_key(self, item: AdminOrganization) -> str:
        return str(item.id)

    def cell(self, item: AdminOrganization, key: str, width: int, *, wide: bool) -> Text:
        if key == "name":
            return Text(one_line(item.name) or NONE, style="bold")
        if key == "id":
            return Text(str(item.id).rjust(width))
        if key == "type":
            return Text(label_for(ORGANIZATION_TYPES, item.type) if wide else one_line(item.type))
        if key == "external-id":
            return Text(one_line(item.external_id) or NONE)
        count = item.campaigns_count
        return Text((NONE if count is None else str(count)).rjust(width))
