"""Answer correction (§1.6): every rule and example of the rulebook, type by type."""

from __future__ import annotations

from collections.abc import Collection

import pytest

from server.engine.types import AnswerResult
from server.engine.validation import (
    EmptyAnswerError,
    SolutionFormatError,
    apply_treatments,
    check_answer_not_empty,
    evaluate,
    levenshtein,
    pre_treat,
    select_keys_of,
    treatment_t1,
    treatment_t2,
    treatments_from_mask,
)

OK, KO = AnswerResult.OK, AnswerResult.KO
NONE: frozenset[str] = frozenset()
T1 = frozenset({"t1"})
T1_T2 = frozenset({"t1", "t2"})
T1_T3 = frozenset({"t1", "t3"})
T3 = frozenset({"t3"})
ALL = frozenset({"t1", "t2", "t3"})


def result(
    kind: str,
    solution: str,
    value: str,
    treatments: Collection[str] = NONE,
    *,
    format: str | None = None,
    timeout: int | None = None,
    select_keys: Collection[str] = (),
) -> str:
    return evaluate(
        kind,
        solution,
        value,
        treatments=treatments,
        format=format,
        timeout=timeout,
        select_keys=select_keys,
    ).result


# --- examiner -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["QCU", "QCM", "QROC", "QROCM-ind", "QROCM-dep", "???"])
def test_skip_is_aband_without_validation(kind: str) -> None:
    evaluation = evaluate(kind, "#ABAND#", "#ABAND#", treatments=ALL, timeout=-5)
    assert (evaluation.result, evaluation.result_details) == ("aband", None)


def test_a_correct_answer_after_the_timer_is_timedout() -> None:
    assert result("QCU", "2", "2", timeout=-1) == "timedout"
    assert result("QCU", "2", "2", timeout=0) == OK
    assert result("QCU", "2", "2", timeout=30) == OK
    assert result("QCU", "2", "3", timeout=-1) == KO


def test_timedout_keeps_the_details() -> None:
    evaluation = evaluate("QROCM-ind", "a:\n- x\n", "a: x\n", treatments=NONE, timeout=-2)
    assert (evaluation.result, evaluation.result_details) == ("timedout", {"a": True})


def test_unknown_type_is_unimplemented() -> None:
    assert result("QROCM", "x", "x") == "unimplemented"


def test_empty_answer_is_rejected_unless_timed_out() -> None:
    for value, timeout in [("", None), (None, None), ("", 4), ("", 0)]:
        with pytest.raises(EmptyAnswerError):
            check_answer_not_empty(value, timeout)
    check_answer_not_empty("", -3)
    check_answer_not_empty(None, -1)
    check_answer_not_empty(" ", None)
    check_answer_not_empty("#ABAND#", None)


def test_treatment_bitmask() -> None:
    assert treatments_from_mask(0) == set()
    assert treatments_from_mask(1) == {"t1"}
    assert treatments_from_mask(2) == {"t2"}
    assert treatments_from_mask(5) == {"t1", "t3"}
    assert treatments_from_mask(7) == {"t1", "t2", "t3"}


# --- QCU / QCM ------------------------------------------------------------------------------


def test_qcu_is_strict_equality() -> None:
    assert result("QCU", "2", "2") == OK
    assert result("QCU", "2", " 2") == KO
    assert result("QCU", "2", "3") == KO


def test_qcm_is_order_and_whitespace_insensitive() -> None:
    assert result("QCM", "1,3", "3, 1") == OK
    assert result("QCM", "1, 3,4", " 4,1 ,3 ") == OK
    assert result("QCM", "1,3", "1,2") == KO
    assert result("QCM", "1,3", "1") == KO


def test_qcm_duplicates_matter() -> None:
    assert result("QCM", "1,3", "1,1,3") == KO


# --- treatments -----------------------------------------------------------------------------


def test_pre_treatment_composes_and_replaces_non_breaking_spaces() -> None:
    assert pre_treat("e\u0301te\u0301") == "\u00e9t\u00e9"
    assert pre_treat("Jean\u00a0Dupont") == "Jean Dupont"


def test_t1_trims_lowers_strips_accents_and_every_space() -> None:
    assert treatment_t1("  Été  ") == "ete"
    assert treatment_t1("Jean  Dupont\tII") == "jeandupontii"
    assert treatment_t1("ÇA\u2003VA") == "cava"


def test_t2_keeps_ascii_letters_digits_and_single_spaces() -> None:
    assert treatment_t2("Été") == "t"  # without T1 accented letters are deleted
    assert treatment_t2("Bonjour,  le   monde !") == "Bonjour le monde "
    assert treatment_t2("l'été 2024") == "lt 2024"


