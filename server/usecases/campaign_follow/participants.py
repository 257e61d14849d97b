"""The campaign's paginated tables: "Activité" (everyone), "Résultats" (shared results of
an assessment), the profiles received (profiles collection), and one learner's attempts.

Each page costs a constant number of statements: the count, the page, and one grouped
query for what the page's rows need besides (participation counts, previous results).
There are no organisation learners here: a learner is the user, so the learner id that
Pix sends (`organization-learner-id`, the activity row's id) is the user id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.jsonapi import Page
from server.models import Campaign, CampaignParticipation, CampaignType, ParticipationStatus, User
from server.usecases.campaign_follow.queries import (
    by_name,
    current_participations,
    evolution,
    latest_shared,
    name_search,
    pix_mastery_rate,
)

CP = CampaignParticipation
T = TypeVar("T")


@dataclass(frozen=True)
class ParticipantFilters:
    """`filter[status]` (one status) and `filter[search]` (a piece of the name)."""

    status: ParticipationStatus | None = None
    search: str | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if self.status is not None:
            conditions.append(CP.status == self.status)
        if self.search and self.search.strip():
            conditions.append(name_search(self.search))
        return conditions


@dataclass(frozen=True)
class Listing(Generic[T]):
    rows: list[T]
    row_count: int


async def _count(session: AsyncSession, statement: Select[*tuple[Any, ...]]) -> int:
    counted = select(func.count()).select_from(statement.order_by(None).subquery())
    return int(await session.scalar(counted) or 0)


# --- "Activité" -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantActivity:
    learner_id: int
    first_name: str
    last_name: str
    participant_external_id: str | None
    status: str
    last_participation_id: int
    participation_count: int


async def participants_activity(
    session: AsyncSession, campaign: Campaign, filters: ParticipantFilters, page: Page
) -> Listing[ParticipantActivity]:
    """Everyone taking part (their current participation), by name."""
    rows_query = (
        select(
            CP.id, CP.user_id, CP.participant_external_id, CP.status, User.first_name,
            User.last_name,
        )
        .join(User, User.id == CP.user_id)
        .where(*current_participations(campaign.id), *filters.conditions())
    )  # fmt: skip
    row_count = await _count(session, rows_query)
    rows = (
        await session.execute(rows_query.order_by(*by_name()).offset(page.offset).limit(page.size))
    ).all()
    counts = await _participation_counts(session, campaign.id, [row.user_id for row in rows])
    return Listing(
        [
            ParticipantActivity(
                learner_id=row.user_id,
                first_name=row.first_name,
                last_name=row.last_name,
                participant_external_id=row.participant_external_id,
                status=row.status,
                last_participation_id=row.id,
                participation_count=counts.get(row.user_id, 1),
            )
            for row in rows
        ],
        row_count,
    )


async def _participation_counts(
    session: AsyncSession, campaign_id: int, user_ids: Sequence[int]
) -> dict[int, int]:
    """Attempts of each learner in the campaign (retries included, deleted ones not)."""
    if not user_ids:
        return {}
    rows = await session.execute(
        select(CP.user_id, func.count(CP.id))
        .where(CP.campaign_id == campaign_id, CP.user_id.in_(user_ids), CP.deleted_at.is_(None))
        .group_by(CP.user_id)
    )
    return {user_id: int(count) for user_id, count in rows}


# --- "Résultats" and profiles received ------------------------------------------------------


@dataclass(frozen=True)
class SharedResult:
    """A learner's latest shared participation, as the results tables list it."""

    participation_id: int
    learner_id: int
    first_name: str
    last_name: str
    participant_external_id: str | None
    shared_at: datetime | None
    mastery_rate: float | None  # two decimals, as Pix stores it
    validated_skills_count: int | None
    pix_score: int | None
    is_certifiable: bool | None
    certifiable_competences_count: int | None
    shared_count: int
    evolution: str | None


async def shared_results(
    session: AsyncSession, campaign: Campaign, search: str | None, page: Page
) -> Listing[SharedResult]:
    """Each learner's latest shared participation, by name: the results tab of an
    assessment, the profiles received of a profiles collection. Nothing unshared."""
    latest = latest_shared(campaign.id)
    rows_query = (
        select(CP, User.first_name, User.last_name, latest.c.shared_count)
        .join(latest, latest.c.participation_id == CP.id)
        .join(User, User.id == CP.user_id)
    )
    if search and search.strip():
        rows_query = rows_query.where(name_search(search))
    row_count = await _count(session, rows_query)
    rows = (
        await session.execute(rows_query.order_by(*by_name()).offset(page.offset).limit(page.size))
    ).all()
    is_profiles = campaign.type == CampaignType.PROFILES_COLLECTION
    previous = await _previous_shared(
        session,
        campaign.id,
        [(row[0].user_id, row[0].id) for row in rows if row.shared_count > 1],
        pix_score=is_profiles,
    )
    results = []
    for participation, first_name, last_name, shared_count in rows:
        before = previous.get(participation.id)
        current_value = participation.pix_score if is_profiles else participation.mastery_rate
        results.append(
            SharedResult(
                participation_id=participation.id,
                learner_id=participation.user_id,
                first_name=first_name,
                last_name=last_name,
                participant_external_id=participation.participant_external_id,
                shared_at=participation.shared_at,
                mastery_rate=pix_mastery_rate(participation.mastery_rate),
                validated_skills_count=participation.validated_skills_count,
                pix_score=participation.pix_score,
                is_certifiable=participation.is_certifiable,
                certifiable_competences_count=participation.certifiable_competences_count,
                shared_count=int(shared_count),
                evolution=_evolution(current_value, before, as_rate=not is_profiles),
            )
        )
    return Listing(results, row_count)


def _evolution(current: float | None, previous: float | None, *, as_rate: bool) -> str | None:
    if as_rate:
        return evolution(pix_mastery_rate(current), pix_mastery_rate(previous))
    return evolution(current, previous)


async def _previous_shared(
    session: AsyncSession,
    campaign_id: int,
    learners: Sequence[tuple[int, int]],
    *,
    pix_score: bool,
) -> dict[int, float | None]:
    """For each (learner, latest shared participation): the result shared just before it
    (mastery rate, or pix score for a profile), keyed by the latest participation's id."""
    if not learners:
        return {}
    latest_by_user = dict(learners)
    rows = await session.execute(
        select(CP.user_id, CP.id, CP.pix_score if pix_score else CP.mastery_rate)
        .where(
            CP.campaign_id == campaign_id,
            CP.user_id.in_(latest_by_user),
            CP.status == ParticipationStatus.SHARED,
            CP.deleted_at.is_(None),
        )
        .order_by(CP.user_id, CP.id.desc())
    )
    previous: dict[int, float | None] = {}
    for user_id, participation_id, value in rows:
        latest = latest_by_user[user_id]
        if participation_id < latest and latest not in previous:
            previous[latest] = value
    return previous


# --- one learner's attempts -----------------------------------------------------------------


async def learner_participations(
    session: AsyncSession, campaign: Campaign, learner_id: int
) -> list[CampaignParticipation]:
    """Every attempt of one learner in the campaign, newest first (deleted ones excluded)."""
    rows = await session.scalars(
        select(CP)
        .where(CP.campaign_id == campaign.id, CP.user_id == learner_id, CP.deleted_at.is_(None))
        .order_by(CP.created_at.desc(), CP.id.desc())
    )
    return list(rows)
