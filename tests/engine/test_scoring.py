"""Pix, levels, certifiability and rates (§4), rounded as Pix rounds them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from server.engine.rounding import js_math_round, js_to_precision, lodash_round
from server.engine.scoring import (
    collective_results,
    competence_score,
    competence_scores,
    csv_rate,
    is_certifiable,
    mastery_percentage,
    mastery_rate,
    mastery_rate_for_participant,
    max_pix_score,
    participation_results,
    progression,
    total_pix_score,
)
from server.engine.types import KnowledgeElement

from .builders import T0, ke, skill


def kes_worth(*pix_values: float, competence_id: str = "1.1") -> list[KnowledgeElement]:
    return [
        ke(skill(f"@s{i}1", competence_id=competence_id, pix_value=value))
        for i, value in enumerate(pix_values)
    ]


def test_pix_are_floored_and_level_is_floor_of_real_over_8() -> None:
    score = competence_score("1.1", kes_worth(4, 4, 8 / 3, 8 / 3, 4, 4))
    assert (score.pix_score, score.level, score.pix_ahead_for_next_level) == (21, 2, 5)


def test_three_skills_worth_8_thirds_make_a_level() -> None:
    score = competence_score("1.1", kes_worth(8 / 3, 8 / 3, 8 / 3))
    assert (score.pix_score, score.level) == (8, 1)


def test_level_uses_the_real_sum_not_the_floored_one() -> None:
    score = competence_score("1.1", kes_worth(4, 3.99))
    assert (score.pix_score, score.level) == (7, 0)


def test_invalidated_knowledge_elements_earn_nothing() -> None:
    failed = [ke(skill("@a1", competence_id="1.1"), "invalidated")]
    assert competence_score("1.1", failed).pix_score == 0


def test_default_cap_is_8_levels_so_scores_are_out_of_1024() -> None:
    much = kes_worth(*[4.0] * 20)  # 80 real pix
    assert (competence_score("1.1", much).pix_score, competence_score("1.1", much).level) == (64, 8)
    assert max_pix_score() == 1024


def test_pix_code_default_of_5_levels_caps_at_40() -> None:
    much = kes_worth(*[4.0] * 20)
    score = competence_score("1.1", much, max_level=5)
    assert (score.pix_score, score.level) == (40, 5)
    assert max_pix_score(5) == 640


def test_total_floors_each_competence_before_summing() -> None:
    kes = kes_worth(2.5, 2, competence_id="1.1") + kes_worth(2.5, 2, competence_id="2.1")
    assert total_pix_score(kes) == 8  # 4 + 4, not floor(9)
    assert set(competence_scores(kes)) == {"1.1", "2.1"}


def test_certifiable_needs_5_competences_at_level_1() -> None:
    assert is_certifiable([1, 1, 1, 1, 1])
    assert is_certifiable([0, 3, 2, 1, 1, 5, 0])
    assert not is_certifiable([8, 8, 8, 8, 0])


def test_participant_mastery_rate_has_two_significant_digits_ties_up() -> None:
    assert mastery_rate_for_participant(1, 8) == 0.13
    assert mastery_rate_for_participant(5, 8) == 0.63
    assert mastery_rate_for_participant(1, 3) == 0.33
    assert mastery_rate_for_participant(29, 200) == 0.14  # the double 0.145 is below 0.145
    assert mastery_rate_for_participant(16, 16) == 1
    assert mastery_rate_for_participant(0, 0) == 0


def test_stored_mastery_rate_is_not_rounded() -> None:
    assert mastery_rate(10, 16) == 0.625
    assert mastery_rate(0, 0) == 0


def test_progression_rounds_half_away_from_zero_to_3_decimals() -> None:
    assert progression(2, 16, completed=False) == 0.125
    assert progression(1, 16, completed=False) == 0.063  # Python's round gives 0.062
    assert progression(1, 3, completed=False) == 0.333
    assert progression(3, 16, completed=True) == 1
    assert progression(0, 0, completed=False) == 0


def test_competence_mastery_percentage_rounds_halves_up() -> None:
    assert mastery_percentage(1, 8) == 13  # 12.5: Python's round gives 12
    assert mastery_percentage(6, 10) == 60
    assert mastery_percentage(4, 6) == 67
    assert mastery_percentage(0, 0) == 0


def test_csv_rate_has_two_decimals() -> None:
    assert csv_rate(6, 10) == 0.6
    assert csv_rate(4, 6) == 0.67
    assert csv_rate(1, 8) == 0.13  # Python's round(0.125, 2) gives 0.12


def test_participation_results_count_only_target_skills_latest_knowledge_elements() -> None:
    a1, a2, out = skill("@a1", "1.1"), skill("@a2", "1.1"), skill("@z1", "1.1")
    kes = [
        ke(a1),
        ke(a2, created_at=T0),
        ke(a2, "invalidated", created_at=T0.replace(year=2025)),  # newer: a2 is lost
        ke(out),  # not a target skill: neither counted nor scored
    ]
    results = participation_results([a1, a2], kes)
    assert (results.validated_skills_count, results.target_skills_count) == (1, 2)
    assert (results.pix_score, results.mastery_rate) == (4, 0.5)


def test_collective_results_average_over_shared_participations() -> None:
    skills = [skill("@a1", "1.1"), skill("@a2", "1.1"), skill("@b1", "2.1")]
    results = collective_results(skills, [{"rec@a1", "rec@a2", "rec@b1"}, {"rec@a1"}])
    assert [
        (r.competence_id, r.target_skills_count, r.average_validated_skills) for r in results
    ] == [
        ("1.1", 2, 1.5),
        ("2.1", 1, 0.5),
    ]
    assert [r.validated_skills_percentage for r in results] == [75, 50]
    empty = collective_results(skills, [])
    assert [r.average_validated_skills for r in empty] == [0, 0]


@pytest.mark.parametrize(
    ("value", "expected"), [(2.5, 3), (-2.5, -2), (0.49999999999999994, 0), (12.5, 13)]
)
def test_js_math_round(value: float, expected: int) -> None:
    assert js_math_round(value) == expected


def test_lodash_round_and_to_precision() -> None:
    assert lodash_round(1.005, 2) == 1.01  # lodash works on "1.005", Python's round gives 1.0
    assert lodash_round(0.6666666666666666, 2) == 0.67
    assert js_to_precision(0.995, 2) == 0.99  # the double is 0.99499…
    assert js_to_precision(0.996, 2) == 1


def test_a_fully_validated_competence_keeps_its_whole_pix_despite_float_thirds() -> None:
    """Eleven skills worth 8/3 and 4 summed in file order give 43.99999999999999 in floats."""
    from server.content import load_content
    from server.engine.scoring import competence_score
    from server.engine.types import KnowledgeElement

    content = load_content()
    competence = content.competences_by_index["1.1"]
    skills = content.skills_of_competence(competence.id)
    kes = [
        KnowledgeElement(
            skill_id=skill.id,
            status="validated",
            source="direct",
            assessment_id=1,
            created_at=datetime(2026, 1, 1, tzinfo=UTC),
            earned_pix=skill.pix_value,
            competence_id=competence.id,
        )
        for skill in skills
    ]
    expected = round(sum(skill.pix_value for skill in skills))
    assert competence_score(competence.id, kes).pix_score == expected
