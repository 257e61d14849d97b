"""DOMAIN §10 replayed end to end: 9 answers, the same questions, KEs, progression and results."""

from __future__ import annotations

import pytest

from server.engine.checkpoints import answers_since_last_checkpoint, is_checkpoint_due
from server.engine.scoring import (
    competence_results,
    competence_scores,
    is_certifiable,
    mastery_rate_for_participant,
    participation_results,
    progression,
)
from server.engine.smart_random import NextChallenge, select_candidate_skills, stable_picker
from server.engine.types import AnswerResult

from .builders import (
    COMPETENCE_1_1,
    COMPETENCE_4_1,
    EXAMPLE_CHALLENGES,
    EXAMPLE_RESULTS,
    EXAMPLE_SKILLS,
    Run,
    first_candidate,
)

# (predicted level, candidates, asked, KEs created as (status, skill, source))
EXPECTED_TABLE = [
    (2, ["@sourcesInfo2", "@antivirus2"], "@sourcesInfo2",
     [("V", "@sourcesInfo2", "d"), ("V", "@sourcesInfo1", "i")]),
    (4.5, ["@antivirus2"], "@antivirus2",
     [("V", "@antivirus2", "d"), ("V", "@antivirus1", "i")]),
    (5, ["@sourcesInfo3"], "@sourcesInfo3", [("V", "@sourcesInfo3", "d")]),
    (5.5, ["@rechercheWeb4"], "@rechercheWeb4",
     [("I", "@rechercheWeb4", "d"), ("I", "@rechercheWeb5", "i")]),
    (4, ["@motDePasse3"], "@motDePasse3",
     [("I", "@motDePasse3", "d"), ("I", "@motDePasse4", "i")]),
    (3.5, ["@rechercheWeb3"], "@rechercheWeb3",
     [("V", "@rechercheWeb3", "d"), ("V", "@rechercheWeb1", "i"), ("V", "@rechercheWeb2", "i")]),
    (3.5, ["@motDePasse2"], "@motDePasse2",
     [("V", "@motDePasse2", "d"), ("V", "@motDePasse1", "i")]),
    (3.5, ["@outilsVeille4"], "@outilsVeille4", [("I", "@outilsVeille4", "d")]),
    (3.5, ["@outilsVeille2"], "@outilsVeille2", [("I", "@outilsVeille2", "d")]),
]  # fmt: skip

NAMES = {s.id: s.name for s in EXAMPLE_SKILLS}


def play_example() -> Run:
    run = Run(list(EXAMPLE_SKILLS), list(EXAMPLE_CHALLENGES))
    while (asked := run.ask(pick=first_candidate)) is not None:
        run.answer(asked, AnswerResult(EXAMPLE_RESULTS[NAMES[asked.skill_id]]))
    return run


@pytest.fixture(scope="module")
def run() -> Run:
    return play_example()


def test_the_test_ends_after_nine_answers(run: Run) -> None:
    assert len(run.steps) == 9


@pytest.mark.parametrize("index", range(9))
def test_each_step_matches_the_table(run: Run, index: int) -> None:
    level, candidates, asked, created = EXPECTED_TABLE[index]
    step = run.steps[index]
    assert step.asked.predicted_level == level
    assert [NAMES[i] for i in step.asked.candidate_skill_ids] == candidates
    assert NAMES[step.asked.skill_id] == asked
    assert step.asked.challenge_id == f"ch-{asked}-0"
    assert [
        (ke.status.value[0].upper(), NAMES[ke.skill_id], ke.source.value[0]) for ke in step.created
    ] == created


def test_the_end_row_has_level_3_and_no_candidate(run: Run) -> None:
    selection = select_candidate_skills(
        run.skills,
        run.challenges,
        run.knowledge_elements,
        [a.challenge_id for a in run.answers],
        run.answers[-1],
    )
    assert selection.has_ended
    assert selection.predicted_level == 3
    assert {ke.skill_id for ke in run.knowledge_elements} == {s.id for s in EXAMPLE_SKILLS}


def test_earned_pix_of_created_knowledge_elements(run: Run) -> None:
    first = run.steps[0].created
    assert [ke.earned_pix for ke in first] == [8 / 3, 4]
    failed = run.steps[3].created
    assert [ke.earned_pix for ke in failed] == [0, 0]


