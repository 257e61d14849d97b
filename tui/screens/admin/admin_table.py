"""The tables of Pix Admin: one page of rows, columns fitted to the terminal's width.

Each table names its columns once (`Column`); fixed ones keep their width, the others share
what is left, and columns marked `wide_only` appear from `WIDE` cells on (at 80 columns the
line under the table shows them for the highlighted row). Cells are `Text` built by the
table: a name typed by a teacher or a student is never read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import events
from textual.widgets import DataTable

T = TypeVar("T")

WIDE = 110
"""From this table width on, every column is shown and headers fit on one line."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column: `width` fixed (0: a `share` of the room left, at least `minimum`)."""

    key: str
    header: str
    width: int = 0
    share: int = 1
    minimum: int = 8
    wide_only: bool = False
    narrow_header: str | None = None  # e.g. "Dernière\nactivité" under WIDE
    narrow_width: int | None = None


def column_widths(columns: Sequence[Column], width: int) -> list[tuple[Column, int]]:
    """The columns shown in `width` cells and each one's width, its leading space included
    (the table has no cell padding: each cell starts with one space)."""
    wide = width >= WIDE
    shown = [column for column in columns if wide or not column.wide_only]

    def fixed_width(column: Column) -> int:
        if not wide and column.narrow_width is not None:
            return column.narrow_width
        return column.width

    fixed = sum(fixed_width(column) for column in shown)
    flexible = [column for column in shown if not fixed_width(column)]
    rest = max(0, width - fixed - len(shown))
    shares = sum(column.share for column in flexible) or 1
    widths: dict[str, int] = {}
    left = rest
    for index, column in enumerate(flexible):
        share = left if index == len(flexible) - 1 else rest * column.share // shares
        widths[column.key] = max(column.minimum, share)
        left -= widths[column.key]
    return [(column, (fixed_width(column) or widths[column.key]) + 1) for column in shown]


def fit(text: Text, width: int) -> Text:
    """`text` cut to `width` cells with "…"."""
    text.truncate(max(width, 1), overflow="ellipsis")
    return text


class AdminTable(DataTable[Text], Generic[T]):
    """Rows of `T`; subclasses give `COLUMNS`, `cell()` and `row_key()`."""

    DEFAULT_CSS = """
    AdminTable {
        height: auto;
        max-height: 1fr;
        scrollbar-size-vertical: 1;
    }
    """
    COLUMNS: ClassVar[tuple[Column, ...]] = ()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, cell_padding=0, id=id)
        self._items: list[T] = []
        self._layout: list[tuple[Column, int]] | None = None

    # -- what subclasses say -------------------------------------------------------------

    def cell(self, item: T, key: str, width: int, *, wide: bool) -> Text:
        """The content of one cell, at most `width` cells wide."""
        raise NotImplementedError

    def row_key(self, item: T) -> str:
        raise NotImplementedError

    # -- rows ----------------------------------------------------------------------------

    @property
    def items(self) -> list[T]:
        return list(self._items)

    @property
    def highlighted(self) -> T | None:
        if 0 <= self.cursor_row < len(self._items):
            return self._items[self.cursor_row]
        return None

    def show_items(self, items: Sequence[T], *, keep_cursor: bool = False) -> None:
        """Replace the rows; with `keep_cursor` the same row number stays highlighted."""
        row = self.cursor_row
        self._items = list(items)
        self._rebuild(force=True)
        if self.row_count:
            target = row if keep_cursor else 0
            self.move_cursor(row=min(max(target, 0), len(self._items) - 1), animate=False)

    def refresh_rows(self) -> None:
        """Draw the rows again (what a cell says changed, e.g. the stuck threshold)."""
        row = self.cursor_row
        self._rebuild(force=True)
        if self.row_count:
            self.move_cursor(row=min(row, len(self._items) - 1), animate=False)

    def on_resize(self) -> None:
        self._rebuild(force=False)

    def on_click(self, event: events.Click) -> None:
        # Like a link, a row opens at the first click (the table's own needs two).
        row = event.style.meta.get("row")
        if isinstance(row, int) and row >= 0 and row != self.cursor_row:
            self.call_after_refresh(self.action_select_cursor)

    def _rebuild(self, *, force: bool) -> None:
        # `size` leaves out the vertical scrollbar: when it appears, the columns narrow.
        width = self.size.width
        if width <= 0:
            # Hidden: the rows are drawn when the table gets its size (`on_resize`).
            self._layout = None
            return
        layout = column_widths(self.COLUMNS, width)
        if layout == self._layout and not force:
            return
        row = self.cursor_row
        self._layout = layout
        wide = width >= WIDE
        two_lines = any(
            not wide and column.narrow_header and "\n" in column.narrow_header
            for column, _ in layout
        )
        self.clear(columns=True)
        self.header_height = 2 if two_lines else 1
        for column, column_width in layout:
            label = column.header if wide else (column.narrow_header or column.header)
            # The space stands for the cell padding the table does not add.
            header = Text("\n".join(" " + line for line in label.split("\n")), style="bold")
            self.add_column(header, width=column_width, key=column.key)
        for item in self._items:
            cells = [
                Text(" ").append_text(
                    fit(self.cell(item, column.key, column_width - 1, wide=wide), column_width - 1)
                )
                for column, column_width in layout
            ]
            self.add_row(*cells, key=self.row_key(item))
        if self._items and not force:
            self.move_cursor(row=min(row, len(self._items) - 1), animate=False)
