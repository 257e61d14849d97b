"""Typed response models. One module per area; add new areas as new modules here."""

from api_client.models.admin import AdminMember
from api_client.models.app import (
    Answer,
    Assessment,
    CampaignParticipation,
    CampaignToJoin,
    Challenge,
    Correction,
    Feedback,
    LevelUp,
    Progression,
    Tutorial,
    TutorialEvaluation,
)
from api_client.models.app_results import (
    Area,
    AssessmentResult,
    CampaignParticipationBadge,
    CompetenceResult,
    ReachedStage,
    Scorecard,
    SharedProfile,
    UserProfile,
)
from api_client.models.auth import TokenResponse
from api_client.models.campaigns import (
    Badge,
    Campaign,
    CampaignDraft,
    CampaignUpdate,
    Stage,
    TargetProfile,
)
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
    "Answer",
    "Area",
    "Assessment",
    "AssessmentResult",
    "Badge",
    "Campaign",
    "CampaignDraft",
    "CampaignParticipation",
    "CampaignParticipationBadge",
    "CampaignToJoin",
    "CampaignUpdate",
    "Challenge",
    "CompetenceResult",
    "Correction",
    "Feedback",
    "LevelUp",
    "MemberIdentity",
    "Membership",
    "Organization",
    "Page",
    "PageMeta",
    "Prescriber",
    "Progression",
    "ReachedStage",
    "Scorecard",
    "SharedProfile",
    "Stage",
    "TargetProfile",
    "TokenResponse",
    "Tutorial",
    "TutorialEvaluation",
    "User",
    "UserOrgaSettings",
    "UserProfile",
]