def test_t1_runs_before_t2() -> None:
    assert apply_treatments("L'Été !", T1_T2) == "lete"
    assert apply_treatments("L'Été !", {"t2", "t1"}) == "lete"
    assert apply_treatments("L'Été !", {"t3"}) == "L'Été !"


def test_levenshtein() -> None:
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("", "abc") == 3
    assert levenshtein("abc", "abc") == 0
    assert levenshtein("flaw", "lawn") == 2


def test_t3_ratio_is_inclusive_and_relative_to_the_treated_answer() -> None:
    assert result("QROC", "abcd", "abce", T3) == OK  # 1/4 = 0.25
    assert result("QROC", "abc", "abd", T3) == KO  # 1/3
    # 2 edits: 2/8 with the answer's length (ok), it would be 2/6 with the variant's
    assert result("QROC", "abcdef", "abcdefgh", T3) == OK
    assert result("QROC", "abcdefgh", "abcdef", T3) == KO
    # the ratio uses the answer after T1: "  P A R I Z " becomes "pariz" (1/5)
    assert result("QROC", "paris", "  P A R I Z ", T1_T3) == OK


def test_t3_empty_answer_matches_only_an_empty_variant() -> None:
    assert result("QROC", "a\nb", "   ", T1_T3) == KO
    assert result("QROC", "   \nb", " ", T1_T3) == OK


def test_without_treatments_the_comparison_is_exact() -> None:
    assert result("QROC", "Paris", "paris") == KO
    assert result("QROC", "Paris", "paris", T1) == OK


# --- QROC -----------------------------------------------------------------------------------


def test_qroc_accepts_any_variant_line_and_drops_empty_lines() -> None:
    assert result("QROC", "Paris\n\nLutèce\n", "Lutèce") == OK
    assert result("QROC", "Paris\n\nLutèce\n", "") == KO


def test_qroc_empty_solution_is_ko() -> None:
    assert result("QROC", "", "") == KO
    assert result("QROC", "\n\n", "x", ALL) == KO


def test_qroc_select_compares_exactly() -> None:
    select = select_keys_of({"reponse": "select"})
    assert select == {"reponse"}
    assert result("QROC", "Oui", "oui", T1, select_keys=select) == KO
    assert result("QROC", "Oui", "Oui", T1, select_keys=select) == OK
    assert result("QROC", "Oui", "oui", T1, select_keys=select_keys_of({"r": "input"})) == OK


def test_qroc_number_mode() -> None:
    assert result("QROC", "3.5", "3,50", format="nombre") == OK
    assert result("QROC", "1000", "1 000", format="nombre") == OK
    assert result("QROC", "3.5\n4", "4.0", format="nombre") == OK
    assert result("QROC", "3.5", "3,6", format="nombre") == KO
    # only with format "nombre": otherwise the strings are compared
    assert result("QROC", "3.5", "3,50") == KO
    # only when every variant is a number
    assert result("QROC", "3.5\ntrois et demi", "3,50", format="nombre") == KO


def test_qroc_number_mode_follows_javascript_number_parsing() -> None:
    assert result("QROC", "1e3", "1000", format="nombre") == OK
    assert result("QROC", "12", "12abc", format="nombre") == KO  # not numeric: string mode
    assert result("QROC", "1000", "1_000", format="nombre") == KO


def test_qroc_pre_treats_the_answer() -> None:
    assert result("QROC", "Jean Dupont", "Jean\u00a0Dupont") == OK


# --- QROCM-ind ------------------------------------------------------------------------------

IDENTITY = "nom:\n- Dupont\nprenom:\n- Jean\n- Jeannot\n"


def test_qrocm_ind_checks_each_key_against_its_variants() -> None:
    evaluation = evaluate("QROCM-ind", IDENTITY, "nom: dupont\nprenom: Jeannot\n", treatments=T1)
    assert (evaluation.result, evaluation.result_details) == (OK, {"nom": True, "prenom": True})
    evaluation = evaluate("QROCM-ind", IDENTITY, "nom: Durand\nprenom: Jean\n", treatments=T1)
    assert (evaluation.result, evaluation.result_details) == (KO, {"nom": False, "prenom": True})


def test_qrocm_ind_reads_yaml_failsafe_every_value_a_string() -> None:
    # A typed YAML loader would read 010 as the octal 8 and 1.0 as the number 1.
    assert result("QROCM-ind", "n:\n- 010\n", "n: 8\n") == KO
    assert result("QROCM-ind", "n:\n- 1.0\n", "n: 1\n") == KO
    assert result("QROCM-ind", "n:\n- yes\n", "n: true\n") == KO
    assert result("QROCM-ind", "n:\n- 010\n", "n: 010\n") == OK