def test_progression_after_each_answer(run: Run) -> None:
    assessed_counts = []
    seen: set[str] = set()
    for step in run.steps:
        seen.update(ke.skill_id for ke in step.created)
        assessed_counts.append(len(seen))
    assert assessed_counts == [2, 4, 5, 7, 9, 12, 14, 15, 16]
    assert progression(2, 16, completed=False) == 0.125
    assert [progression(n, 16, completed=False) for n in assessed_counts] == [
        0.125, 0.25, 0.313, 0.438, 0.563, 0.75, 0.875, 0.938, 1.0,
    ]  # fmt: skip


def test_checkpoints_after_answer_5_and_at_the_end(run: Run) -> None:
    due = [n for n in range(1, 10) if is_checkpoint_due(n, assessment_ended=n == 9)]
    assert due == [5, 9]
    assert answers_since_last_checkpoint(run.answers[:5]) == run.answers[0:5]
    assert answers_since_last_checkpoint(run.answers) == run.answers[5:9]


def test_results(run: Run) -> None:
    validated_ids = {ke.skill_id for ke in run.knowledge_elements if ke.is_validated}
    by_competence = {r.competence_id: r for r in competence_results(EXAMPLE_SKILLS, validated_ids)}
    assert (
        by_competence[COMPETENCE_1_1].validated_skills_count,
        by_competence[COMPETENCE_1_1].target_skills_count,
    ) == (6, 10)
    assert (
        by_competence[COMPETENCE_4_1].validated_skills_count,
        by_competence[COMPETENCE_4_1].target_skills_count,
    ) == (4, 6)
    assert by_competence[COMPETENCE_1_1].csv_rate == 0.6
    assert by_competence[COMPETENCE_4_1].csv_rate == 0.67
    assert by_competence[COMPETENCE_1_1].mastery_percentage == 60
    assert by_competence[COMPETENCE_4_1].mastery_percentage == 67

    results = participation_results(EXAMPLE_SKILLS, run.knowledge_elements)
    assert results.validated_skills_count == 10
    assert results.mastery_rate == 0.625
    assert mastery_rate_for_participant(10, 16) == 0.63
    assert results.pix_score == 37

    scores = competence_scores(run.knowledge_elements)
    assert scores[COMPETENCE_1_1].real_pix == pytest.approx(21.33, abs=0.01)
    assert (scores[COMPETENCE_1_1].pix_score, scores[COMPETENCE_1_1].level) == (21, 2)
    assert (scores[COMPETENCE_4_1].pix_score, scores[COMPETENCE_4_1].level) == (16, 2)
    assert not is_certifiable(score.level for score in scores.values())


def test_the_hash_pick_is_deterministic_and_order_independent() -> None:
    """Production picks by hash: a reload re-serves the same question, whatever the row order."""
    run = Run(list(EXAMPLE_SKILLS), list(EXAMPLE_CHALLENGES), assessment_id=4242)
    again = Run(
        list(reversed(EXAMPLE_SKILLS)), list(reversed(EXAMPLE_CHALLENGES)), assessment_id=4242
    )
    asked = run.ask()
    assert asked is not None
    assert again.ask() == NextChallenge(
        challenge_id=asked.challenge_id,
        skill_id=asked.skill_id,
        candidate_skill_ids=tuple(reversed(asked.candidate_skill_ids)),
        predicted_level=asked.predicted_level,
    )
    assert run.ask() == asked
    assert asked.skill_id in {
        s.id for s in EXAMPLE_SKILLS if s.name in ("@sourcesInfo2", "@antivirus2")
    }


def test_the_hash_pick_plays_a_whole_test_to_its_end() -> None:
    run = Run(list(EXAMPLE_SKILLS), list(EXAMPLE_CHALLENGES), assessment_id=77)
    while (asked := run.ask()) is not None:
        run.answer(asked, AnswerResult(EXAMPLE_RESULTS.get(NAMES[asked.skill_id], "ok")))
        assert len(run.steps) <= 16
    # every answer settles at least its own skill, and the test only ends once nothing is left
    assert {ke.skill_id for ke in run.knowledge_elements} == {s.id for s in EXAMPLE_SKILLS}
    assert len({a.challenge_id for a in run.answers}) == len(run.answers)
    assert stable_picker(77)(["b", "a"], "skill") == stable_picker(77)(["a", "b"], "skill")
