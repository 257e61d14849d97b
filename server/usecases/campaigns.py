"""Pix Orga campaigns: list, detail, creation, update, archive (CONTRACT §4, DOMAIN §6).

Who may do what (DOMAIN §6.3, Pix's `prescriber-role-repository`): an active member of the
campaign's organisation sees it; its owner and the organisation's ADMINs manage it (update,
archive, unarchive). Anything else is the E3 refusal, also for a campaign that does not
exist, as Pix's pre-handler answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, and_, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server.content.loader import load_content
from server.content.models import TargetProfile
from server.errors import (
    EntityValidation,
    Forbidden,
    InsufficientPermissions,
    InvalidAttribute,
    NotFound,
    PreconditionFailed,
)
from server.jsonapi import MAX_ID, Page
from server.models import (
    Campaign,
    CampaignParticipation,
    CampaignType,
    ExternalIdType,
    Membership,
    Organization,
    OrganizationRole,
    ParticipationStatus,
    User,
    utcnow,
)
from server.permissions import active_membership, ensure_organization_member
from server.usecases.campaign_codes import CodeGenerator, generate_campaign_code

MULTIPLE_SENDING_ASSESSMENT = "MULTIPLE_SENDING_ASSESSMENT"
MAX_NAME_LENGTH = 255  # the column's size; Pix's validators set no maximum
MAX_TITLE_LENGTH = 50
MAX_LANDING_PAGE_TEXT_LENGTH = 5000
MIN_EXTERNAL_ID_LABEL_LENGTH = 3
MAX_EXTERNAL_ID_LABEL_LENGTH = 255
CODE_ATTEMPTS = 10

ALREADY_ARCHIVED = "Cette campagne est déjà archivée."
TITLE_NOT_ALLOWED_FOR_PROFILES_COLLECTION = (
    "TITLE_OF_PERSONALISED_TEST_IS_NOT_ALLOWED_FOR_PROFILES_COLLECTION_CAMPAIGN"
)


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignReport:
    """A campaign as Pix Orga shows it: with its owner, counts and, in detail, its average."""

    campaign: Campaign
    owner_first_name: str
    owner_last_name: str
    participations_count: int = 0
    shared_participations_count: int = 0
    average_result: float | None = None

    @property
    def target_profile(self) -> TargetProfile | None:
        profile_id = self.campaign.target_profile_id
        if profile_id is None:
            return None
        return load_content().target_profiles_by_id.get(profile_id)


@dataclass(frozen=True)
class CampaignFilters:
    """The list's search: `filter[name]`, `filter[ownerName]`, `filter[isOwnedByMe]`,
    `filter[status]=archived` (anything else: the ongoing ones)."""

    name: str | None = None
    owner_name: str | None = None
    owned_by_me: bool = False
    archived: bool = False


@dataclass(frozen=True)
class CampaignListPage:
    reports: list[CampaignReport]
    row_count: int
    has_campaigns: bool
    ongoing_count: int
    archived_count: int


def _escape_like(text: str) -> str:
    # A user searching "100%" means the characters, not a wildcard.
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(column: Any, text: str) -> ColumnElement[bool]:
    return func.lower(column).like(f"%{_escape_like(text.lower())}%", escape="\\")


def _search_conditions(
    filters: CampaignFilters, caller_id: int, organization_id: int
) -> list[ColumnElement[bool]]:
    """Every filter but the archive state, which picks the tab (both tabs are counted)."""
    conditions: list[ColumnElement[bool]] = [
        Campaign.organization_id == organization_id,
        Campaign.deleted_at.is_(None),
    ]
    if filters.name:
        conditions.append(_contains(Campaign.name, filters.name))
    if filters.owner_name:
        # Pix also ranks by trigram distance (pg_trgm); substrings of the first name, the
        # last name or "first last" find the same people for what teachers type.
        search = filters.owner_name.strip()
        conditions.append(
            or_(
                _contains(User.first_name, search),
                _contains(User.last_name, search),
                _contains(User.first_name + " " + User.last_name, search),
            )
        )
    if filters.owned_by_me:
        conditions.append(Campaign.owner_id == caller_id)
    return conditions


async def list_organization_campaigns(
    session: AsyncSession,
    caller_id: int,
    organization_id: int,
    filters: CampaignFilters,
    page: Page,
) -> CampaignListPage:
    """One page of the organisation's campaigns, newest first, with both tabs' counts.

    Pix orders by `createdAt DESC` only; the id breaks ties so that pages never overlap.
    A constant number of statements whatever the page size: membership, tab counts,
    "has any campaign", the page, its participation counts.
    """
    await ensure_organization_member(session, caller_id, organization_id)
    conditions = _search_conditions(filters, caller_id, organization_id)
    archived = Campaign.archived_at.is_not(None)

    counts = (
        await session.execute(
            select(
                func.count(case((archived, None), else_=Campaign.id)),
                func.count(case((archived, Campaign.id), else_=None)),
            )
            .select_from(Campaign)
            .join(User, User.id == Campaign.owner_id)
            .where(*conditions)
        )
    ).one()
    ongoing_count, archived_count = int(counts[0]), int(counts[1])
    any_campaign = await session.scalar(
        select(Campaign.id)
        .where(Campaign.organization_id == organization_id, Campaign.deleted_at.is_(None))
        .limit(1)
    )

    tab = archived if filters.archived else Campaign.archived_at.is_(None)
    rows = (
        await session.execute(
            select(Campaign, User.first_name, User.last_name)
            .join(User, User.id == Campaign.owner_id)
            .where(*conditions, tab)
            .order_by(Campaign.created_at.desc(), Campaign.id.desc())
            .offset(page.offset)
            .limit(page.size)
        )
    ).all()
    counted = await _participation_counts(session, [campaign.id for campaign, _, _ in rows])
    reports = [
        CampaignReport(campaign, first_name, last_name, *counted.get(campaign.id, (0, 0)))
        for campaign, first_name, last_name in rows
    ]
    return CampaignListPage(
        reports=reports,
        row_count=archived_count if filters.archived else ongoing_count,
        has_campaigns=any_campaign is not None,
        ongoing_count=ongoing_count,
        archived_count=archived_count,
    )


def _counted_participation() -> ColumnElement[bool]:
    # A retried participation supersedes the older one (is_improved): count people once.
    return and_(
        CampaignParticipation.is_improved.is_(False), CampaignParticipation.deleted_at.is_(None)
    )


async def _participation_counts(
    session: AsyncSession, campaign_ids: Sequence[int]
) -> dict[int, tuple[int, int]]:
    """(participants, shared results) per campaign, in one grouped query."""
    if not campaign_ids:
        return {}
    shared = CampaignParticipation.status == ParticipationStatus.SHARED
    rows = await session.execute(
        select(
            CampaignParticipation.campaign_id,
            func.count(CampaignParticipation.id),
            func.count(case((shared, CampaignParticipation.id), else_=None)),
        )
        .where(CampaignParticipation.campaign_id.in_(campaign_ids), _counted_participation())
        .group_by(CampaignParticipation.campaign_id)
    )
    return {campaign_id: (int(total), int(done)) for campaign_id, total, done in rows}


async def _report(session: AsyncSession, campaign: Campaign) -> CampaignReport:
    """The detail: counts as Pix's `campaign-report-repository.get`, and the average result
    of each participant's latest shared participation (`findMasteryRates`)."""
    owner = await session.get(User, campaign.owner_id)
    assert owner is not None  # a foreign key
    participations_count = await session.scalar(
        select(func.count(CampaignParticipation.id)).where(
            CampaignParticipation.campaign_id == campaign.id, _counted_participation()
        )
    )
    shared_rows = await session.execute(
        select(
            CampaignParticipation.user_id,
            CampaignParticipation.shared_at,
            CampaignParticipation.mastery_rate,
        ).where(
            CampaignParticipation.campaign_id == campaign.id,
            CampaignParticipation.status == ParticipationStatus.SHARED,
            CampaignParticipation.deleted_at.is_(None),
        )
    )
    latest: dict[int, tuple[datetime | None, float | None]] = {}
    for user_id, shared_at, mastery_rate in shared_rows:
        known = latest.get(user_id)
        if known is None or (shared_at is not None and (known[0] is None or shared_at > known[0])):
            latest[user_id] = (shared_at, mastery_rate)
    rates = [rate for _, rate in latest.values() if rate is not None]
    return CampaignReport(
        campaign,
        owner.first_name,
        owner.last_name,
        participations_count=int(participations_count or 0),
        shared_participations_count=len(latest),
        average_result=sum(rates) / len(rates) if rates else None,
    )