def test_qrocm_ind_solution_without_newline_or_empty_is_ko() -> None:
    assert result("QROCM-ind", "nom: [Dupont]", "nom: Dupont") == KO
    assert result("QROCM-ind", "", "nom: Dupont") == KO


def test_qrocm_ind_select_keys_are_exact() -> None:
    solution = "ville:\n- Paris\nchoix:\n- Oui\n"
    value = "ville: paris\nchoix: oui\n"
    evaluation = evaluate("QROCM-ind", solution, value, treatments=T1, select_keys={"choix"})
    assert evaluation.result_details == {"ville": True, "choix": False}


def test_qrocm_ind_pre_treats_answer_and_solution() -> None:
    assert result("QROCM-ind", "a:\n- Jean\u00a0Dupont\n", "a: Jean Dupont\n") == OK


def test_qrocm_non_breaking_spaces_typed_around_values() -> None:
    # A French keyboard types U+00A0: pre-treated before parsing, as Pix does
    assert result("QROCM-ind", IDENTITY, "nom: Dupont\u00a0\nprenom:\u00a0Jean\n") == OK
    # …unless the space then breaks the YAML (here it would open a flow mapping)
    assert result("QROCM-ind", "k:\n- \u00a0{0\n", "k: \u00a0{0\n") == OK


def test_qrocm_ind_t3_per_key() -> None:
    assert result("QROCM-ind", "v:\n- Marseille\n", "v: marseile\n", T1_T3) == OK


def test_qrocm_ind_unknown_or_missing_keys_are_wrong() -> None:
    unknown = evaluate(
        "QROCM-ind", IDENTITY, "nom: Dupont\nprenom: Jean\nage: 3\n", treatments=NONE
    )
    assert unknown.result == KO and unknown.result_details == {
        "nom": True,
        "prenom": True,
        "age": False,
    }
    missing = evaluate("QROCM-ind", IDENTITY, "nom: Dupont\n", treatments=NONE)
    assert missing.result == KO and missing.result_details == {"nom": True, "prenom": False}


def test_qrocm_answer_that_is_not_a_mapping_is_ko() -> None:
    for value in ["Dupont", "- a\n- b", "{", "nom: [a, b]", "# nothing"]:
        assert result("QROCM-ind", IDENTITY, value) == KO
        assert result("QROCM-dep", IDENTITY, value) == KO


def test_qrocm_unreadable_solution_raises() -> None:
    for solution in ["a: [\n", "- a\n- b\n", "a:\n  b: c\n"]:
        with pytest.raises(SolutionFormatError):
            evaluate("QROCM-ind", solution, "a: x", treatments=NONE)
        with pytest.raises(SolutionFormatError):
            evaluate("QROCM-dep", solution, "a: x", treatments=NONE)


# --- QROCM-dep ------------------------------------------------------------------------------

CAPITALS = "p1:\n- Paris\np2:\n- Lyon\n- Lugdunum\np3:\n- Marseille\n"


def test_qrocm_dep_each_answer_finds_a_group_in_any_order() -> None:
    assert result("QROCM-dep", CAPITALS, "a: lyon\nb: paris\n", T1) == OK
    assert result("QROCM-dep", CAPITALS, "a: Marseille\nb: Lugdunum\n") == OK


def test_qrocm_dep_same_value_twice_scores_once() -> None:
    assert result("QROCM-dep", CAPITALS, "a: Paris\nb: Paris\n") == KO


def test_qrocm_dep_wrong_answer_is_ko() -> None:
    assert result("QROCM-dep", CAPITALS, "a: Paris\nb: Nice\n") == KO


def test_qrocm_dep_groups_are_consumed_greedily_in_order() -> None:
    # "x" matches g1 first and consumes it, so "y" (only in g1) finds nothing left
    solution = "g1:\n- x\n- y\ng2:\n- x\n"
    assert result("QROCM-dep", solution, "a: x\nb: y\n") == KO
    assert result("QROCM-dep", solution, "a: y\nb: x\n") == OK


def test_qrocm_dep_treatments_apply_to_both_sides() -> None:
    assert result("QROCM-dep", "g1:\n- L'Été\ng2:\n- Hiver\n", "a: hiver\nb: lete\n", T1_T2) == OK


def test_qrocm_dep_needs_a_value_and_a_multiline_solution() -> None:
    assert result("QROCM-dep", CAPITALS, "") == KO
    assert result("QROCM-dep", "p1: [Paris]", "a: Paris") == KO
