"""The "smart random" adaptive algorithm of campaign assessments (DOMAIN §3.1–3.3).

`next_challenge` returns the challenge to ask, or None when the test is over. It is a pure
function of its inputs: the same state always serves the same challenge, which is what lets a
learner resume ("Reprendre") on the very question he left.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from server.engine.knowledge import latest_non_reset
from server.engine.types import (
    VALIDATED_CHALLENGE_STATUS,
    AnswerRecord,
    AssessmentId,
    ChallengeRef,
    KnowledgeElement,
    KnowledgeElementSource,
    Skill,
)

DEFAULT_LEVEL_FOR_FIRST_CHALLENGE = 2
MAX_DIFF_BETWEEN_USER_LEVEL_AND_SKILL_LEVEL = 2
MAX_LEVEL_TO_BE_AN_EASY_TUBE = 3
CAT_LEVELS = tuple(level / 2 for level in range(1, 16))  # 0.5, 1, 1.5, …, 7.5
# Two virtual answers anchor the estimate: anyone solves difficulty 0, nobody difficulty 7.
_VIRTUAL_ANSWERS = ((1, 0), (0, 7))

# (ids in a stable order, purpose "skill" or "challenge") -> the chosen id
Picker = Callable[[Sequence[str], str], str]


@dataclass(frozen=True, slots=True)
class SkillSelection:
    """The skills the next challenge may come from; empty means the test is over."""

    candidate_skill_ids: tuple[str, ...]
    predicted_level: float

    @property
    def has_ended(self) -> bool:
        return not self.candidate_skill_ids


@dataclass(frozen=True, slots=True)
class NextChallenge:
    challenge_id: str
    skill_id: str
    candidate_skill_ids: tuple[str, ...]
    predicted_level: float


def probability_of_success(level: float, difficulty: float) -> float:
    """Logistic chance that a learner of `level` solves a challenge of `difficulty`."""
    return 1 / (1 + math.exp(-(level - difficulty)))


def predicted_level(
    knowledge_elements: Iterable[KnowledgeElement], skills: Iterable[Skill]
) -> float:
    """CAT estimate from the *direct* knowledge elements on `skills` (3.5 when there is none).

    For each level of the grid, the gap between observed successes and expected ones; the first
    level with the smallest gap wins.
    """
    difficulties = {skill.id: skill.difficulty for skill in skills}
    # Pix reads a missing (0) difficulty as 2.
    outcomes = [
        (1 if ke.is_validated else 0, difficulties[ke.skill_id] or 2)
        for ke in knowledge_elements
        if ke.source == KnowledgeElementSource.DIRECT and ke.skill_id in difficulties
    ]
    outcomes.extend(_VIRTUAL_ANSWERS)
    best_level, best_score = CAT_LEVELS[0], -math.inf
    for level in CAT_LEVELS:
        gap = sum(
            outcome - probability_of_success(level, difficulty) for outcome, difficulty in outcomes
        )
        if -abs(gap) > best_score:
            best_level, best_score = level, -abs(gap)
    return best_level


def stable_picker(assessment_id: AssessmentId) -> Picker:
    """Pick by a hash of the assessment id, independent of the order the ids come in.

    `zlib.crc32` rather than `hash()`: Python randomises string hashes per process, and the
    pick must survive a server restart.
    """

    def pick(ids: Sequence[str], purpose: str) -> str:
        ordered = sorted(ids)
        return ordered[zlib.crc32(f"{assessment_id}:{purpose}".encode()) % len(ordered)]

    return pick


def select_candidate_skills(
    target_skills: Sequence[Skill],
    challenges: Iterable[ChallengeRef],
    knowledge_elements: Iterable[KnowledgeElement],
    answered_challenge_ids: Iterable[str],
    last_answer: AnswerRecord | None,
) -> SkillSelection:
    """Steps 1–4 of §3.2/§3.3: the candidate skills and the predicted level."""
    return _State.build(
        target_skills, challenges, knowledge_elements, answered_challenge_ids
    ).select(last_answer)


def next_challenge(
    target_skills: Sequence[Skill],
    challenges: Iterable[ChallengeRef],
    knowledge_elements: Iterable[KnowledgeElement],
    answered_challenge_ids: Iterable[str],
    last_answer: AnswerRecord | None,
    assessment_id: AssessmentId,
    *,
    pick: Picker | None = None,
) -> NextChallenge | None:
    """The next challenge of a campaign assessment, or None when the test has ended.

    - `target_skills`: the target profile's skills (their order is the candidates' order);
    - `challenges`: the challenges of those skills in the learner's locale (non-operative ones
      are ignored), answered ones included: they are removed through `answered_challenge_ids`,
      the ids answered in this assessment;
    - `knowledge_elements`: the learner's knowledge elements across Pix, improvement-filtered
      (§5.4) by the caller; the latest non-reset one per target skill is used here;
    - `last_answer`: the last answer of this assessment, None before the first one;
    - `pick`: chooses among candidate skills, then among the skill's challenges; defaults to
      `stable_picker(assessment_id)`.
    """
    state = _State.build(target_skills, challenges, knowledge_elements, answered_challenge_ids)
    selection = state.select(last_answer)
    if selection.has_ended:
        return None
    choose = pick or stable_picker(assessment_id)
    skill_id = choose(selection.candidate_skill_ids, "skill")
    remaining = state.remaining_challenges[skill_id]
    preferred = [c for c in remaining if c.status == VALIDATED_CHALLENGE_STATUS] or remaining
    challenge_id = choose([c.id for c in preferred], "challenge")
    return NextChallenge(
        challenge_id=challenge_id,
        skill_id=skill_id,
        candidate_skill_ids=selection.candidate_skill_ids,
        predicted_level=selection.predicted_level,
    )


@dataclass(slots=True)
class _State:
    skills: list[Skill]  # target skills, deduplicated, in the given order
    remaining_challenges: dict[str, list[ChallengeRef]]  # skill id -> unanswered challenges
    tubes: dict[str, list[Skill]]  # tube name -> target skills having a challenge
    knowledge_elements: list[KnowledgeElement]  # latest non-reset, on target skills only
    tested: set[str]

    @classmethod
    def build(
        cls,
        target_skills: Sequence[Skill],
        challenges: Iterable[ChallengeRef],
        knowledge_elements: Iterable[KnowledgeElement],
        answered_challenge_ids: Iterable[str],
    ) -> _State:
        by_id: dict[str, Skill] = {}
        for skill in target_skills:
            by_id.setdefault(skill.id, skill)
        answered = set(answered_challenge_ids)
        with_challenge: set[str] = set()
        remaining: dict[str, list[ChallengeRef]] = {}
        for challenge in challenges:
            if not challenge.is_operative or challenge.skill_id not in by_id:
                continue
            with_challenge.add(challenge.skill_id)
            if challenge.id not in answered:
                remaining.setdefault(challenge.skill_id, []).append(challenge)
        # Pix rebuilds the tubes before removing answered challenges: a tube keeps its
        # maximal level, and its rewards count skills, whatever has been answered.
        tubes: dict[str, list[Skill]] = {}
        for skill in by_id.values():
            if skill.id in with_challenge:
                tubes.setdefault(skill.tube_name, []).append(skill)
        kes = [ke for ke in latest_non_reset(knowledge_elements) if ke.skill_id in by_id]
        return cls(
            skills=list(by_id.values()),
            remaining_challenges=remaining,
            tubes=tubes,
            knowledge_elements=kes,
            tested={ke.skill_id for ke in kes},
        )

    def is_timed(self, skill: Skill) -> bool:
        return self.remaining_challenges[skill.id][0].timed

    def select(self, last_answer: AnswerRecord | None) -> SkillSelection:
        playable = [s for s in self.skills if s.id in self.remaining_challenges]
        untested = [s for s in playable if s.id not in self.tested]
        easy_tubes = {
            name
            for name, skills in self.tubes.items()
            if max(s.difficulty for s in skills) <= MAX_LEVEL_TO_BE_AN_EASY_TUBE
        }
        skills = [s for s in untested if s.tube_name in easy_tubes] or untested

        if last_answer is None:
            skills = [s for s in skills if not self.is_timed(s)] or skills
            return SkillSelection(
                tuple(s.id for s in _focus_on_default_level(skills)),
                float(DEFAULT_LEVEL_FOR_FIRST_CHALLENGE),
            )

        level = predicted_level(self.knowledge_elements, self.skills)
        if last_answer.timeout:  # the last challenge was timed: avoid two in a row
            skills = [s for s in skills if not self.is_timed(s)] or skills
        skills = [
            s for s in skills if s.difficulty - level <= MAX_DIFF_BETWEEN_USER_LEVEL_AND_SKILL_LEVEL
        ]
        return SkillSelection(tuple(s.id for s in self._max_rewarding(skills, level)), level)

    def _reward(self, skill: Skill, level: float) -> float:
        """Expected number of skills settled by asking `skill` (itself included)."""
        untested = [s for s in self.tubes[skill.tube_name] if s.id not in self.tested]
        if_solved = sum(1 for s in untested if s.difficulty <= skill.difficulty)
        if_failed = sum(1 for s in untested if s.difficulty >= skill.difficulty)
        p = probability_of_success(level, skill.difficulty)
        return p * if_solved + (1 - p) * if_failed

    def _max_rewarding(self, skills: list[Skill], level: float) -> list[Skill]:
        best: list[Skill] = []
        best_reward = -math.inf
        for skill in skills:
            reward = self._reward(skill, level)
            if reward > best_reward:
                best, best_reward = [skill], reward
            elif reward == best_reward:
                best.append(skill)
        # A skill that settles nothing ends the test (Pix `clearSkillsIfNotRewarding`).
        return best if best_reward > 0 else []


def _focus_on_default_level(skills: list[Skill]) -> list[Skill]:
    """The skills of difficulty 2, or failing that those of the lowest difficulty."""
    default = [s for s in skills if s.difficulty == DEFAULT_LEVEL_FOR_FIRST_CHALLENGE]
    if default or not skills:
        return default
    lowest = min(s.difficulty for s in skills)
    return [s for s in skills if s.difficulty == lowest]