@dataclass(frozen=True)
class CampaignAccess:
    campaign: Campaign
    role: str  # the caller's organisation role

    def can_manage(self, user_id: int) -> bool:
        return self.role == OrganizationRole.ADMIN or self.campaign.owner_id == user_id


async def _access(session: AsyncSession, caller_id: int, campaign_id: int) -> CampaignAccess:
    row = (
        await session.execute(
            select(Campaign, Membership.organization_role)
            .join(
                Membership,
                and_(
                    Membership.organization_id == Campaign.organization_id,
                    Membership.user_id == caller_id,
                    Membership.disabled_at.is_(None),
                ),
            )
            .where(Campaign.id == campaign_id)
        )
    ).first()
    if row is None:
        raise InsufficientPermissions()
    campaign, role = row
    if campaign.deleted_at is not None:
        raise NotFound(f"La campagne d'id {campaign_id} n'existe pas ou son accès est restreint")
    return CampaignAccess(campaign, role)


async def campaign_access(
    session: AsyncSession, caller_id: int, campaign_id: int
) -> CampaignAccess:
    """The campaign and the caller's role, for an active member of its organisation; the E3
    refusal otherwise (also for a campaign that does not exist), 404 once deleted."""
    return await _access(session, caller_id, campaign_id)


async def _manageable(session: AsyncSession, caller_id: int, campaign_id: int) -> Campaign:
    access = await _access(session, caller_id, campaign_id)
    if not access.can_manage(caller_id):
        raise InsufficientPermissions()
    return access.campaign


