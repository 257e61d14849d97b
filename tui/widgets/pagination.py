"""The one pagination bar under every table: "Voir 10 ▾   Page : 2 / 5   ‹ Précédente  Suivante ›".

The server pages; this widget only says where the user is and asks for another page. It posts
`Pagination.Changed(page, page_size)` when the user moves (buttons, the `n`/`p` keys its host
binds to `next_page()`/`previous_page()`, or a new "Voir" size, which goes back to page 1);
the host loads that page and calls `show(...)` with what the server answered.

    yield Pagination(id="campaign-pagination")
    ...
    @on(Pagination.Changed)
    def _page_asked(self, event: Pagination.Changed) -> None:
        self.load(page=event.page, page_size=event.page_size)
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Label, Select, Static

from api_client import PAGE_SIZES
from tui.config import active as active_settings

PAGE_KEYS: list[BindingType] = [
    Binding("n", "next_page", "Page suivante", show=False, id="next-page"),
    Binding("p", "previous_page", "Page précédente", show=False, id="previous-page"),
]
"""Bindings a screen hosting a paginated table adds, with `action_next_page` /
`action_previous_page` calling the widget's `next_page()` / `previous_page()`."""


class Pagination(Horizontal):
    """Page size picker, position and previous/next buttons."""

    DEFAULT_CSS = """
    Pagination {
        height: 1;
        width: auto;
    }
    Pagination > Label {
        padding: 0 1 0 0;
    }
    Pagination > Select {
        width: 9;
    }
    Pagination > #page-position {
        width: auto;
        min-width: 16;
        padding: 0 2;
        text-align: center;
    }
    Pagination > Button {
        min-width: 0;
        margin-left: 1;
    }
    """

    class Changed(Message):
        """The user asked for another page or another page size."""

        def __init__(self, pagination: Pagination, page: int, page_size: int) -> None:
            super().__init__()
            self.pagination = pagination
            self.page = page
            self.page_size = page_size

        @property
        def control(self) -> Pagination:
            return self.pagination

    def __init__(
        self,
        *,
        page_size: int | None = None,
        page_sizes: tuple[int, ...] = PAGE_SIZES,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        if page_size is None:  # page_size of config.toml / $PIX_TUI_PAGE_SIZE / --page-size
            page_size = active_settings().page_size
        self._page_sizes = page_sizes
        self._page_size = page_size if page_size in page_sizes else page_sizes[0]
        self._page = 1
        self._page_count = 1

    def compose(self) -> ComposeResult:
        yield Label("Voir")
        yield Select(
            [(str(size), size) for size in self._page_sizes],
            value=self._page_size,
            allow_blank=False,
            compact=True,
            id="page-size",
        )
        yield Static(id="page-position", markup=False)
        # The keys are in the labels: a footer at 80 columns has no room left for them.
        yield Button("‹ Précédente (p)", compact=True, id="page-previous")
        yield Button("Suivante (n) ›", compact=True, id="page-next")

    def on_mount(self) -> None:
        self._refresh_position()

    @property
    def page(self) -> int:
        return self._page

    @property
    def page_size(self) -> int:
        return self._page_size

    @property
    def page_count(self) -> int:
        return self._page_count

    def show(self, page: int, page_count: int, page_size: int) -> None:
        """Show the page the server answered (`page_count` 0 means an empty list: 1 page)."""
        self._page = max(1, page)
        self._page_count = max(1, page_count)
        if page_size in self._page_sizes and page_size != self._page_size:
            self._page_size = page_size
            self.query_one("#page-size", Select).value = page_size
        self._refresh_position()

    def next_page(self) -> bool:
        """Ask for the next page; False (nothing asked) on the last one."""
        if self._page >= self._page_count:
            return False
        self._ask(self._page + 1, self._page_size)
        return True

    def previous_page(self) -> bool:
        """Ask for the previous page; False on the first one."""
        if self._page <= 1:
            return False
        self._ask(self._page - 1, self._page_size)
        return True

    def _ask(self, page: int, page_size: int) -> None:
        # Moved at once: a second key press before the answer goes one page further.
        self._page = page
        self._page_size = page_size
        self._refresh_position()
        self.post_message(self.Changed(self, page, page_size))

    def _refresh_position(self) -> None:
        self.query_one("#page-position", Static).update(f"Page : {self._page} / {self._page_count}")
        self.query_one("#page-previous", Button).disabled = self._page <= 1
        self.query_one("#page-next", Button).disabled = self._page >= self._page_count

    @on(Select.Changed, "#page-size")
    def _size_chosen(self, event: Select.Changed) -> None:
        event.stop()
        size = event.value
        if not isinstance(size, int) or size == self._page_size:
            return  # set by `show`, not by the user
        self._ask(1, size)

    @on(Button.Pressed, "#page-previous")
    def _previous_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.previous_page()

    @on(Button.Pressed, "#page-next")
    def _next_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.next_page()
