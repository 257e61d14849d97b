"""`pix-tui --help` and `--version`: quick, in French, and without loading the app.

Parsing the command line must not import Textual, httpx or the server (the app costs ~0.3 s
of imports, the embedded server more): checked in a fresh interpreter, since pytest itself
has long imported all of them.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from api_client.version import __version__

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("textual", "httpx", "server", "fastapi", "sqlalchemy", "api_client.client")


def _pix_tui(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_version_prints_the_project_version() -> None:
    result = _pix_tui("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"pix-tui {__version__}"


def test_help_is_in_french_and_lists_the_options() -> None:
    result = _pix_tui("--help")
    assert result.returncode == 0, result.stderr
    for option in ("--api-url", "--reset-demo", "--no-mouse", "--no-store", "--version"):
        assert option in result.stdout
    assert "Utilisation : pix-tui" in result.stdout
    assert "démo locale" in result.stdout


@pytest.mark.parametrize("argument", ["--version", "--help"])
def test_parsing_imports_nothing_heavy(argument: str) -> None:
    code = f"""
import json, sys
import tui.__main__ as cli
try:
    cli.main([{argument!r}])
except SystemExit as exit:
    code = exit.code
print(json.dumps({{"code": code, "loaded": [m for m in {HEAVY!r} if m in sys.modules]}}))
"""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=30
    )
    elapsed = time.perf_counter() - started
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"code": 0, "loaded": []}
    # A bare interpreter starts in ~0.05 s; Textual alone would add ~0.3 s.
    assert elapsed < 1.5


def test_reset_demo_with_a_remote_server_is_refused() -> None:
    result = _pix_tui("--api-url", "https://pix.example", "--reset-demo")
    assert result.returncode == 2
    assert "--reset-demo ne concerne que la démo locale" in result.stderr
