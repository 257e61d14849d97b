"""`campaigns` (Pix's campaign-report serializer) and `target-profiles` documents."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from server.content.models import TargetProfile
from server.jsonapi import Page, document, iso_datetime, pagination_meta, related, resource, to_many
from server.models import CampaignType
from server.usecases.campaigns import CampaignListPage, CampaignReport

# Extension meta of the reference server (Pix does not send them): both tabs' counts under
# the other filters, so that "Actives (n)" / "Archivées (n)" need no second request.
ONGOING_COUNT_META = "ongoingCampaignsCount"
ARCHIVED_COUNT_META = "archivedCampaignsCount"


def _lazy_links(campaign_id: int) -> dict[str, Any]:
    base = f"/api/campaigns/{campaign_id}"
    return {
        "campaign-result-levels-per-tubes-and-competence": related(
            f"{base}/level-per-tubes-and-competences"
        ),
        "campaign-collective-result": related(f"{base}/collective-results"),
        "divisions": related(f"{base}/divisions"),
        "groups": related(f"{base}/groups"),
        "target-profile": related(f"{base}/target-profile"),
    }


def _list_item(report: CampaignReport) -> dict[str, Any]:
    campaign = report.campaign
    profile = report.target_profile
    return resource(
        "campaigns",
        campaign.id,
        {
            "name": campaign.name,
            "code": campaign.code,
            "type": campaign.type,
            "created_at": iso_datetime(campaign.created_at),
            "is_archived": campaign.is_archived,
            "owner_id": campaign.owner_id,
            "owner_first_name": report.owner_first_name,
            "owner_last_name": report.owner_last_name,
            "target_profile_id": campaign.target_profile_id,
            "target_profile_name": profile.name if profile is not None else None,
            "participations_count": report.participations_count,
            "shared_participations_count": report.shared_participations_count,
        },
        _lazy_links(campaign.id),
    )


def campaigns_page_document(listing: CampaignListPage, page: Page) -> dict[str, Any]:
    meta: dict[str, Any] = {
        **pagination_meta(page, listing.row_count),
        "hasCampaigns": listing.has_campaigns,
        ONGOING_COUNT_META: listing.ongoing_count,
        ARCHIVED_COUNT_META: listing.archived_count,
    }
    return document([_list_item(report) for report in listing.reports], meta=meta)


def _target_profile_attributes(report: CampaignReport) -> dict[str, Any]:
    """Pix fills these for assessment campaigns only (omitted otherwise, but the name)."""
    profile = report.target_profile
    if report.campaign.type != CampaignType.ASSESSMENT:
        return {"target_profile_name": None}
    return {
        "target_profile_description": profile.description if profile else None,
        "target_profile_id": report.campaign.target_profile_id,
        "target_profile_name": profile.name if profile else None,
        # The learning content has neither stages nor thematic results (badges) yet.
        "target_profile_has_stage": False,
        "target_profile_tubes_count": profile.tube_count if profile else 0,
        "target_profile_thematic_result_count": 0,
        "target_profile_are_knowledge_elements_resettable": (
            profile.are_knowledge_elements_resettable if profile else False
        ),
    }


def campaign_document(report: CampaignReport) -> dict[str, Any]:
    campaign = report.campaign
    attributes: dict[str, Any] = {
        "code": campaign.code,
        "name": campaign.name,
        "type": campaign.type,
        "title": campaign.title,
        "created_at": iso_datetime(campaign.created_at),
        "owner_id": campaign.owner_id,
        "owner_first_name": report.owner_first_name,
        "owner_last_name": report.owner_last_name,
        "custom_landing_page_text": campaign.custom_landing_page_text,
        "external_id_label": campaign.external_id_label,
        "external_id_type": campaign.external_id_type,
        "is_archived": campaign.is_archived,
        "multiple_sendings": campaign.multiple_sendings,
        **_target_profile_attributes(report),
        "participations_count": report.participations_count,
        "shared_participations_count": report.shared_participations_count,
        "average_result": report.average_result,
        "reached_stage": None,
        "total_stage": None,
        "is_from_combined_course": False,
    }
    relationships = {
        "stages": to_many("stages", []),
        "badges": to_many("badges", []),
        **_lazy_links(campaign.id),
    }
    return document(resource("campaigns", campaign.id, attributes, relationships))


def target_profiles_document(profiles: Iterable[TargetProfile]) -> dict[str, Any]:
    return document(
        [
            resource(
                "target-profiles",
                profile.id,
                {
                    "name": profile.name,
                    "tube_count": profile.tube_count,
                    "thematic_result_count": 0,
                    "has_stage": False,
                    "description": profile.description,
                    "category": profile.category.value,
                    "are_knowledge_elements_resettable": profile.are_knowledge_elements_resettable,
                    "is_simplified_access": profile.is_simplified_access,
                    # Extension: where "la documentation correspondante" leads.
                    "documentation_url": profile.documentation_url,
                },
            )
            for profile in profiles
        ]
    )
