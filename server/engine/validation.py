"""Answer correction (DOMAIN §1.6): the Pix validators, with the few exceptions listed below.

`evaluate` is the single entry point: `#ABAND#` is a skip, then the validator of the challenge
type runs, then a correct answer given after the timer becomes `timedout`. In campaigns a
focused-out answer keeps its result, so focus is not an input here.

Whitespace and case rules follow JavaScript (`trim`, `\\s`, `toLowerCase`), since the content
was written and checked against the JavaScript implementation.

Deliberate deviations, each only reachable by content Pix would also get wrong or by a forged
request: solutions are pre-treated (NFC, non-breaking spaces) for every type, not only QROCM-ind,
so that the exact solution always validates; a QROCM answer that is not a non-empty mapping, or
that misses or adds an input, is `ko` rather than `ok` or a server error.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import yaml

from server.engine.types import AnswerResult

ChallengeType = Literal["QCU", "QCM", "QROC", "QROCM-ind", "QROCM-dep"]

SKIPPED_ANSWER_VALUE = "#ABAND#"
NUMBER_FORMAT = "nombre"
LEVENSHTEIN_MAX_RATIO = 0.25
ALL_TREATMENTS = ("t1", "t2", "t3")

# JavaScript's `\s` and `String.prototype.trim` whitespace (WhiteSpace + LineTerminator);
# Python's `\s` differs (it has U+001C..U+001F, it lacks U+FEFF).
_JS_WHITESPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_JS_WHITESPACE_RUN = re.compile(f"[{_JS_WHITESPACE}]+")
_JS_TRIM = re.compile(f"^[{_JS_WHITESPACE}]+|[{_JS_WHITESPACE}]+$")
_COMBINING_MARKS = re.compile("[\u0300-\u036f]")
_NOT_ASCII_ALNUM_OR_SPACE = re.compile("[^a-zA-Z0-9 ]+")
_SPACE_RUN = re.compile(" {2,}")

# JavaScript `Number(string)` accepts a decimal literal, `Infinity` or an unsigned 0x/0o/0b
# literal; `parseFloat` reads the longest decimal prefix. Python's `float` is laxer
# ("1_000", "nan", "inf") so both are spelled out.
_JS_DECIMAL = r"[+-]?(?:Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
_JS_NUMBER_LITERAL = re.compile(rf"{_JS_DECIMAL}|0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+")
_JS_FLOAT_PREFIX = re.compile(_JS_DECIMAL)


class EmptyAnswerError(ValueError):
    """An answer with an empty value that did not time out (Pix `EmptyAnswerError`)."""


class SolutionFormatError(ValueError):
    """The challenge's solution cannot be read: a content bug, never the learner's fault."""


@dataclass(frozen=True, slots=True)
class Evaluation:
    result: AnswerResult
    # QROCM-ind only: whether each input was right (the correction shows it per field).
    result_details: dict[str, bool] | None = None


def has_timed_out(timeout: int | None) -> bool:
    """An answer timed out when its `timeout` (remaining seconds) is a negative integer."""
    return isinstance(timeout, int) and not isinstance(timeout, bool) and timeout < 0


def check_answer_not_empty(value: str | None, timeout: int | None) -> None:
    """Raise `EmptyAnswerError` for an empty value, unless the timer ran out."""
    if not value and not has_timed_out(timeout):
        raise EmptyAnswerError("Empty answer value")


def treatments_from_mask(t_enabled: int) -> frozenset[str]:
    """Pix `Solution.tEnabled` bitmask → enabled treatment names (bit0 = t1, bit1 = t2, …)."""
    return frozenset(name for bit, name in enumerate(ALL_TREATMENTS) if t_enabled & (1 << bit))


def evaluate(
    challenge_type: str,
    solution: str,
    answer_value: str,
    *,
    treatments: Iterable[str],
    format: str | None = None,
    timeout: int | None = None,
    select_keys: Collection[str] = (),
) -> Evaluation:
    """Correct an answer like Pix `Examiner.evaluate` does in a campaign.

    `treatments` are the enabled treatment names (`"t1"`, `"t2"`, `"t3"`; see
    `treatments_from_mask`), `format` the challenge format (`"nombre"` switches QROC to number
    comparison), `select_keys` the inputs rendered as drop-down lists (compared exactly).
    An unknown challenge type gives `unimplemented`. Raises `SolutionFormatError` only when the
    *solution* of a QROCM cannot be read; any answer text is corrected without raising.
    """
    if answer_value == SKIPPED_ANSWER_VALUE:
        return Evaluation(AnswerResult.ABAND)
    enabled = frozenset(treatments)
    evaluation = _validate(challenge_type, solution, answer_value, enabled, format, select_keys)
    if evaluation.result == AnswerResult.OK and has_timed_out(timeout):
        return Evaluation(AnswerResult.TIMEDOUT, evaluation.result_details)
    return evaluation


def _validate(
    challenge_type: str,
    solution: str,
    answer: str,
    treatments: frozenset[str],
    challenge_format: str | None,
    select_keys: Collection[str],
) -> Evaluation:
    if challenge_type == "QCU":
        return Evaluation(_ok_if(answer == solution))
    if challenge_type == "QCM":
        return Evaluation(_ok_if(_csv_items(answer) == _csv_items(solution)))
    if challenge_type == "QROC":
        return Evaluation(_match_qroc(answer, solution, treatments, challenge_format, select_keys))
    if challenge_type == "QROCM-ind":
        return _match_qrocm_ind(answer, solution, treatments, select_keys)
    if challenge_type == "QROCM-dep":
        return Evaluation(_match_qrocm_dep(answer, solution, treatments))
    return Evaluation(AnswerResult.UNIMPLEMENTED)


def _ok_if(condition: bool) -> AnswerResult:
    return AnswerResult.OK if condition else AnswerResult.KO


# --- treatments -----------------------------------------------------------------------------


def pre_treat(value: str) -> str:
    """Unicode NFC, then non-breaking spaces become plain spaces."""
    return unicodedata.normalize("NFC", value).replace("\u00a0", " ")


def treatment_t1(value: str) -> str:
    """T1 "Espaces, casse & accents": trim, lowercase, strip accents, drop every whitespace."""
    lowered = _JS_TRIM.sub("", value).lower()
    without_accents = _COMBINING_MARKS.sub("", unicodedata.normalize("NFD", lowered))
    return _JS_WHITESPACE_RUN.sub("", without_accents)


def treatment_t2(value: str) -> str:
    """T2 "Ponctuation": keep ASCII letters, digits and spaces; collapse runs of spaces."""
    return _SPACE_RUN.sub(" ", _NOT_ASCII_ALNUM_OR_SPACE.sub("", value))


def apply_treatments(value: str, treatments: Collection[str]) -> str:
    # Pix sorts the enabled treatments by name, so T1 always runs before T2; T3 is not a
    # transformation but a change of comparison.
    if "t1" in treatments:
        value = treatment_t1(value)
    if "t2" in treatments:
        value = treatment_t2(value)
    return value


def levenshtein(a: str, b: str) -> int:
    """Edit distance with unit-cost insertions, deletions and substitutions."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


