"""A small terminal emulator: what a Textual app's output leaves on an 80×24 screen.

Enough of VT100/xterm for Textual's output (cursor positioning, erase, text; colours and
modes are ignored), so the benchmarks can ask "is this text on screen *now*?", not only
"was it ever written?" — e.g. to know when a status line has gone away.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

_CSI = re.compile(rb"\x1b\[([0-9;?<>=]*)([ -/]*)([@-~])")
_STRING_END = re.compile(rb"\x07|\x1b\\")  # OSC ends with BEL or ST; DCS/SOS/PM/APC with ST
_MAX_PENDING = 4096


class Screen:
    """The characters on screen; `feed` it every byte the program writes."""

    def __init__(self, columns: int = 80, lines: int = 24) -> None:
        self.columns = columns
        self.lines = lines
        self.grid = [[" "] * columns for _ in range(lines)]
        self.row = 0
        self.column = 0
        self.mouse_tracking = False
        self._pending = b""
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def text(self) -> str:
        return "\n".join("".join(line).rstrip() for line in self.grid)

    def contains(self, text: str) -> bool:
        """Whether `text` is on screen (spaces ignored: Textual pads and splits runs)."""
        needle = text.replace(" ", "")
        return any(needle in "".join(line).replace(" ", "") for line in self.grid) or (
            needle in self.text().replace(" ", "").replace("\n", "")
        )

    def feed(self, data: bytes) -> None:
        data = self._pending + data
        self._pending = b""
        i, end = 0, len(data)
        while i < end:
            byte = data[i]
            if byte == 0x1B:
                consumed = self._escape(data, i)
                if consumed is None:  # cut in the middle: wait for the rest
                    if end - i < _MAX_PENDING:
                        self._pending = data[i:]
                        return
                    consumed = i + 1
                i = consumed
            elif byte == 0x0D:
                self.column = 0
                i += 1
            elif byte == 0x0A:
                self.row = min(self.row + 1, self.lines - 1)
                i += 1
            elif byte == 0x08:
                self.column = max(0, self.column - 1)
                i += 1
            elif byte < 0x20 or byte == 0x7F:
                i += 1
            else:
                j = i
                while j < end and data[j] >= 0x20 and data[j] != 0x7F and data[j] != 0x1B:
                    j += 1
                self._put(self._decoder.decode(data[i:j]))
                i = j

    def _escape(self, data: bytes, i: int) -> int | None:
        """Apply the escape sequence at `i`; its end, or None when it is not complete yet."""
        if i + 1 >= len(data):
            return None
        kind = data[i + 1]
        if kind == ord("["):
            match = _CSI.match(data, i)
            if match is None:
                return None
            self._csi(match[1].decode("ascii", "replace"), match[3].decode("ascii"))
            return match.end()
        if kind in b"]PX^_":
            found = _STRING_END.search(data, i + 2)
            return None if found is None else found.end()
        if kind in b"()#":  # character set designation: one more byte
            return None if i + 2 >= len(data) else i + 3
        return i + 2

    def _csi(self, params: str, final: str) -> None:
        private = params.startswith("?")
        numbers = [int(p) if p.isdigit() else 0 for p in params.lstrip("?<>=").split(";")]
        first = numbers[0] if numbers else 0
        if private:
            if final in "hl" and any(n in (1000, 1002, 1003) for n in numbers):
                self.mouse_tracking = final == "h"
            return
        if final in "Hf":
            row = numbers[0] if numbers and numbers[0] else 1
            col = numbers[1] if len(numbers) > 1 and numbers[1] else 1
            self.row = min(max(row, 1), self.lines) - 1
            self.column = min(max(col, 1), self.columns) - 1
        elif final == "J" and first == 2:
            self.grid = [[" "] * self.columns for _ in range(self.lines)]
        elif final == "J" and first == 0:
            self._erase_line(self.column, self.columns)
            for line in self.grid[self.row + 1 :]:
                line[:] = [" "] * self.columns
        elif final == "K":
            start, stop = {0: (self.column, self.columns), 1: (0, self.column + 1)}.get(
                first, (0, self.columns)
            )
            self._erase_line(start, stop)
        elif final in "ABCD":
            step = first or 1
            if final == "A":
                self.row = max(0, self.row - step)
            elif final == "B":
                self.row = min(self.lines - 1, self.row + step)
            elif final == "C":
                self.column = min(self.columns - 1, self.column + step)
            else:
                self.column = max(0, self.column - step)
        elif final == "G":
            self.column = min(max(first, 1), self.columns) - 1
        elif final == "d":
            self.row = min(max(first, 1), self.lines) - 1

    def _erase_line(self, start: int, stop: int) -> None:
        line = self.grid[self.row]
        for column in range(start, min(stop, self.columns)):
            line[column] = " "

    def _put(self, text: str) -> None:
        line = self.grid[self.row]
        for char in text:
            if unicodedata.combining(char):
                continue
            width = 2 if unicodedata.east_asian_width(char) in "WF" else 1
            if self.column + width > self.columns:
                continue  # Textual positions every line itself: nothing wraps
            line[self.column] = char
            if width == 2:
                line[self.column + 1] = ""
            self.column += width
