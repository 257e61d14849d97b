"""Models of the current user (`GET /api/users/me`)."""

from __future__ import annotations

from api_client.jsonapi import Resource


class User(Resource):
    """The logged-in user (type `users`). Lazy links: `profile`, `is-certifiable`, `trainings`."""

    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    username: str | None = None
    lang: str | None = None
    cgu: bool | None = None
    email_confirmed: bool | None = None
    is_anonymous: bool | None = None
    must_validate_terms_of_service: bool | None = None
    pix_orga_terms_of_service_accepted: bool | None = None
    has_assessment_participations: bool | None = None
    code_for_last_profile_to_share: str | None = None

    @property
    def full_name(self) -> str:
        """First and last name as shown to people ("Jane Doe")."""
        return _join_names(self.first_name, self.last_name)


def _join_names(first: str | None, last: str | None) -> str:
    return " ".join(part for part in (first, last) if part)
