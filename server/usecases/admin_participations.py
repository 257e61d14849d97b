"""Pix Admin on the participations of a campaign: list (with triage data), delete, fix the
external id; and the problems participants reported ("Signaler un problème").

Roles are checked by the routes; every change is audited in the request's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from server.errors import NotFound, PreconditionFailed
from server.jsonapi import Page
from server.models import (
    AdminAuditAction,
    Assessment,
    CampaignParticipation,
    Feedback,
    User,
    utcnow,
)
from server.usecases.admin_activity import is_stuck, last_activity_subquery, stuck_threshold
from server.usecases.admin_audit import AdminActor, record_action
from server.usecases.admin_campaigns import ensure_campaign_exists

PARTICIPATION_ALREADY_DELETED = "La participation est déjà supprimée."

Participant = aliased(User, name="participant")
DeletedBy = aliased(User, name="deleted_by")


def participation_not_found(participation_id: int) -> NotFound:
    return NotFound(f"La participation avec l'id {participation_id} n'existe pas.")


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipationManagement:
    """A participation as Pix Admin lists it, with who deleted it and the last activity."""

    participation: CampaignParticipation
    first_name: str
    last_name: str
    deleted_by_first_name: str | None
    deleted_by_last_name: str | None
    last_activity_at: datetime | None

    @property
    def deleted_by_full_name(self) -> str | None:
        if self.deleted_by_first_name is None and self.deleted_by_last_name is None:
            return None
        return f"{self.deleted_by_first_name or ''} {self.deleted_by_last_name or ''}".strip()


@dataclass(frozen=True)
class ParticipationFilters:
    """`filter[status]` (STARTED, TO_SHARE, SHARED) and `filter[stuckAfterDays]` (only the
    STARTED ones quiet for that many days)."""

    status: str | None = None
    stuck_after_days: int | None = None


async def list_campaign_participations(
    session: AsyncSession, campaign_id: int, filters: ParticipationFilters, page: Page
) -> tuple[list[ParticipationManagement], int]:
    """Every participation, deleted ones included, by participant name as Pix sorts them."""
    await ensure_campaign_exists(session, campaign_id)
    activity = last_activity_subquery(campaign_id)
    conditions: list[ColumnElement[bool]] = [CampaignParticipation.campaign_id == campaign_id]
    if filters.status is not None:
        conditions.append(CampaignParticipation.status == filters.status)
    if filters.stuck_after_days is not None:
        conditions.append(is_stuck(activity, stuck_threshold(utcnow(), filters.stuck_after_days)))

    def joined(statement: Any) -> Any:
        return statement.outerjoin(
            activity, activity.c.participation_id == CampaignParticipation.id
        ).where(*conditions)

    row_count = await session.scalar(
        joined(select(func.count(CampaignParticipation.id)).select_from(CampaignParticipation))
    )
    rows = await session.execute(
        joined(
            select(
                CampaignParticipation,
                Participant.first_name,
                Participant.last_name,
                DeletedBy.first_name,
                DeletedBy.last_name,
                activity.c.last_answer_at,
            )
            .join(Participant, Participant.id == CampaignParticipation.user_id)
            .outerjoin(DeletedBy, DeletedBy.id == CampaignParticipation.deleted_by_id)
        )
        .order_by(Participant.last_name, Participant.first_name, CampaignParticipation.id)
        .offset(page.offset)
        .limit(page.size)
    )
    return [ParticipationManagement(*row) for row in rows], int(row_count or 0)


@dataclass(frozen=True)
class FeedbackReport:
    """A "Signaler un problème" report, with the participation and participant it came from."""

    feedback: Feedback
    participation_id: int
    user_id: int
    first_name: str
    last_name: str


async def campaign_feedbacks(
    session: AsyncSession, campaign_id: int, page: Page
) -> tuple[list[FeedbackReport], int]:
    """The problems reported during the campaign's tests, newest first."""
    await ensure_campaign_exists(session, campaign_id)

    def of_campaign(statement: Any) -> Any:
        return (
            statement.join(Assessment, Assessment.id == Feedback.assessment_id)
            .join(
                CampaignParticipation,
                CampaignParticipation.id == Assessment.campaign_participation_id,
            )
            .where(CampaignParticipation.campaign_id == campaign_id)
        )

    row_count = await session.scalar(
        of_campaign(select(func.count(Feedback.id)).select_from(Feedback))
    )
    rows = await session.execute(
        of_campaign(
            select(
                Feedback,
                CampaignParticipation.id,
                CampaignParticipation.user_id,
                Participant.first_name,
                Participant.last_name,
            ).select_from(Feedback)
        )
        .join(Participant, Participant.id == CampaignParticipation.user_id)
        .order_by(Feedback.created_at.desc(), Feedback.id.desc())
        .offset(page.offset)
        .limit(page.size)
    )
    return [FeedbackReport(*row) for row in rows], int(row_count or 0)


# --- changing ------------------------------------------------------------------------------


async def delete_participation(
    session: AsyncSession, actor: AdminActor, campaign_id: int, participation_id: int
) -> list[int]:
    """`DELETE /api/admin/campaigns/{c}/campaign-participations/{p}`: like Pix, every live
    participation of the same learner in the campaign is deleted (a retry leaves several).
    One audit entry per participation deleted; returns their ids."""
    target = await session.get(CampaignParticipation, participation_id, with_for_update=True)
    if target is None or target.campaign_id != campaign_id:
        raise participation_not_found(participation_id)
    same_learner = list(
        await session.scalars(
            select(CampaignParticipation)
            .where(
                CampaignParticipation.campaign_id == campaign_id,
                CampaignParticipation.user_id == target.user_id,
                CampaignParticipation.deleted_at.is_(None),
            )
            .order_by(CampaignParticipation.id)
            .with_for_update()
        )
    )
    if not same_learner:
        raise PreconditionFailed(PARTICIPATION_ALREADY_DELETED)
    now = utcnow()
    for participation in same_learner:
        participation.deleted_at = now
        participation.deleted_by_id = actor.user_id
        record_action(
            session,
            actor,
            AdminAuditAction.DELETE_PARTICIPATION,
            campaign_id=campaign_id,
            participation_id=participation.id,
            before={"deleted-at": None, "deleted-by": None},
            after={"deleted-at": now, "deleted-by": actor.user_id},
        )
    await session.flush()
    return [participation.id for participation in same_learner]


async def update_participant_external_id(
    session: AsyncSession, actor: AdminActor, participation_id: int, external_id: str | None
) -> None:
    """`PATCH /api/admin/campaign-participations/{id}`; an empty id is stored as null."""
    participation = await session.get(CampaignParticipation, participation_id, with_for_update=True)
    if participation is None:
        raise participation_not_found(participation_id)
    value = external_id if external_id else None
    if participation.participant_external_id == value:
        return
    before = {"participant-external-id": participation.participant_external_id}
    participation.participant_external_id = value
    record_action(
        session,
        actor,
        AdminAuditAction.UPDATE_EXTERNAL_ID,
        campaign_id=participation.campaign_id,
        participation_id=participation.id,
        before=before,
        after={"participant-external-id": value},
    )
    await session.flush()
