"""A campaign code drawn large (three lines of half blocks), to read aloud or show a class.

Textual's `Digits` draws digits and A–F only; campaign codes use the whole alphabet
(RENTRE123), so this widget carries its own 5×5 font, drawn two pixel rows per line with
▀ ▄ █. When the widget is too narrow for it, the code is spelled out with spaces instead.
The code is never only drawn: screens show it as plain, selectable text too.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.widget import Widget

from tui.widgets.safe_text import one_line

# 5 columns × 5 rows per glyph; "#" is ink.
_FONT_ROWS = {
    "A": (".###.", "#...#", "#####", "#...#", "#...#"),
    "B": ("####.", "#...#", "####.", "#...#", "####."),
    "C": (".####", "#....", "#....", "#....", ".####"),
    "D": ("####.", "#...#", "#...#", "#...#", "####."),
    "E": ("#####", "#....", "####.", "#....", "#####"),
    "F": ("#####", "#....", "####.", "#....", "#...."),
    "G": (".####", "#....", "#.###", "#...#", ".###."),
    "H": ("#...#", "#...#", "#####", "#...#", "#...#"),
    "I": ("#####", "..#..", "..#..", "..#..", "#####"),
    "J": ("..###", "...#.", "...#.", "#..#.", ".##.."),
    "K": ("#...#", "#..#.", "###..", "#..#.", "#...#"),
    "L": ("#....", "#....", "#....", "#....", "#####"),
    "M": ("#...#", "##.##", "#.#.#", "#...#", "#...#"),
    "N": ("#...#", "##..#", "#.#.#", "#..##", "#...#"),
    "O": (".###.", "#...#", "#...#", "#...#", ".###."),
    "P": ("####.", "#...#", "####.", "#....", "#...."),
    "Q": (".###.", "#...#", "#.#.#", "#..#.", ".##.#"),
    "R": ("####.", "#...#", "####.", "#..#.", "#...#"),
    "S": (".####", "#....", ".###.", "....#", "####."),
    "T": ("#####", "..#..", "..#..", "..#..", "..#.."),
    "U": ("#...#", "#...#", "#...#", "#...#", ".###."),
    "V": ("#...#", "#...#", "#...#", ".#.#.", "..#.."),
    "W": ("#...#", "#...#", "#.#.#", "##.##", "#...#"),
    "X": ("#...#", ".#.#.", "..#..", ".#.#.", "#...#"),
    "Y": ("#...#", ".#.#.", "..#..", "..#..", "..#.."),
    "Z": ("#####", "...#.", "..#..", ".#...", "#####"),
    "0": (".###.", "#..##", "#.#.#", "##..#", ".###."),
    "1": ("..#..", ".##..", "..#..", "..#..", ".###."),
    "2": (".###.", "#...#", "..##.", ".#...", "#####"),
    "3": ("####.", "....#", ".###.", "....#", "####."),
    "4": ("#..#.", "#..#.", "#####", "...#.", "...#."),
    "5": ("#####", "#....", "####.", "....#", "####."),
    "6": (".###.", "#....", "####.", "#...#", ".###."),
    "7": ("#####", "....#", "...#.", "..#..", "..#.."),
    "8": (".###.", "#...#", ".###.", "#...#", ".###."),
    "9": (".###.", "#...#", ".####", "....#", ".###."),
}
GLYPH_WIDTH = 5
GAP = 1
LINES = 3
_HALF_BLOCKS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def _glyph_lines(char: str) -> list[str]:
    rows = _FONT_ROWS.get(char)
    if rows is None:
        # Not in the font (an admin-set code may hold anything): the character itself.
        return ["  " + " " * (GLYPH_WIDTH - 2), f"  {char}  "[:GLYPH_WIDTH], " " * GLYPH_WIDTH]
    pixels = [[cell == "#" for cell in row] for row in rows] + [[False] * GLYPH_WIDTH]
    return [
        "".join(
            _HALF_BLOCKS[(pixels[2 * line][x], pixels[2 * line + 1][x])] for x in range(GLYPH_WIDTH)
        )
        for line in range(LINES)
    ]


def banner_lines(code: str) -> list[str]:
    """The three lines drawing `code` (uppercase letters and digits; others as themselves)."""
    glyphs = [_glyph_lines(char) for char in code.upper()]
    return [(" " * GAP).join(glyph[line] for glyph in glyphs) for line in range(LINES)]


def banner_width(code: str) -> int:
    return len(code) * (GLYPH_WIDTH + GAP) - GAP if code else 0


class BigCode(Widget):
    """`BigCode("RENTRE123")`: the code in large letters, centred in the widget."""

    DEFAULT_CSS = """
    BigCode {
        height: 3;
        width: 1fr;
        color: $accent;
        text-style: bold;
        content-align: center middle;
    }
    """

    def __init__(self, code: str = "", *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self._code = one_line(code)

    @property
    def code(self) -> str:
        return self._code

    def show(self, code: str) -> None:
        self._code = one_line(code)
        self.refresh()

    def render(self) -> RenderableType:
        if not self._code:
            return Text("")
        if banner_width(self._code) <= self.size.width:
            return Text("\n".join(banner_lines(self._code)), no_wrap=True)
        # Too narrow to draw: spaced letters still read well from afar.
        return Text("\n" + " ".join(self._code) + "\n", no_wrap=True)
