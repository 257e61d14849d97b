"""Consistency rules between a challenge's type, proposals and solution (DOMAIN §1.4, §1.6).

Each rule catches a challenge that the answer validators could never mark right, or would
mark right for the wrong answer, before it reaches a learner.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from server.content.models import Challenge, ChallengeType, placeholder_keys, proposal_options

# Pix reads QROCM solutions with the YAML FAILSAFE schema: every scalar is a string.
_StringsLoader: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_QCU_SOLUTION = re.compile(r"^[1-9]\d*$")
_QCM_SOLUTION = re.compile(r"^[1-9]\d*(,[1-9]\d*)*$")
_ALPHANUMERIC = re.compile(r"[A-Za-z0-9À-ÿ]")


def numeric_value(text: str) -> float | None:
    """The number a QROC "nombre" answer stands for, as Pix reads it ("3,50" → 3.5), or None."""
    try:
        return float(text.replace(" ", "", 1).replace(",", ".", 1))
    except ValueError:
        return None


def qroc_variants(solution: str) -> list[str]:
    """Accepted answers of a QROC: one per line, blank lines ignored."""
    return [line for line in solution.split("\n") if line.strip()]


def qrocm_solution(solution: str) -> dict[str, list[str]] | None:
    """QROCM solution as `{key or group: [variants]}`, or None when it is not such a mapping."""
    try:
        parsed = yaml.load(solution, Loader=_StringsLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(parsed, dict):
        return None
    result: dict[str, list[str]] = {}
    for key, variants in parsed.items():
        if not isinstance(variants, list) or not variants:
            return None
        if not all(isinstance(v, str) and v.strip() for v in variants):
            return None
        result[key] = variants
    return result


def solution_problems(challenge: Challenge) -> Iterator[str]:
    """Every inconsistency of `challenge`, as French messages (empty when it is sound)."""
    if challenge.type in (ChallengeType.QCU, ChallengeType.QCM):
        yield from _choice_problems(challenge)
    elif challenge.type is ChallengeType.QROC:
        yield from _qroc_problems(challenge)
    else:
        yield from _qrocm_problems(challenge)


def _choice_problems(challenge: Challenge) -> Iterator[str]:
    options = proposal_options(challenge.proposals)
    if len(options) < 2:
        yield "au moins deux propositions « - ... » attendues"
    if len(set(options)) != len(options):
        yield "deux propositions identiques"
    if challenge.treatments:
        yield "les traitements t1..t3 ne s'appliquent pas aux QCU/QCM"
    solution = challenge.solution
    if challenge.type is ChallengeType.QCU:
        if not _QCU_SOLUTION.match(solution) or int(solution) > len(options):
            yield f"solution QCU {solution!r}: un numéro de proposition entre 1 et {len(options)}"
        return
    if not _QCM_SOLUTION.match(solution):
        yield f'solution QCM {solution!r}: numéros séparés par des virgules, ex. "1,3"'
        return
    indices = [int(i) for i in solution.split(",")]
    if indices != sorted(set(indices)):
        yield f"solution QCM {solution!r}: numéros croissants et sans doublon"
    if any(i > len(options) for i in indices):
        yield f"solution QCM {solution!r}: numéro hors des propositions 1..{len(options)}"


def _qroc_problems(challenge: Challenge) -> Iterator[str]:
    keys = placeholder_keys(challenge.proposals)
    if len(keys) != 1:
        yield f"une QROC a exactement un champ ${{...}} dans proposals, trouvé {len(keys)}"
    variants = qroc_variants(challenge.solution)
    if not variants:
        yield "solution QROC: au moins une réponse acceptée (une par ligne)"
    if challenge.format == "nombre":
        for variant in variants:
            if numeric_value(variant) is None:
                yield f"format nombre mais la réponse acceptée {variant!r} n'est pas un nombre"
    yield from _variants_survive_treatments(challenge, variants)


def _qrocm_problems(challenge: Challenge) -> Iterator[str]:
    keys = placeholder_keys(challenge.proposals)
    if not keys:
        yield "aucun champ ${...} dans proposals"
    if len(set(keys)) != len(keys):
        yield f"champ en double dans proposals: {keys}"
    # Pix marks a solution without a line break "ko" whatever the answer.
    solution = qrocm_solution(challenge.solution) if "\n" in challenge.solution.strip() else None
    if solution is None:
        yield "solution QROCM: un bloc YAML « clé: » suivi de listes « - variante » attendu"
        return
    if challenge.type is ChallengeType.QROCM_IND:
        missing, extra = set(keys) - solution.keys(), solution.keys() - set(keys)
        if missing or extra:
            yield (
                f"clés de la solution {sorted(solution)} différentes des champs {sorted(keys)}"
                f" (manquantes: {sorted(missing)}, en trop: {sorted(extra)})"
            )
    elif len(solution) < len(keys):
        yield f"{len(keys)} champs mais seulement {len(solution)} groupe(s) de réponses"
    for variants in solution.values():
        yield from _variants_survive_treatments(challenge, variants)


def _variants_survive_treatments(challenge: Challenge, variants: list[str]) -> Iterator[str]:
    # T2 deletes every non-alphanumeric character: "-" or "%" alone would become "" and then
    # match any answer made of punctuation.
    if "t2" in challenge.treatments:
        for variant in variants:
            if not _ALPHANUMERIC.search(variant):
                yield f"la réponse acceptée {variant!r} devient vide avec le traitement t2"
