"""« Création d'une campagne » : the wizard of Pix Orga, on one scrolling form.

Nom, propriétaire, objectif; for an evaluation, the target profile (« Que souhaitez-vous
tester ? ») and the title; multiple sendings (for an evaluation only when the organisation
has the feature); the external identifier; the landing page text. "Dupliquer" opens it filled
from `CampaignDraft.from_campaign`.

The form keeps one idempotency key for its whole life: whatever happens to a request
(timeout, connection cut after the server created the campaign), sending again can never
create the campaign twice. On success the new campaign opens, its code shown large.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, RadioSet, Select, Static

from tui import messages
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
from tui.widgets.choices import ChoiceButton
from tui.widgets.target_profile_picker import TargetProfilePicker

if TYPE_CHECKING:
    from api_client.models import CampaignDraft, MemberIdentity, Prescriber, TargetProfile

ASSESSMENT = "ASSESSMENT"
PROFILES_COLLECTION = "PROFILES_COLLECTION"
MULTIPLE_SENDING_ASSESSMENT = "MULTIPLE_SENDING_ASSESSMENT"
MULTIPLE_SENDINGS_QUESTION = (
    "Souhaitez-vous permettre aux participants d'envoyer plusieurs fois leurs résultats ?"
)
# Pix's explanations (guide "Créer une campagne", §5), per objective and answer.
MULTIPLE_SENDINGS_HELP = {
    (ASSESSMENT, True): (
        "En rentrant de nouveau le code, le participant pourra tenter d'améliorer son score "
        "en répondant uniquement aux questions échouées ou passées lors de la précédente "
        "tentative. La tentative la plus récente apparaîtra dans Pix Orga."
    ),
    (ASSESSMENT, False): (
        "Une fois la campagne jouée et terminée, le participant ne pourra pas rejouer la campagne."
    ),
    (PROFILES_COLLECTION, True): (
        "En rentrant de nouveau le code, le participant pourra envoyer son profil plusieurs "
        "fois. Le profil le plus récent apparaîtra dans Pix Orga."
    ),
    (PROFILES_COLLECTION, False): (
        "Le participant ne pourra envoyer son profil qu'une seule fois."
    ),
}
EXTERNAL_ID_HELP = (
    "Par exemple : « Numéro de l'étudiant » ou « Adresse e-mail professionnelle ». "
    "Il sera demandé à chaque participant au démarrage du parcours."
)


class CampaignCreationScreen(CampaignFormScreen):
    HELP = (
        "Créez une campagne d'évaluation (un parcours) ou de collecte de profils. Tab et "
        "Entrée passent d'un champ à l'autre ; F10 ou le bouton « Créer la campagne » "
        "l'enregistre. Pix en génère le code à communiquer aux participants."
    )
    TITLE_TEXT = "Création d'une campagne"
    SUBMIT_LABEL = "Créer la campagne"
    NEEDS_TARGET_PROFILES = True
    FIELDS: ClassVar[dict[str, str]] = {
        "name": "#campaign-name",
        "owner": "#campaign-owner",
        "type": "#campaign-purpose",
        "target-profile": "#target-profile",
        "title": "#campaign-title",
        "multiple-sendings": "#multiple-sendings",
        "external-id-label": "#external-id-label",
        "custom-landing-page-text": "#landing-text",
    }
    ERROR_SLOTS: ClassVar[dict[str, str]] = {"external-id-type": "external-id-label"}

    def __init__(self, prescriber: Prescriber, *, draft: CampaignDraft | None = None) -> None:
        super().__init__(prescriber)
        self.draft = draft
        # One key for every attempt of this form: a retry can never create a twin.
        self.idempotency_key = str(uuid.uuid4())

    # -- composition ---------------------------------------------------------------------

    def compose_fields(self) -> ComposeResult:
        draft = self.draft
        yield field_label("Nom de la campagne", required=True)
        yield Input(field_text(draft.name if draft else ""), max_length=255, id="campaign-name")
        yield FieldError(id="error-name")

        yield field_label("Propriétaire de la campagne", required=True)
        yield Select[str]([], prompt="Chargement des membres…", id="campaign-owner")
        yield Static(OWNER_HELP, classes="field-help", markup=False)
        yield FieldError(id="error-owner")

        yield field_label("Quel est l'objectif de votre campagne ?", required=True)
        with RadioSet(id="campaign-purpose"):
            yield ChoiceButton(
                "Évaluer les participants",
                value=bool(draft and draft.type == ASSESSMENT),
                id="purpose-assessment",
            )
            yield ChoiceButton(
                "Collecter les profils Pix des participants",
                value=bool(draft and draft.type == PROFILES_COLLECTION),
                id="purpose-profiles",
            )
        yield FieldError(id="error-type")

        with Vertical(id="assessment-fields", classes="field-group"):
            yield field_label("Que souhaitez-vous tester ?", required=True)
            yield TargetProfilePicker(id="target-profile")
            yield FieldError(id="error-target-profile")
            yield field_label("Titre du parcours")
            yield Static(SHOWN_TO_PARTICIPANTS, classes="field-help", markup=False)
            yield Input((draft.title or "") if draft else "", max_length=50, id="campaign-title")
            yield FieldError(id="error-title")

        with Vertical(id="multiple-sendings-fields", classes="field-group"):
            yield field_label(MULTIPLE_SENDINGS_QUESTION, required=True)
            multiple = bool(draft and draft.multiple_sendings)
            with RadioSet(id="multiple-sendings", classes="yes-no"):
                yield ChoiceButton("Non", value=not multiple, id="multiple-no")
                yield ChoiceButton("Oui", value=multiple, id="multiple-yes")
            yield Static(id="multiple-sendings-help", classes="field-help", markup=False)
            yield FieldError(id="error-multiple-sendings")

        external = bool(draft and draft.external_id_label)
        yield field_label("Souhaitez-vous demander un identifiant externe ?")
        with RadioSet(id="external-id", classes="yes-no"):
            yield ChoiceButton("Non", value=not external, id="external-no")
            yield ChoiceButton("Oui", value=external, id="external-yes")
        with Vertical(id="external-id-fields", classes="field-group"):
            yield field_label("Libellé de l'identifiant", required=True)
            yield Static(EXTERNAL_ID_HELP, classes="field-help", markup=False)
            yield Input(
                field_text(draft.external_id_label if draft else ""),
                max_length=255,
                id="external-id-label",
            )
            yield FieldError(id="error-external-id-label")

        yield LandingTextField((draft.custom_landing_page_text or "") if draft else "")

    def on_mount(self) -> None:
        # Textual runs every class's on_mount (this one first): no super() call.
        if self.draft is not None and self.draft.target_profile_id is not None:
            self.query_one(TargetProfilePicker).select(str(self.draft.target_profile_id))
        self._show_purpose_fields()
        self.query_one("#campaign-name", Input).focus()

    def fill(self, members: list[MemberIdentity], target_profiles: list[TargetProfile]) -> None:
        owner = self.draft.owner_id if self.draft else None
        self.fill_owner(members, str(owner) if owner is not None else None)
        self.query_one(TargetProfilePicker).set_profiles(target_profiles)

    # -- what the answers show -----------------------------------------------------------

    @property
    def purpose(self) -> str | None:
        pressed = self.query_one("#campaign-purpose", RadioSet).pressed_button
        if pressed is None:
            return None
        return ASSESSMENT if pressed.id == "purpose-assessment" else PROFILES_COLLECTION

    @property
    def offers_multiple_sendings(self) -> bool:
        """Profiles collections always; evaluations when the organisation has the feature."""
        purpose = self.purpose
        if purpose == PROFILES_COLLECTION:
            return True
        return purpose == ASSESSMENT and self.prescriber.has_feature(MULTIPLE_SENDING_ASSESSMENT)

    @property
    def multiple_sendings(self) -> bool:
        pressed = self.query_one("#multiple-sendings", RadioSet).pressed_button
        return pressed is not None and pressed.id == "multiple-yes"

    @property
    def asks_external_id(self) -> bool:
        pressed = self.query_one("#external-id", RadioSet).pressed_button
        return pressed is not None and pressed.id == "external-yes"

    @on(RadioSet.Changed)
    def _answered(self, event: RadioSet.Changed) -> None:
        self._show_purpose_fields()

    def _show_purpose_fields(self) -> None:
        purpose = self.purpose
        self.query_one("#assessment-fields").display = purpose == ASSESSMENT
        offered = self.offers_multiple_sendings
        self.query_one("#multiple-sendings-fields").display = offered
        if offered and purpose is not None:
            multiple = self.multiple_sendings
            answer = "Oui" if multiple else "Non"
            self.query_one("#multiple-sendings-help", Static).update(
                f"{answer} : {MULTIPLE_SENDINGS_HELP[(purpose, multiple)]}"
            )
        self.query_one("#external-id-fields").display = self.asks_external_id

    # -- sending -------------------------------------------------------------------------

    def values(self) -> tuple[object, ...]:
        picker = self.query_one(TargetProfilePicker)
        owner = self.query_one("#campaign-owner", Select).value
        return (
            self.query_one("#campaign-name", Input).value,
            owner if isinstance(owner, str) else None,
            self.purpose,
            picker.selected.id if picker.selected else None,
            self.query_one("#campaign-title", Input).value,
            self.multiple_sendings,
            self.asks_external_id,
            self.query_one("#external-id-label", Input).value,
            self.query_one(LandingTextField).text,
        )

    def check(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        if not self.query_one("#campaign-name", Input).value.strip():
            problems["name"] = required_message("CAMPAIGN_NAME_IS_REQUIRED")
        owner = self.query_one("#campaign-owner", Select)
        if self._form_loaded and not isinstance(owner.value, str):
            problems["owner"] = required_message("MISSING_OWNER")
        if self.purpose is None:
            problems["type"] = required_message("CAMPAIGN_PURPOSE_IS_REQUIRED")
        elif self.purpose == ASSESSMENT and self.query_one(TargetProfilePicker).selected is None:
            problems["target-profile"] = required_message("TARGET_PROFILE_IS_REQUIRED")
        if self.asks_external_id and not self.query_one("#external-id-label", Input).value.strip():
            problems["external-id-label"] = required_message("EXTERNAL_USER_ID_IS_REQUIRED")
        if len(self.query_one(LandingTextField).text) > 5000:
            problems["custom-landing-page-text"] = required_message(
                "CUSTOM_LANDING_PAGE_TEXT_IS_TOO_LONG"
            )
        return problems

    def build_draft(self) -> CampaignDraft:
        from api_client.models import CampaignDraft

        organization = self.organization
        assert organization is not None  # the list offers creation only with one
        purpose = self.purpose
        assessment = purpose == ASSESSMENT
        profile = self.query_one(TargetProfilePicker).selected
        owner = self.query_one("#campaign-owner", Select).value
        title = self.query_one("#campaign-title", Input).value.strip()
        label = self.query_one("#external-id-label", Input).value.strip()
        text = self.query_one(LandingTextField).text
        return CampaignDraft(
            organization_id=int(organization.id),
            name=self.query_one("#campaign-name", Input).value.strip(),
            type="ASSESSMENT" if assessment else "PROFILES_COLLECTION",
            owner_id=int(owner) if isinstance(owner, str) and owner.isdigit() else None,
            target_profile_id=int(profile.id) if assessment and profile else None,
            title=title if assessment and title else None,
            multiple_sendings=self.offers_multiple_sendings and self.multiple_sendings,
            external_id_label=label if self.asks_external_id else None,
            external_id_type="STRING" if self.asks_external_id else None,
            custom_landing_page_text=text if text.strip() else None,
        )

    def save(self) -> None:
        self._create(self.build_draft(), self.idempotency_key)

    @work(exclusive=True, exit_on_error=False, group="campaign-save")
    async def _create(self, draft: CampaignDraft, idempotency_key: str) -> None:
        from tui.errors import campaign_failure

        try:
            client = await self.pix_app.wait_for_client()
            campaign = await client.campaigns.create(draft, idempotency_key=idempotency_key)
        except Exception as error:
            self.post_message(campaign_failure(error))
        else:
            self.post_message(messages.CampaignSaved(campaign, created=True))

    def saved_campaign(self, message: messages.CampaignSaved) -> None:
        from tui.screens.orga.campaign_detail import CampaignDetailScreen

        campaign = message.campaign
        self.app.switch_screen(
            CampaignDetailScreen(self.prescriber, campaign.id, campaign=campaign, created=True)
        )

    def focus_field(self, field: str, selector: str) -> None:
        if field == "target-profile":
            picker = self.query_one(TargetProfilePicker)
            picker.focus_picker()
            self.call_after_refresh(self._scroll_to_error, field, picker)
            return
        super().focus_field(field, selector)
