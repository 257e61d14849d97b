"""Figure 8: memory of one teacher's pix-tui session while paging through campaigns.

A real `pix-server serve` over the large organisation (5,000 campaigns; the server figure 6
also uses), made the
teacher's current organisation beforehand; `pix-tui --api-url` in an 80×24 pseudo-terminal
logs in as prof@example.net, shows the campaign list, then goes `pages` pages further with
the `n` key (page size 10), each page waited for. The RSS of the pix-tui process (/proc) is
read after each page: it must stay flat, the table only ever holding the page it shows.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from api_client import PixClient
from bench.context import BenchContext
from bench.table import Row, mib, verdict
from bench.tui_session import TuiSession

TEACHER = "prof@example.net"
PASSWORD = "Pix12345"
TABLE_LOADED = "Actives ("
MAX_GROWTH_PER_PAGE_KIB = 64
WARM_UP_PAGES = 3
"""Pages before the slope is measured: the first pages of a kind fill one-off caches
(styles, fonts of rendering, compiled queries of the client)."""


async def make_large_organization_current(base_url: str) -> str:
    """Switch the teacher's current organisation to the large one; returns its name."""
    from server.seed_large import LARGE_ORGANIZATION

    async with PixClient(base_url) as client:
        await client.login(TEACHER, PASSWORD)
        prescriber = await client.orga.prescriber()
        for membership in prescriber.memberships:
            organization = membership.organization
            if organization is not None and organization.name == LARGE_ORGANIZATION:
                await client.orga.switch_organization(organization.id)
                return LARGE_ORGANIZATION
    raise RuntimeError(f"{TEACHER} is not a member of {LARGE_ORGANIZATION}")


@dataclass
class Paging:
    rss_kib: list[int]  # after page 1, 2, … pages + 1

    def growth_per_page(self) -> float:
        measured = self.rss_kib[WARM_UP_PAGES:]
        if len(measured) < 2:
            measured = self.rss_kib
        return (measured[-1] - measured[0]) / max(1, len(measured) - 1)


def page_through(ctx: BenchContext, pages: int) -> Paging:
    server = ctx.shared_server("large")  # shared with figure 6: it outlives this figure
    organization = asyncio.run(make_large_organization_current(server.base_url))
    with TuiSession(ctx.fresh_tui_home("memory"), api_url=server.base_url) as tui:
        tui.wait_shown("Je me connecte", 60)
        tui.settle()
        tui.login(TEACHER)
        tui.wait_shown(TABLE_LOADED, 30)
        tui.wait_shown(organization.split(" (")[0], 10)
        tui.settle()
        rss = [tui.run.rss_kib()]
        for page in range(2, pages + 2):
            tui.send("n")
            tui.wait_shown(f"Page : {page} /", 15)
            tui.settle()
            rss.append(tui.run.rss_kib())
    return Paging(rss)


def _signed_mib(kib_value: int) -> str:
    return ("+" if kib_value >= 0 else "") + mib(kib_value)


def rows(ctx: BenchContext) -> list[Row]:
    pages = ctx.pick(5, 20)
    paging = page_through(ctx, pages)
    slope = paging.growth_per_page()
    first, last = paging.rss_kib[0], paging.rss_kib[-1]
    return [
        Row(
            f"8 RSS d'une session pix-tui, liste des campagnes, {pages} pages suivantes",
            f"{mib(last)} après la page {pages + 1} ({_signed_mib(last - first)}), "
            f"{slope:+.0f} Kio/page après la page {WARM_UP_PAGES}",
            f"{mib(first)} à la page 1",
            f"plate : ≤ {MAX_GROWTH_PER_PAGE_KIB} Kio/page",
            verdict(slope <= MAX_GROWTH_PER_PAGE_KIB),
        )
    ]
