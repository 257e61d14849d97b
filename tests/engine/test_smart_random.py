"""The smart-random rules of DOMAIN §3.1–3.3, one by one."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import timedelta

import pytest

from server.engine.smart_random import (
    CAT_LEVELS,
    next_challenge,
    predicted_level,
    probability_of_success,
    select_candidate_skills,
    stable_picker,
)
from server.engine.types import AnswerRecord, ChallengeRef, KnowledgeElement, Skill

from .builders import T0, answer, challenges_for, first_candidate, ke, skill


def names(ids: Sequence[str]) -> list[str]:
    return [i.removeprefix("rec") for i in ids]


def candidates(
    skills: Sequence[Skill],
    *,
    challenges: Sequence[ChallengeRef] | None = None,
    kes: Sequence[KnowledgeElement] = (),
    answered: Sequence[str] = (),
    last: AnswerRecord | None = None,
) -> list[str]:
    chosen = challenges if challenges is not None else challenges_for(skills)
    return names(select_candidate_skills(skills, chosen, kes, answered, last).candidate_skill_ids)


AFTER_AN_ANSWER = answer("ch-previous")


# --- predicted level --------------------------------------------------------------------------


def test_grid_is_half_steps_from_half_to_seven_and_a_half() -> None:
    assert CAT_LEVELS == (0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5)


def test_no_direct_knowledge_element_predicts_3_5() -> None:
    skills = [skill("@a1"), skill("@a2")]
    assert predicted_level([], skills) == 3.5
    # inferred KEs do not count
    assert predicted_level([ke(skills[0], source="inferred")], skills) == 3.5


def test_successes_raise_and_failures_lower_the_prediction() -> None:
    # Worked by hand: the gap Σ(outcome − σ(L − d)) over the answers and the two virtual ones
    # is closest to 0 at these levels (e.g. one success at 2: +0.011 at 4.5, −0.065 at 5).
    s2, s4, s5 = skill("@a2"), skill("@c4"), skill("@b5")
    assert predicted_level([ke(s2)], [s2]) == 4.5
    assert predicted_level([ke(s4)], [s4]) == 5.5
    assert predicted_level([ke(s2), ke(s5)], [s2, s5]) == 6
    assert predicted_level([ke(s2, "invalidated")], [s2]) == 1
    assert predicted_level([ke(skill("@f6"), "invalidated")], [skill("@f6")]) == 3


def test_knowledge_elements_on_unknown_skills_are_ignored() -> None:
    s2 = skill("@a2")
    assert predicted_level([ke(skill("@zz6"))], [s2]) == 3.5


def test_logistic_probability() -> None:
    assert probability_of_success(3, 3) == 0.5
    assert probability_of_success(5, 3) == pytest.approx(0.8808, abs=1e-4)


# --- first challenge ------------------------------------------------------------------------


def test_first_challenge_keeps_difficulty_2_skills_of_easy_tubes() -> None:
    skills = [skill(n) for n in ("@easy1", "@easy2", "@easy3", "@hard2", "@hard5", "@other2")]
    selection = select_candidate_skills(skills, challenges_for(skills), [], [], None)
    assert names(selection.candidate_skill_ids) == ["@easy2", "@other2"]
    assert selection.predicted_level == 2


def test_first_challenge_falls_back_to_lowest_difficulty_without_level_2() -> None:
    skills = [skill(n) for n in ("@a3", "@a1", "@b1", "@b3")]
    assert candidates(skills) == ["@a1", "@b1"]


def test_first_challenge_uses_every_tube_when_none_is_easy() -> None:
    skills = [skill(n) for n in ("@a3", "@a4", "@b2", "@b6")]
    assert candidates(skills) == ["@b2"]


def test_first_challenge_skips_skills_already_in_a_knowledge_element() -> None:
    skills = [skill(n) for n in ("@a1", "@a2", "@b2")]
    assert candidates(skills, kes=[ke(skills[1], assessment_id=99)]) == ["@b2"]


def test_first_challenge_avoids_timed_skills_when_possible() -> None:
    timed, untimed = skill("@t2"), skill("@u2")
    challenges = [
        ChallengeRef("c-t", timed.id, timed=True),
        ChallengeRef("c-u", untimed.id, timed=False),
    ]
    assert candidates([timed, untimed], challenges=challenges) == ["@u2"]
    # …but a timed skill is still asked when nothing else is left
    assert candidates([timed], challenges=challenges[:1]) == ["@t2"]


def test_a_skill_is_timed_by_its_first_remaining_challenge() -> None:
    s = skill("@t2")
    other = skill("@u2")
    challenges = [
        ChallengeRef("c1", s.id, timed=True),
        ChallengeRef("c2", s.id, timed=False),
        ChallengeRef("c3", other.id, timed=False),
    ]
    assert candidates([s, other], challenges=challenges) == ["@u2"]
    assert candidates([s, other], challenges=challenges[1:]) == ["@t2", "@u2"]


# --- next challenges ------------------------------------------------------------------------


def test_easy_tubes_are_preferred_at_every_step() -> None:
    skills = [skill(n) for n in ("@easy3", "@hard2", "@hard3", "@hard4")]
    # a strong learner (prediction 5.5) still gets the easy tube first
    kes = [ke(skill("@x4")), ke(skill("@y5"))]
    all_skills = [*skills, skill("@x4"), skill("@y5")]
    assert candidates(all_skills, kes=kes, last=AFTER_AN_ANSWER) == ["@easy3"]


def test_timed_skills_are_avoided_after_a_timed_challenge() -> None:
    timed, untimed = skill("@t3"), skill("@u3")
    challenges = [ChallengeRef("c-t", timed.id, True), ChallengeRef("c-u", untimed.id, False)]
    both = ["@t3", "@u3"]
    assert candidates([timed, untimed], challenges=challenges, last=answer("x")) == both
    assert candidates([timed, untimed], challenges=challenges, last=answer("x", timeout=0)) == both
    assert candidates([timed, untimed], challenges=challenges, last=answer("x", timeout=12)) == [
        "@u3"
    ]
    # a negative timeout (time ran out) also marks a timed challenge
    assert candidates([timed, untimed], challenges=challenges, last=answer("x", timeout=-2)) == [
        "@u3"
    ]
    assert candidates([timed], challenges=challenges[:1], last=answer("x", timeout=12)) == ["@t3"]


def test_skills_more_than_2_levels_above_the_prediction_are_dropped() -> None:
    # no direct KE: predicted 3.5, so difficulty 5 (gap 1.5) stays and 6 (gap 2.5) goes
    assert candidates([skill("@a5"), skill("@b6")], last=AFTER_AN_ANSWER) == ["@a5"]
    # one failure at 6: predicted 3, so a gap of exactly 2 (difficulty 5) is still allowed
    failed = skill("@f6")
    skills = [skill("@a5"), skill("@b6"), failed]
    kes = [ke(failed, "invalidated")]
    assert candidates(skills, kes=kes, last=AFTER_AN_ANSWER) == ["@a5"]


def test_the_test_can_end_while_hard_tubes_hold_untested_skills() -> None:
    """The easy-tube filter runs before the difficulty cap (§3.3.4)."""
    easy3, hard1, hard5 = skill("@easy3"), skill("@hard1"), skill("@hard5")
    failures = [skill("@fa1"), skill("@fb1"), skill("@fc1")]
    kes = [ke(s, "invalidated") for s in failures]
    skills = [easy3, hard1, hard5, *failures]
    assert predicted_level(kes, skills) == 0.5
    selection = select_candidate_skills(skills, challenges_for(skills), kes, [], AFTER_AN_ANSWER)
    assert selection.has_ended
    assert (
        next_challenge(
            skills, challenges_for(skills), kes, [], AFTER_AN_ANSWER, 1, pick=first_candidate
        )
        is None
    )


def test_the_most_rewarding_skill_is_chosen() -> None:
    # prediction 3.5, tube of 5 untested skills: the middle ones settle the most skills
    tube = [skill(f"@t{d}") for d in range(1, 6)]
    assert candidates(tube, last=AFTER_AN_ANSWER) == ["@t3"]


def test_equal_rewards_are_all_candidates() -> None:
    skills = [skill("@a4"), skill("@a5"), skill("@b4"), skill("@b5")]
    assert candidates(skills, last=AFTER_AN_ANSWER) == ["@a4", "@b4"]


def test_rewards_ignore_skills_already_tested() -> None:
    tube = [skill(f"@t{d}") for d in range(1, 6)]
    # t1..t2 already validated elsewhere: among t3..t5 the middle one still wins
    kes = [ke(tube[0], source="inferred"), ke(tube[1], source="inferred")]
    assert candidates(tube, kes=kes, last=AFTER_AN_ANSWER) == ["@t4"]


# --- inputs ---------------------------------------------------------------------------------


def test_answered_challenges_are_removed_and_a_skill_without_challenge_is_not_playable() -> None:
    a2, b2 = skill("@a2"), skill("@b2")
    challenges = [ChallengeRef("ca", a2.id, False), ChallengeRef("cb", b2.id, False)]
    assert candidates([a2, b2], challenges=challenges, answered=["ca"]) == ["@b2"]


def test_an_answered_challenge_is_never_served_again() -> None:
    a2 = skill("@a2")
    challenges = [ChallengeRef("c1", a2.id, False), ChallengeRef("c2", a2.id, False)]
    chosen = next_challenge([a2], challenges, [], ["c1"], None, 1, pick=first_candidate)
    assert chosen is not None
    assert chosen.challenge_id == "c2"


def test_non_operative_challenges_are_ignored_and_validated_ones_preferred() -> None:
    a2 = skill("@a2")
    challenges = [
        ChallengeRef("expired", a2.id, False, status="périmé"),
        ChallengeRef("archived", a2.id, False, status="archivé"),
        ChallengeRef("live", a2.id, False, status="validé"),
    ]
    chosen = next_challenge([a2], challenges, [], [], None, 1, pick=first_candidate)
    assert chosen is not None and chosen.challenge_id == "live"
    only_archived = next_challenge([a2], challenges[:2], [], [], None, 1, pick=first_candidate)
    assert only_archived is not None and only_archived.challenge_id == "archived"
    assert next_challenge([a2], challenges[:1], [], [], None, 1) is None


def test_knowledge_elements_outside_the_target_profile_are_ignored() -> None:
    a2 = skill("@a2")
    outside = skill("@zz2")
    assert candidates([a2], kes=[ke(outside)]) == ["@a2"]
    # and they do not move the prediction either
    selection = select_candidate_skills(
        [skill("@t5")], challenges_for([skill("@t5")]), [ke(outside)], [], AFTER_AN_ANSWER
    )
    assert selection.predicted_level == 3.5


def test_a_reset_skill_is_untested_again() -> None:
    a2, b2 = skill("@a2"), skill("@b2")
    kes = [ke(a2, created_at=T0), ke(a2, "reset", created_at=T0 + timedelta(days=8))]
    assert candidates([a2, b2], kes=kes) == ["@a2", "@b2"]
    assert candidates([a2, b2], kes=kes[:1]) == ["@b2"]


def test_every_skill_tested_ends_the_test() -> None:
    skills = [skill("@a1"), skill("@a2")]
    kes = [ke(s) for s in skills]
    assert next_challenge(skills, challenges_for(skills), kes, [], AFTER_AN_ANSWER, 1) is None


# --- pick -----------------------------------------------------------------------------------


def test_stable_picker_depends_on_assessment_id_only() -> None:
    ids = [f"rec{i}" for i in range(50)]
    picks = {stable_picker(assessment_id)(ids, "skill") for assessment_id in range(200)}
    assert len(picks) > 20  # spreads across assessments
    assert stable_picker(12)(ids, "skill") == stable_picker(12)(list(reversed(ids)), "skill")
    assert stable_picker("12")(ids, "skill") == stable_picker(12)(ids, "skill")


def test_next_challenge_is_stable_across_calls() -> None:
    skills = [skill(f"@t{d}") for d in range(1, 6)] + [skill(f"@u{d}") for d in range(1, 6)]
    challenges = challenges_for(skills, per_skill=3)
    first = next_challenge(skills, challenges, [], [], None, 31337)
    assert first is not None
    for _ in range(5):
        assert next_challenge(skills, challenges, [], [], None, 31337) == first


# --- speed ----------------------------------------------------------------------------------


def test_next_challenge_is_fast_on_a_large_profile() -> None:
    skills = [
        Skill(f"s{t}-{d}", f"@tube{t}{d}", d, f"tube{t}", f"c{t % 16}", 4.0)
        for t in range(40)
        for d in range(1, 6)
    ]
    challenges = [
        ChallengeRef(f"{s.id}-{i}", s.id, timed=i == 0 and s.difficulty == 3)
        for s in skills
        for i in range(3)
    ]
    kes = [
        ke(s, "validated" if i % 3 else "invalidated", "direct" if i % 2 else "inferred",
           created_at=T0 + timedelta(seconds=i))
        for i, s in enumerate(skills[::2])
    ]  # fmt: skip
    assert (len(skills), len(challenges), len(kes)) == (200, 600, 100)
    last = answer("s0-1-0", timeout=-1)
    durations = []
    for _ in range(20):
        start = time.perf_counter()
        chosen = next_challenge(skills, challenges, kes, ["s0-1-0"], last, 99)
        durations.append(time.perf_counter() - start)
    assert chosen is not None
    assert sorted(durations)[len(durations) // 2] < 0.005
