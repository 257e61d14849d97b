"""All tables of the reference server.

One module per area; a new area (campaigns, assessments...) adds its module here so that
`Base.metadata` (used by Alembic's autogenerate and by the schema test) sees every table.
"""

from server.models.assessments import (
    Answer,
    Assessment,
    AssessmentMethod,
    AssessmentState,
    AssessmentType,
    Feedback,
    KnowledgeElement,
    KnowledgeElementSnapshot,
    KnowledgeElementSource,
    KnowledgeElementStatus,
    LastQuestionState,
)
from server.models.audit import AdminAuditAction, AdminAuditEntry
from server.models.base import Base, UTCDateTime, utcnow
from server.models.campaigns import (
    Campaign,
    CampaignParticipation,
    CampaignType,
    ExternalIdType,
    ParticipationStatus,
)
from server.models.idempotency import IdempotencyRecord
from server.models.identity import AdminMember, AdminRole, RefreshToken, User
from server.models.login_throttle import LoginFailure
from server.models.organizations import (
    Membership,
    Organization,
    OrganizationRole,
    OrganizationType,
    UserOrgaSettings,
)
from server.models.server_state import ServerMeta, ServerSecret

__all__ = [
    "AdminAuditAction",
    "AdminAuditEntry",
    "AdminMember",
    "AdminRole",
    "Answer",
    "Assessment",
    "AssessmentMethod",
    "AssessmentState",
    "AssessmentType",
    "Base",
    "Campaign",
    "CampaignParticipation",
    "CampaignType",
    "ExternalIdType",
    "Feedback",
    "IdempotencyRecord",
    "KnowledgeElement",
    "KnowledgeElementSnapshot",
    "KnowledgeElementSource",
    "KnowledgeElementStatus",
    "LastQuestionState",
    "LoginFailure",
    "Membership",
    "Organization",
    "OrganizationRole",
    "OrganizationType",
    "ParticipationStatus",
    "RefreshToken",
    "ServerMeta",
    "ServerSecret",
    "UTCDateTime",
    "User",
    "UserOrgaSettings",
    "utcnow",
]
