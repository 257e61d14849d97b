"""Every real Pix payload of the auth / user / Orga bootstrap endpoints, read by the client.

The fixtures come from the Pix test-suite (see fixtures/README.md): if the client's models
or error mapper drift from what Pix really sends, these tests say which field broke.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from api_client import (
    AccountBlockedError,
    AuthenticationError,
    InvalidCredentialsError,
    MemberIdentity,
    PermissionDeniedError,
    PixApiError,
    PreconditionFailedError,
    Prescriber,
    TokenResponse,
    User,
    ValidationError,
)
from api_client.errors import error_from_response
from api_client.jsonapi import Document, ResourceRef, encode_document

from .support import FIXTURES, load_fixture


def test_token_response() -> None:
    token = TokenResponse.model_validate(load_fixture("auth-token.response.json"))
    assert token.token_type == "bearer"
    assert token.access_token.startswith("eyJhbGciOiJIUzI1NiIs")
    assert token.user_id == 123
    assert token.refresh_token == "4f1c2b6e-2d0a-4b7e-9a55-1c0f0d7a9e21"
    assert token.expires_in == 1200


def test_users_me() -> None:
    user = Document.parse(load_fixture("users-me.response.json")).one(User)
    assert user.id == "234567"
    assert user.resource_type == "users"
    assert (user.first_name, user.last_name) == ("Luke", "Skywalker")
    assert user.full_name == "Luke Skywalker"
    assert user.email == "lskywalker@deathstar.empire"
    assert user.username == "luke.skywalker1234"
    assert user.lang == "fr"
    assert user.cgu is True
    assert user.email_confirmed is False
    assert user.must_validate_terms_of_service is True
    assert user.code_for_last_profile_to_share == "SOMECODE"
    # Attributes the model does not name survive, under their wire name.
    assert user.model_extra is not None
    assert user.model_extra["has-seen-level-seven-info"] is False
    assert user.model_extra["last-data-protection-policy-seen-at"] == "2022-05-04T13:00:00.000Z"
    # Lazy relationships stay links to follow later.
    assert user.related("profile") == "/api/users/234567/profile"
    assert user.related("is-certifiable") == "/api/users/234567/is-certifiable"
    assert user.related("trainings") == "/api/users/234567/trainings"
    assert user.related("unknown") is None


def test_orga_prescriber_resolves_memberships_and_current_organization() -> None:
    prescriber = Document.parse(load_fixture("orga-prescriber.response.json")).one(Prescriber)
    assert prescriber.id == "1001"
    assert (prescriber.first_name, prescriber.last_name) == ("Jane", "Doe")
    assert prescriber.lang == "fr"
    assert prescriber.participant_count == 0
    assert prescriber.pix_orga_terms_of_service_accepted is False
    assert prescriber.are_new_year_organization_learners_imported is False
    assert prescriber.features == {
        "MULTIPLE_SENDING_ASSESSMENT": False,
        "COMPUTE_ORGANIZATION_LEARNER_CERTIFICABILITY": False,
    }
    assert prescriber.has_feature("MULTIPLE_SENDING_ASSESSMENT") is False
    assert prescriber.has_feature("NOT_A_FEATURE") is False

    [membership] = prescriber.memberships
    assert membership.id == "2001"
    assert membership.organization_role == "ADMIN"
    assert membership.is_admin
    organization = membership.organization
    assert organization is not None
    assert organization.id == "4001"
    assert organization.name == "Collège Victor Hugo"
    assert organization.type == "SCO"
    assert organization.external_id == "1237457A"
    assert organization.is_managing_students is True
    assert organization.credit == 5
    assert organization.related("target-profiles") == "/api/organizations/4001/target-profiles"
    assert organization.related("organization-invitations") == (
        "/api/organizations/4001/invitations"
    )

    current = prescriber.current_organization
    assert current is not None
    assert (current.id, current.name) == ("4001", "Collège Victor Hugo")
    assert prescriber.user_orga_settings is not None
    assert prescriber.user_orga_settings.resource_type == "userOrgaSettings"
    assert prescriber.current_membership is membership
    assert [o.name for o in prescriber.organizations] == ["Collège Victor Hugo"]
    assert prescriber.membership_for(4001) is membership
    assert prescriber.membership_for("4002") is None


def test_orga_member_identities() -> None:
    members = Document.parse(load_fixture("orga-member-identities.response.json")).many(
        MemberIdentity
    )
    assert [(m.id, m.first_name, m.last_name) for m in members] == [
        ("1001", "Jane", "Doe"),
        ("1002", "John", "Smith"),
    ]
    assert [m.display_name for m in members] == ["Jane Doe", "John Smith"]


def test_switch_organization_request_matches_the_orga_front_end() -> None:
    body = encode_document(relationships={"organization": ResourceRef("organizations", 4002)})
    assert body == load_fixture("orga-user-orga-settings-switch.request.json")


def test_wrong_password_is_invalid_credentials_with_french_detail() -> None:
    error = error_from_response(
        401, load_fixture("auth-token-wrong-password.response.json"), login=True
    )
    assert type(error) is InvalidCredentialsError
    assert isinstance(error, AuthenticationError)
    assert error.status == 401
    assert error.title == "Unauthorized"
    assert error.detail == "L'adresse e-mail et/ou le mot de passe saisis sont incorrects."
    assert str(error) == error.detail
    assert error.code is None


def test_same_401_outside_login_is_plain_authentication_error() -> None:
    error = error_from_response(401, load_fixture("auth-token-wrong-password.response.json"))
    assert type(error) is AuthenticationError


def test_temporary_block() -> None:
    error = error_from_response(
        403, load_fixture("auth-token-user-temporary-blocked.response.json"), login=True
    )
    assert type(error) is AccountBlockedError
    assert isinstance(error, PermissionDeniedError)
    assert error.code == "USER_IS_TEMPORARY_BLOCKED"
    assert error.detail == "User has been temporary blocked."
    assert error.permanent is False
    assert error.blocking_duration_ms is None


def test_forbidden_prehandler_numeric_code_without_status() -> None:
    error = error_from_response(403, load_fixture("error-403-forbidden-prehandler.response.json"))
    assert type(error) is PermissionDeniedError
    assert error.status == 403
    assert error.code == "403"
    assert error.title == "Forbidden access"
    assert error.detail == "Missing or insufficient permissions."
    assert error.errors[0].status is None


def test_already_participated_is_precondition_failed() -> None:
    error = error_from_response(412, load_fixture("error-412-already-participated.response.json"))
    assert type(error) is PreconditionFailedError
    assert error.detail == "User 123 has already a campaign participation with campaign 101"
    assert error.title == "Precondition Failed"


def test_joi_validation_400() -> None:
    error = error_from_response(400, load_fixture("error-400-joi-validation.response.json"))
    assert type(error) is ValidationError
    assert error.detail == '"filter.status" must be one of [STARTED, TO_SHARE, SHARED]'
    assert error.field_errors == {}


def test_entity_validation_422_points_at_the_attribute() -> None:
    error = error_from_response(422, load_fixture("error-422-entity-validation-en.response.json"))
    assert type(error) is ValidationError
    assert error.field_errors == {"name": "The title is required"}
    assert error.errors[0].source_pointer == "/data/attributes/name"
    assert error.title == 'Invalid data attribute "name"'


def test_campaign_create_422_points_at_attribute_and_relationship() -> None:
    error = error_from_response(422, load_fixture("orga-campaign-create-422.response.json"))
    assert type(error) is ValidationError
    assert error.field_errors == {
        "name": "CAMPAIGN_NAME_IS_REQUIRED",
        "target-profile": "TARGET_PROFILE_IS_REQUIRED",
    }
    assert len(error.errors) == 2


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("error-*.json")), ids=lambda p: p.name)
def test_every_error_fixture_maps_to_its_status_class(path: Path) -> None:
    """A new error fixture added to the shared set is covered without editing this file."""
    status = int(path.name.split("-")[1])
    error = error_from_response(status, path.read_bytes())
    assert isinstance(error, PixApiError)
    assert error.status == status
    assert error.detail  # every Pix error fixture carries a detail to show
    expected = {400: ValidationError, 403: PermissionDeniedError, 412: PreconditionFailedError}
    expected[422] = ValidationError
    assert isinstance(error, expected[status])
