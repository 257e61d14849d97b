"""Models of Pix Admin (CONTRACT 8): the admin's role, campaigns of any organisation, their
participations, organisations, reported problems and the audit trail.

Ids copied into attributes (`owner_id`, `organization_id`…) are read as strings, like every
resource id. Attributes marked "extension" come from pix-tui's reference server only: None
on real Pix.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Final, Literal

from pydantic import field_validator

from api_client.jsonapi import RequestModel, Resource, encode_document

ACTIVE: Final = "ACTIVE"
ARCHIVED: Final = "ARCHIVED"
DELETED: Final = "DELETED"
CampaignStatus = Literal["ACTIVE", "ARCHIVED", "DELETED"]
"""Where a campaign stands, derived from its archive and deletion dates."""

STARTED: Final = "STARTED"
TO_SHARE: Final = "TO_SHARE"
SHARED: Final = "SHARED"
ParticipationStatus = Literal["STARTED", "TO_SHARE", "SHARED"]

STUCK_AFTER_DAYS: Final = 7
"""Default "no activity for N days" of a stuck participation (the server's default too)."""

AuditAction = Literal[
    "ARCHIVE_CAMPAIGN",
    "UNARCHIVE_CAMPAIGN",
    "CHANGE_OWNER",
    "DELETE_PARTICIPATION",
    "UPDATE_CAMPAIGN",
    "UPDATE_EXTERNAL_ID",
]


def _full_name(first: str | None, last: str | None) -> str:
    return " ".join(part for part in (first, last) if part)


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


class AdminCampaignSummary(Resource):
    """A campaign in an admin list (type `campaigns`): an organisation's campaigns (8.3) or
    the cross-organisation search (extension, which adds `organization_*`)."""

    name: str | None = None
    code: str | None = None
    type: str | None = None
    created_at: datetime | None = None
    archived_at: datetime | None = None
    deleted_at: datetime | None = None
    creator_id: str | None = None
    creator_first_name: str | None = None
    creator_last_name: str | None = None
    owner_id: str | None = None
    owner_first_name: str | None = None
    owner_last_name: str | None = None
    organization_id: str | None = None
    organization_name: str | None = None
    target_profile_id: str | None = None
    target_profile_name: str | None = None

    @property
    def status(self) -> CampaignStatus:
        """DELETED, ARCHIVED or ACTIVE (a deleted campaign may also be archived)."""
        if self.deleted_at is not None:
            return DELETED
        if self.archived_at is not None:
            return ARCHIVED
        return ACTIVE

    @property
    def is_archived(self) -> bool:
        """Whether the campaign is archived (nobody can join it)."""
        return self.archived_at is not None

    @property
    def is_deleted(self) -> bool:
        """Whether the campaign was deleted in Pix Orga."""
        return self.deleted_at is not None

    @property
    def owner_full_name(self) -> str:
        """The owner ("Claire Moreau")."""
        return _full_name(self.owner_first_name, self.owner_last_name)

    @property
    def creator_full_name(self) -> str:
        """Who created it."""
        return _full_name(self.creator_first_name, self.creator_last_name)


class AdminCampaign(AdminCampaignSummary):
    """One campaign as Pix Admin shows it (`GET /api/admin/campaigns/{id}`, CONTRACT 8.2).

    The `*_participations_count` fields other than total and shared, and `stuck_after_days`,
    are extensions (None on real Pix): counts by status of the current participations (a
    retried or deleted one is not counted), the deleted ones, and the STARTED ones without
    activity for `stuck_after_days` days.
    """

    title: str | None = None
    custom_landing_page_text: str | None = None
    custom_result_page_text: str | None = None
    custom_result_page_button_text: str | None = None
    custom_result_page_button_url: str | None = None
    external_id_label: str | None = None
    is_for_absolute_novice: bool | None = None
    is_profiles_collection: bool | None = None
    is_type_assessment: bool | None = None
    multiple_sendings: bool | None = None
    shared_participations_count: int | None = None
    total_participations_count: int | None = None
    started_participations_count: int | None = None
    to_share_participations_count: int | None = None
    deleted_participations_count: int | None = None
    stuck_participations_count: int | None = None
    stuck_after_days: int | None = None


class AdminParticipation(Resource):
    """A participation in an admin list (type `campaign-participations`, CONTRACT 8.4).

    Deleted participations are listed too (`deleted_at`, `deleted_by`). `last_activity_at`
    (extension) is the date of the participant's last answer, None before the first one.
    """

    last_name: str | None = None
    first_name: str | None = None
    user_id: str | None = None
    user_full_name: str | None = None
    participant_external_id: str | None = None
    status: str | None = None
    created_at: datetime | None = None
    shared_at: datetime | None = None
    deleted_at: datetime | None = None
    deleted_by: str | None = None
    deleted_by_full_name: str | None = None
    last_activity_at: datetime | None = None

    @property
    def is_deleted(self) -> bool:
        """Whether support (or the organisation) deleted this participation."""
        return self.deleted_at is not None

    @property
    def quiet_since(self) -> datetime | None:
        """Since when nothing happened: the last answer, else the start."""
        return self.last_activity_at or self.created_at

    def is_stuck(self, *, after_days: int = STUCK_AFTER_DAYS, now: datetime | None = None) -> bool:
        """Still STARTED, not deleted, and quiet for at least `after_days` days."""
        since = self.quiet_since
        if self.status != STARTED or self.is_deleted or since is None:
            return False
        return since < (now or datetime.now(UTC)) - timedelta(days=after_days)


class AdminOrganization(Resource):
    """An organisation found by Pix Admin's search (type `organizations`).

    `campaigns_count` (extension) counts its campaigns that are not deleted.
    """

    name: str | None = None
    type: str | None = None
    external_id: str | None = None
    province_code: str | None = None
    logo_url: str | None = None
    is_managing_students: bool | None = None
    credit: int | None = None
    email: str | None = None
    documentation_url: str | None = None
    show_skills: bool | None = None
    campaigns_count: int | None = None


class AdminFeedback(Resource):
    """A problem a participant reported on a challenge ("Signaler un problème"; type
    `feedbacks`, extension `GET /api/admin/campaigns/{id}/feedbacks`)."""

    challenge_id: str | None = None
    content: str | None = None
    category: str | None = None
    answer: str | None = None
    created_at: datetime | None = None
    assessment_id: str | None = None
    campaign_participation_id: str | None = None
    user_id: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    user_full_name: str | None = None


class AdminAuditEntry(Resource):
    """One action of the audit trail (type `admin-audit-entries`, extension).

    `before` and `after` hold only the attributes that changed, keyed like the API
    (`archived-at`, `owner-id`, `participant-external-id`…), dates as ISO strings.
    """

    created_at: datetime | None = None
    admin_user_id: str | None = None
    admin_name: str | None = None
    action: str | None = None
    campaign_id: str | None = None
    campaign_participation_id: str | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None

    @property
    def changes(self) -> list[tuple[str, Any, Any]]:
        """(attribute, before, after) for each changed attribute, in the server's order."""
        before, after = self.before or {}, self.after or {}
        keys = list(after) + [key for key in before if key not in after]
        return [(key, before.get(key), after.get(key)) for key in keys]


class AdminCampaignUpdate(RequestModel):
    """What `PATCH /api/admin/campaigns/{id}` changes (CONTRACT 8.5): Pix requires every key.

    `AdminCampaignUpdate.from_campaign(c).with_changes(name=...)` starts from the current
    values. A blank text is sent as null. `multiple_sendings` cannot change once someone
    participated (`ValidationError` on "multiple-sendings").
    """

    name: str
    title: str | None = None
    custom_landing_page_text: str | None = None
    custom_result_page_text: str | None = None
    custom_result_page_button_text: str | None = None
    custom_result_page_button_url: str | None = None
    multiple_sendings: bool = False

    @field_validator(
        "title",
        "custom_landing_page_text",
        "custom_result_page_text",
        "custom_result_page_button_text",
        "custom_result_page_button_url",
    )
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value if value is not None and value.strip() else None

    def to_document(self) -> dict[str, Any]:
        """The JSON:API body Pix Admin sends (fixture admin-campaign-update.request.json)."""
        return encode_document(type_="campaigns", attributes=self)

    def with_changes(self, **changes: Any) -> AdminCampaignUpdate:
        """A copy with some fields changed, checked like a new one."""
        return AdminCampaignUpdate.model_validate({**self.model_dump(), **changes})

    @classmethod
    def from_campaign(cls, campaign: AdminCampaign) -> AdminCampaignUpdate:
        """The update that changes nothing: the campaign's current values."""
        return cls(
            name=campaign.name or "",
            title=campaign.title,
            custom_landing_page_text=campaign.custom_landing_page_text,
            custom_result_page_text=campaign.custom_result_page_text,
            custom_result_page_button_text=campaign.custom_result_page_button_text,
            custom_result_page_button_url=campaign.custom_result_page_button_url,
            multiple_sendings=bool(campaign.multiple_sendings),
        )
