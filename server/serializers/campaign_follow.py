"""Documents of a campaign's follow-up (CONTRACT §5, §6), in Pix's exact types and keys.

Extensions of this reference server (Pix does not send them, clients may ignore them) are
marked as such where they appear.
"""

from __future__ import annotations

from typing import Any

from server.jsonapi import (
    Page,
    document,
    iso_datetime,
    pagination_meta,
    related,
    resource,
    to_many,
)
from server.models import Campaign, CampaignParticipation, ParticipationStatus
from server.usecases.campaign_follow.participant_detail import (
    AssessmentParticipation,
    AssessmentParticipationResults,
    ReceivedProfile,
)
from server.usecases.campaign_follow.participants import (
    Listing,
    ParticipantActivity,
    SharedResult,
)
from server.usecases.campaign_follow.queries import pix_mastery_rate
from server.usecases.campaign_follow.statistics import (
    ActivityByDay,
    CompetenceCollectiveResult,
    DayCount,
    MasteryRateCount,
    StatusCounts,
)


def js_number(value: float | None) -> float | int | None:
    """A number as JavaScript's JSON writes it: `1`, not `1.0`."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# --- lists ----------------------------------------------------------------------------------


def participants_activity_document(
    listing: Listing[ParticipantActivity], page: Page
) -> dict[str, Any]:
    return document(
        [
            resource(
                "campaign-participant-activities",
                row.learner_id,
                {
                    "first_name": row.first_name,
                    "last_name": row.last_name,
                    "participant_external_id": row.participant_external_id,
                    "status": row.status,
                    "last_campaign_participation_id": row.last_participation_id,
                    "participation_count": row.participation_count,
                },
            )
            for row in listing.rows
        ],
        meta=pagination_meta(page, listing.row_count),
    )


def assessment_results_document(listing: Listing[SharedResult], page: Page) -> dict[str, Any]:
    """The results tab; no stage nor thematic result exists in this server's content."""
    return document(
        [
            resource(
                "campaign-assessment-result-minimals",
                row.participation_id,
                {
                    "first_name": row.first_name,
                    "last_name": row.last_name,
                    "participant_external_id": row.participant_external_id,
                    "mastery_rate": js_number(row.mastery_rate),
                    "evolution": row.evolution,
                    "reached_stage": None,
                    "total_stage": None,
                    "prescriber_title": None,
                    "prescriber_description": None,
                    "shared_result_count": row.shared_count,
                },
            )
            for row in listing.rows
        ],
        meta=pagination_meta(page, listing.row_count),
    )


def profiles_participations_document(listing: Listing[SharedResult], page: Page) -> dict[str, Any]:
    return document(
        [
            resource(
                "CampaignProfilesCollectionParticipationSummaries",
                row.participation_id,
                {
                    "first_name": row.first_name,
                    "last_name": row.last_name,
                    "participant_external_id": row.participant_external_id,
                    "shared_at": iso_datetime(row.shared_at),
                    "pix_score": row.pix_score,
                    "shared_profile_count": row.shared_count,
                    "evolution": row.evolution,
                    "certifiable": row.is_certifiable,
                    "certifiable_competences_count": row.certifiable_competences_count,
                },
            )
            for row in listing.rows
        ],
        meta=pagination_meta(page, listing.row_count),
    )


def learner_participations_document(
    participations: list[CampaignParticipation],
) -> dict[str, Any]:
    """`available-campaign-participations`: `status` and `shared-at` as Pix; `created-at`
    and `mastery-rate` (shared attempts only) are extensions, for the attempts list."""
    return document(
        [
            resource(
                "available-campaign-participations",
                participation.id,
                {
                    "status": participation.status,
                    "shared_at": iso_datetime(participation.shared_at),
                    "created_at": iso_datetime(participation.created_at),
                    "mastery_rate": (
                        js_number(pix_mastery_rate(participation.mastery_rate))
                        if participation.status == ParticipationStatus.SHARED
                        else None
                    ),
                },
            )
            for participation in participations
        ]
    )


# --- one participant ------------------------------------------------------------------------


def assessment_participation_document(view: AssessmentParticipation) -> dict[str, Any]:
    """5.3. Extensions: `status`, `targeted-skills-count`, `tested-skills-count` (null until
    shared), for "acquis validés / acquis testés"."""
    found = view.participant
    participation = found.participation
    return document(
        resource(
            "campaign-assessment-participations",
            participation.id,
            {
                "first_name": found.first_name,
                "last_name": found.last_name,
                "participant_external_id": participation.participant_external_id,
                "campaign_id": participation.campaign_id,
                "created_at": iso_datetime(participation.created_at),
                "is_shared": found.is_shared,
                "shared_at": iso_datetime(participation.shared_at),
                "organization_learner_id": participation.user_id,
                "mastery_rate": js_number(view.mastery_rate),
                "progression": js_number(view.progression),
                "reached_stage": None,
                "total_stage": None,
                "prescriber_title": None,
                "prescriber_description": None,
                "validated_skills_count": view.validated_skills_count,
                "status": participation.status,
                "targeted_skills_count": view.targeted_skills_count,
                "tested_skills_count": view.tested_skills_count,
            },
            {
                "badges": to_many("badges", []),
                "campaign_assessment_participation_result": related(
                    f"/api/campaigns/{participation.campaign_id}"
                    f"/assessment-participations/{participation.id}/results"
                ),
                "campaign_participation_levels_per_tubes_and_competence": related(
                    f"/api/campaign-participations/{participation.id}"
                    "/level-per-tubes-and-competences"
                ),
            },
        )
    )


