"""Every Pix campaign payload (CONTRACT §4) read by the client's typed models, and the
request bodies it writes compared with those Pix Orga sends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError as PydanticValidationError

from api_client import (
    Campaign,
    CampaignDraft,
    CampaignPage,
    CampaignUpdate,
    MemberIdentity,
    TargetProfile,
    ValidationError,
)
from api_client.errors import error_from_response
from api_client.jsonapi import Document

from .support import load_fixture


def _page(body: dict) -> CampaignPage:  # type: ignore[type-arg]
    plain = Document.parse(body).page(Campaign)
    return CampaignPage(items=plain.items, meta=plain.meta)


def test_campaign_list() -> None:
    page = _page(load_fixture("orga-campaigns-list.response.json"))

    assert [c.name for c in page] == ["Quand Peigne numba one", "Quand Peigne numba two"]
    first = page.items[0]
    assert first.id == "101"
    assert first.code == "ATDGRK343"
    assert first.type == "ASSESSMENT" and first.is_assessment and not first.is_profiles_collection
    assert first.created_at == datetime(2024, 9, 2, 8, 0, tzinfo=UTC)
    assert first.is_archived is False
    assert first.owner_id == "1001"
    assert first.owner_full_name == "Daenerys Targaryen"
    assert (first.target_profile_id, first.target_profile_name) == ("132", "Profil cible collège")
    assert (first.participations_count, first.shared_participations_count) == (1, 1)
    assert page.items[1].participations_count == 0
    assert first.related("campaign-collective-result") == "/api/campaigns/101/collective-results"
    # detail-only attributes are absent from list items
    assert first.title is None and first.average_result is None
    assert (page.meta.page, page.meta.page_size, page.meta.row_count, page.meta.page_count) == (
        1,
        10,
        2,
        1,
    )
    assert page.has_campaigns is True
    # Pix does not send the tab counts (an extension of the reference server)
    assert (page.ongoing_count, page.archived_count) == (None, None)


def test_campaign_page_reads_the_tab_counts_when_sent() -> None:
    body = load_fixture("orga-campaigns-list.response.json")
    body["meta"].update({"ongoingCampaignsCount": 25, "archivedCampaignsCount": 5})
    body["meta"]["hasCampaigns"] = False
    page = _page(body)
    assert (page.ongoing_count, page.archived_count, page.has_campaigns) == (25, 5, False)


def test_campaign_detail() -> None:
    campaign = Document.parse(load_fixture("orga-campaign-detail.response.json")).one(Campaign)

    assert campaign.id == "101"
    assert (campaign.code, campaign.name, campaign.type) == (
        "ATDGRK343",
        "Quand Peigne numba one",
        "ASSESSMENT",
    )
    assert campaign.title is None
    assert campaign.created_at == datetime(2024, 9, 2, 8, 0, tzinfo=UTC)
    assert campaign.owner_id == "1001"
    assert (campaign.owner_first_name, campaign.owner_last_name) == ("Daenerys", "Targaryen")
    assert campaign.custom_landing_page_text is None
    assert (campaign.external_id_label, campaign.external_id_type) == (None, None)
    assert campaign.is_archived is False
    assert campaign.multiple_sendings is False
    assert campaign.target_profile_description == "awesome target profile"
    assert campaign.target_profile_id == "132"
    assert campaign.target_profile_name == "Profil cible collège"
    assert campaign.target_profile_has_stage is True
    assert campaign.target_profile_tubes_count == 3
    assert campaign.target_profile_thematic_result_count == 2
    assert campaign.target_profile_are_knowledge_elements_resettable is False
    assert (campaign.participations_count, campaign.shared_participations_count) == (4, 2)
    assert campaign.average_result == 0.4
    assert (campaign.reached_stage, campaign.total_stage) == (1, 2)
    assert campaign.is_from_combined_course is True
    assert campaign.combined_course == {"id": 123, "name": "Mon combinix"}
    assert [(s.id, s.threshold, s.prescriber_title) for s in campaign.stages] == [
        ("1", 0, "stage0"),
        ("2", 30, "stage1"),
    ]
    assert [(b.id, b.title, b.image_url, b.alt_message) for b in campaign.badges] == [
        ("123", "badge123", "badge.svg", "message")
    ]
    assert campaign.related("target-profile") == "/api/campaigns/101/target-profile"
    assert campaign.direct_link() == "https://app.pix.fr/campagnes/ATDGRK343"
    assert campaign.direct_link("http://localhost:8000/") == (
        "http://localhost:8000/campagnes/ATDGRK343"
    )


def test_target_profiles() -> None:
    profiles = Document.parse(load_fixture("orga-target-profiles.response.json")).many(
        TargetProfile
    )
    assert len(profiles) == 1
    profile = profiles[0]
    assert (profile.id, profile.name, profile.description) == ("132", "name", "description")
    assert (profile.tube_count, profile.thematic_result_count, profile.has_stage) == (2, 1, True)
    assert profile.category == "SUBJECT"
    assert profile.are_knowledge_elements_resettable is True
    assert profile.is_simplified_access is True
    assert profile.documentation_url is None  # an extension Pix does not send


def test_member_identities_for_the_owner_picker() -> None:
    members = Document.parse(load_fixture("orga-member-identities.response.json")).many(
        MemberIdentity
    )
    assert [(m.id, m.display_name) for m in members] == [
        ("1001", "Jane Doe"),
        ("1002", "John Smith"),
    ]


def test_creation_errors_land_on_their_fields() -> None:
    error = error_from_response(422, load_fixture("orga-campaign-create-422.response.json"))
    assert isinstance(error, ValidationError)
    assert error.field_errors == {
        "name": "CAMPAIGN_NAME_IS_REQUIRED",
        "target-profile": "TARGET_PROFILE_IS_REQUIRED",
    }


def test_draft_serialises_like_pix_orga() -> None:
    draft = CampaignDraft(
        organization_id=4001,
        name="Campagne collège",
        type="ASSESSMENT",
        owner_id=1001,
        target_profile_id=132,
    )
    assert draft.to_document() == load_fixture("orga-campaign-create.request.json")


def test_profiles_collection_draft_sends_no_target_profile() -> None:
    document = CampaignDraft(
        organization_id=4001,
        name="Profils 3e",
        type="PROFILES_COLLECTION",
        external_id_label="Numéro INE",
        external_id_type="STRING",
        custom_landing_page_text="Bonjour",
    ).to_document()
    data = document["data"]
    assert data["relationships"]["target-profile"] == {"data": None}
    assert "owner-id" not in data["attributes"]  # the server makes the creator the owner
    assert data["attributes"]["external-id-label"] == "Numéro INE"
    assert data["attributes"]["custom-landing-page-text"] == "Bonjour"


def test_draft_is_strict() -> None:
    with pytest.raises(PydanticValidationError):
        CampaignDraft(organization_id=1, name="x", type="EXAM")  # type: ignore[arg-type]
    with pytest.raises(PydanticValidationError):
        CampaignDraft(organization_id=1, name="x", owner_id="1001")  # type: ignore[arg-type]
    with pytest.raises(PydanticValidationError):
        CampaignDraft(organization_id=1, name="x", colour="red")  # type: ignore[call-arg]


def test_duplicate_copies_the_settings_not_the_identity() -> None:
    source = Document.parse(load_fixture("orga-campaign-detail.response.json")).one(Campaign)
    source = source.model_copy(
        update={"title": "Titre", "multiple_sendings": True, "custom_landing_page_text": "Hello"}
    )

    copy = CampaignDraft.from_campaign(source, organization_id="4001", owner_id="1002")

    assert copy.name == "Copie de Quand Peigne numba one"
    assert (copy.type, copy.target_profile_id, copy.title) == ("ASSESSMENT", 132, "Titre")
    assert copy.multiple_sendings is True
    assert copy.custom_landing_page_text == "Hello"
    assert (copy.organization_id, copy.owner_id) == (4001, 1002)
    assert "code" not in copy.to_document()["data"]["attributes"]


def test_duplicate_of_a_profiles_collection_has_no_target_profile() -> None:
    source = Campaign(
        id="7", name="Profils", type="PROFILES_COLLECTION", external_id_label="INE",
        external_id_type="EMAIL", target_profile_id=None,
    )  # fmt: skip
    copy = CampaignDraft.from_campaign(source, organization_id=1)
    assert (copy.type, copy.target_profile_id, copy.owner_id) == ("PROFILES_COLLECTION", None, None)
    assert (copy.external_id_label, copy.external_id_type) == ("INE", "EMAIL")


def test_update_serialises_like_pix_orga() -> None:
    update = CampaignUpdate(name="toto", title=None, custom_landing_page_text="toto", owner_id=1001)
    assert update.to_document() == load_fixture("orga-campaign-update.request.json")


def test_update_starts_from_the_campaign_and_sends_blanks_as_null() -> None:
    campaign = Document.parse(load_fixture("orga-campaign-detail.response.json")).one(Campaign)
    update = CampaignUpdate.from_campaign(campaign).with_changes(title="  ", name="Nouveau")
    attributes = update.to_document()["data"]["attributes"]
    assert attributes == {
        "name": "Nouveau",
        "title": None,
        "custom-landing-page-text": None,
        "owner-id": 1001,
    }
