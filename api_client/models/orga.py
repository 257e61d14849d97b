"""Models of Pix Orga's bootstrap: prescriber, memberships, organisations, members."""

from __future__ import annotations

from typing import Final

from pydantic import Field

from api_client.jsonapi import Resource

ADMIN: Final = "ADMIN"
MEMBER: Final = "MEMBER"


class Organization(Resource):
    """An organisation (type `organizations`); `type` is SCO, SUP, PRO…"""

    name: str | None = None
    type: str | None = None
    external_id: str | None = None
    is_managing_students: bool | None = None
    credit: int | None = None


class Membership(Resource):
    """The prescriber's role in one organisation (type `memberships`).

    `organization_role` is "ADMIN" or "MEMBER" (kept as text so a role added by a newer
    server does not break the client).
    """

    organization_role: str | None = None
    organization: Organization | None = None

    @property
    def is_admin(self) -> bool:
        """Whether this membership gives the organisation's administrator rights."""
        return self.organization_role == ADMIN


class UserOrgaSettings(Resource):
    """Per-user Orga settings (type `userOrgaSettings`): the organisation currently shown."""

    organization: Organization | None = None


class Prescriber(Resource):
    """A Pix Orga user (type `prescribers`), with memberships and current organisation."""

    first_name: str | None = None
    last_name: str | None = None
    lang: str | None = None
    participant_count: int | None = None
    pix_orga_terms_of_service_accepted: bool | None = None
    are_new_year_organization_learners_imported: bool | None = None
    features: dict[str, bool] = Field(default_factory=dict)
    memberships: list[Membership] = Field(default_factory=list)
    user_orga_settings: UserOrgaSettings | None = None

    @property
    def current_organization(self) -> Organization | None:
        """The organisation Orga shows now (from `user-orga-settings`), if any."""
        settings = self.user_orga_settings
        return settings.organization if settings is not None else None

    @property
    def organizations(self) -> list[Organization]:
        """The organisations of all memberships, in the server's order."""
        return [m.organization for m in self.memberships if m.organization is not None]

    def membership_for(self, organization_id: str | int) -> Membership | None:
        """The membership in the given organisation, if the prescriber has one."""
        wanted = str(organization_id)
        for membership in self.memberships:
            if membership.organization is not None and membership.organization.id == wanted:
                return membership
        return None

    @property
    def current_membership(self) -> Membership | None:
        """The membership in the current organisation (gives the current role)."""
        current = self.current_organization
        return self.membership_for(current.id) if current is not None else None

    def has_feature(self, key: str) -> bool:
        """Whether an organisation feature flag (e.g. MULTIPLE_SENDING_ASSESSMENT) is on."""
        return self.features.get(key, False)


class MemberIdentity(Resource):
    """A member of an organisation (type `member-identities`); `id` is the user id."""

    first_name: str | None = None
    last_name: str | None = None

    @property
    def display_name(self) -> str:
        """ "First Last", as the campaign-owner picker shows it."""
        return " ".join(part for part in (self.first_name, self.last_name) if part)
