"""Knowledge elements: creation and inference (§3.4), reading (latest non-reset), §5.4 filter."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import pytest

from server.engine.knowledge import (
    filter_for_improvement,
    knowledge_elements_for_answer,
    latest_non_reset,
)
from server.engine.types import AnswerResult, KnowledgeElement, Skill

from .builders import T0, ke, skill

TUBE = [skill(f"@web{d}", pix_value=d) for d in range(1, 6)]
OTHER_TUBE = [skill(f"@mail{d}") for d in range(1, 4)]
TARGETS = [*TUBE, *OTHER_TUBE]
WHEN = T0 + timedelta(hours=1)


def created(
    result: str,
    target: Skill,
    *,
    targets: Sequence[Skill] = TARGETS,
    kes: Sequence[KnowledgeElement] = (),
    assessment_id: int = 1,
) -> list[tuple[str, str, str, float]]:
    new = knowledge_elements_for_answer(
        result=AnswerResult(result),
        skill_id=target.id,
        target_skills=targets,
        knowledge_elements=kes,
        assessment_id=assessment_id,
        created_at=WHEN,
    )
    assert all(k.created_at == WHEN and k.assessment_id == assessment_id for k in new)
    return [(k.skill_id.removeprefix("rec"), k.status, k.source, k.earned_pix) for k in new]


def test_success_validates_the_skill_and_every_strictly_easier_one_of_its_tube() -> None:
    assert created("ok", TUBE[2]) == [
        ("@web3", "validated", "direct", 3),
        ("@web1", "validated", "inferred", 1),
        ("@web2", "validated", "inferred", 2),
    ]


def test_failure_invalidates_the_skill_and_every_strictly_harder_one() -> None:
    assert created("ko", TUBE[2]) == [
        ("@web3", "invalidated", "direct", 0),
        ("@web4", "invalidated", "inferred", 0),
        ("@web5", "invalidated", "inferred", 0),
    ]


@pytest.mark.parametrize("result", ["ko", "aband", "timedout", "focusedOut", "partially"])
def test_every_result_but_ok_invalidates(result: str) -> None:
    assert [status for _, status, _, _ in created(result, TUBE[3])] == ["invalidated"] * 2


def test_competence_is_copied_from_the_skill() -> None:
    s = skill("@x2", competence_id="4.1")
    [direct] = knowledge_elements_for_answer(
        result=AnswerResult.OK,
        skill_id=s.id,
        target_skills=[s],
        knowledge_elements=[],
        assessment_id=1,
        created_at=WHEN,
    )
    assert direct.competence_id == "4.1"


def test_same_difficulty_is_not_inferred() -> None:
    twin = Skill("rec-twin", "@web3", 3, "web", "comp", 4)
    assert [name for name, *_ in created("ok", TUBE[2], targets=[*TUBE, twin])] == [
        "@web3",
        "@web1",
        "@web2",
    ]


def test_no_knowledge_element_for_a_skill_outside_the_target_profile() -> None:
    assert created("ok", skill("@elsewhere2")) == []


def test_inference_stays_within_target_skills() -> None:
    assert [name for name, *_ in created("ok", TUBE[2], targets=TUBE[1:])] == ["@web3", "@web2"]


def test_nothing_is_created_for_a_skill_already_assessed_in_this_assessment() -> None:
    inferred_before = ke(TUBE[2], "invalidated", "inferred", assessment_id=1)
    assert created("ok", TUBE[2], kes=[inferred_before]) == []


def test_skills_assessed_in_this_assessment_are_not_inferred_again() -> None:
    before = ke(TUBE[0], "validated", "inferred", assessment_id=1)
    assert [name for name, *_ in created("ok", TUBE[2], kes=[before])] == ["@web3", "@web2"]


def test_knowledge_elements_of_other_assessments_do_not_block_creation() -> None:
    # Pix re-creates them so that the pix value of the current content counts
    elsewhere = [ke(s, assessment_id=99) for s in TUBE]
    assert [name for name, *_ in created("ok", TUBE[2], kes=elsewhere)] == [
        "@web3",
        "@web1",
        "@web2",
    ]


def test_latest_non_reset_keeps_the_newest_per_skill_and_drops_resets() -> None:
    a, b, c = TUBE[0], TUBE[1], TUBE[2]
    old_a = ke(a, "invalidated", created_at=T0)
    new_a = ke(a, "validated", created_at=T0 + timedelta(days=1))
    b_then_reset = [ke(b, created_at=T0), ke(b, "reset", created_at=T0 + timedelta(days=2))]
    c_reset_then_new = [
        ke(c, "reset", created_at=T0),
        ke(c, "invalidated", created_at=T0 + timedelta(days=3)),
    ]
    latest = latest_non_reset([old_a, new_a, *b_then_reset, *c_reset_then_new])
    assert latest == [c_reset_then_new[1], new_a]


def test_latest_non_reset_keeps_the_first_given_on_equal_dates() -> None:
    first, second = ke(TUBE[0], "validated"), ke(TUBE[0], "invalidated")
    assert latest_non_reset([first, second]) == [first]


@pytest.mark.parametrize("is_retrying", [False, True])
def test_improvement_forgets_failures_of_4_days_or_more(is_retrying: bool) -> None:
    started = T0 + timedelta(days=10)
    old_success = ke(TUBE[0], "validated", created_at=T0)
    old_failure = ke(TUBE[1], "invalidated", created_at=started - timedelta(days=4))
    recent_failure = ke(
        TUBE[2], "invalidated", created_at=started - timedelta(days=3, hours=23, minutes=59)
    )
    failure_during_the_test = ke(TUBE[3], "invalidated", created_at=started + timedelta(minutes=5))
    kept = filter_for_improvement(
        [old_success, old_failure, recent_failure, failure_during_the_test], started, is_retrying
    )
    assert kept == [old_success, recent_failure, failure_during_the_test]
