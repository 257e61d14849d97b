"""What the campaign screens look like, at 80×24 and 120×40 (hygiene of test_snapshots.py).

Seeded data only; the one campaign created here gets its code from a seeded generator, so the
picture is the same on every run. Animations and workers are awaited, cursors do not blink
(the scenes are in campaign_scenes.py, shared with scripts/screenshots.py). Update with
`pytest tests/tui/test_snapshots_campaigns.py --snapshot-update`, then look at the SVGs in
tests/tui/__snapshots__/test_snapshots_campaigns/.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from campaign_scenes import PREPARE, SCENES
from pilot_support import AppFactory

from server.usecases import campaign_codes

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
    if screen in PREPARE:
        PREPARE[screen](demo_database_url)
    # Codes of created campaigns come from a seeded generator: the same picture every run.
    monkeypatch.setattr(campaign_codes._system_random, "choice", random.Random(2024).choice)
    assert snap_compare(make_app(), terminal_size=size, run_before=SCENES[screen])
