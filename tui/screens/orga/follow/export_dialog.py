"""Exporter résultats (.csv): where to save, a progress bar while the file arrives, then the
absolute path and how to fetch it over SSH. The client writes to a temporary file renamed at
the end: a failure leaves no half-written file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Static

if TYPE_CHECKING:
    from api_client.models import Campaign

SAVED = "Fichier enregistré : {path}"
SSH_HINT = "Connecté en SSH ? Récupérez-le depuis votre poste avec : scp <serveur>:{path} ."
NO_FOLDER = "Ce dossier n'existe pas : {path}"


class ExportDialog(ModalScreen[Path | None]):
    """Asks for a folder or a file path (current directory by default) and exports there."""

    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog > Vertical {
        width: 76; max-width: 100%; height: auto; border: round $primary;
        padding: 0 1; background: $surface;
    }
    ExportDialog #export-path { width: 1fr; }
    ExportDialog #export-actions { height: auto; align-horizontal: right; }
    ExportDialog #export-result, ExportDialog #export-hint { height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Fermer")]

    class Progress(Message):
        def __init__(self, done: int, total: int | None) -> None:
            super().__init__()
            self.done = done
            self.total = total

    class Finished(Message):
        def __init__(self, path: Path | None, error: str) -> None:
            super().__init__()
            self.path = path
            self.error = error

    def __init__(self, campaign: Campaign, *, folder: Path | None = None) -> None:
        super().__init__()
        self.campaign = campaign
        self.folder = folder or Path.cwd()
        self.saved: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Exporter résultats (.csv)", id="export-title")
            yield Static("Enregistrer dans (dossier ou fichier) :", markup=False)
            yield Input(str(self.folder), id="export-path")
            yield ProgressBar(total=None, show_eta=False, id="export-progress")
            yield Static(id="export-result", markup=False)
            yield Static(id="export-hint", markup=False, classes="muted")
            with Horizontal(id="export-actions"):
                yield Button("Exporter", variant="primary", id="export-start")
                yield Button("Fermer", id="export-close")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one("#export-hint").display = False
        self.query_one("#export-path", Input).focus()

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-start")
    def start(self) -> None:
        raw = self.query_one("#export-path", Input).value.strip() or str(Path.cwd())
        target = Path(raw).expanduser().resolve()
        folder = target if target.is_dir() else target.parent
        if not folder.is_dir():
            self._show_error(NO_FOLDER.format(path=folder))
            return
        self.query_one("#export-start", Button).disabled = True
        self.query_one("#export-result", Static).update("")
        bar = self.query_one(ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        self._export(target)

    @work(exclusive=True, exit_on_error=False, group="follow-export")
    async def _export(self, target: Path) -> None:
        from tui.errors import error_message

        def progress(done: int, total: int | None) -> None:
            self.post_message(self.Progress(done, total))

        try:
            client = await self.app.wait_for_client()  # type: ignore[attr-defined]
            result = await client.campaign_follow.export_csv(
                self.campaign, target, on_progress=progress
            )
        except OSError as error:
            self.post_message(
                self.Finished(None, f"Impossible d'écrire le fichier : {error.strerror or error}")
            )
        except Exception as error:
            self.post_message(self.Finished(None, error_message(error)))
        else:
            self.post_message(self.Finished(Path(result.path).resolve(), ""))

    @on(Progress)
    def _progress(self, message: Progress) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=message.total, progress=message.done)

    @on(Finished)
    def _finished(self, message: Finished) -> None:
        self.query_one("#export-start", Button).disabled = False
        bar = self.query_one(ProgressBar)
        if message.path is None:
            bar.display = False
            self._show_error(message.error)
            return
        bar.update(total=1, progress=1)
        self.saved = message.path
        self.query_one("#export-result", Static).update(
            Text(SAVED.format(path=message.path), style="bold")
        )
        hint = self.query_one("#export-hint", Static)
        hint.update(SSH_HINT.format(path=message.path))
        hint.display = True
        self.query_one("#export-close", Button).focus()

    def _show_error(self, text: str) -> None:
        self.query_one("#export-result", Static).update(Text(text, style="bold red"))

    @on(Button.Pressed, "#export-close")
    def action_close(self) -> None:
        self.dismiss(self.saved)
