"""Models of Pix Admin."""

from __future__ import annotations

from api_client.jsonapi import Resource


class AdminMember(Resource):
    """The Pix Admin profile of the logged-in user (type `admin-members`).

    `role` is SUPER_ADMIN, SUPPORT, METIER or CERTIF.
    """

    user_id: int | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    role: str | None = None
    is_super_admin: bool | None = None
    is_support: bool | None = None
    is_metier: bool | None = None
    is_certif: bool | None = None

    @property
    def full_name(self) -> str:
        """First and last name as shown to people."""
        return " ".join(part for part in (self.first_name, self.last_name) if part)
