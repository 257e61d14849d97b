"""Pix Admin on campaigns of any organisation: read, search, edit, archive, change owner.

Roles are checked by the routes (server/routes/admin_access.py) before anything here runs.
Every change is recorded in the audit trail in the same transaction, after its checks: a
refused change writes nothing. A change that changes nothing (same owner, same values)
records nothing either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from server.content.loader import load_content
from server.errors import EntityValidation, InvalidAttribute, NotFound, PreconditionFailed
from server.jsonapi import Page
from server.models import (
    AdminAuditAction,
    Campaign,
    CampaignParticipation,
    CampaignType,
    Organization,
    User,
    utcnow,
)
from server.permissions import active_membership
from server.usecases.admin_activity import (
    STUCK_AFTER_DAYS,
    ParticipationCounts,
    participation_counts,
)
from server.usecases.admin_audit import AdminActor, changed_values, record_action
from server.usecases.campaigns import (
    ALREADY_ARCHIVED,
    MAX_LANDING_PAGE_TEXT_LENGTH,
    MAX_NAME_LENGTH,
    MAX_TITLE_LENGTH,
    TITLE_NOT_ALLOWED_FOR_PROFILES_COLLECTION,
)

MAX_RESULT_PAGE_TEXT_LENGTH = 5000
MAX_BUTTON_TEXT_LENGTH = 255  # the column's size
NOT_ARCHIVED = "Cette campagne n'est pas archivée."
CAMPAIGN_DELETED = "Cette campagne est supprimée."

Creator = aliased(User, name="creator")
Owner = aliased(User, name="owner")


def campaign_not_found(campaign_id: int) -> NotFound:
    return NotFound(f"La campagne d'id {campaign_id} n'existe pas.")


# --- reading -------------------------------------------------------------------------------


async def ensure_campaign_exists(session: AsyncSession, campaign_id: int) -> None:
    """A 404 for an unknown campaign (deleted ones exist for Pix Admin)."""
    if await session.scalar(select(Campaign.id).where(Campaign.id == campaign_id)) is None:
        raise campaign_not_found(campaign_id)


@dataclass(frozen=True)
class CampaignManagement:
    """A campaign as Pix Admin shows it: with its organisation, creator, owner, and in the
    detail its participation counts (None in lists)."""

    campaign: Campaign
    organization_name: str
    creator_first_name: str
    creator_last_name: str
    owner_first_name: str
    owner_last_name: str
    counts: ParticipationCounts | None = None
    stuck_after_days: int = STUCK_AFTER_DAYS

    @property
    def target_profile_name(self) -> str | None:
        profile_id = self.campaign.target_profile_id
        if profile_id is None:
            return None
        profile = load_content().target_profiles_by_id.get(profile_id)
        return profile.name if profile is not None else None


def _management_query() -> Any:
    return (
        select(
            Campaign,
            Organization.name,
            Creator.first_name,
            Creator.last_name,
            Owner.first_name,
            Owner.last_name,
        )
        .join(Organization, Organization.id == Campaign.organization_id)
        .join(Creator, Creator.id == Campaign.creator_id)
        .join(Owner, Owner.id == Campaign.owner_id)
    )


def _management(row: Any) -> CampaignManagement:
    campaign, organization_name, creator_first, creator_last, owner_first, owner_last = row
    return CampaignManagement(
        campaign, organization_name, creator_first, creator_last, owner_first, owner_last
    )


async def get_campaign_management(
    session: AsyncSession, campaign_id: int, *, stuck_after_days: int = STUCK_AFTER_DAYS
) -> CampaignManagement:
    """`GET /api/admin/campaigns/{id}`: any campaign, deleted ones included."""
    row = (await session.execute(_management_query().where(Campaign.id == campaign_id))).first()
    if row is None:
        raise campaign_not_found(campaign_id)
    counts = await participation_counts(
        session, campaign_id, now=utcnow(), stuck_after_days=stuck_after_days
    )
    management = _management(row)
    return CampaignManagement(
        management.campaign,
        management.organization_name,
        management.creator_first_name,
        management.creator_last_name,
        management.owner_first_name,
        management.owner_last_name,
        counts=counts,
        stuck_after_days=stuck_after_days,
    )


@dataclass(frozen=True)
class CampaignSearch:
    """`filter[code]`, `filter[id]`, `filter[name]` of the cross-organisation search: code and
    name match a fragment in any case, the id exactly; several filters all apply."""

    code: str | None = None
    id: int | None = None
    name: str | None = None


def normalized_code(text: str) -> str:
    """Codes are typed by hand: `rentre 123` finds RENTRE123."""
    return "".join(text.split()).upper()


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(column: Any, text: str) -> ColumnElement[bool]:
    return func.lower(column).like(f"%{_escape_like(text.lower())}%", escape="\\")


async def _page_of(
    session: AsyncSession,
    conditions: Sequence[ColumnElement[bool]],
    order: Sequence[Any],
    page: Page,
) -> tuple[list[CampaignManagement], int]:
    row_count = await session.scalar(select(func.count(Campaign.id)).where(*conditions))
    rows = await session.execute(
        _management_query().where(*conditions).order_by(*order).offset(page.offset).limit(page.size)
    )
    return [_management(row) for row in rows], int(row_count or 0)


async def search_campaigns(
    session: AsyncSession, search: CampaignSearch, page: Page
) -> tuple[list[CampaignManagement], int]:
    """Campaigns of every organisation, deleted ones included (support looks for them too).

    An exact code comes first, then the newest; the id breaks ties so pages never overlap.
    """
    conditions: list[ColumnElement[bool]] = []
    order: list[Any] = []
    if search.code:
        code = normalized_code(search.code)
        conditions.append(Campaign.code.like(f"%{_escape_like(code)}%", escape="\\"))
        order.append(case((Campaign.code == code, 0), else_=1))
    if search.id is not None:
        conditions.append(Campaign.id == search.id)
    if search.name:
        conditions.append(_contains(Campaign.name, search.name.strip()))
    order += [Campaign.created_at.desc(), Campaign.id.desc()]
    return await _page_of(session, conditions, order, page)


async def organization_campaigns(
    session: AsyncSession, organization_id: int, page: Page, *, name: str | None = None
) -> tuple[list[CampaignManagement], int]:
    """`GET /api/admin/organizations/{id}/campaigns`: newest first, deleted ones included."""
    conditions: list[ColumnElement[bool]] = [Campaign.organization_id == organization_id]
    if name:
        conditions.append(_contains(Campaign.name, name.strip()))
    return await _page_of(
        session, conditions, [Campaign.created_at.desc(), Campaign.id.desc()], page
    )


# --- editing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignDetailsChanges:
    """`PATCH /api/admin/campaigns/{id}` (CONTRACT 8.5): every key is required, texts may be
    null; a blank text is stored as null."""

    name: str
    title: str | None
    custom_landing_page_text: str | None
    custom_result_page_text: str | None
    custom_result_page_button_text: str | None
    custom_result_page_button_url: str | None
    multiple_sendings: bool


def _blank_to_none(value: str | None) -> str | None:
    return None if value is None or not value.strip() else value


def _is_url(value: str) -> bool:
    parsed = urlparse(value)
    return bool(parsed.scheme) and bool(parsed.netloc)


async def _campaign(session: AsyncSession, campaign_id: int) -> Campaign:
    """The campaign to change, locked until the transaction ends (PostgreSQL): two admins
    archiving it at once must not both succeed and both be recorded."""
    campaign = await session.get(Campaign, campaign_id, with_for_update=True)
    if campaign is None:
        raise campaign_not_found(campaign_id)
    return campaign


async def _has_participations(session: AsyncSession, campaign_id: int) -> bool:
    found = await session.scalar(
        select(CampaignParticipation.id)
        .where(CampaignParticipation.campaign_id == campaign_id)
        .limit(1)
    )
    return found is not None


def _check_lengths(
    changes: CampaignDetailsChanges, campaign: Campaign, invalid: list[InvalidAttribute]
) -> None:
    if not changes.name.strip():
        invalid.append(InvalidAttribute("name", "CAMPAIGN_NAME_IS_REQUIRED"))
    elif len(changes.name) > MAX_NAME_LENGTH:
        invalid.append(InvalidAttribute("name", "CAMPAIGN_NAME_IS_TOO_LONG"))
    title = _blank_to_none(changes.title)
    if title is not None and campaign.type == CampaignType.PROFILES_COLLECTION:
        invalid.append(InvalidAttribute("title", TITLE_NOT_ALLOWED_FOR_PROFILES_COLLECTION))
    elif title is not None and len(title) > MAX_TITLE_LENGTH:
        invalid.append(InvalidAttribute("title", "CAMPAIGN_TITLE_IS_TOO_LONG"))
    landing = _blank_to_none(changes.custom_landing_page_text)
    if landing is not None and len(landing) > MAX_LANDING_PAGE_TEXT_LENGTH:
        invalid.append(
            InvalidAttribute("customLandingPageText", "CUSTOM_LANDING_PAGE_TEXT_IS_TOO_LONG")
        )
    result = _blank_to_none(changes.custom_result_page_text)
    if result is not None and len(result) > MAX_RESULT_PAGE_TEXT_LENGTH:
        invalid.append(
            InvalidAttribute("customResultPageText", "CUSTOM_RESULT_PAGE_TEXT_IS_TOO_LONG")
        )


def _check_result_button(
    changes: CampaignDetailsChanges, campaign: Campaign, invalid: list[InvalidAttribute]
) -> None:
    """Pix's creation validator: text and URL go together, the URL is a full one, and a
    profiles collection has no result page button."""
    text = _blank_to_none(changes.custom_result_page_button_text)
    url = _blank_to_none(changes.custom_result_page_button_url)
    if campaign.type == CampaignType.PROFILES_COLLECTION and (text or url):
        invalid.append(
            InvalidAttribute(
                "customResultPageButtonText",
                "CUSTOM_RESULT_PAGE_BUTTON_NOT_ALLOWED_FOR_PROFILES_COLLECTION_CAMPAIGN",
            )
        )
        return
    if text is not None and url is None:
        invalid.append(
            InvalidAttribute(
                "customResultPageButtonUrl",
                "CUSTOM_RESULT_PAGE_BUTTON_URL_IS_REQUIRED_WHEN_CUSTOM_RESULT_PAGE_BUTTON_TEXT_IS_FILLED",
            )
        )
    if url is not None and text is None:
        invalid.append(
            InvalidAttribute(
                "customResultPageButtonText",
                "CUSTOM_RESULT_PAGE_BUTTON_TEXT_IS_REQUIRED_WHEN_CUSTOM_RESULT_PAGE_BUTTON_URL_IS_FILLED",
            )
        )
    if url is not None and not _is_url(url):
        invalid.append(
            InvalidAttribute(
                "customResultPageButtonUrl", "CUSTOM_RESULT_PAGE_BUTTON_URL_MUST_BE_A_URL"
            )
        )
    if text is not None and len(text) > MAX_BUTTON_TEXT_LENGTH:
        invalid.append(
            InvalidAttribute(
                "customResultPageButtonText", "CUSTOM_RESULT_PAGE_BUTTON_TEXT_IS_TOO_LONG"
            )
        )


def _editable_values(campaign: Campaign) -> dict[str, Any]:
    return {
        "name": campaign.name,
        "title": campaign.title,
        "custom-landing-page-text": campaign.custom_landing_page_text,
        "custom-result-page-text": campaign.custom_result_page_text,
        "custom-result-page-button-text": campaign.custom_result_page_button_text,
        "custom-result-page-button-url": campaign.custom_result_page_button_url,
        "multiple-sendings": campaign.multiple_sendings,
    }


async def update_campaign_details(
    session: AsyncSession, actor: AdminActor, campaign_id: int, changes: CampaignDetailsChanges
) -> None:
    """Every problem at once (E2); `multipleSendings` is frozen once someone participated
    (`CANT_UPDATE_ATTRIBUTE_WHEN_CAMPAIGN_HAS_PARTICIPATIONS`, as Pix)."""
    campaign = await _campaign(session, campaign_id)
    invalid: list[InvalidAttribute] = []
    _check_lengths(changes, campaign, invalid)
    _check_result_button(changes, campaign, invalid)
    if changes.multiple_sendings != campaign.multiple_sendings and await _has_participations(
        session, campaign_id
    ):
        invalid.append(
            InvalidAttribute(
                "multipleSendings", "CANT_UPDATE_ATTRIBUTE_WHEN_CAMPAIGN_HAS_PARTICIPATIONS"
            )
        )
    if invalid:
        raise EntityValidation(invalid)
    before = _editable_values(campaign)
    campaign.name = changes.name
    campaign.title = _blank_to_none(changes.title)
    campaign.custom_landing_page_text = _blank_to_none(changes.custom_landing_page_text)
    campaign.custom_result_page_text = _blank_to_none(changes.custom_result_page_text)
    campaign.custom_result_page_button_text = _blank_to_none(changes.custom_result_page_button_text)
    campaign.custom_result_page_button_url = _blank_to_none(changes.custom_result_page_button_url)
    campaign.multiple_sendings = changes.multiple_sendings
    old, new = changed_values(before, _editable_values(campaign))
    if old or new:
        record_action(
            session,
            actor,
            AdminAuditAction.UPDATE_CAMPAIGN,
            campaign_id=campaign.id,
            before=old,
            after=new,
        )
    await session.flush()


def _archive_values(campaign: Campaign) -> dict[str, Any]:
    return {"archived-at": campaign.archived_at, "archived-by": campaign.archived_by_id}


def _archive(session: AsyncSession, actor: AdminActor, campaign: Campaign, now: datetime) -> None:
    before = _archive_values(campaign)
    campaign.archived_at = now
    campaign.archived_by_id = actor.user_id
    record_action(
        session,
        actor,
        AdminAuditAction.ARCHIVE_CAMPAIGN,
        campaign_id=campaign.id,
        before=before,
        after=_archive_values(campaign),
    )


async def archive_campaign(session: AsyncSession, actor: AdminActor, campaign_id: int) -> None:
    """Extension `POST /api/admin/campaigns/{id}/archive`: nobody can join it any more."""
    campaign = await _campaign(session, campaign_id)
    if campaign.deleted_at is not None:
        raise PreconditionFailed(CAMPAIGN_DELETED)
    if campaign.archived_at is not None:
        raise PreconditionFailed(ALREADY_ARCHIVED)
    _archive(session, actor, campaign, utcnow())
    await session.flush()


async def unarchive_campaign(session: AsyncSession, actor: AdminActor, campaign_id: int) -> None:
    """Extension `POST /api/admin/campaigns/{id}/unarchive`. Unlike Pix Orga, unarchiving an
    active campaign is refused (412): the trail never records an action that did nothing."""
    campaign = await _campaign(session, campaign_id)
    if campaign.deleted_at is not None:
        raise PreconditionFailed(CAMPAIGN_DELETED)
    if campaign.archived_at is None:
        raise PreconditionFailed(NOT_ARCHIVED)
    before = _archive_values(campaign)
    campaign.archived_at = None
    campaign.archived_by_id = None
    record_action(
        session,
        actor,
        AdminAuditAction.UNARCHIVE_CAMPAIGN,
        campaign_id=campaign.id,
        before=before,
        after=_archive_values(campaign),
    )
    await session.flush()


async def archive_campaigns_in_bulk(
    session: AsyncSession, actor: AdminActor, campaign_ids: Sequence[int]
) -> list[int]:
    """`POST /api/admin/campaigns/archive-campaigns` (CSV): like Pix, unknown ids and
    campaigns already archived are skipped silently. Returns the ids archived now."""
    if not campaign_ids:
        return []
    campaigns = await session.scalars(
        select(Campaign)
        .where(Campaign.id.in_(set(campaign_ids)), Campaign.archived_at.is_(None))
        .order_by(Campaign.id)
        .with_for_update()
    )
    now = utcnow()
    archived = []
    for campaign in campaigns:
        _archive(session, actor, campaign, now)
        archived.append(campaign.id)
    await session.flush()
    return archived


async def change_campaign_owner(
    session: AsyncSession, actor: AdminActor, campaign_id: int, owner_id: int
) -> None:
    """Extension `PATCH /api/admin/campaigns/{id}/owner`: the new owner must be an active
    member of the campaign's organisation (`OWNER_NOT_IN_ORGANIZATION`, E2 on `owner`)."""
    campaign = await _campaign(session, campaign_id)
    if await active_membership(session, owner_id, campaign.organization_id) is None:
        raise EntityValidation.single("ownerId", "OWNER_NOT_IN_ORGANIZATION")
    if campaign.owner_id == owner_id:
        return
    before = await _owner_values(session, campaign.owner_id)
    campaign.owner_id = owner_id
    record_action(
        session,
        actor,
        AdminAuditAction.CHANGE_OWNER,
        campaign_id=campaign.id,
        before=before,
        after=await _owner_values(session, owner_id),
    )
    await session.flush()


async def _owner_values(session: AsyncSession, owner_id: int) -> dict[str, Any]:
    # The name too: the trail must read well even after the account is renamed or removed.
    owner = await session.get(User, owner_id)
    return {"owner-id": owner_id, "owner-full-name": owner.full_name if owner else None}
