"""The learner's profile: pix and level of each of the 16 competences (CONTRACT 7.11, 7.12).

Scored out of 8 levels (1024 pix), the engine's default: a deliberate deviation from Pix's
code default of 5 levels (DOMAIN §4.1).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from server.content import Area, Competence
from server.engine import types as engine
from server.engine.knowledge import latest_non_reset
from server.engine.scoring import (
    DEFAULT_MAX_REACHABLE_LEVEL,
    PIX_COUNT_BY_LEVEL,
    CompetenceScore,
    competence_score,
    max_pix_score,
)
from server.learning import content
from server.models import Campaign, CampaignParticipation
from server.usecases.student.eligibility import can_retry
from server.usecases.student.knowledge import participation_knowledge, user_knowledge_elements
from server.usecases.student.results import last_participation
from server.usecases.users import get_authenticated_user

MAX_REACHABLE_LEVEL = DEFAULT_MAX_REACHABLE_LEVEL
MINIMUM_DAYS_BEFORE_RESET = 7
MINIMUM_DAYS_BEFORE_IMPROVING = 4


class ScorecardStatus(StrEnum):
    NOT_STARTED = "NOT_STARTED"
    STARTED = "STARTED"
    # Reached through a competence evaluation, which this server does not run.
    COMPLETED = "COMPLETED"


def _remaining_days(
    knowledge: list[engine.KnowledgeElement], days: int, now: datetime
) -> int | None:
    """Whole days left until `days` after the competence's last KE (None without any KE)."""
    if not knowledge:
        return None
    last = max(ke.created_at for ke in knowledge)
    elapsed = (now - last) / timedelta(days=1)
    return 0 if elapsed >= days else math.ceil(days - elapsed)


@dataclass(frozen=True)
class Scorecard:
    user_id: int
    competence: Competence
    area: Area
    score: CompetenceScore
    status: ScorecardStatus
    remaining_days_before_reset: int | None
    remaining_days_before_improving: int | None

    @property
    def id(self) -> str:
        return f"{self.user_id}_{self.competence.id}"

    @property
    def pix_score_ahead_of_next_level(self) -> int:
        return self.score.pix_ahead_for_next_level

    @property
    def percentage_ahead_of_next_level(self) -> float:
        return self.pix_score_ahead_of_next_level / PIX_COUNT_BY_LEVEL * 100

    @property
    def remaining_pix_to_next_level(self) -> int:
        return PIX_COUNT_BY_LEVEL - self.pix_score_ahead_of_next_level

    @property
    def is_max_level(self) -> bool:
        return self.score.level >= MAX_REACHABLE_LEVEL


def scorecards(
    user_id: int, knowledge: Iterable[engine.KnowledgeElement], now: datetime
) -> list[Scorecard]:
    """One scorecard per competence of the framework, by index, from the latest KEs."""
    learning = content()
    by_competence: dict[str, list[engine.KnowledgeElement]] = {}
    for ke in latest_non_reset(knowledge):
        by_competence.setdefault(ke.competence_id, []).append(ke)
    cards = []
    for competence in sorted(learning.competences, key=lambda c: c.index):
        kes = by_competence.get(competence.id, [])
        cards.append(
            Scorecard(
                user_id=user_id,
                competence=competence,
                area=learning.areas_by_id[competence.area_id],
                score=competence_score(competence.id, kes, max_level=MAX_REACHABLE_LEVEL),
                status=ScorecardStatus.STARTED if kes else ScorecardStatus.NOT_STARTED,
                remaining_days_before_reset=_remaining_days(kes, MINIMUM_DAYS_BEFORE_RESET, now),
                remaining_days_before_improving=_remaining_days(
                    kes, MINIMUM_DAYS_BEFORE_IMPROVING, now
                ),
            )
        )
    return cards


@dataclass(frozen=True)
class Profile:
    user_id: int
    scorecards: list[Scorecard]
    max_reachable_level: int = MAX_REACHABLE_LEVEL
    max_reachable_pix_score: int = max_pix_score(MAX_REACHABLE_LEVEL)

    @property
    def pix_score(self) -> int:
        return sum(card.score.pix_score for card in self.scorecards)

    @property
    def areas(self) -> list[Area]:
        seen: dict[str, Area] = {}
        for card in self.scorecards:
            seen.setdefault(card.area.id, card.area)
        return list(seen.values())


async def get_user_profile(session: AsyncSession, user_id: int, now: datetime) -> Profile:
    await get_authenticated_user(session, user_id)
    knowledge = await user_knowledge_elements(session, user_id)
    return Profile(user_id, scorecards(user_id, knowledge, now))


@dataclass(frozen=True)
class SharedProfile:
    participation: CampaignParticipation
    campaign: Campaign
    profile: Profile
    can_retry: bool

    @property
    def pix_score(self) -> int:
        # Once shared, the pix frozen with the results (the same KEs, read from the snapshot).
        frozen = self.participation.pix_score
        return frozen if frozen is not None else self.profile.pix_score


async def get_shared_profile_for_campaign(
    session: AsyncSession, user_id: int, campaign_id: int, now: datetime
) -> SharedProfile:
    """The profile sent (or about to be sent) to a profiles-collection campaign."""
    participation, campaign = await last_participation(session, user_id, campaign_id)
    knowledge = await participation_knowledge(session, participation)
    return SharedProfile(
        participation=participation,
        campaign=campaign,
        profile=Profile(user_id, scorecards(user_id, knowledge, now)),
        can_retry=can_retry(campaign, participation, None),
    )
