"""All tables of the reference server.

One module per area; a new area (campaigns, assessments...) adds its module here so that
`Base.metadata` (used by Alembic's autogenerate and by the schema test) sees every table.
"""

from server.models.base import Base, UTCDateTime, utcnow
from server.models.identity import AdminMember, AdminRole, RefreshToken, User
from server.models.organizations import (
    Membership,
    Organization,
    OrganizationRole,
    OrganizationType,
    UserOrgaSettings,
)
from server.models.server_state import ServerMeta, ServerSecret

__all__ = [
    "AdminMember",
    "AdminRole",
    "Base",
    "Membership",
    "Organization",
    "OrganizationRole",
    "OrganizationType",
    "RefreshToken",
    "ServerMeta",
    "ServerSecret",
    "UTCDateTime",
    "User",
    "UserOrgaSettings",
    "utcnow",
]
