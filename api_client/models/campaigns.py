"""Models of Pix Orga campaigns: the campaign itself, the target profiles to choose from, and
the request bodies that create or change a campaign (CONTRACT §4)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final, Literal

from pydantic import Field, field_validator

from api_client.jsonapi import RequestModel, Resource, ResourceRef, encode_document

ASSESSMENT: Final = "ASSESSMENT"
PROFILES_COLLECTION: Final = "PROFILES_COLLECTION"
CampaignType = Literal["ASSESSMENT", "PROFILES_COLLECTION"]
ExternalIdType = Literal["STRING", "EMAIL"]

DEFAULT_APP_BASE = "https://app.pix.fr"
COPY_NAME_PREFIX = "Copie de "
"""Prefix of a duplicated campaign's name (Pix names copies this way, e.g. target profiles)."""

MAX_CUSTOM_LANDING_PAGE_TEXT = 5000
MAX_TITLE_LENGTH = 50


class Stage(Resource):
    """A stage ("palier") of the campaign's target profile (type `stages`)."""

    threshold: int | None = None
    level: int | None = None
    prescriber_title: str | None = None
    prescriber_description: str | None = None


class Badge(Resource):
    """A thematic result ("résultat thématique") of the target profile (type `badges`)."""

    title: str | None = None
    image_url: str | None = None
    alt_message: str | None = None


class Campaign(Resource):
    """A campaign (type `campaigns`), from the list (fewer attributes) or the detail.

    Ids copied into attributes (`owner_id`, `target_profile_id`) are read as strings, like
    every resource id, so they compare directly with `MemberIdentity.id` and
    `TargetProfile.id`. `average_result` is a fraction 0..1 (None without shared results).
    Attributes only the detail sends are None on list items.
    """

    name: str | None = None
    code: str | None = None
    type: str | None = None
    title: str | None = None
    created_at: datetime | None = None
    is_archived: bool | None = None
    owner_id: str | None = None
    owner_first_name: str | None = None
    owner_last_name: str | None = None
    custom_landing_page_text: str | None = None
    external_id_label: str | None = None
    external_id_type: str | None = None
    multiple_sendings: bool | None = None
    target_profile_id: str | None = None
    target_profile_name: str | None = None
    target_profile_description: str | None = None
    target_profile_has_stage: bool | None = None
    target_profile_tubes_count: int | None = None
    target_profile_thematic_result_count: int | None = None
    target_profile_are_knowledge_elements_resettable: bool | None = None
    participations_count: int | None = None
    shared_participations_count: int | None = None
    average_result: float | None = None
    reached_stage: int | None = None
    total_stage: int | None = None
    is_from_combined_course: bool | None = None
    combined_course: dict[str, Any] | None = None
    stages: list[Stage] = Field(default_factory=list)
    badges: list[Badge] = Field(default_factory=list)

    @property
    def is_assessment(self) -> bool:
        """An evaluation campaign ("Évaluer les participants"), on a target profile."""
        return self.type == ASSESSMENT

    @property
    def is_profiles_collection(self) -> bool:
        """A profiles collection ("Collecter les profils"), without target profile."""
        return self.type == PROFILES_COLLECTION

    @property
    def owner_full_name(self) -> str:
        """The owner as Pix Orga shows them ("Claire Moreau")."""
        return " ".join(part for part in (self.owner_first_name, self.owner_last_name) if part)

    def direct_link(self, app_base: str = DEFAULT_APP_BASE) -> str:
        """The participants' link ("Lien direct"): the Pix App route of the campaign code."""
        return f"{app_base.rstrip('/')}/campagnes/{self.code or ''}"


class TargetProfile(Resource):
    """A target profile the organisation may evaluate on (type `target-profiles`).

    `tube_count` is what Pix Orga shows as "Sujets : N"; `category` is one of Pix's
    categories (`COMPETENCES`, `BACK_TO_SCHOOL`, `SUBJECT`…), kept as text so that a newer
    category does not break the client. `documentation_url` is an extension of the
    reference server (None on Pix).
    """

    name: str | None = None
    tube_count: int | None = None
    thematic_result_count: int | None = None
    has_stage: bool | None = None
    description: str | None = None
    category: str | None = None
    are_knowledge_elements_resettable: bool | None = None
    is_simplified_access: bool | None = None
    documentation_url: str | None = None


