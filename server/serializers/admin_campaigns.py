"""Pix Admin documents: campaign detail and lists, participations, organisations, feedbacks,
audit entries.

The campaign detail carries exactly the attributes of Pix's campaign-management serializer
(CONTRACT 8.2), plus extension attributes of the reference server listed in
`CAMPAIGN_EXTENSION_ATTRIBUTES`; a Pix-only client ignores them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from server.jsonapi import Page, document, iso_datetime, pagination_meta, related, resource, to_many
from server.models import AdminAuditEntry, CampaignType
from server.usecases.admin_campaigns import CampaignManagement
from server.usecases.admin_organizations import OrganizationSummary
from server.usecases.admin_participations import FeedbackReport, ParticipationManagement

CAMPAIGN_EXTENSION_ATTRIBUTES = (
    "started-participations-count",
    "to-share-participations-count",
    "deleted-participations-count",
    "stuck-participations-count",
    "stuck-after-days",
)


def _people(item: CampaignManagement) -> dict[str, Any]:
    campaign = item.campaign
    return {
        "creator_id": campaign.creator_id,
        "creator_first_name": item.creator_first_name,
        "creator_last_name": item.creator_last_name,
        "owner_id": campaign.owner_id,
        "owner_first_name": item.owner_first_name,
        "owner_last_name": item.owner_last_name,
    }


def campaign_management_document(item: CampaignManagement) -> dict[str, Any]:
    """`GET /api/admin/campaigns/{id}`."""
    campaign = item.campaign
    counts = item.counts
    assert counts is not None  # the detail always has its counts
    attributes: dict[str, Any] = {
        "name": campaign.name,
        "code": campaign.code,
        "type": campaign.type,
        "title": campaign.title,
        "created_at": iso_datetime(campaign.created_at),
        "archived_at": iso_datetime(campaign.archived_at),
        "deleted_at": iso_datetime(campaign.deleted_at),
        **_people(item),
        "organization_id": campaign.organization_id,
        "organization_name": item.organization_name,
        "target_profile_id": campaign.target_profile_id,
        "target_profile_name": item.target_profile_name,
        "custom_landing_page_text": campaign.custom_landing_page_text,
        "custom_result_page_text": campaign.custom_result_page_text,
        "custom_result_page_button_text": campaign.custom_result_page_button_text,
        "custom_result_page_button_url": campaign.custom_result_page_button_url,
        "external_id_label": campaign.external_id_label,
        "is_for_absolute_novice": campaign.is_for_absolute_novice,
        "is_profiles_collection": campaign.type == CampaignType.PROFILES_COLLECTION,
        "is_type_assessment": campaign.type == CampaignType.ASSESSMENT,
        "multiple_sendings": campaign.multiple_sendings,
        "shared_participations_count": counts.shared,
        "total_participations_count": counts.total,
        # Extension attributes (triage): counts by status, deleted, stuck.
        "started_participations_count": counts.started,
        "to_share_participations_count": counts.to_share,
        "deleted_participations_count": counts.deleted,
        "stuck_participations_count": counts.stuck,
        "stuck_after_days": item.stuck_after_days,
    }
    return document(resource("campaigns", campaign.id, attributes))


def _list_item(item: CampaignManagement) -> dict[str, Any]:
    campaign = item.campaign
    return resource(
        "campaigns",
        campaign.id,
        {
            "name": campaign.name,
            "code": campaign.code,
            "type": campaign.type,
            "created_at": iso_datetime(campaign.created_at),
            "archived_at": iso_datetime(campaign.archived_at),
            "deleted_at": iso_datetime(campaign.deleted_at),
            **_people(item),
            "target_profile_id": campaign.target_profile_id,
            "target_profile_name": item.target_profile_name,
            # Pix lists one organisation's campaigns; the cross-organisation search needs these.
            "organization_id": campaign.organization_id,
            "organization_name": item.organization_name,
        },
    )


def campaigns_list_document(
    items: Sequence[CampaignManagement], page: Page, row_count: int
) -> dict[str, Any]:
    """`GET /api/admin/organizations/{id}/campaigns` and the search `GET /api/admin/campaigns`."""
    return document([_list_item(item) for item in items], meta=pagination_meta(page, row_count))


def participations_document(
    items: Sequence[ParticipationManagement], page: Page, row_count: int
) -> dict[str, Any]:
    """`GET /api/admin/campaigns/{id}/participations` (CONTRACT 8.4) + `last-activity-at`."""
    data = []
    for item in items:
        participation = item.participation
        data.append(
            resource(
                "campaign-participations",
                participation.id,
                {
                    "last_name": item.last_name,
                    "first_name": item.first_name,
                    "user_id": participation.user_id,
                    "user_full_name": f"{item.first_name} {item.last_name}",
                    "participant_external_id": participation.participant_external_id,
                    "status": participation.status,
                    "created_at": iso_datetime(participation.created_at),
                    "shared_at": iso_datetime(participation.shared_at),
                    "deleted_at": iso_datetime(participation.deleted_at),
                    "deleted_by": participation.deleted_by_id,
                    "deleted_by_full_name": item.deleted_by_full_name,
                    # Extension: the last answer's date (None before the first answer).
                    "last_activity_at": iso_datetime(item.last_activity_at),
                },
            )
        )
    return document(data, meta=pagination_meta(page, row_count))


def organizations_document(
    items: Sequence[OrganizationSummary], page: Page, row_count: int
) -> dict[str, Any]:
    """`GET /api/admin/organizations`, Pix's organization serializer (with what we store)."""
    data = []
    for item in items:
        organization = item.organization
        data.append(
            resource(
                "organizations",
                organization.id,
                {
                    "name": organization.name,
                    "type": organization.type,
                    "logo_url": None,
                    "external_id": organization.external_id,
                    "province_code": None,
                    "is_managing_students": organization.is_managing_students,
                    "credit": organization.credit,
                    "email": None,
                    "documentation_url": None,
                    "show_skills": False,
                    # Extension: live campaigns of the organisation.
                    "campaigns_count": item.campaigns_count,
                },
                {
                    "target_profiles": related(
                        f"/api/organizations/{organization.id}/target-profiles"
                    ),
                    "tags": to_many("tags", []),
                },
            )
        )
    return document(data, meta=pagination_meta(page, row_count))


