"""The follow-up screens of a campaign at 80×24 and 120×40 (hygiene of test_snapshots.py:
seeded data with pinned dates, workers awaited, no blinking cursor). Update with
`pytest tests/tui/test_snapshots_follow.py --snapshot-update`, then look at the SVGs in
tests/tui/__snapshots__/test_snapshots_follow/."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from follow_scenes import SCENES, pin_participation_dates
from pilot_support import AppFactory

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", list(SCENES))
def test_screen(
    snap_compare: Callable[..., bool],
    make_app: AppFactory,
    demo_database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    screen: str,
    size: tuple[int, int],
) -> None:
    pin_participation_dates(demo_database_url)
    # The refresh timer must not fire while the picture is taken.
    monkeypatch.setenv("PIX_TUI_REFRESH_SECONDS", "0")
    assert snap_compare(make_app(), terminal_size=size, run_before=SCENES[screen])