COMPETENCE_RESULT_TYPE = "campaign-assessment-participation-competence-results"


def assessment_participation_results_document(
    results: AssessmentParticipationResults,
) -> dict[str, Any]:
    """5.4. Extensions on each competence: `targeted-skills-count`,
    `validated-skills-count`, `tested-skills-count`, `area-code`."""
    participation = results.participant.participation
    included = [
        resource(
            COMPETENCE_RESULT_TYPE,
            f"{participation.id}-{result.competence.id}",
            {
                "name": result.competence.name,
                "index": result.competence.index,
                "competence_mastery_rate": js_number(result.mastery_rate),
                "area_color": result.area.color,
                "area_code": result.area.code,
                "targeted_skills_count": result.targeted_skills_count,
                "validated_skills_count": result.validated_skills_count,
                "tested_skills_count": result.tested_skills_count,
            },
        )
        for result in results.competence_results
    ]
    return document(
        resource(
            "campaign-assessment-participation-results",
            participation.id,
            {"campaign_id": participation.campaign_id},
            {
                "competence_results": to_many(
                    COMPETENCE_RESULT_TYPE, [item["id"] for item in included]
                )
            },
        ),
        included=included,
    )


def received_profile_document(profile: ReceivedProfile) -> dict[str, Any]:
    """6.2 (`campaign-profiles`); extension on each competence: `area-code`."""
    found = profile.participant
    participation = found.participation
    included = [
        resource(
            "campaign-profile-competences",
            item.competence.id,
            {
                "name": item.competence.name,
                "index": item.competence.index,
                "pix_score": item.pix_score,
                "estimated_level": item.level,
                "area_color": item.area.color,
                "area_code": item.area.code,
            },
        )
        for item in profile.competences
    ]
    return document(
        resource(
            "campaign-profiles",
            participation.id,
            {
                "first_name": found.first_name,
                "last_name": found.last_name,
                "campaign_id": participation.campaign_id,
                "organization_learner_id": participation.user_id,
                "external_id": participation.participant_external_id,
                "pix_score": profile.pix_score,
                "created_at": iso_datetime(participation.created_at),
                "shared_at": iso_datetime(participation.shared_at),
                "is_shared": found.is_shared,
                "competences_count": len(profile.competences) if found.is_shared else None,
                "certifiable_competences_count": profile.certifiable_competences_count,
                "is_certifiable": profile.is_certifiable,
            },
            {"competences": to_many("campaign-profile-competences", [i["id"] for i in included])},
        ),
        included=included,
    )


# --- the class ------------------------------------------------------------------------------

COLLECTIVE_TYPE = "campaignCompetenceCollectiveResults"


def collective_results_document(
    campaign: Campaign, results: list[CompetenceCollectiveResult]
) -> dict[str, Any]:
    included = [
        resource(
            COLLECTIVE_TYPE,
            f"{campaign.id}_{result.competence.id}",
            {
                "average_validated_skills": js_number(result.average_validated_skills),
                "competence_id": result.competence.id,
                "competence_name": result.competence.name,
                "area_code": result.area.code,
                "area_color": result.area.color,
                "targeted_skills_count": result.targeted_skills_count,
            },
        )
        for result in results
    ]
    return document(
        resource(
            "campaign-collective-results",
            campaign.id,
            {},
            {
                "campaign_competence_collective_results": to_many(
                    COLLECTIVE_TYPE, [item["id"] for item in included]
                )
            },
        ),
        included=included,
    )


def status_counts_document(campaign: Campaign, counts: StatusCounts) -> dict[str, Any]:
    """Pix's TO_SHARE-era shape: `started` (assessments only), `completed`, `shared`."""
    attributes: dict[str, Any] = {}
    if counts.started is not None:
        attributes["started"] = counts.started
    attributes["completed"] = counts.completed
    attributes["shared"] = counts.shared
    return document(resource("campaign-participations-counts-by-statuses", campaign.id, attributes))


def _series(days: list[DayCount]) -> list[dict[str, Any]]:
    return [{"day": item.day.isoformat(), "count": item.count} for item in days]


def activity_by_day_document(campaign: Campaign, activity: ActivityByDay) -> dict[str, Any]:
    return document(
        resource(
            "campaign-participations-counts-by-days",
            campaign.id,
            {
                "started_participations": _series(activity.started),
                "shared_participations": _series(activity.shared),
            },
        )
    )


def mastery_distribution_document(
    campaign: Campaign, distribution: list[MasteryRateCount]
) -> dict[str, Any]:
    """`result-distribution`: `masteryRate` as PostgreSQL prints a `decimal(3,2)` ("0.50")."""
    return document(
        resource(
            "participations-count-by-mastery-rates",
            campaign.id,
            {
                "result_distribution": [
                    {"count": item.count, "masteryRate": f"{item.mastery_rate:.2f}"}
                    for item in distribution
                ]
            },
        )
    )
