"""Choices whose state reads without colour: a mark on what is chosen, nothing on the rest.

Textual's `RadioButton` draws "●" and `SelectionList` draws "X" in both states, telling
them apart by colour only: on a monochrome terminal, or with `NO_COLOR`, every option would
look chosen.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import RadioButton, SelectionList
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist

NOT_CHOSEN = " "


class ChoiceButton(RadioButton):
    """`RadioButton` with its "●" on the chosen option only."""

    def __init__(self, label: str = "", value: bool = False, *, id: str | None = None) -> None:
        super().__init__(label, value, id=id)
        self.BUTTON_INNER = RadioButton.BUTTON_INNER if value else NOT_CHOSEN

    def watch_value(self) -> None:
        self.BUTTON_INNER = RadioButton.BUTTON_INNER if self.value else NOT_CHOSEN
        super().watch_value()
        self.refresh()


class CheckList(SelectionList[str]):
    """`SelectionList` with its "X" on the ticked options only."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        if selection.value in self.selected:
            return strip
        segments = list(strip)
        if len(segments) > 1 and segments[1].text == ToggleButton.BUTTON_INNER:
            segments[1] = Segment(NOT_CHOSEN, segments[1].style)
        return Strip(segments, strip.cell_length)
