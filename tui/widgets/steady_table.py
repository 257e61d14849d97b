"""A `DataTable` that does not repaint its hover row on every key.

Textual's table hides its mouse hover highlight on each cursor key, and repaints the hover
row while doing so, even when the highlight is already hidden: with the mouse never used,
that is row 0 repainted on every ↓, a third of what an arrow key writes to the terminal
(over SSH on a school network, every byte counts). The hover row is repainted here only
when the highlight really appears or disappears; moving it is still repainted by the table
(its `hover_coordinate` watcher).

And the mouse: Textual gives every cell a style of its own (it carries the row and column),
which it takes for a new link under the pointer at each move, repainting the whole table
(a TODO in Textual's `watch_hover_style`). The table has no links: `auto_links` is off, and
the hover highlight is repainted where it is drawn: the rows it leaves and enters (Textual
repaints the two cells only, relying on that whole-table repaint for the rest of the row).
"""

from __future__ import annotations

from typing import TypeVar

from textual.coordinate import Coordinate
from textual.widgets import DataTable

CellType = TypeVar("CellType")


class SteadyHoverTable(DataTable[CellType]):
    """`DataTable` whose cursor keys repaint the rows the cursor leaves and enters only."""

    def on_mount(self) -> None:
        self.auto_links = False

    def watch_hover_coordinate(self, old: Coordinate, value: Coordinate) -> None:
        if self.cursor_type != "row":
            super().watch_hover_coordinate(old, value)
        elif old.row != value.row:
            self.refresh_row(old.row)
            self.refresh_row(value.row)

    def _set_hover_cursor(self, active: bool) -> None:
        # Textual's private hook, called by every cursor action and mouse event.
        if active == self._show_hover_cursor:
            return
        super()._set_hover_cursor(active)
