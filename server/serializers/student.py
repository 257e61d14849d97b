"""Pix App documents around a campaign: `campaigns` to join, `campaign-participations`,
`campaign-participation-results`, `SharedProfileForCampaigns`, `Profiles` (CONTRACT 7.1, 7.2,
7.8, 7.11, 7.12)."""

from __future__ import annotations

from typing import Any

from server.content import Area
from server.jsonapi import Included, document, iso_datetime, related, resource, to_many, to_one
from server.models import ParticipationStatus
from server.usecases.student.participations import CampaignToJoin, ParticipationView
from server.usecases.student.profiles import Profile, Scorecard, SharedProfile
from server.usecases.student.results import AssessmentResult

# Pix's own, non-kebab type names for these documents (CONTRACT 1.3).
COMPETENCE_RESULTS_TYPE = "competenceResults"
BADGES_TYPE = "campaignParticipationBadges"
SHARED_PROFILE_TYPE = "SharedProfileForCampaigns"
PROFILE_TYPE = "Profiles"


def campaign_to_join_document(item: CampaignToJoin) -> dict[str, Any]:
    campaign = item.campaign
    profile = item.target_profile
    return document(
        resource(
            "campaigns",
            campaign.id,
            {
                "code": campaign.code,
                "title": campaign.title,
                "type": campaign.type,
                "external_id_label": campaign.external_id_label,
                "external_id_type": campaign.external_id_type,
                "custom_landing_page_text": campaign.custom_landing_page_text,
                "external_id_help_image_url": None,
                "alternative_text_to_external_id_help_image": None,
                "is_reconciliation_required": False,
                "reconciliation_fields": None,
                "is_accessible": item.is_accessible,
                "is_for_absolute_novice": campaign.is_for_absolute_novice,
                # No organization learners here: nobody has to be matched to a class list.
                "is_restricted": False,
                "is_simplified_access": profile.is_simplified_access if profile else False,
                "identity_provider": None,
                "target_profile_name": profile.name if profile else None,
                "target_profile_image_url": profile.image_url if profile else None,
                "custom_result_page_text": campaign.custom_result_page_text,
                "custom_result_page_button_text": campaign.custom_result_page_button_text,
                "custom_result_page_button_url": campaign.custom_result_page_button_url,
                "multiple_sendings": campaign.multiple_sendings,
                "is_mobile_compliant": True,
                "is_tablet_compliant": True,
            },
        )
    )


def participation_document(item: ParticipationView | None) -> dict[str, Any]:
    """The participation, its campaign included, and a link to its current assessment.

    The `assessment` relationship also carries linkage (not only Pix's link) so a client
    reads the id directly; a profiles collection has no assessment: `data: null`.
    """
    if item is None:
        return document(None)
    participation = item.participation
    campaign = item.campaign
    assessment_relationship: dict[str, Any] = to_one("assessments", None)
    if item.assessment is not None:
        assessment_relationship = {
            **to_one("assessments", item.assessment.id),
            **related(f"/api/assessments/{item.assessment.id}"),
        }
    data = resource(
        "campaign-participations",
        participation.id,
        {
            "is_shared": participation.status == ParticipationStatus.SHARED,
            "participant_external_id": participation.participant_external_id,
            "shared_at": iso_datetime(participation.shared_at),
            "deleted_at": iso_datetime(participation.deleted_at),
            "created_at": iso_datetime(participation.created_at),
        },
        {
            "campaign": to_one("campaigns", campaign.id),
            "assessment": assessment_relationship,
            "trainings": related(f"/api/campaign-participations/{participation.id}/trainings"),
        },
    )
    included = [
        resource("campaigns", campaign.id, {"code": campaign.code, "title": campaign.title})
    ]
    return document(data, included=included)


