"""Triage data for support: when a participant last did something, who is stuck, counts by status.

A participant's last activity is the date of their last answer in the participation (None
before the first one). A participation is stuck when it is still STARTED and nothing has
happened for `stuck_after_days`: no answer since then, or none at all since it started.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.models import Answer, Assessment, CampaignParticipation, ParticipationStatus

STUCK_AFTER_DAYS = 7
"""Default of "no activity for N days" (a school week and a weekend)."""


def last_activity_subquery(campaign_id: int) -> Any:
    """(participation_id, last_answer_at) for the participations of one campaign."""
    return (
        select(
            Assessment.campaign_participation_id.label("participation_id"),
            func.max(Answer.created_at).label("last_answer_at"),
        )
        .join(Answer, Answer.assessment_id == Assessment.id)
        .join(
            CampaignParticipation,
            CampaignParticipation.id == Assessment.campaign_participation_id,
        )
        .where(CampaignParticipation.campaign_id == campaign_id)
        .group_by(Assessment.campaign_participation_id)
        .subquery("last_activity")
    )


def is_stuck(activity: Any, threshold: datetime) -> ColumnElement[bool]:
    """STARTED, live, and quiet since `threshold` (`activity`: a last_activity_subquery)."""
    quiet_since = func.coalesce(activity.c.last_answer_at, CampaignParticipation.created_at)
    return (
        (CampaignParticipation.status == ParticipationStatus.STARTED)
        & CampaignParticipation.deleted_at.is_(None)
        & CampaignParticipation.is_improved.is_(False)
        & (quiet_since < threshold)
    )


def stuck_threshold(now: datetime, stuck_after_days: int) -> datetime:
    return now - timedelta(days=stuck_after_days)


@dataclass(frozen=True)
class ParticipationCounts:
    """Participants by state. Like the Orga counts, a retried participation (is_improved)
    and a deleted one are not counted in `total` or by status; `deleted` counts the latter."""

    total: int = 0
    started: int = 0
    to_share: int = 0
    shared: int = 0
    deleted: int = 0
    stuck: int = 0


async def participation_counts(
    session: AsyncSession, campaign_id: int, *, now: datetime, stuck_after_days: int
) -> ParticipationCounts:
    """Every count of the campaign detail, in one grouped statement."""
    activity = last_activity_subquery(campaign_id)
    live = CampaignParticipation.deleted_at.is_(None) & CampaignParticipation.is_improved.is_(False)

    def count_where(condition: ColumnElement[bool]) -> Any:
        return func.count(case((condition, CampaignParticipation.id), else_=None))

    def live_with(status: ParticipationStatus) -> ColumnElement[bool]:
        return live & (CampaignParticipation.status == status)

    row = (
        await session.execute(
            select(
                count_where(live),
                count_where(live_with(ParticipationStatus.STARTED)),
                count_where(live_with(ParticipationStatus.TO_SHARE)),
                count_where(live_with(ParticipationStatus.SHARED)),
                count_where(CampaignParticipation.deleted_at.is_not(None)),
                count_where(is_stuck(activity, stuck_threshold(now, stuck_after_days))),
            )
            .select_from(CampaignParticipation)
            .outerjoin(activity, activity.c.participation_id == CampaignParticipation.id)
            .where(CampaignParticipation.campaign_id == campaign_id)
        )
    ).one()
    total, started, to_share, shared, deleted, stuck = (int(value or 0) for value in row)
    return ParticipationCounts(total, started, to_share, shared, deleted, stuck)
