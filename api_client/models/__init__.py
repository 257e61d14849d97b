"""Typed response models. One module per area; add new areas as new modules here."""

from api_client.models.admin import AdminMember
from api_client.models.auth import TokenResponse
from api_client.models.orga import (
    MemberIdentity,
    Membership,
    Organization,
    Prescriber,
    UserOrgaSettings,
)
from api_client.models.users import User
from api_client.pagination import Page, PageMeta

__all__ = [
    "AdminMember",
    "MemberIdentity",
    "Membership",
    "Organization",
    "Page",
    "PageMeta",
    "Prescriber",
    "TokenResponse",
    "User",
    "UserOrgaSettings",
]
