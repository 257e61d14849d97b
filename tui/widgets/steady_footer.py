"""A `Footer` that is rebuilt only when the keys it shows change.

Textual's footer starts empty, then rebuilds itself (and is painted again) after the first
paint and after every change of focus, even when the keys it lists stay the same. On a
question, focus moves as the student answers: each of those repaints wrote the whole
bottom line again to a terminal that may be behind a slow school link. This one lists its
keys from the start and is rebuilt only when a key, its label or its state changes.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[str, str, str, bool], ...]


class SteadyFooter(Footer):
    """`Footer` repainted only when what it shows changes."""

    def __init__(self) -> None:
        super().__init__()
        # The screen's keys are known when the footer is composed: no empty first paint.
        self._bindings_ready = True
        self._shown: Shown | None = None

    def _keys_shown(self) -> Shown:
        return tuple(
            (binding.key, binding.description, binding.action, enabled)
            for (_node, binding, enabled, _tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        )

    def compose(self) -> ComposeResult:
        self._shown = self._keys_shown()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if self.is_attached and self._keys_shown() != self._shown:
            await self.recompose()
