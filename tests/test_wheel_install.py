"""The wheel, as `pip install pix-tui` or `uv tool install .` would get it.

Built with `uv build --wheel` (hatchling), installed in a fresh venv, then run from a folder
outside the source tree: `pix-tui --version`, and the reference server migrated, seeded,
served and signed into. What the source tree has and the wheel would lack (the learning
content, the Alembic scripts, the Textual stylesheets) fails here rather than on a user's
machine. `uv tool install .` builds this same wheel and installs it into a venv of its own,
so it is covered too.

Network: the dependencies come from PyPI, through uv's cache when it has them.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from api_client.version import __version__

ROOT = Path(__file__).resolve().parent.parent
UV = shutil.which("uv")

pytestmark = pytest.mark.skipif(UV is None, reason="uv absent : https://docs.astral.sh/uv/")


def _run(*command: str | Path, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=_clean_environment(cwd),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _clean_environment(home: Path) -> dict[str, str]:
    # Nothing may lead the installed commands back to the source tree or its venv.
    dropped = ("PYTHONPATH", "VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "PYTHONHOME")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in dropped and not key.startswith("PIX_")
    }
    env.update(XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"))
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run(UV or "uv", "build", "--wheel", "-o", out, cwd=ROOT)
    (built,) = out.glob("pix_tui-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("install")
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    _run(UV or "uv", "venv", "--python", python, folder / "venv", cwd=folder)
    _run(UV or "uv", "pip", "install", "--python", folder / "venv/bin/python", wheel, cwd=folder)
    return folder / "venv"


def test_the_wheel_ships_the_data_files_of_the_source_tree(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    needed = [
        *ROOT.glob("server/content/**/*.yaml"),  # the learning content
        *ROOT.glob("server/migrations/**/*.py"),  # the Alembic history
        ROOT / "server/migrations/script.py.mako",
        *ROOT.glob("tui/**/*.tcss"),  # the Textual stylesheets
    ]
    assert any(path.match("server/content/competences/*.yaml") for path in needed)
    assert any(path.match("server/migrations/versions/*.py") for path in needed)
    missing = [
        str(path.relative_to(ROOT))
        for path in needed
        if "__pycache__" not in path.parts and str(path.relative_to(ROOT)) not in names
    ]
    assert not missing, f"absent from {wheel.name}: {missing}"

    entry_points = (
        zipfile.ZipFile(wheel).read(f"pix_tui-{__version__}.dist-info/entry_points.txt").decode()
    )
    assert "pix-tui = tui.__main__:main" in entry_points
    assert "pix-server = server.cli:main" in entry_points


def test_installed_pix_tui_prints_its_version(venv: Path, tmp_path: Path) -> None:
    result = _run(venv / "bin/pix-tui", "--version", cwd=tmp_path, timeout=60)
    assert result.stdout.strip() == f"pix-tui {__version__}"
    # …and it is the installed copy that answered, not the source tree.
    where = _run(venv / "bin/python", "-c", "import server; print(server.__file__)", cwd=tmp_path)
    assert "site-packages" in where.stdout, where.stdout


def test_installed_browser_mode_has_what_it_serves(venv: Path, tmp_path: Path) -> None:
    # textual-serve must be a runtime dependency, with its page template and terminal script.
    code = (
        "from tui.browser_server import PixServer; "
        "server = PixServer('true', announce=print); "
        "print((server.templates_path / 'app_index.html').is_file(), "
        "(server.statics_path / 'js' / 'textual.js').is_file())"
    )
    result = _run(venv / "bin/python", "-P", "-c", code, cwd=tmp_path, timeout=60)
    assert result.stdout.split() == ["True", "True"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(venv: Path, tmp_path: Path) -> Iterator[str]:
    database = f"sqlite+aiosqlite:///{tmp_path / 'pix.db'}"
    pix_server = venv / "bin/pix-server"
    migrated = _run(pix_server, "migrate", "--database-url", database, cwd=tmp_path)
    assert "Schéma à jour" in migrated.stdout
    _run(pix_server, "seed", "--demo", "--database-url", database, cwd=tmp_path)

    port = _free_port()
    log = tmp_path / "server.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(pix_server), "serve", "--port", str(port), "--database-url", database],
            cwd=tmp_path,
            env=_clean_environment(tmp_path),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"pix-server serve did not start:\n{log.read_text()}")
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_installed_server_migrates_seeds_serves_and_signs_in(served: str) -> None:
    with urllib.request.urlopen(served, timeout=10) as response:
        identity = json.load(response)
    assert identity == {"name": "pix-server", "version": __version__}

    form = {"grant_type": "password", "username": "prof@example.net", "password": "Pix12345"}
    request = urllib.request.Request(
        f"{served}/api/token",
        data=urllib.parse.urlencode(form).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        tokens = json.load(response)
    assert tokens["token_type"].lower() == "bearer"
    assert tokens["access_token"]