def is_close_enough(answer: str, variant: str) -> bool:
    """T3 "Distance d'édition": at most 25 % edits, relative to the treated answer's length."""
    if not answer:
        return variant == ""
    # The distance is at least the length difference: checking it first bounds the work by
    # the variant's length whatever the size of the answer.
    if abs(len(answer) - len(variant)) > LEVENSHTEIN_MAX_RATIO * len(answer):
        return False
    return levenshtein(answer, variant) / len(answer) <= LEVENSHTEIN_MAX_RATIO


def is_answer_valid(answer: str, variants: Iterable[str], treatments: Collection[str]) -> bool:
    """Compare a treated answer with treated variants: exact, or within T3's tolerance."""
    if "t3" in treatments:
        return any(is_close_enough(answer, variant) for variant in variants)
    return answer in set(variants)


# --- QCM ------------------------------------------------------------------------------------


def _csv_items(value: str) -> list[str]:
    return sorted(_JS_TRIM.sub("", item) for item in value.split(","))


# --- QROC -----------------------------------------------------------------------------------


def _js_number(value: str) -> float | None:
    """JavaScript `Number(value)`, or None where it gives NaN."""
    text = _JS_TRIM.sub("", value)
    if text == "":
        return 0.0
    if not _JS_NUMBER_LITERAL.fullmatch(text):
        return None
    if text[:2].lower() in ("0x", "0o", "0b"):
        return float(int(text, 0))
    return float(text.replace("Infinity", "inf"))


def _js_parse_float(value: str) -> float | None:
    """JavaScript `parseFloat(value)`, or None where it gives NaN."""
    match = _JS_FLOAT_PREFIX.match(re.sub(f"^[{_JS_WHITESPACE}]+", "", value))
    if not match:
        return None
    try:
        return float(match.group().replace("Infinity", "inf"))
    except OverflowError:  # pragma: no cover - float() returns inf rather than raising
        return math.inf


def _is_numeric(value: str) -> bool:
    # Pix `isNumeric`: first "," → ".", trim, first " " removed; both Number and parseFloat
    # must succeed.
    text = _JS_TRIM.sub("", value.replace(",", ".", 1)).replace(" ", "", 1)
    return _js_number(text) is not None and _js_parse_float(text) is not None


def _number_value(value: str) -> float | None:
    # Pix `cleanStringAndParseFloat`: first " " removed, first "," → ".", parseFloat.
    return _js_parse_float(value.replace(" ", "", 1).replace(",", ".", 1))