def feedbacks_document(
    items: Sequence[FeedbackReport], page: Page, row_count: int
) -> dict[str, Any]:
    """Extension `GET /api/admin/campaigns/{id}/feedbacks`."""
    data = [
        resource(
            "feedbacks",
            item.feedback.id,
            {
                "challenge_id": item.feedback.challenge_id,
                "content": item.feedback.content,
                "category": item.feedback.category,
                "answer": item.feedback.answer,
                "created_at": iso_datetime(item.feedback.created_at),
                "assessment_id": item.feedback.assessment_id,
                "campaign_participation_id": item.participation_id,
                "user_id": item.user_id,
                "first_name": item.first_name,
                "last_name": item.last_name,
                "user_full_name": f"{item.first_name} {item.last_name}",
            },
        )
        for item in items
    ]
    return document(data, meta=pagination_meta(page, row_count))


def audit_log_document(
    entries: Sequence[AdminAuditEntry], page: Page, row_count: int
) -> dict[str, Any]:
    """Extension `GET /api/admin/campaigns/{id}/audit-log`; `before` / `after` hold only the
    changed attributes, keyed like the API."""
    data = [
        resource(
            "admin-audit-entries",
            entry.id,
            {
                "created_at": iso_datetime(entry.created_at),
                "admin_user_id": entry.admin_user_id,
                "admin_name": entry.admin_name,
                "action": entry.action,
                "campaign_id": entry.campaign_id,
                "campaign_participation_id": entry.campaign_participation_id,
                "before": entry.before,
                "after": entry.after,
            },
        )
        for entry in entries
    ]
    return document(data, meta=pagination_meta(page, row_count))