async def get_campaign(session: AsyncSession, caller_id: int, campaign_id: int) -> CampaignReport:
    access = await _access(session, caller_id, campaign_id)
    return await _report(session, access.campaign)


async def available_target_profiles(
    session: AsyncSession, caller_id: int, organization_id: int
) -> list[TargetProfile]:
    """The profiles an organisation may evaluate on. Pix shares profiles with some
    organisations; here every public, current profile of the content is open to all."""
    await ensure_organization_member(session, caller_id, organization_id)
    return [
        profile
        for profile in load_content().target_profiles
        if profile.is_public and not profile.outdated
    ]


# --- creation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignCreation:
    """`POST /api/campaigns` as sent: values are checked here, not by the route, so that
    each problem becomes an E2 error on its field (types included)."""

    organization_id: int | None
    name: Any = None
    type: Any = None
    title: Any = None
    target_profile_id: int | None = None
    owner_id: Any = None
    multiple_sendings: bool = False
    external_id_label: Any = None
    external_id_type: Any = None
    custom_landing_page_text: Any = None
    # Older front-ends sent only a label; its type was implied.
    legacy_id_pix_label: Any = field(default=None)


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _check_text(
    invalid: list[InvalidAttribute], attribute: str, value: Any, limit: int, too_long: str
) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        invalid.append(InvalidAttribute(attribute, f'"{attribute}" must be a string'))
        return None
    if len(value) > limit:
        invalid.append(InvalidAttribute(attribute, too_long))
    return value


def _as_id(value: Any) -> int | None:
    """A database id sent as a number or a numeric string (Ember sends both)."""
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID:
        return value
    return None


@dataclass
class _ValidCreation:
    name: str = ""
    type: str = ""
    title: str | None = None
    custom_landing_page_text: str | None = None
    external_id_label: str | None = None
    external_id_type: str | None = None
    owner_id: int | None = None


def _validate_creation(data: CampaignCreation) -> tuple[_ValidCreation, list[InvalidAttribute]]:
    """Pix's `campaign-creation-validator` (all problems at once, like Joi's abortEarly
    false), plus the sizes of our columns. Membership of the owner is checked apart."""
    invalid: list[InvalidAttribute] = []
    valid = _ValidCreation()

    if data.type in (CampaignType.ASSESSMENT, CampaignType.PROFILES_COLLECTION):
        valid.type = str(data.type)
    else:
        invalid.append(InvalidAttribute("type", "CAMPAIGN_PURPOSE_IS_REQUIRED"))
    is_profiles_collection = valid.type == CampaignType.PROFILES_COLLECTION

    # A name of spaces names nothing (Pix Admin's route says so too).
    if not isinstance(data.name, str) or not data.name.strip():
        invalid.append(InvalidAttribute("name", "CAMPAIGN_NAME_IS_REQUIRED"))
    elif len(data.name) > MAX_NAME_LENGTH:
        invalid.append(InvalidAttribute("name", "CAMPAIGN_NAME_IS_TOO_LONG"))
    else:
        valid.name = data.name

    if data.organization_id is None:
        invalid.append(InvalidAttribute("organizationId", "MISSING_ORGANIZATION"))

    if data.owner_id is not None:
        owner_id = _as_id(data.owner_id)
        if owner_id is None:
            invalid.append(InvalidAttribute("ownerId", "MISSING_OWNER"))
        valid.owner_id = owner_id

    if valid.type == CampaignType.ASSESSMENT and data.target_profile_id is None:
        invalid.append(InvalidAttribute("targetProfileId", "TARGET_PROFILE_IS_REQUIRED"))
    if is_profiles_collection and data.target_profile_id is not None:
        invalid.append(
            InvalidAttribute(
                "targetProfileId", "TARGET_PROFILE_NOT_ALLOWED_FOR_PROFILES_COLLECTION_CAMPAIGN"
            )
        )

    title = _check_text(
        invalid, "title", _blank_to_none(data.title), MAX_TITLE_LENGTH, "CAMPAIGN_TITLE_IS_TOO_LONG"
    )
    if title is not None and is_profiles_collection:
        invalid.append(InvalidAttribute("title", TITLE_NOT_ALLOWED_FOR_PROFILES_COLLECTION))
    valid.title = title
    valid.custom_landing_page_text = _check_text(
        invalid,
        "customLandingPageText",
        _blank_to_none(data.custom_landing_page_text),
        MAX_LANDING_PAGE_TEXT_LENGTH,
        "CUSTOM_LANDING_PAGE_TEXT_IS_TOO_LONG",
    )
    _validate_external_id(data, valid, invalid)
    return valid, invalid


