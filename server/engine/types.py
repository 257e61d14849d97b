"""Input and output types of the adaptive test engine.

The engine knows nothing about the database or the learning-content files: the glue code maps
rows and content objects onto these small frozen dataclasses. Enumerations are `StrEnum`s so that
they compare equal to the raw strings Pix stores (`AnswerResult.OK == "ok"`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

AssessmentId = int | str

VALIDATED_CHALLENGE_STATUS = "validé"
OPERATIVE_CHALLENGE_STATUSES = frozenset({"validé", "archivé"})


class AnswerResult(StrEnum):
    """Answer statuses (DOMAIN §1.5); every one but `ok` counts as a failure."""

    OK = "ok"
    KO = "ko"
    ABAND = "aband"
    TIMEDOUT = "timedout"
    FOCUSED_OUT = "focusedOut"
    PARTIALLY = "partially"
    UNIMPLEMENTED = "unimplemented"


class KnowledgeElementStatus(StrEnum):
    VALIDATED = "validated"
    INVALIDATED = "invalidated"
    RESET = "reset"


class KnowledgeElementSource(StrEnum):
    DIRECT = "direct"
    INFERRED = "inferred"


def tube_name_of(skill_name: str) -> str:
    """`@recherche3` → `recherche`: Pix `tubeNameWithoutPrefix`, without level digit and `@`."""
    tube_name = skill_name[:-1]
    return tube_name[1:] if tube_name.startswith("@") else tube_name


@dataclass(frozen=True, slots=True)
class Skill:
    """An acquis. `tube_name` groups the skills of a tube (use `tube_name_of(name)`)."""

    id: str
    name: str
    difficulty: int
    tube_name: str
    competence_id: str
    pix_value: float


@dataclass(frozen=True, slots=True)
class ChallengeRef:
    """What the algorithm needs of a challenge already filtered on the learner's locale."""

    id: str
    skill_id: str
    timed: bool
    status: str = VALIDATED_CHALLENGE_STATUS

    @property
    def is_operative(self) -> bool:
        return self.status in OPERATIVE_CHALLENGE_STATUSES


@dataclass(frozen=True, slots=True)
class KnowledgeElement:
    skill_id: str
    status: KnowledgeElementStatus
    source: KnowledgeElementSource
    assessment_id: AssessmentId
    created_at: datetime
    earned_pix: float
    competence_id: str

    @property
    def is_validated(self) -> bool:
        return self.status == KnowledgeElementStatus.VALIDATED


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    """An answer already corrected; `timeout` is the remaining time (< 0 once the timer ran out)."""

    challenge_id: str
    result: AnswerResult
    timeout: int | None
    created_at: datetime
