"""What a learner does in a campaign: assessments, answers, knowledge elements, feedbacks.

Knowledge elements (KE) are append-only: the latest one of a skill is what the learner knows
about it; a reset writes a new `reset` KE rather than deleting anything.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, utcnow

# Content ids (`recMoteurRecherche1a`) are short; 100 leaves room for Pix-sized ones.
CONTENT_ID_LENGTH = 100


class AssessmentType(enum.StrEnum):
    CAMPAIGN = "CAMPAIGN"


class AssessmentState(enum.StrEnum):
    STARTED = "started"
    COMPLETED = "completed"
    ABORTED = "aborted"


class AssessmentMethod(enum.StrEnum):
    SMART_RANDOM = "SMART_RANDOM"


class LastQuestionState(enum.StrEnum):
    ASKED = "asked"
    TIMEOUT = "timeout"
    FOCUSED_OUT = "focusedout"


class Assessment(Base):
    __tablename__ = "assessments"
    __table_args__ = (
        CheckConstraint("type IN ('CAMPAIGN')", name="type_is_known"),
        CheckConstraint("state IN ('started', 'completed', 'aborted')", name="state_is_known"),
        CheckConstraint("method IN ('SMART_RANDOM')", name="method_is_known"),
        CheckConstraint(
            "last_question_state IN ('asked', 'timeout', 'focusedout')",
            name="last_question_state_is_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Explicit FK names: the conventional ones exceed PostgreSQL's 63 characters.
    campaign_participation_id: Mapped[int | None] = mapped_column(
        ForeignKey(
            "campaign_participations.id",
            ondelete="CASCADE",
            name="fk_assessments_campaign_participation",
        ),
        index=True,
    )
    type: Mapped[str] = mapped_column(String(30), default=AssessmentType.CAMPAIGN)
    state: Mapped[str] = mapped_column(String(20), default=AssessmentState.STARTED)
    method: Mapped[str] = mapped_column(String(30), default=AssessmentMethod.SMART_RANDOM)
    # A second chance (retry after sharing, or improvement before): old failures are re-asked.
    is_improving: Mapped[bool] = mapped_column(Boolean, default=False)
    # The challenge served by the last GET /api/assessments/{id}: the only one answerable.
    last_challenge_id: Mapped[str | None] = mapped_column(String(CONTENT_ID_LENGTH))
    last_question_state: Mapped[str] = mapped_column(String(20), default=LastQuestionState.ASKED)
    last_question_date: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_completed(self) -> bool:
        return self.state == AssessmentState.COMPLETED


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (
        # One answer per challenge and assessment, however many times the client posts it.
        UniqueConstraint("assessment_id", "challenge_id", name="uq_answers_assessment_challenge"),
        UniqueConstraint(
            "assessment_id", "idempotency_key", name="uq_answers_assessment_idempotency_key"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    challenge_id: Mapped[str] = mapped_column(String(CONTENT_ID_LENGTH))
    value: Mapped[str] = mapped_column(Text)
    result: Mapped[str] = mapped_column(String(20))
    # QROCM-ind: whether each input was right ({"moteur1": true, ...}).
    result_details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Seconds left on the timer of a timed challenge (negative: the time ran out).
    timeout: Mapped[int | None] = mapped_column(Integer)
    focused_out: Mapped[bool] = mapped_column(Boolean, default=False)
    time_spent: Mapped[int | None] = mapped_column(Integer)
    # The client's `Idempotency-Key`: a re-sent answer is recognised and recorded once.
    idempotency_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class KnowledgeElementStatus(enum.StrEnum):
    VALIDATED = "validated"
    INVALIDATED = "invalidated"
    RESET = "reset"


class KnowledgeElementSource(enum.StrEnum):
    DIRECT = "direct"
    INFERRED = "inferred"


class KnowledgeElement(Base):
    __tablename__ = "knowledge_elements"
    __table_args__ = (
        CheckConstraint("status IN ('validated', 'invalidated', 'reset')", name="status_is_known"),
        CheckConstraint("source IN ('direct', 'inferred')", name="source_is_known"),
        # "The latest KE of each skill of this user" is the question asked at every answer.
        Index("ix_knowledge_elements_user_skill_created", "user_id", "skill_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"))
    skill_id: Mapped[str] = mapped_column(String(CONTENT_ID_LENGTH))
    competence_id: Mapped[str] = mapped_column(String(CONTENT_ID_LENGTH))
    status: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(20))
    earned_pix: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Feedback(Base):
    """A "Signaler un problème" report on a challenge."""

    __tablename__ = "feedbacks"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    challenge_id: Mapped[str] = mapped_column(String(CONTENT_ID_LENGTH))
    content: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(255))
    answer: Mapped[str | None] = mapped_column(Text)
    user_agent: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class KnowledgeElementSnapshot(Base):
    """The learner's latest KEs frozen when a participation is shared: what Orga reads."""

    __tablename__ = "knowledge_element_snapshots"

    campaign_participation_id: Mapped[int] = mapped_column(
        ForeignKey(
            "campaign_participations.id",
            ondelete="CASCADE",
            name="fk_knowledge_element_snapshots_participation",
        ),
        primary_key=True,
    )
    # [{skill_id, competence_id, status, source, earned_pix, assessment_id, created_at}, ...]
    snapshot: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    snapped_at: Mapped[datetime] = mapped_column(default=utcnow)
