"""Figure 4: the teacher's screens over the slow link (64 kbit/s, 150 ms each way).

The calls each screen of the TUI makes, through `api_client` and the proxy, as
prof@example.net (logged in before measuring): the campaign list page ("Mes campagnes",
page of 10, `client.campaigns.list`), a campaign's detail (`client.campaigns.get`, the
RENTRE123 campaign, which 20 students took) and its participants page
(GET /api/campaigns/{id}/participants-activity, page of 10; "non disponible" when the
server does not have the route yet). Median of a few loads each; the connection is warm
(the login opened it), as it is when a teacher moves between screens.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from api_client import PixClient
from api_client.spaces import Space
from bench.context import BenchContext
from bench.proxy import SLOW_LINK_DELAY, SLOW_LINK_RATE, ThrottlingProxy
from bench.servers import ServerProcess
from bench.slow_link import Sample, Summary, logged_in, measured, route_exists, slow_link, summarize
from bench.table import Row, kib, seconds, unavailable, verdict

TEACHER = "prof@example.net"
CAMPAIGN_CODE = "RENTRE123"
PARTICIPANTS_ROUTE = "/api/campaigns/{id}/participants-activity"
PAGE_SIZE = 10
MAX_SECONDS = 1.5
MAX_BYTES = 12 * 1024


def participants_page(
    client: PixClient, campaign_id: str, *, revalidate: bool = False
) -> Callable[[], Awaitable[Any]]:
    """The participants page as the TUI loads it: `client.campaign_follow.participants`,
    which remembers the page's ETag. A first view forgets it first (a full download);
    `revalidate` keeps it (If-None-Match, a 304 when nothing changed)."""
    follow = getattr(client, "campaign_follow", None)

    async def load() -> Any:
        if follow is None:  # an api_client without the resource: the same route, raw
            return await client._core.send_json(
                "GET",
                f"/api/campaigns/{campaign_id}/participants-activity",
                space=Space.ORGA,
                params={"page[number]": "1", "page[size]": str(PAGE_SIZE)},
            )
        if not revalidate:
            follow.forget_cached()
        return await follow.participants(campaign_id, page_size=PAGE_SIZE)

    return load


async def _repeat(
    proxy: ThrottlingProxy, action: Callable[[], Awaitable[Any]], times: int
) -> Summary:
    samples: list[Sample] = []
    for _ in range(times):
        sample, _ = await measured(proxy, action)
        samples.append(sample)
    return summarize(samples)


async def _measure(server: ServerProcess, times: int) -> dict[str, Summary | str]:
    results: dict[str, Summary | str] = {}
    async with slow_link(server) as proxy, logged_in(proxy, TEACHER) as client:
        prescriber = await client.orga.prescriber()
        organization = prescriber.current_organization
        assert organization is not None, "prof@example.net has no current organisation"
        campaign = await client.app.campaign_by_code(CAMPAIGN_CODE)
        results["list"] = await _repeat(
            proxy,
            lambda: client.campaigns.list(organization.id, owned_by_me=True, page_size=PAGE_SIZE),
            times,
        )
        results["detail"] = await _repeat(proxy, lambda: client.campaigns.get(campaign.id), times)
        if route_exists(server.base_url, "get", PARTICIPANTS_ROUTE):
            results["participants"] = await _repeat(
                proxy, participants_page(client, campaign.id), times
            )
            results["participants again"] = await _repeat(
                proxy, participants_page(client, campaign.id, revalidate=True), times
            )
        else:
            results["participants"] = f"GET {PARTICIPANTS_ROUTE} absente du serveur"
    return results


def rows(ctx: BenchContext) -> list[Row]:
    results = asyncio.run(_measure(ctx.shared_server("demo"), ctx.pick(2, 7)))
    link = f"{SLOW_LINK_RATE * 8 // 1000} kbit/s, {SLOW_LINK_DELAY * 1000:.0f} ms"
    labels = {
        "list": f"4 Orga, page de la liste des campagnes ({link})",
        "detail": f"4 Orga, détail d'une campagne ({link})",
        "participants": f"4 Orga, page des participants ({link})",
        "participants again": f"4 Orga, page des participants revue, ETag ({link})",
    }
    out: list[Row] = []
    for key, label in labels.items():
        result = results.get(key)
        if result is None:
            continue
        if isinstance(result, str):
            out.append(unavailable(label, result))
            continue
        plural = "s" if result.requests > 1 else ""
        out.append(
            Row(
                f"{label}, médiane de {result.samples}",
                f"{seconds(result.seconds)}, {kib(result.bytes_total)} "
                f"(↓ {kib(result.bytes_down)}), {result.requests} requête{plural}",
                target=f"≤ {seconds(MAX_SECONDS)} et ≤ {kib(MAX_BYTES)}",
                verdict=verdict(result.seconds <= MAX_SECONDS and result.bytes_total <= MAX_BYTES),
            )
        )
    return out
