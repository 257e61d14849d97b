"""The baseline: the smallest Textual app (one Static), started the same way as pix-tui."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Application minimale")


if __name__ == "__main__":
    MinimalApp().run()
