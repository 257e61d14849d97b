"""Text that comes from the server or the keyboard, made harmless before it is shown.

Campaign titles, landing texts, instructions, answers: a teacher or a content author wrote
them, and a terminal obeys escape sequences. `clean` drops every control character but the
line break and the tab (ESC first of all), so "\\x1b]52;…" cannot reach the terminal;
`plain` wraps the result in a Rich `Text`, which is never parsed as markup, so
"[bold red]x" shows as typed.
"""

from __future__ import annotations

import re

from rich.text import Text

# C0 controls but \t and \n, DEL, C1 controls (CSI U+009B among them), and the bidi
# overrides that can make a text read differently from what it is.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str | None) -> str:
    """`text` without control characters (line breaks and tabs kept); "" for None."""
    if not text:
        return ""
    return _CONTROL.sub("", text.replace("\r\n", "\n"))


def plain(text: str | None, style: str = "") -> Text:
    """A `Text` showing `text` literally (cleaned, never read as markup)."""
    return Text(clean(text), style=style)


def one_line(text: str | None, limit: int = 0) -> str:
    """`text` cleaned and folded on one line; cut with "…" beyond `limit` characters."""
    folded = " ".join(clean(text).split())
    if limit and len(folded) > limit:
        return folded[: max(limit - 1, 0)].rstrip() + "…"
    return folded
