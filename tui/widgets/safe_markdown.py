"""Markdown from the server (instructions, landing texts, explanations), rendered but harmless.

Pix writes instructions and explanations in Markdown: bold, lists, quotes, inline code are
worth rendering. What must not happen: raw HTML passed through, control characters reaching
the terminal, a click opening anything but a web page. The parser has HTML off (a `<b>` is
shown as typed), the text is `clean`ed first, and links open only for http(s) addresses.

The first text is laid out at once, with the widget: Textual's `Markdown` parses it in a
thread after mounting and adds its blocks later, so the screen was painted twice, once
without the text and once with it (the whole page moves down). Over a slow link each paint
of a question costs kilobytes.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from textual import on
from textual.app import ComposeResult
from textual.events import Mount
from textual.widgets import Markdown

from tui.widgets.safe_text import clean

OPENABLE_SCHEMES = frozenset({"http", "https"})


def markdown_text(markdown: str | None) -> str:
    """The words of a Markdown text without its marks ("> **Publié** le…" → "Publié le…"),
    for one-line previews."""
    words: list[str] = []
    for token in _parser().parse(clean(markdown)):
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
        if token.type.endswith("_close") and token.block:
            words.append(" ")
    return " ".join("".join(words).split())


def _parser() -> MarkdownIt:
    # "gfm-like" (tables, strikethrough, autolinks) as Textual's default, without raw HTML.
    return MarkdownIt("gfm-like", {"html": False})


def _parser_keeping_lines() -> MarkdownIt:
    # For text whose line breaks mean something (an expected answer, field by field).
    return MarkdownIt("gfm-like", {"html": False, "breaks": True})


class SafeMarkdown(Markdown):
    """A `Markdown` widget for text nobody here wrote."""

    DEFAULT_CSS = """
    SafeMarkdown {
        padding: 0;
        margin: 0;
        background: transparent;
    }
    SafeMarkdown MarkdownBlock:last-child {
        margin-bottom: 0;
    }
    """

    def __init__(
        self,
        markdown: str | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
        keep_line_breaks: bool = False,
    ) -> None:
        super().__init__(
            clean(markdown),
            id=id,
            classes=classes,
            parser_factory=_parser_keeping_lines if keep_line_breaks else _parser,
            open_links=False,
        )

    def compose(self) -> ComposeResult:
        # The blocks `Markdown.update` would mount after the first paint, built right now.
        markdown = self._initial_markdown
        self._initial_markdown = None
        if not markdown:
            return
        self._markdown = markdown
        self._theme = self.app.theme
        parser = (self._parser_factory or _parser)()
        yield from self._parse_markdown(parser.parse(markdown))

    @on(Mount)
    def _composed_already(self, event: Mount) -> None:
        # `Markdown._on_mount` would parse the text again and replace the blocks: a handler
        # of this class runs first, and `prevent_default` stops the base classes' ones.
        event.prevent_default()

    def show(self, markdown: str | None) -> None:
        """Replace the text (cleaned like the first one)."""
        self.update(clean(markdown))

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        if urlsplit(event.href).scheme.lower() in OPENABLE_SCHEMES:
            self.app.open_url(event.href)
