"""What a learner reads after answering: the expected answer in words, per-field verdicts.

Also the inverse: an answer value the validators accept (`expected_answer_value`), which the
demo seed gives on behalf of simulated students who know the answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import yaml

from server.content import Challenge, ChallengeType
from server.content.solution_rules import qroc_variants, qrocm_solution
from server.engine.validation import (
    SKIPPED_ANSWER_VALUE,
    apply_treatments,
    is_answer_valid,
    pre_treat,
)

# `${key}` or `${key#placeholder}`, as in the content's proposals (DOMAIN §1.4).
_PLACEHOLDER = re.compile(r"\$\{([^}#]+)(?:#[^}]*)?\}")
WRONG_TEXT = "je ne sais pas"


def expected_inputs(challenge: Challenge) -> dict[str, str]:
    """QROC/QROCM: for each input, the first accepted value (empty for QCU/QCM)."""
    keys = challenge.input_keys
    if challenge.type is ChallengeType.QROC:
        variants = qroc_variants(challenge.solution)
        return {key: variants[0] for key in keys[:1]}
    solution = qrocm_solution(challenge.solution) or {}
    if challenge.type is ChallengeType.QROCM_IND:
        return {key: solution[key][0] for key in keys if key in solution}
    if challenge.type is ChallengeType.QROCM_DEP:
        # Interchangeable inputs: each takes a different group, in order.
        groups = list(solution.values())
        return {key: groups[index][0] for index, key in enumerate(keys) if index < len(groups)}
    return {}


def _qrocm_value(values: Mapping[str, str]) -> str:
    # The value mon-pix sends: a YAML mapping `key: value`, one per line.
    return yaml.safe_dump(
        dict(values), allow_unicode=True, default_flow_style=False, sort_keys=False
    )


def expected_answer_value(challenge: Challenge) -> str:
    """An answer value that the validators accept for `challenge`."""
    if challenge.type in (ChallengeType.QCU, ChallengeType.QCM):
        return challenge.solution
    inputs = expected_inputs(challenge)
    if challenge.type is ChallengeType.QROC:
        return next(iter(inputs.values()))
    return _qrocm_value(inputs)


def wrong_answer_value(challenge: Challenge) -> str:
    """An answer value that the validators refuse (a learner who got it wrong)."""
    if challenge.type is ChallengeType.QCU:
        options = range(1, len(challenge.options) + 1)
        return str(next(index for index in options if str(index) != challenge.solution))
    if challenge.type is ChallengeType.QCM:
        chosen = {int(item) for item in challenge.solution.split(",")}
        # Toggle the first option: one box too many or too few is wrong.
        return ",".join(str(index) for index in sorted(chosen ^ {1}) or [2])
    if challenge.type is ChallengeType.QROC:
        return WRONG_TEXT
    return _qrocm_value(dict.fromkeys(challenge.input_keys, WRONG_TEXT))


def skipped_answer_value() -> str:
    return SKIPPED_ANSWER_VALUE


def readable_solution(challenge: Challenge) -> str:
    """The expected answer as a learner reads it: the right options, or the proposals text
    with each input filled in."""
    if challenge.type in (ChallengeType.QCU, ChallengeType.QCM):
        options = challenge.options
        chosen = [int(item) for item in challenge.solution.split(",")]
        texts = [options[index - 1] for index in chosen if 0 < index <= len(options)]
        return texts[0] if len(texts) == 1 else "\n".join(f"- {text}" for text in texts)
    inputs = expected_inputs(challenge)
    filled = _PLACEHOLDER.sub(
        lambda match: inputs.get(match.group(1).strip(), "…"), challenge.proposals
    )
    return filled.strip()


def solution_to_display(challenge: Challenge) -> str:
    """`solution-to-display` of a correction: the expected answer, then the explanation."""
    answer = readable_solution(challenge)
    separator = "\n" if "\n" in answer else " "
    shown = f"**Réponse attendue :**{separator}{answer}"
    explanation = challenge.explanation.strip()
    return f"{shown}\n\n{explanation}" if explanation else shown


@dataclass(frozen=True)
class FieldVerdicts:
    """QROCM-dep only (Pix `answers-evaluation`, `solutions-without-good-answers`)."""

    answers_evaluation: list[bool]
    solutions_without_good_answers: list[str]


def field_verdicts(challenge: Challenge, answer_value: str) -> FieldVerdicts:
    """For interchangeable inputs: which answers found a group, and one accepted value of each
    group nobody found. Empty lists for every other type, as in Pix."""
    if challenge.type is not ChallengeType.QROCM_DEP:
        return FieldVerdicts([], [])
    groups = qrocm_solution(challenge.solution) or {}
    treatments = frozenset(challenge.treatments)
    remaining = {
        name: [apply_treatments(pre_treat(variant), treatments) for variant in variants]
        for name, variants in groups.items()
    }
    try:
        answers = yaml.load(answer_value, Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        answers = None
    values = list(answers.values()) if isinstance(answers, dict) else []
    verdicts: list[bool] = []
    for value in values:
        treated = apply_treatments(pre_treat(value), treatments) if isinstance(value, str) else ""
        found = next(
            (
                name
                for name, variants in remaining.items()
                if is_answer_valid(treated, variants, treatments)
            ),
            None,
        )
        verdicts.append(found is not None)
        if found is not None:
            del remaining[found]
    missing = [groups[name][0] for name in remaining][
        : max(0, len(challenge.input_keys) - sum(verdicts))
    ]
    return FieldVerdicts(verdicts, missing)
