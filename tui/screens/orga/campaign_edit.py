"""« Modifier » a campaign: what Pix lets change (name, title, landing page text, owner).

The owner and the organisation's administrators only: the detail screen does not offer it to
others, and a 403 from the server (a role changed meanwhile) is told with the same sentence.
`saved` holds the campaign as the server answered it, `refused` whether the server refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.widgets import Input, Select, Static

from tui import messages
from tui.screens.orga.campaign_detail import MANAGE_REFUSED
from tui.screens.orga.campaign_form import (
    OWNER_HELP,
    SHOWN_TO_PARTICIPANTS,
    CampaignFormScreen,
    FieldError,
    LandingTextField,
    field_label,
    field_text,
    required_message,
)

if TYPE_CHECKING:
    from api_client.models import (
        Campaign,
        CampaignUpdate,
        MemberIdentity,
        Prescriber,
        TargetProfile,
    )


class CampaignEditScreen(CampaignFormScreen):
    TITLE_TEXT = "Modifier la campagne"
    SUBMIT_LABEL = "Modifier"
    FIELDS: ClassVar[dict[str, str]] = {
        "name": "#campaign-name",
        "owner": "#campaign-owner",
        "title": "#campaign-title",
        "custom-landing-page-text": "#landing-text",
    }

    def __init__(self, prescriber: Prescriber, campaign: Campaign) -> None:
        super().__init__(prescriber)
        self.campaign = campaign
        self.saved: Campaign | None = None
        self.refused_by_server = False

    def compose_fields(self) -> ComposeResult:
        campaign = self.campaign
        yield field_label("Nom de la campagne", required=True)
        yield Input(field_text(campaign.name), max_length=255, id="campaign-name")
        yield FieldError(id="error-name")

        yield field_label("Propriétaire de la campagne", required=True)
        yield Select[str]([], prompt="Chargement des membres…", id="campaign-owner")
        yield Static(OWNER_HELP, classes="field-help", markup=False)
        yield FieldError(id="error-owner")

        if campaign.is_assessment:
            yield field_label("Titre du parcours")
            yield Static(SHOWN_TO_PARTICIPANTS, classes="field-help", markup=False)
            yield Input(field_text(campaign.title), max_length=50, id="campaign-title")
            yield FieldError(id="error-title")

        yield LandingTextField(campaign.custom_landing_page_text or "")

    def on_mount(self) -> None:
        # Textual runs every class's on_mount (this one first): no super() call.
        self.query_one("#campaign-name", Input).focus()

    def fill(self, members: list[MemberIdentity], target_profiles: list[TargetProfile]) -> None:
        self.fill_owner(members, self.campaign.owner_id)

    def values(self) -> tuple[object, ...]:
        owner = self.query_one("#campaign-owner", Select).value
        titles = self.query("#campaign-title").results(Input)
        return (
            self.query_one("#campaign-name", Input).value,
            owner if isinstance(owner, str) else None,
            next((field.value for field in titles), None),
            self.query_one(LandingTextField).text,
        )

    def check(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        if not self.query_one("#campaign-name", Input).value.strip():
            problems["name"] = required_message("CAMPAIGN_NAME_IS_REQUIRED")
        if self._form_loaded and not isinstance(
            self.query_one("#campaign-owner", Select).value, str
        ):
            problems["owner"] = required_message("MISSING_OWNER")
        if len(self.query_one(LandingTextField).text) > 5000:
            problems["custom-landing-page-text"] = required_message(
                "CUSTOM_LANDING_PAGE_TEXT_IS_TOO_LONG"
            )
        return problems

    def build_update(self) -> CampaignUpdate:
        from api_client.models import CampaignUpdate

        owner = self.query_one("#campaign-owner", Select).value
        changes: dict[str, object] = {
            "name": self.query_one("#campaign-name", Input).value.strip(),
            "custom_landing_page_text": self.query_one(LandingTextField).text,
        }
        if isinstance(owner, str) and owner.isdigit():
            changes["owner_id"] = int(owner)
        for field in self.query("#campaign-title").results(Input):
            changes["title"] = field.value.strip()
        return CampaignUpdate.from_campaign(self.campaign).with_changes(**changes)

    def save(self) -> None:
        self._update(self.campaign.id, self.build_update())

    @work(exclusive=True, exit_on_error=False, group="campaign-save")
    async def _update(self, campaign_id: str, update: CampaignUpdate) -> None:
        from tui.errors import campaign_failure

        try:
            client = await self.pix_app.wait_for_client()
            campaign = await client.campaigns.update(campaign_id, update)
        except Exception as error:
            self.post_message(campaign_failure(error))
        else:
            self.post_message(messages.CampaignSaved(campaign, created=False))

    def saved_campaign(self, message: messages.CampaignSaved) -> None:
        self.saved = message.campaign
        self.dismiss(None)

    def refused(self, message: messages.CampaignActionFailed) -> None:
        if message.forbidden:
            self.refused_by_server = True
            message.error = MANAGE_REFUSED
