"""Reading what the database knows of a learner, as the engine's values."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.engine import types as engine
from server.engine.knowledge import latest_non_reset
from server.learning import engine_knowledge_element, knowledge_element_from_snapshot
from server.models import (
    Answer,
    CampaignParticipation,
    KnowledgeElement,
    KnowledgeElementSnapshot,
    KnowledgeElementStatus,
)

# What `engine_knowledge_element` reads of a row; the statement is built once (every answer
# cycle runs it twice).
_ENGINE_KE_COLUMNS = (
    KnowledgeElement.skill_id,
    KnowledgeElement.status,
    KnowledgeElement.source,
    KnowledgeElement.assessment_id,
    KnowledgeElement.created_at,
    KnowledgeElement.earned_pix,
    KnowledgeElement.competence_id,
)

_USER_KNOWLEDGE_ELEMENTS = (
    select(*_ENGINE_KE_COLUMNS)
    .where(KnowledgeElement.user_id == bindparam("user_id"))
    .order_by(KnowledgeElement.created_at.desc(), KnowledgeElement.id.desc())
)


async def user_knowledge_elements(
    session: AsyncSession, user_id: int
) -> list[engine.KnowledgeElement]:
    """Every KE of the user, newest first (on equal dates the last written wins)."""
    # Plain columns, not ORM objects: every answer cycle reads all of a learner's KEs twice,
    # and building (then discarding) an identity-mapped row for each was most of its CPU.
    rows = await session.execute(_USER_KNOWLEDGE_ELEMENTS, {"user_id": user_id})
    return [engine_knowledge_element(row) for row in rows]


async def snapshot_knowledge(
    session: AsyncSession, participation_id: int
) -> list[engine.KnowledgeElement] | None:
    """The KEs frozen when the participation was shared, None if it never was."""
    snapshot = await session.get(KnowledgeElementSnapshot, participation_id)
    if snapshot is None:
        return None
    return [knowledge_element_from_snapshot(item) for item in snapshot.snapshot]


async def participation_knowledge(
    session: AsyncSession, participation: CampaignParticipation
) -> list[engine.KnowledgeElement]:
    """The learner's latest non-reset KEs as the participation shows them: frozen once shared,
    live before."""
    frozen = await snapshot_knowledge(session, participation.id)
    if frozen is not None:
        return latest_non_reset(frozen)
    return latest_non_reset(await user_knowledge_elements(session, participation.user_id))


async def has_several_participations(session: AsyncSession, user_id: int, campaign_id: int) -> bool:
    """A retry (DOMAIN §5.4): the learner already has an older participation in the campaign."""
    count = await session.scalar(
        select(func.count())
        .select_from(CampaignParticipation)
        .where(
            CampaignParticipation.user_id == user_id,
            CampaignParticipation.campaign_id == campaign_id,
        )
    )
    return (count or 0) > 1


async def reset_knowledge_elements(
    session: AsyncSession, user_id: int, skill_ids: Collection[str], now: datetime
) -> int:
    """Reset ("Remettre à zéro"): a `reset` KE (0 pix) over the latest KE of each given skill,
    so those skills count as never tested. Returns how many skills were reset."""
    rows = await session.scalars(
        select(KnowledgeElement)
        .where(KnowledgeElement.user_id == user_id, KnowledgeElement.skill_id.in_(skill_ids))
        .order_by(KnowledgeElement.created_at.desc(), KnowledgeElement.id.desc())
    )
    latest: dict[str, KnowledgeElement] = {}
    for row in rows:
        latest.setdefault(row.skill_id, row)
    resets = [
        KnowledgeElement(
            user_id=user_id,
            assessment_id=row.assessment_id,
            answer_id=row.answer_id,
            skill_id=row.skill_id,
            competence_id=row.competence_id,
            status=KnowledgeElementStatus.RESET,
            source=row.source,
            earned_pix=0.0,
            created_at=now,
        )
        for row in latest.values()
        if row.status != KnowledgeElementStatus.RESET
    ]
    session.add_all(resets)
    await session.flush()
    return len(resets)


async def answers_of_assessment(session: AsyncSession, assessment_id: int) -> list[Answer]:
    """In the order they were given."""
    rows = await session.scalars(_ANSWERS_OF_ASSESSMENT, {"assessment_id": assessment_id})
    return list(rows)


# Built once (read on every answer cycle).
_ANSWERS_OF_ASSESSMENT = (
    select(Answer)
    .where(Answer.assessment_id == bindparam("assessment_id"))
    .order_by(Answer.created_at, Answer.id)
)
