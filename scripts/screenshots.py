"""Regenerate `screenshots/*.svg`: the main screens of pix-tui at 80×24 and 120×40.

    uv run python scripts/screenshots.py [--out screenshots] [--only app-]

Each picture is taken from the real app on a fresh demo database (in a temporary folder, so
your own demo is untouched), driven with the same helpers as the tests (tests/tui/pilot_support.py).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "tui")]

from admin_scenes import PREPARE as ADMIN_PREPARE  # noqa: E402
from admin_scenes import SCENES as ADMIN_SCENES  # noqa: E402
from admin_scenes import freeze_clocks  # noqa: E402
from campaign_scenes import PREPARE, seed_campaign_codes  # noqa: E402
from campaign_scenes import SCENES as CAMPAIGN_SCENES  # noqa: E402
from follow_scenes import SCENES as FOLLOW_SCENES  # noqa: E402
from follow_scenes import pin_participation_dates  # noqa: E402
from pilot_support import (  # noqa: E402  (the path above makes them importable)
    login_screen_ready,
    settle,
    sign_in,
    text_of,
    wait_until,
)
from student_scenes import SCREENS as STUDENT_SCENES  # noqa: E402
from textual.pilot import Pilot  # noqa: E402

from api_client import MemoryTokenStore  # noqa: E402
from server.embedded import prepare_demo  # noqa: E402
from tui.app import PixApp  # noqa: E402
from tui.launcher import Launcher  # noqa: E402
from tui.screens.admin.home import AdminHomeScreen  # noqa: E402
from tui.screens.app.home import AppHomeScreen  # noqa: E402
from tui.screens.help import HelpScreen  # noqa: E402
from tui.screens.orga.home import OrgaHomeScreen  # noqa: E402
from tui.screens.orga.organization_switcher import OrganizationSwitcherScreen  # noqa: E402

SIZES = ((80, 24), (120, 40))
Scene = Callable[[Pilot[None]], Awaitable[None]]


async def login(pilot: Pilot[None]) -> None:
    await login_screen_ready(pilot)


async def orga_home(pilot: Pilot[None]) -> None:
    await sign_in(pilot, "prof@example.net")
    await wait_until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, OrgaHomeScreen) and pilot.app.screen.prescriber is not None
        ),
        "the Orga home",
    )


async def organization_switcher(pilot: Pilot[None]) -> None:
    await orga_home(pilot)
    await pilot.press("o")
    await wait_until(
        pilot, lambda: isinstance(pilot.app.screen, OrganizationSwitcherScreen), "the switcher"
    )


async def orga_help(pilot: Pilot[None]) -> None:
    """F1 over the campaign list: the keys of the screen."""
    await orga_home(pilot)
    await pilot.press("f1")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), "the help")


async def app_home(pilot: Pilot[None]) -> None:
    await sign_in(pilot, "eleve@example.net")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, AppHomeScreen), "the App home")


async def admin_home(pilot: Pilot[None]) -> None:
    await sign_in(pilot, "support@example.net")
    await wait_until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, AdminHomeScreen)
            and "Support" in text_of(pilot, "#agent-role")
        ),
        "the Admin home",
    )


SCENES: dict[str, Scene] = {
    "login": login,
    "orga-home": orga_home,
    "orga-switch-organization": organization_switcher,
    "orga-help": orga_help,
    "app-home": app_home,
    "admin-home": admin_home,
    # The campaign screens, as their snapshot tests picture them: "orga-campaign-list-active"…
    **{f"orga-{name.replace('_', '-')}": scene for name, scene in CAMPAIGN_SCENES.items()},
    # Following RENTRE123: "orga-follow-participants", "orga-follow-participant"…
    **{f"orga-{name.replace('_', '-')}": scene for name, scene in FOLLOW_SCENES.items()},
    # The student's screens (Pix App), as their snapshot tests picture them: "app-qcu"…
    **{f"app-{name.replace('_', '-')}": scene for name, scene in STUDENT_SCENES.items()},
    # Pix Admin, as its snapshot tests picture it: "admin-search-results", "admin-triage"…
    **{name.replace("_", "-"): scene for name, scene in ADMIN_SCENES.items()},
}
# Database preparations, by picture name.
PREPARATIONS = {f"orga-{name.replace('_', '-')}": step for name, step in PREPARE.items()}
# The demo participations are dated from the seeding day: pinned, for the same pictures.
PREPARATIONS.update(
    {f"orga-{name.replace('_', '-')}": pin_participation_dates for name in FOLLOW_SCENES}
)
PREPARATIONS.update({name.replace("_", "-"): step for name, step in ADMIN_PREPARE.items()})


async def shoot(
    database_url: str, name: str, scene: Scene, size: tuple[int, int], out: Path
) -> Path:
    # The answer journal and the student's local state stay beside the temporary database.
    state_dir = Path(database_url.split(":///", 1)[1]).with_suffix(".state")
    launcher = Launcher(
        database_url=database_url, token_store=MemoryTokenStore(), state_dir=state_dir
    )
    app = PixApp(launcher)
    filename = f"{name}-{size[0]}x{size[1]}.svg"
    async with app.run_test(size=size) as pilot:
        await scene(pilot)
        await settle(pilot)
        app.save_screenshot(filename=filename, path=str(out))
    return out / filename


def _copy_database(source: Path, destination: Path) -> None:
    # The backup API copies a consistent state, WAL content included.
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(destination)) as dst:
        src.backup(dst)


async def main(out: Path, only: str | None = None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    # Pix Admin's "stuck for N days" and every time shown: the same whatever the day and zone.
    freeze_clocks()
    os.environ["TZ"] = "UTC"
    time.tzset()
    with tempfile.TemporaryDirectory(prefix="pix-screenshots-") as folder:
        # A fresh demo per picture: the pictures never depend on each other's clicks.
        template = Path(folder) / "template.db"
        prepare_demo(f"sqlite+aiosqlite:///{template}")
        for name, scene in SCENES.items():
            if only and not name.startswith(only):
                continue
            for size in SIZES:
                # A created campaign's code is drawn at random: seeded, the pictures stay put.
                seed_campaign_codes()
                copy = Path(folder) / f"{name}-{size[0]}x{size[1]}.db"
                _copy_database(template, copy)
                url = f"sqlite+aiosqlite:///{copy}"
                if name in PREPARATIONS:
                    PREPARATIONS[name](url)
                path = await shoot(url, name, scene, size, out)
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--only", metavar="PREFIX", help="only the pictures named PREFIX…")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.out.resolve(), arguments.only))
