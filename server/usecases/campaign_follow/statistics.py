"""What the class achieved as a whole: results per competence (CONTRACT 5.5) and the charts
of the "Activité" and "Résultats" tabs (Pix's `/stats/...` routes).

Statuses and days count each learner's current participation (a retry supersedes the
older one); results count each learner's latest shared participation.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Date, case, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.content import Area, Competence
from server.engine.rounding import js_math_round
from server.learning import campaign_content, content
from server.models import Campaign, CampaignParticipation, CampaignType, ParticipationStatus
from server.usecases.campaign_follow.queries import (
    current_participations,
    latest_shared,
    pix_mastery_rate,
)
from server.usecases.campaign_follow.versions import dialect_name

CP = CampaignParticipation


# --- collective results ---------------------------------------------------------------------


@dataclass(frozen=True)
class CompetenceCollectiveResult:
    competence: Competence
    area: Area
    targeted_skills_count: int
    average_validated_skills: float

    @property
    def average_rate(self) -> float:
        """Average mastery of the competence, 0..1 (`average / targeted`)."""
        if self.targeted_skills_count == 0:
            return 0.0
        return self.average_validated_skills / self.targeted_skills_count

    @property
    def validated_skills_percentage(self) -> int:
        """What Pix Orga prints: round(average × 100 / targeted)."""
        if self.targeted_skills_count == 0:
            return 0
        return js_math_round(self.average_validated_skills * 100 / self.targeted_skills_count)


async def collective_results(
    session: AsyncSession, campaign: Campaign
) -> list[CompetenceCollectiveResult]:
    """Per competence of the target profile (by index): the average number of its skills
    validated by the learners who shared, over those learners.

    Read from the results frozen at sharing time (`competence_results`), which are computed
    from the very knowledge the KE snapshot keeps: the same numbers, without parsing
    thousands of snapshots.
    """
    targeted = campaign_content(campaign)
    learning = content()
    per_competence: dict[str, int] = {}
    for skill in targeted.skills:
        per_competence[skill.competence_id] = per_competence.get(skill.competence_id, 0) + 1
    latest = latest_shared(campaign.id)
    rows = await session.scalars(
        select(CP.competence_results).join(latest, latest.c.participation_id == CP.id)
    )
    participants = 0
    validated: Counter[str] = Counter()
    for frozen in rows:
        participants += 1
        for item in frozen or []:
            if item.get("competence_id") in per_competence:
                validated[item["competence_id"]] += int(item.get("validated", 0))
    competences = sorted(
        (learning.competences_by_id[competence_id] for competence_id in per_competence),
        key=lambda competence: competence.index,
    )
    return [
        CompetenceCollectiveResult(
            competence=competence,
            area=learning.areas_by_id[competence.area_id],
            targeted_skills_count=per_competence[competence.id],
            average_validated_skills=(
                validated[competence.id] / participants if participants else 0.0
            ),
        )
        for competence in competences
    ]


# --- participations by status ---------------------------------------------------------------


@dataclass(frozen=True)
class StatusCounts:
    """`started` is None for a profiles collection (nobody is "in the test" there)."""

    started: int | None
    completed: int  # TO_SHARE: finished, results not sent yet
    shared: int

    @property
    def total(self) -> int:
        return (self.started or 0) + self.completed + self.shared


def _counted(status: ParticipationStatus) -> ColumnElement[Any]:
    return func.count(case((CP.status == status, CP.id), else_=None))


async def participations_by_status(session: AsyncSession, campaign: Campaign) -> StatusCounts:
    row = (
        await session.execute(
            select(
                _counted(ParticipationStatus.STARTED),
                _counted(ParticipationStatus.TO_SHARE),
                _counted(ParticipationStatus.SHARED),
            ).where(*current_participations(campaign.id))
        )
    ).one()
    started, completed, shared = (int(value) for value in row)
    is_assessment = campaign.type == CampaignType.ASSESSMENT
    return StatusCounts(started if is_assessment else None, completed, shared)


# --- participations by day ------------------------------------------------------------------


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int  # cumulative: participations up to that day included


@dataclass(frozen=True)
class ActivityByDay:
    started: list[DayCount]
    shared: list[DayCount]


def _utc_day(column: Any, dialect: str) -> ColumnElement[Any]:
    # SQLite keeps naive UTC text; PostgreSQL's timestamptz is cast in UTC, as Pix's is.
    if dialect == "sqlite":
        return func.date(column)
    return cast(func.timezone("UTC", column), Date)


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


async def _cumulative_by_day(
    session: AsyncSession, campaign: Campaign, column: Any
) -> list[DayCount]:
    day = _utc_day(column, dialect_name(session))
    rows = await session.execute(
        select(day, func.count(CP.id))
        .where(*current_participations(campaign.id), column.is_not(None))
        .group_by(day)
        .order_by(day)
    )
    total = 0
    series = []
    for value, count in rows:
        total += int(count)
        series.append(DayCount(_as_date(value), total))
    return series


async def participations_by_day(session: AsyncSession, campaign: Campaign) -> ActivityByDay:
    """Cumulative participants and shared results per day (UTC days, days without activity
    left out), as Pix's `participations-by-day`."""
    return ActivityByDay(
        started=await _cumulative_by_day(session, campaign, CP.created_at),
        shared=await _cumulative_by_day(session, campaign, CP.shared_at),
    )


# --- results distribution -------------------------------------------------------------------


@dataclass(frozen=True)
class MasteryRateCount:
    mastery_rate: float  # two decimals
    count: int


async def participations_by_mastery_rate(
    session: AsyncSession, campaign: Campaign
) -> list[MasteryRateCount]:
    """How many learners reached each mastery rate (latest shared result each)."""
    latest = latest_shared(campaign.id)
    rates = await session.scalars(
        select(CP.mastery_rate).join(latest, latest.c.participation_id == CP.id)
    )
    counts = Counter(pix_mastery_rate(rate) for rate in rates if rate is not None)
    return [
        MasteryRateCount(rate, count)
        for rate, count in sorted(counts.items(), key=lambda item: item[0] or 0.0)
        if rate is not None
    ]
