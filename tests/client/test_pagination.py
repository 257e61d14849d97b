"""AsyncPaginator: walks pages lazily and stops on the server's word (or an empty page)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from api_client import AsyncPaginator, Page, PageMeta


def make_fetch(
    rows: list[str], calls: list[tuple[int, int]], page_count: int | None = None
) -> Callable[[int, int], Awaitable[Page[str]]]:
    """A page source over `rows` that records which pages were asked for."""

    async def fetch(number: int, size: int) -> Page[str]:
        calls.append((number, size))
        items = rows[(number - 1) * size : number * size]
        count = page_count if page_count is not None else -(-len(rows) // size)
        meta = PageMeta(page=number, page_size=size, row_count=len(rows), page_count=count)
        return Page(items=items, meta=meta)

    return fetch


async def test_iterates_every_item_across_pages() -> None:
    calls: list[tuple[int, int]] = []
    rows = [f"campagne {i}" for i in range(7)]
    paginator = AsyncPaginator(make_fetch(rows, calls), page_size=3)
    assert [item async for item in paginator] == rows
    assert calls == [(1, 3), (2, 3), (3, 3)]


async def test_stops_early_when_the_caller_stops() -> None:
    calls: list[tuple[int, int]] = []
    paginator = AsyncPaginator(make_fetch([str(i) for i in range(100)], calls), page_size=10)
    async for item in paginator:
        if item == "12":
            break
    assert [number for number, _ in calls] == [1, 2]


async def test_an_empty_page_stops_a_server_with_a_wrong_page_count() -> None:
    calls: list[tuple[int, int]] = []
    paginator = AsyncPaginator(make_fetch(["a", "b"], calls, page_count=99), page_size=2)
    assert [item async for item in paginator] == ["a", "b"]
    assert len(calls) == 2


async def test_single_page_for_a_table_widget() -> None:
    calls: list[tuple[int, int]] = []
    paginator = AsyncPaginator(make_fetch([str(i) for i in range(25)], calls), page_size=10)
    page = await paginator.page(3)
    assert page.items == ["20", "21", "22", "23", "24"]
    assert page.number == 3 and not page.has_next and page.has_previous