def _validate_external_id(
    data: CampaignCreation, valid: _ValidCreation, invalid: list[InvalidAttribute]
) -> None:
    label = data.external_id_label
    id_type = data.external_id_type
    if label is None and data.legacy_id_pix_label is not None:
        label, id_type = data.legacy_id_pix_label, id_type or ExternalIdType.STRING
    if label is None:
        if id_type is not None:
            invalid.append(InvalidAttribute("externalIdType", '"externalIdType" must be [null]'))
        return
    # "Oui" with an empty label: the teacher forgot to name the identifier.
    if not isinstance(label, str) or len(label.strip()) < MIN_EXTERNAL_ID_LABEL_LENGTH:
        invalid.append(InvalidAttribute("externalIdLabel", "EXTERNAL_USER_ID_IS_REQUIRED"))
    elif len(label) > MAX_EXTERNAL_ID_LABEL_LENGTH:
        invalid.append(InvalidAttribute("externalIdLabel", "EXTERNAL_ID_LABEL_IS_TOO_LONG"))
    else:
        valid.external_id_label = label
    if id_type in (ExternalIdType.STRING, ExternalIdType.EMAIL):
        valid.external_id_type = str(id_type)
    else:
        invalid.append(InvalidAttribute("externalIdType", "MISSING_ID_PIX_TYPE"))


async def create_campaign(
    session: AsyncSession,
    caller_id: int,
    data: CampaignCreation,
    *,
    code_generator: CodeGenerator = generate_campaign_code,
) -> CampaignReport:
    """Create a campaign for the caller (its creator, and owner unless another member is
    named). Order of checks: member of the organisation (403), every field (422), then
    what the organisation may do with a valid campaign (403)."""
    organization: Organization | None = None
    if data.organization_id is not None:
        organization = await session.get(Organization, data.organization_id)
        if (
            organization is None
            or await active_membership(session, caller_id, organization.id) is None
        ):
            raise Forbidden("Cet utilisateur n'est pas autorisé à créer une campagne.")

    valid, invalid = _validate_creation(data)
    owner_id = valid.owner_id if valid.owner_id is not None else caller_id
    if (
        organization is not None
        and valid.owner_id is not None
        and await active_membership(session, owner_id, organization.id) is None
    ):
        invalid.append(InvalidAttribute("ownerId", "OWNER_NOT_IN_ORGANIZATION"))
    if invalid:
        raise EntityValidation(invalid)
    assert organization is not None  # else MISSING_ORGANIZATION was reported

    if valid.type == CampaignType.ASSESSMENT:
        assert data.target_profile_id is not None
        _ensure_target_profile_available(data.target_profile_id)
        if data.multiple_sendings and not (organization.features or {}).get(
            MULTIPLE_SENDING_ASSESSMENT
        ):
            raise Forbidden(
                f"L'organisation {organization.id}, n'est pas autorisée à créer une campagne "
                "d'évaluation à envoi multiple."
            )

    campaign = Campaign(
        name=valid.name,
        type=valid.type,
        title=valid.title,
        target_profile_id=data.target_profile_id,
        organization_id=organization.id,
        creator_id=caller_id,
        owner_id=owner_id,
        custom_landing_page_text=valid.custom_landing_page_text,
        external_id_label=valid.external_id_label,
        external_id_type=valid.external_id_type,
        multiple_sendings=data.multiple_sendings,
        created_at=utcnow(),
    )
    await _insert_with_unique_code(session, campaign, code_generator)
    return await _report(session, campaign)


