"""prepare_demo: the demo database of `pix-tui --demo`, ready in one call, quickly the next time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from server_support import ROOT, scalar, update_rows
from sqlalchemy import func, select

from server.config import default_database_url, resolve_database_url
from server.embedded import prepare_demo
from server.models import ServerMeta, User
from server.seed_marker import DEMO_SEED_MARKER_KEY

# server/seed.py (2 teachers, 31 students, 3 admins) and server/seed_admin.py (certif@).
DEMO_USER_COUNT = 37


async def _user_count(url: str) -> int:
    return await scalar(url, select(func.count()).select_from(User))


async def test_prepare_migrates_and_seeds_a_new_database(unmigrated_url) -> None:
    url = prepare_demo(unmigrated_url)
    assert url == unmigrated_url
    assert await _user_count(url) == DEMO_USER_COUNT
    assert prepare_demo(url) == url  # already prepared
    assert await _user_count(url) == DEMO_USER_COUNT


async def test_prepare_creates_the_folder_and_accepts_plain_sqlite_urls(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "demo.db"
    url = prepare_demo(f"sqlite:///{path}")
    assert url == f"sqlite+aiosqlite:///{path}"
    assert path.exists()
    assert await _user_count(url) == DEMO_USER_COUNT


async def test_reset_brings_back_the_original_demo(unmigrated_url) -> None:
    url = prepare_demo(unmigrated_url)
    await update_rows(url, User, User.email == "prof@example.net", first_name="Changé")

    prepare_demo(url, reset=True)

    name = await scalar(url, select(User.first_name).where(User.email == "prof@example.net"))
    assert name == "Claire"
    assert await _user_count(url) == DEMO_USER_COUNT


async def test_an_older_seed_is_completed_at_the_next_start(unmigrated_url) -> None:
    url = prepare_demo(unmigrated_url)
    await update_rows(url, ServerMeta, ServerMeta.key == DEMO_SEED_MARKER_KEY, value="0")
    await update_rows(url, User, User.email == "eleve30@example.net", email="parti@example.net")

    prepare_demo(url)

    assert await scalar(url, select(User.id).where(User.email == "eleve30@example.net"))


def _run_python(code: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**__import__("os").environ, **env},
    )


def test_prepared_demo_is_recognised_without_loading_sqlalchemy(tmp_path: Path) -> None:
    url = prepare_demo(f"sqlite:///{tmp_path / 'demo.db'}")
    code = (
        "import sys, time\n"
        "from server.embedded import prepare_demo\n"
        "start = time.perf_counter()\n"
        f"prepare_demo({url!r})\n"
        "print(time.perf_counter() - start, 'sqlalchemy' in sys.modules, 'alembic' in sys.modules)"
    )
    out, err = _run_python(code).communicate(timeout=60)
    elapsed, sqlalchemy_loaded, alembic_loaded = out.split()
    assert (sqlalchemy_loaded, alembic_loaded) == ("False", "False"), err
    assert float(elapsed) < 0.5  # ~0.05 s on an idle machine


async def test_two_processes_starting_together_prepare_once(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}"
    code = f"from server.embedded import prepare_demo; prepare_demo({url!r})"
    processes = [_run_python(code) for _ in range(2)]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    assert await _user_count(url) == DEMO_USER_COUNT


def test_default_url_is_in_the_user_data_dir(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PIX_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    expected = f"sqlite+aiosqlite:///{tmp_path / 'pix-tui' / 'pix-demo.db'}"
    assert default_database_url() == expected
    assert resolve_database_url() == expected

    monkeypatch.setenv("PIX_DATABASE_URL", "postgresql://pix@localhost/demo")
    assert resolve_database_url() == "postgresql+asyncpg://pix@localhost/demo"
    assert resolve_database_url("sqlite:///x.db") == "sqlite+aiosqlite:///x.db"
