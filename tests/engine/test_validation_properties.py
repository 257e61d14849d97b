"""Properties of answer correction, checked on generated answers and solutions."""

from __future__ import annotations

import string

import yaml
from hypothesis import assume, given
from hypothesis import strategies as st

from server.engine.types import AnswerResult
from server.engine.validation import SKIPPED_ANSWER_VALUE, evaluate, levenshtein

TREATMENTS = st.frozensets(st.sampled_from(["t1", "t2", "t3"]))
TYPES = st.sampled_from(["QCU", "QCM", "QROC", "QROCM-ind", "QROCM-dep"])
LINE = st.text(st.characters(blacklist_characters="\n", blacklist_categories=["Cs"]), min_size=1)
KEY = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
JS_SPACES = st.text(st.sampled_from(" \t\u00a0\u3000"), max_size=3)
OK = AnswerResult.OK


def dump(mapping: object) -> str:
    return yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False)


# --- the exact solution always validates ------------------------------------------------------


@given(st.text().filter(lambda s: s != SKIPPED_ANSWER_VALUE), TREATMENTS)
def test_qcu_exact_solution(solution: str, treatments: frozenset[str]) -> None:
    assert evaluate("QCU", solution, solution, treatments=treatments).result == OK


@given(st.lists(st.integers(1, 9), min_size=1), TREATMENTS)
def test_qcm_exact_solution(options: list[int], treatments: frozenset[str]) -> None:
    solution = ",".join(map(str, options))
    assert evaluate("QCM", solution, solution, treatments=treatments).result == OK


@given(
    st.lists(LINE, min_size=1, max_size=4), st.data(), TREATMENTS, st.sampled_from([None, "nombre"])
)
def test_qroc_exact_variant(
    variants: list[str], data: st.DataObject, treatments: frozenset[str], fmt: str | None
) -> None:
    answer = data.draw(st.sampled_from(variants))
    assume(answer != SKIPPED_ANSWER_VALUE)
    solution = "\n".join(variants)
    evaluation = evaluate("QROC", solution, answer, treatments=treatments, format=fmt)
    assert evaluation.result == OK


@given(
    st.dictionaries(KEY, st.lists(LINE, min_size=1, max_size=3), min_size=1, max_size=4),
    st.data(),
    TREATMENTS,
)
def test_qrocm_ind_exact_solution(
    solution: dict[str, list[str]], data: st.DataObject, treatments: frozenset[str]
) -> None:
    answer = {key: data.draw(st.sampled_from(variants)) for key, variants in solution.items()}
    evaluation = evaluate("QROCM-ind", dump(solution), dump(answer), treatments=treatments)
    assert evaluation.result == OK
    assert evaluation.result_details == dict.fromkeys(solution, True)


@given(
    st.dictionaries(KEY, st.lists(LINE, min_size=1, max_size=3), min_size=1, max_size=4),
    st.data(),
    TREATMENTS,
)
def test_qrocm_dep_exact_solution_in_group_order(
    solution: dict[str, list[str]], data: st.DataObject, treatments: frozenset[str]
) -> None:
    groups = list(solution.values())
    answered = data.draw(st.integers(1, len(groups)))
    answer = {f"r{i}": data.draw(st.sampled_from(groups[i])) for i in range(answered)}
    assert evaluate("QROCM-dep", dump(solution), dump(answer), treatments=treatments).result == OK


# --- tolerance ----------------------------------------------------------------------------


@given(st.lists(st.integers(1, 9), min_size=1, max_size=6, unique=True), st.data())
def test_qcm_is_order_and_whitespace_insensitive(options: list[int], data: st.DataObject) -> None:
    shuffled = data.draw(st.permutations(options))
    answer = ",".join(f"{data.draw(JS_SPACES)}{o}{data.draw(JS_SPACES)}" for o in shuffled)
    solution = ",".join(map(str, options))
    assert evaluate("QCM", solution, answer, treatments=()).result == OK


ACCENTS = ["", "\u0301", "\u0300", "\u0302", "\u0308", "\u0327"]


