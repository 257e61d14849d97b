"""A percentage drawn with characters: readable without colour, over SSH, in a screenshot.

`█████████░░░░░░  62 %`: the full and light blocks differ in shape, not only in colour, and
the number is always written next to the bar.
"""

from __future__ import annotations

from rich.text import Text

FULL = "█"
EMPTY = "░"


def clamp_percent(percent: float | None) -> int:
    """A whole percentage between 0 and 100 (None counts as 0)."""
    if percent is None:
        return 0
    return max(0, min(100, round(percent)))


def text_bar(percent: float | None, width: int = 20, *, style: str = "bold") -> Text:
    """`width` cells of bar for `percent` (0–100), then the number: "███░░  60 %"."""
    value = clamp_percent(percent)
    filled = round(width * value / 100)
    bar = Text()
    bar.append(FULL * filled, style=style)
    bar.append(EMPTY * (width - filled), style="dim")
    bar.append(f" {value:>3} %")
    return bar