class CampaignDraft(RequestModel):
    """What `POST /api/campaigns` needs: the creation form of Pix Orga.

    Strict, so a wrong type fails before anything is sent; the business rules (name
    required, target profile required for an assessment…) are the server's, whose answer
    comes back as a `ValidationError` with `field_errors`. `owner_id` left None lets the
    server make the creator the owner. Serialise with `to_document()`.
    """

    organization_id: int
    name: str
    type: CampaignType | None = None
    owner_id: int | None = None
    target_profile_id: int | None = None
    title: str | None = None
    multiple_sendings: bool = False
    external_id_label: str | None = None
    external_id_type: ExternalIdType | None = None
    custom_landing_page_text: str | None = None

    def to_document(self) -> dict[str, Any]:
        """The JSON:API body Pix Orga sends (fixture orga-campaign-create.request.json)."""
        attributes: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "title": self.title,
            "multiple-sendings": self.multiple_sendings,
            "external-id-label": self.external_id_label,
            "external-id-type": self.external_id_type,
            "custom-landing-page-text": self.custom_landing_page_text,
        }
        if self.owner_id is not None:
            attributes["owner-id"] = self.owner_id
        target_profile = (
            ResourceRef("target-profiles", str(self.target_profile_id))
            if self.target_profile_id is not None
            else None
        )
        return encode_document(
            type_="campaigns",
            attributes=attributes,
            relationships={
                "target-profile": target_profile,
                "organization": ResourceRef("organizations", str(self.organization_id)),
            },
        )

    @classmethod
    def from_campaign(
        cls, campaign: Campaign, *, organization_id: int | str, owner_id: int | str | None = None
    ) -> CampaignDraft:
        """A new campaign with the settings of `campaign` ("Dupliquer"; Pix has no route).

        Named "Copie de <name>"; the owner is `owner_id` (the user who duplicates; None lets
        the server choose the creator). Code, participants, results and archive state are
        not copied: the copy is a fresh campaign.
        """
        return cls(
            organization_id=int(organization_id),
            name=f"{COPY_NAME_PREFIX}{campaign.name or ''}",
            type=_known_type(campaign.type),
            owner_id=int(owner_id) if owner_id is not None else None,
            target_profile_id=(
                int(campaign.target_profile_id)
                if campaign.is_assessment and campaign.target_profile_id
                else None
            ),
            title=campaign.title if campaign.is_assessment else None,
            multiple_sendings=bool(campaign.multiple_sendings),
            external_id_label=campaign.external_id_label,
            external_id_type=_known_external_id_type(campaign.external_id_type),
            custom_landing_page_text=campaign.custom_landing_page_text,
        )


class CampaignUpdate(RequestModel):
    """What `PATCH /api/campaigns/{id}` changes ("Modifier"): the fields Pix lets change.

    Pix requires all four: `CampaignUpdate.from_campaign(c).with_changes(title=...)` starts
    from the current values and changes some. A blank title or text is sent as null.
    """

    name: str
    title: str | None = None
    custom_landing_page_text: str | None = None
    owner_id: int

    @field_validator("title", "custom_landing_page_text")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        # Pix refuses an empty string there (400): an emptied field is sent as null.
        return value if value is not None and value.strip() else None

    def to_document(self) -> dict[str, Any]:
        """The JSON:API body Pix Orga sends (fixture orga-campaign-update.request.json)."""
        return encode_document(type_="campaigns", attributes=self)

    def with_changes(self, **changes: Any) -> CampaignUpdate:
        """A copy with some fields changed, checked like a new one (unlike `model_copy`)."""
        return CampaignUpdate.model_validate({**self.model_dump(), **changes})

    @classmethod
    def from_campaign(cls, campaign: Campaign) -> CampaignUpdate:
        """The update that changes nothing: the campaign's current values."""
        return cls(
            name=campaign.name or "",
            title=campaign.title,
            custom_landing_page_text=campaign.custom_landing_page_text,
            owner_id=int(campaign.owner_id or 0),
        )


def _known_type(value: str | None) -> CampaignType | None:
    if value == ASSESSMENT:
        return "ASSESSMENT"
    if value == PROFILES_COLLECTION:
        return "PROFILES_COLLECTION"
    return None


def _known_external_id_type(value: str | None) -> ExternalIdType | None:
    if value == "STRING":
        return "STRING"
    if value == "EMAIL":
        return "EMAIL"
    return None
