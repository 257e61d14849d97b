"""What the Pix Admin screens look like, at 80×24 and 120×40 (hygiene of test_snapshots.py).

Seeded data only; the participations' dates are fixed and both clocks frozen (see
admin_scenes.py), and times are written in UTC whatever the machine's zone. Workers and
animations are awaited, cursors do not blink. Update with
`pytest tests/tui/test_snapshots_admin.py --snapshot-update`, then look at the SVGs in
tests/tui/__snapshots__/test_snapshots_admin/.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from admin_scenes import PREPARE, SCENES, clock_patches
from pilot_support import AppFactory

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Frozen clocks, and local time in UTC (dates and times on screen are local)."""
    for module, name, frozen in clock_patches():
        monkeypatch.setattr(module, name, frozen)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", list(SCENES))
def test_admin_screen(
    snap_compare: Callable[..., bool],
    make_app: AppFactory,
    demo_database_url: str,
    screen: str,
    size: tuple[int, int],
) -> None:
    if screen in PREPARE:
        PREPARE[screen](demo_database_url)
    assert snap_compare(make_app(), terminal_size=size, run_before=SCENES[screen])
