"""`users` (GET /api/users/me)."""

from __future__ import annotations

from typing import Any

from server.jsonapi import document, iso_datetime, related, resource
from server.usecases.users import UserWithActivity


def user_with_activity_document(item: UserWithActivity) -> dict[str, Any]:
    user = item.user
    return document(
        resource(
            "users",
            user.id,
            {
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "email_confirmed": user.email_confirmed_at is not None,
                "username": user.username,
                "cgu": user.cgu,
                "lang": user.lang,
                "is_anonymous": user.is_anonymous,
                "last_terms_of_service_validated_at": iso_datetime(
                    user.last_terms_of_service_validated_at
                ),
                "must_validate_terms_of_service": user.must_validate_terms_of_service,
                "pix_orga_terms_of_service_accepted": user.pix_orga_terms_of_service_accepted,
                "pix_certif_terms_of_service_accepted": user.pix_certif_terms_of_service_accepted,
                "has_seen_assessment_instructions": user.has_seen_assessment_instructions,
                "has_seen_new_dashboard_info": user.has_seen_new_dashboard_info,
                "has_seen_level_seven_info": user.has_seen_level_seven_info,
                "has_seen_focused_challenge_tooltip": user.has_seen_focused_challenge_tooltip,
                "has_seen_other_challenges_tooltip": user.has_seen_other_challenges_tooltip,
                "last_data_protection_policy_seen_at": iso_datetime(
                    user.last_data_protection_policy_seen_at
                ),
                "has_assessment_participations": item.has_assessment_participations,
                "code_for_last_profile_to_share": item.code_for_last_profile_to_share,
                "has_recommended_trainings": item.has_recommended_trainings,
                "should_see_data_protection_policy_information_banner": (
                    item.should_see_data_protection_policy_information_banner
                ),
            },
            {
                "profile": related(f"/api/users/{user.id}/profile"),
                "is_certifiable": related(f"/api/users/{user.id}/is-certifiable"),
                "trainings": related(f"/api/users/{user.id}/trainings"),
            },
        )
    )