def _match_qroc(
    answer: str,
    solution: str,
    treatments: frozenset[str],
    challenge_format: str | None,
    select_keys: Collection[str],
) -> AnswerResult:
    variants = [line for line in solution.split("\n") if line]
    if not variants:
        return AnswerResult.KO
    if (
        challenge_format == NUMBER_FORMAT
        and _is_numeric(answer)
        and all(_is_numeric(variant) for variant in variants)
    ):
        answer_number = _number_value(answer)
        return _ok_if(any(_number_value(variant) == answer_number for variant in variants))
    # A QROC has a single input: when it is a drop-down list the answer is compared as is.
    enabled = frozenset() if select_keys else treatments
    treated_answer = apply_treatments(pre_treat(answer), enabled)
    treated_variants = [apply_treatments(pre_treat(variant), enabled) for variant in variants]
    return _ok_if(is_answer_valid(treated_answer, treated_variants, enabled))


# --- QROCM ----------------------------------------------------------------------------------


def _load_yaml(text: str) -> object:
    # BaseLoader is YAML's failsafe schema (every scalar a string, no object ever built), as
    # js-yaml FAILSAFE_SCHEMA.
    return yaml.load(text, Loader=yaml.BaseLoader)


def _load_pre_treated_yaml(text: str) -> object:
    """Parse the pre-treated text, as Pix does.

    Should a non-breaking space have been part of the YAML structure (so that the pre-treated
    text no longer parses), the raw text is parsed instead: values are pre-treated one by one
    before comparison anyway (`_treat`).
    """
    try:
        return _load_yaml(pre_treat(text))
    except (yaml.YAMLError, RecursionError):
        return _load_yaml(text)


def _treat(value: str, treatments: Collection[str]) -> str:
    return apply_treatments(pre_treat(value), treatments)


def _load_answer_mapping(answer: str) -> dict[str, object] | None:
    """The learner's `{input: value}` mapping, or None when the text is not such a mapping."""
    try:
        loaded = _load_pre_treated_yaml(answer)
    except (yaml.YAMLError, RecursionError):
        return None
    if not isinstance(loaded, dict) or not loaded:
        return None
    return loaded


def _load_solution_mapping(solution: str) -> dict[str, list[str]]:
    try:
        loaded = _load_pre_treated_yaml(solution)
    except (yaml.YAMLError, RecursionError) as error:
        raise SolutionFormatError(f"Unreadable QROCM solution: {error}") from error
    if not isinstance(loaded, dict):
        raise SolutionFormatError("A QROCM solution must be a mapping")
    mapping: dict[str, list[str]] = {}
    for key, variants in loaded.items():
        as_list = [variants] if isinstance(variants, str) else variants
        if not isinstance(as_list, list) or not all(isinstance(v, str) for v in as_list):
            raise SolutionFormatError(f"The variants of {key!r} must be strings")
        mapping[key] = as_list
    return mapping


def _match_qrocm_ind(
    answer: str, solution: str, treatments: frozenset[str], select_keys: Collection[str]
) -> Evaluation:
    """Each input against the variants of the same key.

    Pix lets an answer through with keys missing, and fails with a "badly formatted challenge"
    error on a key the solution lacks. Both can only come from a forged request (the client
    sends every input), so here a missing or unknown key is simply wrong.
    """
    if not solution or "\n" not in solution:
        return Evaluation(AnswerResult.KO)
    solutions = _load_solution_mapping(solution)
    answers = _load_answer_mapping(answer)
    if answers is None:
        return Evaluation(AnswerResult.KO)
    details: dict[str, bool] = {}
    for key, value in answers.items():
        variants = solutions.get(key)
        if variants is None or not isinstance(value, str):
            details[key] = False
            continue
        enabled = frozenset() if key in select_keys else treatments
        details[key] = is_answer_valid(
            _treat(value, enabled), [_treat(variant, enabled) for variant in variants], enabled
        )
    for key in solutions:
        details.setdefault(key, False)
    return Evaluation(_ok_if(all(details.values())), details)


def _match_qrocm_dep(answer: str, solution: str, treatments: frozenset[str]) -> AnswerResult:
    """Answers in order, each consuming the first still-unused group it matches."""
    if not answer or "\n" not in solution:
        return AnswerResult.KO
    answers = _load_answer_mapping(answer)
    groups = _load_solution_mapping(solution)
    if answers is None:
        return AnswerResult.KO
    remaining: dict[str, list[str]] = {
        key: [_treat(variant, treatments) for variant in variants]
        for key, variants in groups.items()
    }
    for value in answers.values():
        if not isinstance(value, str):
            return AnswerResult.KO
        treated = _treat(value, treatments)
        matched = next(
            (
                key
                for key, variants in remaining.items()
                if is_answer_valid(treated, variants, treatments)
            ),
            None,
        )
        if matched is None:
            return AnswerResult.KO
        del remaining[matched]
    return AnswerResult.OK


def select_keys_of(qroc_blocks_types: Mapping[str, str] | None) -> frozenset[str]:
    """Keys of `qrocBlocksTypes` rendered as drop-down lists (`select`)."""
    return frozenset(key for key, kind in (qroc_blocks_types or {}).items() if kind == "select")
