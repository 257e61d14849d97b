"""What the student's screens look like, at 80×24 and 120×40 (scenes in student_scenes.py).

Update with `pytest tests/tui/test_student_snapshots.py --snapshot-update`, then look at the
SVGs in tests/tui/__snapshots__/.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pilot_support import AppFactory
from student_scenes import SCREENS

import tui.widgets.countdown as countdown_module

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture(autouse=True)
def restored_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The timed scene freezes the countdown's clock; it is given back afterwards."""
    monkeypatch.setattr(countdown_module, "clock", countdown_module.clock)
    yield


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_student_screen(
    snap_compare: Callable[..., bool], make_app: AppFactory, screen: str, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=SCREENS[screen])
