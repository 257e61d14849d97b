"""Reports of a problem on a challenge ("Signaler un problème", CONTRACT 7.13)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from server.errors import NotFound
from server.learning import content
from server.models import Assessment, Feedback

USER_AGENT_MAX_LENGTH = 255


async def create_feedback(
    session: AsyncSession,
    *,
    assessment_id: int,
    challenge_id: str,
    text: str,
    category: str | None,
    answer: str | None,
    user_agent: str | None,
    now: datetime,
) -> Feedback:
    """Record a report; the browser (here: the terminal client) is kept to help reproduce it."""
    if await session.get(Assessment, assessment_id) is None:
        raise NotFound(f"Assessment not found for ID {assessment_id}")
    if challenge_id not in content().challenges_by_id:
        raise NotFound(f"Challenge not found for ID {challenge_id}")
    feedback = Feedback(
        assessment_id=assessment_id,
        challenge_id=challenge_id,
        content=text,
        category=category,
        answer=answer,
        user_agent=user_agent[:USER_AGENT_MAX_LENGTH] if user_agent else None,
        created_at=now,
    )
    session.add(feedback)
    await session.flush()
    return feedback
