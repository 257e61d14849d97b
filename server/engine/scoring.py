"""Pix, levels, certifiability and the rates shown to learners and teachers (DOMAIN §4).

Every rate is rounded the way Pix rounds it (see `rounding`), so the reference server and the
real platform print the same digits.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from server.engine.knowledge import latest_non_reset
from server.engine.rounding import js_math_round, js_to_precision, lodash_round
from server.engine.types import KnowledgeElement, Skill

PIX_COUNT_BY_LEVEL = 8
COMPETENCES_COUNT = 16
# Pix's own code default (env MAX_REACHABLE_LEVEL), production has raised it over time.
PIX_CODE_DEFAULT_MAX_REACHABLE_LEVEL = 5
# Deliberate deviation: we default to the theoretical ceiling of 8 levels, so a profile is
# scored out of 8 × 8 × 16 = 1024 pix as the project asks. Pass `max_level=5` for Pix's default.
DEFAULT_MAX_REACHABLE_LEVEL = 8
MINIMUM_CERTIFIABLE_COMPETENCES_FOR_CERTIFIABILITY = 5
MINIMUM_COMPETENCE_LEVEL_FOR_CERTIFIABILITY = 1


def max_pix_by_competence(max_level: int = DEFAULT_MAX_REACHABLE_LEVEL) -> int:
    return max_level * PIX_COUNT_BY_LEVEL


def max_pix_score(max_level: int = DEFAULT_MAX_REACHABLE_LEVEL) -> int:
    """1024 with the default 8 levels (640 with Pix's code default of 5)."""
    return max_pix_by_competence(max_level) * COMPETENCES_COUNT


@dataclass(frozen=True, slots=True)
class CompetenceScore:
    competence_id: str
    real_pix: float  # exact sum of earned pix, fractions included
    pix_score: int  # floored, capped at max_level × 8
    level: int  # floor(real / 8), capped at max_level

    @property
    def pix_ahead_for_next_level(self) -> int:
        return self.pix_score % PIX_COUNT_BY_LEVEL


_FLOAT_TOLERANCE = 1e-9


def competence_score(
    competence_id: str,
    knowledge_elements: Iterable[KnowledgeElement],
    *,
    max_level: int = DEFAULT_MAX_REACHABLE_LEVEL,
) -> CompetenceScore:
    """Score of one competence from its knowledge elements.

    `max_level` defaults to 8 (scores out of 1024), a deliberate deviation from Pix's code
    default of 5 (see `DEFAULT_MAX_REACHABLE_LEVEL`).
    """
    # Summed one by one, left to right, as lodash `sumBy` does: 3 × 8/3 must give 8.0 here too.
    real = 0.0
    for ke in knowledge_elements:
        real += ke.earned_pix
    # Other orders of thirds land just under a whole number (43.99999999999999): a learner who
    # validated every skill must not lose a pix to binary floating point, so floor with a tolerance.
    whole = math.floor(real + _FLOAT_TOLERANCE)
    return CompetenceScore(
        competence_id=competence_id,
        real_pix=real,
        pix_score=min(whole, max_pix_by_competence(max_level)),
        level=min(whole // PIX_COUNT_BY_LEVEL, max_level),
    )


def competence_scores(
    knowledge_elements: Iterable[KnowledgeElement],
    *,
    max_level: int = DEFAULT_MAX_REACHABLE_LEVEL,
) -> dict[str, CompetenceScore]:
    """Scores per competence id (in order of first appearance); pass the KEs to count."""
    by_competence: dict[str, list[KnowledgeElement]] = {}
    for ke in knowledge_elements:
        by_competence.setdefault(ke.competence_id, []).append(ke)
    return {
        competence_id: competence_score(competence_id, kes, max_level=max_level)
        for competence_id, kes in by_competence.items()
    }


def total_pix_score(
    knowledge_elements: Iterable[KnowledgeElement],
    *,
    max_level: int = DEFAULT_MAX_REACHABLE_LEVEL,
) -> int:
    """Σ of the floored, capped pix of each competence (floor per competence, then sum)."""
    scores = competence_scores(knowledge_elements, max_level=max_level)
    return sum(score.pix_score for score in scores.values())


def is_certifiable(levels: Iterable[int]) -> bool:
    """At least 5 competences at level 1 or more."""
    reached = sum(1 for level in levels if level >= MINIMUM_COMPETENCE_LEVEL_FOR_CERTIFIABILITY)
    return reached >= MINIMUM_CERTIFIABLE_COMPETENCES_FOR_CERTIFIABILITY


def mastery_rate(validated_skills_count: int, target_skills_count: int) -> float:
    """The mastery rate stored when results are shared: validated / targeted, unrounded."""
    if target_skills_count == 0:
        return 0.0
    return validated_skills_count / target_skills_count


def mastery_rate_for_participant(validated_skills_count: int, target_skills_count: int) -> float:
    """The rate on the learner's result page: two significant digits, JavaScript-style.

    `parseFloat((validated / total).toPrecision(2))`: 5/8 → 0.63, 1/8 → 0.13; 0 without target.
    """
    if target_skills_count == 0:
        return 0.0
    return js_to_precision(validated_skills_count / target_skills_count, 2)


def progression(assessed_skills_count: int, target_skills_count: int, completed: bool) -> float:
    """ "% de progression": 1 once completed, else assessed / targeted rounded to 3 decimals."""
    if completed:
        return 1.0
    if target_skills_count == 0:
        return 0.0
    return lodash_round(assessed_skills_count / target_skills_count, 3)


def mastery_percentage(validated_skills_count: int, target_skills_count: int) -> int:
    """A competence's `masteryPercentage`: round(validated / targeted × 100), halves up."""
    if target_skills_count == 0:
        return 0
    return js_math_round(validated_skills_count / target_skills_count * 100)


def csv_rate(validated_skills_count: int, target_skills_count: int) -> float:
    """A competence or area rate of the CSV export: round(validated / targeted, 2)."""
    if target_skills_count == 0:
        return 0.0
    return lodash_round(validated_skills_count / target_skills_count, 2)


@dataclass(frozen=True, slots=True)
class CompetenceResult:
    competence_id: str
    target_skills_count: int
    validated_skills_count: int

    @property
    def mastery_percentage(self) -> int:
        return mastery_percentage(self.validated_skills_count, self.target_skills_count)

    @property
    def csv_rate(self) -> float:
        return csv_rate(self.validated_skills_count, self.target_skills_count)


def competence_results(
    target_skills: Sequence[Skill], validated_skill_ids: Collection[str]
) -> list[CompetenceResult]:
    """Targeted and validated skills per competence, in the target skills' competence order."""
    targeted: dict[str, int] = {}
    validated: dict[str, int] = {}
    for skill in target_skills:
        targeted[skill.competence_id] = targeted.get(skill.competence_id, 0) + 1
        if skill.id in validated_skill_ids:
            validated[skill.competence_id] = validated.get(skill.competence_id, 0) + 1
    return [
        CompetenceResult(competence_id, count, validated.get(competence_id, 0))
        for competence_id, count in targeted.items()
    ]


@dataclass(frozen=True, slots=True)
class ParticipationResults:
    """What is frozen when a participation is shared (Pix `ParticipantResultsShared`)."""

    target_skills_count: int
    validated_skills_count: int
    pix_score: int
    mastery_rate: float


def participation_results(
    target_skills: Sequence[Skill],
    knowledge_elements: Iterable[KnowledgeElement],
    *,
    max_level: int = DEFAULT_MAX_REACHABLE_LEVEL,
) -> ParticipationResults:
    """Results of an assessment participation from the learner's knowledge elements."""
    target_ids = {skill.id for skill in target_skills}
    validated = [
        ke
        for ke in latest_non_reset(knowledge_elements)
        if ke.is_validated and ke.skill_id in target_ids
    ]
    return ParticipationResults(
        target_skills_count=len(target_ids),
        validated_skills_count=len(validated),
        pix_score=total_pix_score(validated, max_level=max_level),
        mastery_rate=mastery_rate(len(validated), len(target_ids)),
    )


@dataclass(frozen=True, slots=True)
class CompetenceCollectiveResult:
    competence_id: str
    target_skills_count: int
    average_validated_skills: float

    @property
    def validated_skills_percentage(self) -> int:
        """What Pix Orga shows: round(average × 100 / targeted)."""
        if self.target_skills_count == 0:
            return 0
        return js_math_round(self.average_validated_skills * 100 / self.target_skills_count)


def collective_results(
    target_skills: Sequence[Skill],
    shared_participations_validated_skill_ids: Sequence[Collection[str]],
) -> list[CompetenceCollectiveResult]:
    """Per competence, the average number of validated target skills over shared participations.

    Give one collection of validated skill ids per *shared* participation (its KE snapshot).
    """
    participants = len(shared_participations_validated_skill_ids)
    totals: dict[str, int] = {}
    targeted: dict[str, int] = {}
    for skill in target_skills:
        targeted[skill.competence_id] = targeted.get(skill.competence_id, 0) + 1
        totals[skill.competence_id] = totals.get(skill.competence_id, 0) + sum(
            1 for validated in shared_participations_validated_skill_ids if skill.id in validated
        )
    return [
        CompetenceCollectiveResult(
            competence_id=competence_id,
            target_skills_count=count,
            average_validated_skills=totals[competence_id] / participants if participants else 0.0,
        )
        for competence_id, count in targeted.items()
    ]
