"""`config.toml`, the environment and the options: which one wins, what `pix-tui config` says,
how a wrong value is refused, and what the app does with the settings in effect.

The file is the test's own (`$PIX_TUI_CONFIG`): nothing is read or written in the user's home.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pilot_support import AppFactory, wait_until
from tui_campaign_support import open_campaigns

from api_client import MemoryTokenStore
from tui import config
from tui.__main__ import main
from tui.app import PixApp
from tui.launcher import Launcher
from tui.widgets.pagination import Pagination

ROOT = Path(__file__).resolve().parents[2]
ENV_NAMES = ("PIX_API_URL", "PIX_LANG", "PIX_TUI_THEME", "PIX_TUI_PAGE_SIZE", config.REFRESH_ENV)


@pytest.fixture
def config_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """This test's config.toml (not created), a clean environment, and a clean `active()`."""
    path = tmp_path / "conf" / "config.toml"
    monkeypatch.setenv(config.CONFIG_ENV, str(path))
    monkeypatch.setenv("PIX_TUI_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    for name in (*ENV_NAMES, "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(config, "_active", None)
    yield path


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def settings_lines(output: str) -> dict[str, str]:
    """`pix-tui config`'s table: key -> "value  (source)"."""
    lines = {}
    for line in output.splitlines():
        name, _, rest = line.strip().partition(" ")
        if name in config.KEY_NAMES:
            lines[name] = " ".join(rest.split())
    return lines


def test_config_without_a_file_shows_the_defaults_and_where_the_file_would_be(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert f"Fichier de configuration : {config_file} (absent" in out
    assert settings_lines(out) == {
        "api_url": "aucune (démo locale) (défaut)",
        "lang": "fr (défaut)",
        "theme": "pix (défaut)",
        "page_size": "10 (défaut)",
        "refresh_seconds": "15 s (défaut)",
    }
    assert "pix-tui.log" in out


def test_option_beats_environment_beats_file_beats_default(
    config_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        config_file,
        '# mes réglages\napi_url = "https://fichier.pix.example"\ntheme = "nord"\n'
        "page_size = 25\nrefresh_seconds = 30\n",
    )
    monkeypatch.setenv("PIX_TUI_PAGE_SIZE", "50")
    monkeypatch.setenv("PIX_TUI_REFRESH_SECONDS", "5")
    assert main(["--refresh-seconds", "0", "--lang", "en", "config"]) == 0
    out = capsys.readouterr().out
    assert "(présent)" in out
    assert settings_lines(out) == {
        "api_url": "https://fichier.pix.example (fichier)",
        "lang": "en (option : --lang)",
        "theme": "nord (fichier)",
        "page_size": "50 (environnement : PIX_TUI_PAGE_SIZE)",
        "refresh_seconds": "0 (jamais) (option : --refresh-seconds)",
    }
    assert "seule l'interface en français existe" in out


def test_an_english_locale_defaults_to_english(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert config.load_settings().lang == "en"
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert config.load_settings().lang == "fr"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("page_size = 30\n", ["clé « page_size »", "« 30 »", "10, 25, 50, 100"]),
        ('lang = "de"\n', ["clé « lang »", "fr, en"]),
        ("refresh_seconds = -1\n", ["clé « refresh_seconds »", "positif"]),
        ('api_url = "pix.example"\n', ["clé « api_url »", "http://"]),
        ("theme = 3\n", ["clé « theme »"]),
        ("page_sise = 25\n", ["clé inconnue « page_sise »"]),
        ("page_size = \n", ["pas un fichier TOML valide", "ligne 1"]),
    ],
)
def test_a_wrong_file_is_refused_naming_the_file_and_the_key(
    config_file: Path, capsys: pytest.CaptureFixture[str], content: str, expected: list[str]
) -> None:
    write(config_file, content)
    assert main(["config"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert str(config_file) in captured.err
    for words in expected:
        assert words in captured.err
    assert "Traceback" not in captured.err


def test_a_wrong_variable_or_option_is_named(
    config_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIX_TUI_PAGE_SIZE", "douze")
    assert main(["config"]) == 2
    assert "la variable PIX_TUI_PAGE_SIZE : « douze »" in capsys.readouterr().err
    monkeypatch.delenv("PIX_TUI_PAGE_SIZE")
    assert main(["--lang", "es", "config"]) == 2
    assert "l'option --lang : « es »" in capsys.readouterr().err


def test_pix_tui_config_does_not_load_textual(tmp_path: Path) -> None:
    code = """
import json, sys
import tui.__main__ as cli
code = cli.main(["config"])
print(json.dumps({"code": code, "loaded": [m for m in ("textual", "httpx") if m in sys.modules]}))
"""
    env = {"PATH": "/usr/bin:/bin", "PIX_TUI_CONFIG": str(tmp_path / "config.toml")}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env, timeout=30
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"code": 0, "loaded": []}


# -- the app with the settings in effect --------------------------------------------------


@pytest.fixture
def started(config_file: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Each app `pix-tui` would start, with what it sees while it runs (its `run` is
    intercepted: nothing is displayed)."""
    from tui.screens.orga.follow.display import refresh_seconds

    runs: list[dict[str, Any]] = []

    def fake_run(self: PixApp, **kwargs: Any) -> None:
        runs.append({"app": self, "settings": config.active(), "refresh": refresh_seconds()})

    monkeypatch.setattr(PixApp, "run", fake_run)
    monkeypatch.delenv(config.REFRESH_ENV, raising=False)
    return runs


def test_the_app_runs_with_the_settings_in_effect(
    started: list[dict[str, Any]], config_file: Path
) -> None:
    write(config_file, 'theme = "nord"\napi_url = "https://pix.example/"\nrefresh_seconds = 0\n')
    assert main(["--page-size", "50"]) == 0
    [run] = started
    assert run["app"].theme == "nord"
    assert run["app"].launcher.base_url == "https://pix.example"
    assert run["settings"].page_size == 50  # what the lists' Pagination reads
    assert run["refresh"] == 0  # what the campaign follow-up reads for its period
    # Nothing outlives the run: the next one (or the next test) starts from scratch.
    assert config.active().page_size == config.DEFAULT_PAGE_SIZE
    assert config.REFRESH_ENV not in os.environ


def test_an_unknown_theme_stops_before_the_app(
    started: list[dict[str, Any]], config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(config_file, 'theme = "arc-en-ciel"\n')
    assert main([]) == 2
    assert not started
    err = capsys.readouterr().err
    assert "Thème inconnu « arc-en-ciel »" in err
    assert str(config_file) in err
    assert "nord" in err  # the names that would do


async def test_a_theme_changed_in_the_app_is_remembered(
    config_file: Path, demo_database_url: str, tmp_path: Path
) -> None:
    write(config_file, "# pix-tui\npage_size = 25  # les listes\n")
    settings = config.load_settings()
    app = PixApp(
        Launcher(
            database_url=demo_database_url,
            token_store=MemoryTokenStore(),
            state_dir=tmp_path / "state",
            settings=settings,
        )
    )
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "pix"
        app.theme = "gruvbox"  # what the palette's theme picker does
        await pilot.pause()
    text = config_file.read_text(encoding="utf-8")
    assert tomllib.loads(text) == {"page_size": 25, "theme": "gruvbox"}
    assert "# pix-tui" in text and "# les listes" in text  # the user's lines are kept
    again = config.load_settings()
    assert (again.theme, again.origin("theme").source) == ("gruvbox", config.FILE)


def test_written_strings_read_back_as_written(config_file: Path) -> None:
    tricky = 'thème "à" \\ \t \x7f 🎨'
    config.write_setting(config_file, "theme", tricky)
    config.write_setting(config_file, "theme", tricky)  # replaced, not added twice
    assert tomllib.loads(config_file.read_text(encoding="utf-8")) == {"theme": tricky}


async def test_the_campaign_list_opens_with_the_configured_page_size(
    config_file: Path, make_app: AppFactory
) -> None:
    write(config_file, "page_size = 25\n")
    config.activate(config.load_settings())
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        listing = await open_campaigns(pilot)
        assert listing.asked is not None and listing.asked.page_size == 25
        await wait_until(
            pilot, lambda: pilot.app.screen.query_one(Pagination).page_size == 25, "page size"
        )
