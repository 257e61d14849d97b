"""Corrections shown to learners, checked on every challenge of the content."""

from __future__ import annotations

import pytest

from server.content import ChallengeType, load_content
from server.engine.validation import evaluate
from server.usecases.student.corrections import (
    expected_answer_value,
    field_verdicts,
    readable_solution,
    solution_to_display,
    wrong_answer_value,
)

CHALLENGES = load_content().challenges


def _result(challenge, value: str) -> str:
    return evaluate(
        challenge.type,
        challenge.solution,
        value,
        treatments=challenge.treatments,
        format=challenge.format,
    ).result.value


@pytest.mark.parametrize("challenge", CHALLENGES, ids=lambda challenge: challenge.id)
def test_the_expected_answer_is_right_and_the_wrong_one_is_wrong(challenge) -> None:
    # The demo seed answers with these on behalf of simulated students.
    assert _result(challenge, expected_answer_value(challenge)) == "ok"
    assert _result(challenge, wrong_answer_value(challenge)) == "ko"


@pytest.mark.parametrize("challenge", CHALLENGES, ids=lambda challenge: challenge.id)
def test_the_solution_to_display_is_readable(challenge) -> None:
    shown = solution_to_display(challenge)
    assert "${" not in shown
    assert shown.startswith("**Réponse attendue :**")
    assert challenge.explanation.strip() in shown
    if challenge.type is ChallengeType.QCU:
        assert readable_solution(challenge) == challenge.options[int(challenge.solution) - 1]


def test_interchangeable_inputs_get_a_verdict_each() -> None:
    challenge = load_content().challenges_by_id["recMoteurRecherche1c"]  # two engines but Google

    both = field_verdicts(challenge, "moteur1: Qwant\nmoteur2: duck duck go\n")
    same_twice = field_verdicts(challenge, "moteur1: Qwant\nmoteur2: qwant\n")

    assert both.answers_evaluation == [True, True]
    assert both.solutions_without_good_answers == []
    assert same_twice.answers_evaluation == [True, False]
    assert len(same_twice.solutions_without_good_answers) == 1
    single_choice = field_verdicts(load_content().challenges_by_id["recMoteurRecherche1a"], "1")
    assert (single_choice.answers_evaluation, single_choice.solutions_without_good_answers) == (
        [],
        [],
    )
