"""Exporter résultats (.csv) from the campaign screen, to a folder of the test."""

from __future__ import annotations

from pathlib import Path

from pilot_support import AppFactory, wait_until
from textual.widgets import Input
from tui_follow_support import open_follow

from tui.screens.orga.follow.export_dialog import ExportDialog


async def test_export_writes_the_csv_and_says_where(make_app: AppFactory, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_follow(pilot)
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExportDialog), "the dialog")
        dialog = pilot.app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#export-path", Input).value == str(Path.cwd())
        dialog.query_one("#export-path", Input).value = str(folder)
        await pilot.press("enter")
        await wait_until(pilot, lambda: dialog.saved is not None, "the export")
        saved = dialog.saved
        assert saved is not None and saved.parent == folder and saved.suffix == ".csv"
        data = saved.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        header = data[3:].decode("utf-8").splitlines()[0]
        assert "Nom du Participant" in header or "Nom" in header
        message = str(dialog.query_one("#export-result").render())
        assert f"Fichier enregistré : {saved}" in message
        assert "scp" in str(dialog.query_one("#export-hint").render())
        assert [p.name for p in folder.iterdir()] == [saved.name]  # no temporary left


async def test_export_to_a_missing_folder_says_so(make_app: AppFactory, tmp_path: Path) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_follow(pilot)
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExportDialog), "the dialog")
        dialog = pilot.app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#export-path", Input).value = str(tmp_path / "nope" / "r.csv")
        await pilot.press("enter")
        await pilot.pause()
        assert "Ce dossier n'existe pas" in str(dialog.query_one("#export-result").render())
        assert dialog.saved is None
        assert not (tmp_path / "nope").exists()
