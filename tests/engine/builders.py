"""Small builders for engine tests, and the target profile of DOMAIN §10."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from server.engine.knowledge import knowledge_elements_for_answer
from server.engine.smart_random import NextChallenge, Picker, next_challenge
from server.engine.types import (
    AnswerRecord,
    AnswerResult,
    AssessmentId,
    ChallengeRef,
    KnowledgeElement,
    KnowledgeElementSource,
    KnowledgeElementStatus,
    Skill,
    tube_name_of,
)

T0 = datetime(2024, 9, 2, 8, 0, tzinfo=UTC)


def skill(name: str, competence_id: str = "comp", pix_value: float = 4.0) -> Skill:
    """`skill("@recherche3")`: id `rec@recherche3`, difficulty 3, tube `recherche`."""
    return Skill(
        id=f"rec{name}",
        name=name,
        difficulty=int(name[-1]),
        tube_name=tube_name_of(name),
        competence_id=competence_id,
        pix_value=pix_value,
    )


def challenges_for(skills: Sequence[Skill], per_skill: int = 1) -> list[ChallengeRef]:
    return [
        ChallengeRef(id=f"ch-{s.name}-{i}", skill_id=s.id, timed=False)
        for s in skills
        for i in range(per_skill)
    ]


def ke(
    target: Skill,
    status: str = "validated",
    source: str = "direct",
    *,
    assessment_id: AssessmentId = 1,
    created_at: datetime = T0,
) -> KnowledgeElement:
    validated = status == "validated"
    return KnowledgeElement(
        skill_id=target.id,
        status=KnowledgeElementStatus(status),
        source=KnowledgeElementSource(source),
        assessment_id=assessment_id,
        created_at=created_at,
        earned_pix=target.pix_value if validated else 0,
        competence_id=target.competence_id,
    )


def answer(challenge_id: str, result: str = "ok", timeout: int | None = None) -> AnswerRecord:
    return AnswerRecord(challenge_id, AnswerResult(result), timeout, T0)


# --- DOMAIN §10: 2 competences, 16 skills, pix values per §1.3 ------------------------------

COMPETENCE_1_1 = "1.1"
COMPETENCE_4_1 = "4.1"

_EXAMPLE_SKILLS = [
    # (name, competence, pix): level 1 has 2 skills in 1.1 (4 each), level 2 three (8/3 each)…
    ("@rechercheWeb1", COMPETENCE_1_1, 4),
    ("@rechercheWeb2", COMPETENCE_1_1, 8 / 3),
    ("@rechercheWeb3", COMPETENCE_1_1, 4),
    ("@rechercheWeb4", COMPETENCE_1_1, 4),
    ("@rechercheWeb5", COMPETENCE_1_1, 4),
    ("@sourcesInfo1", COMPETENCE_1_1, 4),
    ("@sourcesInfo2", COMPETENCE_1_1, 8 / 3),
    ("@sourcesInfo3", COMPETENCE_1_1, 4),
    ("@outilsVeille2", COMPETENCE_1_1, 8 / 3),
    ("@outilsVeille4", COMPETENCE_1_1, 4),
    ("@motDePasse1", COMPETENCE_4_1, 4),
    ("@motDePasse2", COMPETENCE_4_1, 4),
    ("@motDePasse3", COMPETENCE_4_1, 4),
    ("@motDePasse4", COMPETENCE_4_1, 4),
    ("@antivirus1", COMPETENCE_4_1, 4),
    ("@antivirus2", COMPETENCE_4_1, 4),
]

EXAMPLE_SKILLS = [skill(name, comp, pix) for name, comp, pix in _EXAMPLE_SKILLS]
EXAMPLE_CHALLENGES = challenges_for(EXAMPLE_SKILLS, per_skill=2)

# "user succeeds up to level 3 except outilsVeille2; skips motDePasse3"
EXAMPLE_RESULTS = {
    "@sourcesInfo2": "ok",
    "@antivirus2": "ok",
    "@sourcesInfo3": "ok",
    "@rechercheWeb4": "ko",
    "@motDePasse3": "aband",
    "@rechercheWeb3": "ok",
    "@motDePasse2": "ok",
    "@outilsVeille4": "ko",
    "@outilsVeille2": "ko",
}


def first_candidate(ids: Sequence[str], purpose: str) -> str:
    """The table of §10 always takes the first candidate (and the first challenge)."""
    return ids[0]


@dataclass
class Step:
    asked: NextChallenge
    result: AnswerResult
    created: list[KnowledgeElement]


@dataclass
class Run:
    """A learner going through a campaign assessment, answer after answer."""

    skills: list[Skill]
    challenges: list[ChallengeRef]
    assessment_id: AssessmentId = 1
    knowledge_elements: list[KnowledgeElement] = field(default_factory=list)
    answers: list[AnswerRecord] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)

    def ask(self, pick: Picker | None = None) -> NextChallenge | None:
        return next_challenge(
            self.skills,
            self.challenges,
            self.knowledge_elements,
            [a.challenge_id for a in self.answers],
            self.answers[-1] if self.answers else None,
            self.assessment_id,
            pick=pick,
        )

    def answer(self, asked: NextChallenge, result: AnswerResult) -> Step:
        when = T0 + timedelta(minutes=len(self.answers) + 1)
        created = knowledge_elements_for_answer(
            result=result,
            skill_id=asked.skill_id,
            target_skills=self.skills,
            knowledge_elements=self.knowledge_elements,
            assessment_id=self.assessment_id,
            created_at=when,
        )
        self.knowledge_elements.extend(created)
        self.answers.append(AnswerRecord(asked.challenge_id, result, None, when))
        step = Step(asked, result, created)
        self.steps.append(step)
        return step
