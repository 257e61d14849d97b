"""Pages of a list endpoint, and an async iterator over all of them.

Pix paginates with `page[number]` (1-based) and `page[size]` and describes the page in a
camelCase `meta` (`page`, `pageSize`, `rowCount`, `pageCount`), sometimes with extra keys
(`hasCampaigns` on the organisation campaign list) that `PageMeta` keeps.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 10


class PageMeta(BaseModel):
    """Where a page sits in the whole list. Unknown meta keys stay in `model_extra`."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow")

    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    row_count: int = 0
    page_count: int = 0

    def extra(self, key: str, default: Any = None) -> Any:
        """A meta key this model does not name, as sent (camelCase), e.g. `hasCampaigns`."""
        return (self.model_extra or {}).get(key, default)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of typed items plus its `meta`."""

    items: list[T]
    meta: PageMeta

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def number(self) -> int:
        """This page's 1-based number."""
        return self.meta.page

    @property
    def has_next(self) -> bool:
        """Whether a later page exists."""
        return self.meta.page < self.meta.page_count

    @property
    def has_previous(self) -> bool:
        """Whether an earlier page exists."""
        return self.meta.page > 1


def page_query(number: int, size: int) -> dict[str, int]:
    """The query parameters asking Pix for one page."""
    return {"page[number]": number, "page[size]": size}


PageFetcher = Callable[[int, int], Awaitable[Page[T]]]


class AsyncPaginator(Generic[T]):
    """Every item of a paginated list, fetched one page at a time, only when needed.

    `fetch(number, size)` loads one page. `async for item in paginator` walks all items;
    `await paginator.page(n)` loads a single page (what a table widget wants).
    """

    def __init__(self, fetch: PageFetcher[T], *, page_size: int = DEFAULT_PAGE_SIZE) -> None:
        self._fetch = fetch
        self.page_size = page_size

    async def page(self, number: int = 1) -> Page[T]:
        """Load page `number` (1-based)."""
        return await self._fetch(number, self.page_size)

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Yield pages from the first until the server says there are no more."""
        number = 1
        while True:
            current = await self.page(number)
            yield current
            # An empty page also stops: a server with a wrong pageCount must not loop us.
            if not current.items or not current.has_next:
                return
            number += 1

    async def __aiter__(self) -> AsyncIterator[T]:
        async for current in self.pages():
            for item in current.items:
                yield item
