"""Checkpoints every 5 answers and at the end of the test (§5.5)."""

from __future__ import annotations

import pytest

from server.engine.checkpoints import answers_since_last_checkpoint, is_checkpoint_due


@pytest.mark.parametrize(
    ("count", "listed"),
    [(0, []), (3, [1, 2, 3]), (5, [1, 2, 3, 4, 5]), (9, [6, 7, 8, 9]), (10, [6, 7, 8, 9, 10])],
)
def test_answers_since_last_checkpoint(count: int, listed: list[int]) -> None:
    assert answers_since_last_checkpoint(list(range(1, count + 1))) == listed


def test_checkpoint_every_fifth_answer_and_at_the_end() -> None:
    assert [n for n in range(12) if is_checkpoint_due(n)] == [5, 10]
    assert is_checkpoint_due(7, assessment_ended=True)
    assert not is_checkpoint_due(0, assessment_ended=True)
