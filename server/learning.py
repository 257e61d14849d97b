"""Glue between the learning content, the database rows and the adaptive engine.

The engine (`server.engine`) only knows small frozen values; the content (`server.content`)
only knows YAML; the database only knows rows. This module maps one onto the other, and
nothing else does: use cases and the demo seed both go through it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from server.content import Challenge, LearningContent, TargetProfile, load_content
from server.content import Skill as ContentSkill
from server.engine import types as engine
from server.engine.knowledge import filter_for_improvement, latest_non_reset
from server.models import Answer, Campaign, KnowledgeElement


def content() -> LearningContent:
    """The learning content of this server (loaded and validated once per process)."""
    return load_content()


def engine_skill(skill: ContentSkill) -> engine.Skill:
    return engine.Skill(
        id=skill.id,
        name=skill.name,
        difficulty=skill.difficulty,
        tube_name=skill.tube_name_without_prefix,
        competence_id=skill.competence_id,
        pix_value=skill.pix_value,
    )


def challenge_ref(challenge: Challenge) -> engine.ChallengeRef:
    return engine.ChallengeRef(
        id=challenge.id,
        skill_id=challenge.skill_id,
        timed=challenge.is_timed,
        status=challenge.status,
    )


@dataclass(frozen=True)
class TargetedContent:
    """What a campaign assesses: its target profile's skills and their challenges.

    A profiles-collection campaign has no target profile: no skill, no challenge.
    """

    target_profile: TargetProfile | None
    skills: tuple[engine.Skill, ...]
    challenges: tuple[engine.ChallengeRef, ...]

    @functools.cached_property
    def skill_ids(self) -> frozenset[str]:
        return frozenset(skill.id for skill in self.skills)

    @functools.cached_property
    def skills_by_id(self) -> Mapping[str, engine.Skill]:
        return {skill.id: skill for skill in self.skills}


@functools.cache
def targeted_content(target_profile_id: int | None) -> TargetedContent:
    """The target skills (in the profile's order) and every operative challenge of them.

    All the content is French, so no locale filter applies. Cached: the content is immutable.
    """
    learning = content()
    profile = (
        learning.target_profiles_by_id.get(target_profile_id)
        if target_profile_id is not None
        else None
    )
    if profile is None:
        return TargetedContent(None, (), ())
    skills = tuple(engine_skill(learning.skills_by_id[skill_id]) for skill_id in profile.skill_ids)
    challenges = tuple(
        challenge_ref(challenge)
        for skill in skills
        for challenge in learning.challenges_by_skill[skill.id]
    )
    return TargetedContent(profile, skills, challenges)


def campaign_content(campaign: Campaign) -> TargetedContent:
    return targeted_content(campaign.target_profile_id)


@functools.cache
def all_engine_skills() -> Mapping[str, engine.Skill]:
    """Every skill of the framework, by id (a profile collects what was learnt anywhere)."""
    return {skill.id: engine_skill(skill) for skill in content().skills}


# --- knowledge elements ---------------------------------------------------------------------


class KnowledgeElementFields(Protocol):
    """What a KE row carries, as an ORM object or a plain result row of these columns."""

    @property
    def skill_id(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def assessment_id(self) -> int: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def earned_pix(self) -> float: ...
    @property
    def competence_id(self) -> str: ...


# Plain lookups: calling the enum class on each of a learner's KEs costs more than the rest.
_KE_STATUSES = {status.value: status for status in engine.KnowledgeElementStatus}
_KE_SOURCES = {source.value: source for source in engine.KnowledgeElementSource}


def engine_knowledge_element(row: KnowledgeElementFields) -> engine.KnowledgeElement:
    status = _KE_STATUSES.get(row.status) or engine.KnowledgeElementStatus(row.status)
    source = _KE_SOURCES.get(row.source) or engine.KnowledgeElementSource(row.source)
    return engine.KnowledgeElement(
        skill_id=row.skill_id,
        status=status,
        source=source,
        assessment_id=row.assessment_id,
        created_at=row.created_at,
        earned_pix=row.earned_pix,
        competence_id=row.competence_id,
    )


def knowledge_element_row(
    ke: engine.KnowledgeElement, *, user_id: int, answer_id: int
) -> KnowledgeElement:
    """A row for a KE the engine created (its `assessment_id` is the assessment's int id)."""
    return KnowledgeElement(
        user_id=user_id,
        assessment_id=int(ke.assessment_id),
        answer_id=answer_id,
        skill_id=ke.skill_id,
        competence_id=ke.competence_id,
        status=ke.status.value,
        source=ke.source.value,
        earned_pix=ke.earned_pix,
        created_at=ke.created_at,
    )


def knowledge_element_values(
    ke: engine.KnowledgeElement, *, user_id: int, answer_id: int
) -> dict[str, Any]:
    """The columns of `knowledge_element_row`, for one multi-row INSERT of an answer's KEs."""
    return {
        "user_id": user_id,
        "assessment_id": int(ke.assessment_id),
        "answer_id": answer_id,
        "skill_id": ke.skill_id,
        "competence_id": ke.competence_id,
        "status": ke.status.value,
        "source": ke.source.value,
        "earned_pix": ke.earned_pix,
        "created_at": ke.created_at,
    }


def snapshot_item(ke: engine.KnowledgeElement) -> dict[str, Any]:
    """A KE as stored in `knowledge_element_snapshots.snapshot` (JSON)."""
    return {
        "skill_id": ke.skill_id,
        "competence_id": ke.competence_id,
        "status": ke.status.value,
        "source": ke.source.value,
        "earned_pix": ke.earned_pix,
        "assessment_id": ke.assessment_id,
        "created_at": ke.created_at.isoformat(),
    }


def knowledge_element_from_snapshot(item: Mapping[str, Any]) -> engine.KnowledgeElement:
    return engine.KnowledgeElement(
        skill_id=item["skill_id"],
        status=engine.KnowledgeElementStatus(item["status"]),
        source=engine.KnowledgeElementSource(item["source"]),
        assessment_id=item["assessment_id"],
        created_at=datetime.fromisoformat(item["created_at"]),
        earned_pix=float(item["earned_pix"]),
        competence_id=item["competence_id"],
    )


def knowledge_for_algorithm(
    knowledge_elements: Iterable[engine.KnowledgeElement],
    *,
    is_improving: bool,
    assessment_created_at: datetime,
    is_retrying: bool,
) -> list[engine.KnowledgeElement]:
    """What the algorithm knows of the learner (DOMAIN §3.1, §5.4): the latest non-reset KE
    per skill, and when improving, without the failures old enough to be asked again."""
    latest = latest_non_reset(knowledge_elements)
    if not is_improving:
        return latest
    return filter_for_improvement(latest, assessment_created_at, is_retrying)


# --- answers --------------------------------------------------------------------------------


def answer_record(answer: Answer) -> engine.AnswerRecord:
    return engine.AnswerRecord(
        challenge_id=answer.challenge_id,
        result=engine.AnswerResult(answer.result),
        timeout=answer.timeout,
        created_at=answer.created_at,
    )


def last_answer_record(answers: Sequence[Answer]) -> engine.AnswerRecord | None:
    """The engine's `last_answer`; `answers` are in the order they were given."""
    return answer_record(answers[-1]) if answers else None