def _ensure_target_profile_available(target_profile_id: int) -> None:
    available = {p.id for p in load_content().target_profiles if p.is_public and not p.outdated}
    if target_profile_id not in available:
        raise Forbidden(f"Organization does not have an access to the profile {target_profile_id}")


async def _insert_with_unique_code(
    session: AsyncSession, campaign: Campaign, code_generator: CodeGenerator
) -> None:
    """Draw codes until one is not used by any campaign, as Pix's code generator does.
    (Two creations drawing the same free code at the same instant, one chance in ~10^11,
    would meet the unique index.)"""
    for _ in range(CODE_ATTEMPTS):
        code = code_generator()
        if await session.scalar(select(Campaign.id).where(Campaign.code == code)) is None:
            campaign.code = code
            session.add(campaign)
            await session.flush()
            return
    raise RuntimeError(f"no free campaign code after {CODE_ATTEMPTS} attempts")


# --- update, archive -----------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignChanges:
    """`PATCH /api/campaigns/{id}`: what Pix Orga lets change after creation."""

    name: str
    title: str | None
    custom_landing_page_text: str | None
    owner_id: int


async def update_campaign(
    session: AsyncSession, caller_id: int, campaign_id: int, changes: CampaignChanges
) -> CampaignReport:
    campaign = await _manageable(session, caller_id, campaign_id)
    invalid: list[InvalidAttribute] = []
    if await active_membership(session, changes.owner_id, campaign.organization_id) is None:
        invalid.append(InvalidAttribute("ownerId", "OWNER_NOT_IN_ORGANIZATION"))
    if not changes.name.strip():
        invalid.append(InvalidAttribute("name", "CAMPAIGN_NAME_IS_REQUIRED"))
    elif len(changes.name) > MAX_NAME_LENGTH:
        invalid.append(InvalidAttribute("name", "CAMPAIGN_NAME_IS_TOO_LONG"))
    title = _blank_to_none(changes.title)
    if title is not None and campaign.type == CampaignType.PROFILES_COLLECTION:
        invalid.append(InvalidAttribute("title", TITLE_NOT_ALLOWED_FOR_PROFILES_COLLECTION))
    elif title is not None and len(title) > MAX_TITLE_LENGTH:
        invalid.append(InvalidAttribute("title", "CAMPAIGN_TITLE_IS_TOO_LONG"))
    text = _blank_to_none(changes.custom_landing_page_text)
    if text is not None and len(text) > MAX_LANDING_PAGE_TEXT_LENGTH:
        invalid.append(
            InvalidAttribute("customLandingPageText", "CUSTOM_LANDING_PAGE_TEXT_IS_TOO_LONG")
        )
    if invalid:
        raise EntityValidation(invalid)
    campaign.name = changes.name
    campaign.title = title
    campaign.custom_landing_page_text = text
    campaign.owner_id = changes.owner_id
    await session.flush()
    return await _report(session, campaign)


async def archive_campaign(
    session: AsyncSession, caller_id: int, campaign_id: int
) -> CampaignReport:
    """Archive once, race-safe: two teachers (or a teacher and a support agent) archiving at
    the same instant both read "not archived yet"; a read-then-write would let both succeed
    and the last one overwrite `archivedBy`. The conditional UPDATE is the check: the database
    lets one of them change the row (PostgreSQL re-evaluates the WHERE after waiting for the
    other's row lock, SQLite serialises writers), the other sees 0 rows and gets the 412."""
    campaign = await _manageable(session, caller_id, campaign_id)
    if campaign.archived_at is not None:
        raise PreconditionFailed(ALREADY_ARCHIVED)
    archived = await session.execute(
        update(Campaign)
        .where(
            Campaign.id == campaign_id,
            Campaign.archived_at.is_(None),
            Campaign.deleted_at.is_(None),
        )
        .values(archived_at=utcnow(), archived_by_id=caller_id)
        .execution_options(synchronize_session=False)
    )
    # Whatever happened, the row as it is now (the winner's date and author when we lost).
    await session.refresh(campaign)
    if cast(CursorResult[Any], archived).rowcount != 1:
        if campaign.deleted_at is not None:
            raise NotFound(
                f"La campagne d'id {campaign_id} n'existe pas ou son accès est restreint"
            )
        raise PreconditionFailed(ALREADY_ARCHIVED)
    return await _report(session, campaign)


async def unarchive_campaign(
    session: AsyncSession, caller_id: int, campaign_id: int
) -> CampaignReport:
    """Unarchiving an active campaign changes nothing (Pix raises no error either)."""
    campaign = await _manageable(session, caller_id, campaign_id)
    campaign.archived_at = None
    campaign.archived_by_id = None
    await session.flush()
    return await _report(session, campaign)
