"""Regenerate `screenshots/*.svg`: the main screens of pix-tui at 80×24 and 120×40.

    uv run python scripts/screenshots.py [--out screenshots]

Each picture is taken from the real app on a fresh demo database (in a temporary folder, so
your own demo is untouched), driven with the same helpers as the tests (tests/tui/pilot_support.py).
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import tempfile
from collections.abc import Awaitable, Callable
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "tui")]

from pilot_support import (  # noqa: E402  (the path above makes them importable)
    login_screen_ready,
    settle,
    sign_in,
    text_of,
    wait_until,
)
from textual.pilot import Pilot  # noqa: E402

from api_client import MemoryTokenStore  # noqa: E402
from server.embedded import prepare_demo  # noqa: E402
from tui.app import PixApp  # noqa: E402
from tui.launcher import Launcher  # noqa: E402
from tui.screens.admin.home import AdminHomeScreen  # noqa: E402
from tui.screens.app.home import AppHomeScreen  # noqa: E402
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
    "app-home": app_home,
    "admin-home": admin_home,
}


async def shoot(
    database_url: str, name: str, scene: Scene, size: tuple[int, int], out: Path
) -> Path:
    app = PixApp(Launcher(database_url=database_url, token_store=MemoryTokenStore()))
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


async def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pix-screenshots-") as folder:
        # A fresh demo per picture: the pictures never depend on each other's clicks.
        template = Path(folder) / "template.db"
        prepare_demo(f"sqlite+aiosqlite:///{template}")
        for name, scene in SCENES.items():
            for size in SIZES:
                copy = Path(folder) / f"{name}-{size[0]}x{size[1]}.db"
                _copy_database(template, copy)
                path = await shoot(f"sqlite+aiosqlite:///{copy}", name, scene, size, out)
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    asyncio.run(main(parser.parse_args().out.resolve()))
