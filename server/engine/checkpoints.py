"""Checkpoints: every 5 answers, and at the end, the learner reviews his last answers (§5.5)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

NUMBER_OF_CHALLENGES_BETWEEN_TWO_CHECKPOINTS = 5

T = TypeVar("T")


def answers_since_last_checkpoint(answers: Sequence[T]) -> list[T]:
    """The answers a checkpoint lists: those after the previous checkpoint.

    `len % 5` of them, or the last 5 when that remainder is 0 (the checkpoint just reached).
    """
    remainder = len(answers) % NUMBER_OF_CHALLENGES_BETWEEN_TWO_CHECKPOINTS
    count = remainder or NUMBER_OF_CHALLENGES_BETWEEN_TWO_CHECKPOINTS
    return list(answers[-count:]) if answers else []


def is_checkpoint_due(answer_count: int, *, assessment_ended: bool = False) -> bool:
    """A checkpoint follows every 5th answer, and the final one ends the test."""
    if answer_count <= 0:
        return False
    return assessment_ended or answer_count % NUMBER_OF_CHALLENGES_BETWEEN_TWO_CHECKPOINTS == 0