def assessment_result_document(result: AssessmentResult) -> dict[str, Any]:
    participation = result.participation
    competence_results = [
        resource(
            COMPETENCE_RESULTS_TYPE,
            item.competence.id,
            {
                "name": item.competence.name,
                "index": item.competence.index,
                "description": item.competence.description,
                "mastery_percentage": item.mastery_percentage,
                "total_skills_count": item.total_skills_count,
                "tested_skills_count": item.tested_skills_count,
                "validated_skills_count": item.validated_skills_count,
                "area_color": item.area.color,
                "area_title": item.area.title,
            },
        )
        for item in result.competence_results
    ]
    data = resource(
        "campaign-participation-results",
        participation.id,
        {
            "mastery_rate": result.mastery_rate,
            "total_skills_count": result.total_skills_count,
            "tested_skills_count": result.tested_skills_count,
            "validated_skills_count": result.validated_skills_count,
            "is_completed": result.is_completed,
            "is_shared": result.is_shared,
            "can_retry": result.can_retry,
            "can_reset": result.can_reset,
            "is_disabled": result.is_disabled,
            "participant_external_id": participation.participant_external_id,
            "remaining_seconds_before_retrying": result.remaining_seconds_before_retrying,
            "shared_at": iso_datetime(participation.shared_at),
        },
        {
            # This server has neither badges nor stages (paliers).
            "campaign_participation_badges": to_many(BADGES_TYPE, ()),
            "competence_results": to_many(
                COMPETENCE_RESULTS_TYPE, (item["id"] for item in competence_results)
            ),
            "reached_stage": to_one("reached-stages", None),
        },
    )
    return document(data, included=competence_results)


def area_resource(area: Area) -> dict[str, Any]:
    return resource("areas", area.id, {"code": area.code, "title": area.title, "color": area.color})


def _scorecard_base(card: Scorecard) -> dict[str, Any]:
    return {
        "competence_id": card.competence.id,
        "name": card.competence.name,
        "description": card.competence.description,
        "index": card.competence.index,
        "earned_pix": card.score.pix_score,
        "level": card.score.level,
        "pix_score_ahead_of_next_level": card.pix_score_ahead_of_next_level,
        "status": card.status.value,
    }


def _scorecard_in_profile(card: Scorecard) -> dict[str, Any]:
    """The scorecard of the user profile, with the flags the Pix App profile page reads."""
    started = card.status == "STARTED"
    finished = card.status == "COMPLETED"
    reset_days = card.remaining_days_before_reset
    improving_days = card.remaining_days_before_improving
    return {
        **_scorecard_base(card),
        "percentage_ahead_of_next_level": card.percentage_ahead_of_next_level,
        "remaining_pix_to_next_level": card.remaining_pix_to_next_level,
        "remaining_days_before_reset": reset_days,
        "remaining_days_before_improving": improving_days,
        "has_not_earned_anything": card.score.pix_score == 0,
        "has_not_reached_level_one": card.score.level < 1,
        "has_reached_at_least_level_one": card.score.level >= 1,
        "is_not_started": card.status == "NOT_STARTED",
        "is_started": started,
        "is_finished": finished,
        "is_max_level": card.is_max_level,
        "is_finished_with_max_level": finished and card.is_max_level,
        "is_progressable": started and not card.is_max_level,
        "is_improvable": finished and not card.is_max_level and not improving_days,
        "is_resettable": (started or finished) and reset_days == 0,
        "should_wait_before_improving": bool(improving_days),
    }


def _profile_included(profile: Profile, *, full: bool) -> Included:
    included = Included()
    for area in profile.areas:
        included.add(area_resource(area))
    for card in profile.scorecards:
        included.add(
            resource(
                "scorecards",
                card.id,
                _scorecard_in_profile(card) if full else _scorecard_base(card),
                {"area": to_one("areas", card.area.id)},
            )
        )
    return included


def user_profile_document(profile: Profile) -> dict[str, Any]:
    data = resource(
        PROFILE_TYPE,
        profile.user_id,
        {
            "pix_score": profile.pix_score,
            "max_reachable_level": profile.max_reachable_level,
            "max_reachable_pix_score": profile.max_reachable_pix_score,
        },
        {"scorecards": to_many("scorecards", (card.id for card in profile.scorecards))},
    )
    return document(data, included=_profile_included(profile, full=True))


def shared_profile_document(shared: SharedProfile) -> dict[str, Any]:
    profile = shared.profile
    data = resource(
        SHARED_PROFILE_TYPE,
        shared.participation.id,
        {
            "pix_score": shared.pix_score,
            "shared_at": iso_datetime(shared.participation.shared_at),
            "can_retry": shared.can_retry,
            "max_reachable_level": profile.max_reachable_level,
            "max_reachable_pix_score": profile.max_reachable_pix_score,
        },
        {"scorecards": to_many("scorecards", (card.id for card in profile.scorecards))},
    )
    return document(data, included=_profile_included(profile, full=False))