@given(st.text(string.ascii_lowercase, min_size=1, max_size=20), st.data())
def test_t1_ignores_case_accents_and_spaces(word: str, data: st.DataObject) -> None:
    typed = ""
    for char in word:
        typed += data.draw(JS_SPACES)
        typed += char.upper() if data.draw(st.booleans()) else char
        typed += data.draw(st.sampled_from(ACCENTS))
    typed += data.draw(JS_SPACES)
    assume(typed != SKIPPED_ANSWER_VALUE)
    assert evaluate("QROC", word, typed, treatments={"t1"}).result == OK
    assert evaluate("QROC", word.upper(), typed, treatments={"t1"}).result == OK


@given(st.text("abc", min_size=1, max_size=24), st.data())
def test_t3_accepts_up_to_a_quarter_of_edits(variant: str, data: st.DataObject) -> None:
    positions = data.draw(st.sets(st.integers(0, len(variant) - 1)))
    # substitutions by a letter absent from the variant: exactly one edit each
    answer = "".join("z" if i in positions else c for i, c in enumerate(variant))
    evaluation = evaluate("QROC", variant, answer, treatments={"t3"})
    within = len(positions) <= len(variant) / 4
    assert (evaluation.result == OK) == within


@given(st.text("ab", max_size=10), st.text("ab", max_size=10), st.text("ab", max_size=10))
def test_levenshtein_is_a_distance(a: str, b: str, c: str) -> None:
    assert levenshtein(a, b) == levenshtein(b, a)
    assert (levenshtein(a, b) == 0) == (a == b)
    assert levenshtein(a, c) <= levenshtein(a, b) + levenshtein(b, c)
    assert abs(len(a) - len(b)) <= levenshtein(a, b) <= max(len(a), len(b))


# --- robustness -----------------------------------------------------------------------------


@given(TYPES, st.text(), TREATMENTS, st.one_of(st.none(), st.integers()))
def test_skip_is_always_aband(
    kind: str, solution: str, treatments: frozenset[str], timeout: int | None
) -> None:
    evaluation = evaluate(
        kind, solution, SKIPPED_ANSWER_VALUE, treatments=treatments, timeout=timeout
    )
    assert evaluation.result == AnswerResult.ABAND


FIXED_SOLUTIONS = {
    "QCU": "2",
    "QCM": "1,3",
    "QROC": "Paris\nLutèce",
    "QROCM-ind": "nom:\n- Dupont\nprenom:\n- Jean\n",
    "QROCM-dep": "g1:\n- Paris\ng2:\n- Lyon\n",
}


@given(
    TYPES,
    st.text(),
    TREATMENTS,
    st.sampled_from([None, "nombre"]),
    st.one_of(st.none(), st.integers()),
)
def test_any_answer_text_is_corrected_without_error(
    kind: str, answer: str, treatments: frozenset[str], fmt: str | None, timeout: int | None
) -> None:
    evaluation = evaluate(
        kind,
        FIXED_SOLUTIONS[kind],
        answer,
        treatments=treatments,
        format=fmt,
        timeout=timeout,
        select_keys={"nom"},
    )
    assert evaluation.result in set(AnswerResult)


@given(
    st.sampled_from(["QCU", "QCM", "QROC"]),
    st.text(),
    st.text(),
    TREATMENTS,
    st.sampled_from([None, "nombre"]),
)
def test_any_solution_text_of_single_input_types_is_handled(
    kind: str, solution: str, answer: str, treatments: frozenset[str], fmt: str | None
) -> None:
    assert evaluate(kind, solution, answer, treatments=treatments, format=fmt).result in set(
        AnswerResult
    )


@given(st.text(alphabet=st.sampled_from("[]{}:-,?&*!|>'\"#\n \t%@`a1")))
def test_yaml_looking_garbage_is_corrected_without_error(answer: str) -> None:
    for kind in ("QROCM-ind", "QROCM-dep"):
        assert evaluate(kind, FIXED_SOLUTIONS[kind], answer, treatments={"t1", "t3"}).result in set(
            AnswerResult
        )
