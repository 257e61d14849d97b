"""`prescribers`, `organizations`, `memberships`, `userOrgaSettings`, `member-identities`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from server.jsonapi import Included, document, related, resource, to_many, to_one
from server.models import Organization, User, UserOrgaSettings
from server.usecases.prescription import Prescriber

# Pix names this type in camelCase inside the prescriber document (CONTRACT 1.3).
USER_ORGA_SETTINGS_TYPE = "userOrgaSettings"


def organization_resource(organization: Organization) -> dict[str, Any]:
    base = f"/api/organizations/{organization.id}"
    return resource(
        "organizations",
        organization.id,
        {
            "credit": organization.credit,
            "external_id": organization.external_id,
            "is_managing_students": organization.is_managing_students,
            "name": organization.name,
            "type": organization.type,
        },
        {
            "divisions": related(f"{base}/divisions"),
            "memberships": related(f"{base}/memberships"),
            "groups": related(f"{base}/groups"),
            "organization_invitations": related(f"{base}/invitations"),
            "target_profiles": related(f"{base}/target-profiles"),
        },
    )


def prescriber_document(prescriber: Prescriber) -> dict[str, Any]:
    user = prescriber.user
    settings = prescriber.settings
    included = Included()
    for item in prescriber.memberships:
        included.add(organization_resource(item.organization))
        included.add(
            resource(
                "memberships",
                item.membership.id,
                {"organization_role": item.membership.organization_role},
                {"organization": to_one("organizations", item.organization.id)},
            )
        )
    included.add(
        resource(
            USER_ORGA_SETTINGS_TYPE,
            settings.id,
            {},
            {"organization": to_one("organizations", settings.current_organization_id)},
        )
    )
    data = resource(
        "prescribers",
        user.id,
        {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "pix_orga_terms_of_service_accepted": user.pix_orga_terms_of_service_accepted,
            "are_new_year_organization_learners_imported": (
                prescriber.are_new_year_organization_learners_imported
            ),
            "participant_count": prescriber.participant_count,
            "lang": user.lang,
            "features": dict(prescriber.features),
        },
        {
            "memberships": to_many(
                "memberships", (item.membership.id for item in prescriber.memberships)
            ),
            "user_orga_settings": to_one(USER_ORGA_SETTINGS_TYPE, settings.id),
        },
    )
    return document(data, included=included)


def user_orga_settings_document(settings: UserOrgaSettings) -> dict[str, Any]:
    return document(
        resource(
            "user-orga-settings",
            settings.id,
            {},
            {
                "organization": to_one("organizations", settings.current_organization_id),
                "user": to_one("users", settings.user_id),
            },
        )
    )


def member_identities_document(users: Iterable[User]) -> dict[str, Any]:
    return document(
        [
            resource(
                "member-identities",
                user.id,
                {"first_name": user.first_name, "last_name": user.last_name},
            )
            for user in users
        ]
    )
