"""Figure 6: a large organisation (`pix-server seed --large` plus 10,000 participants).

Server time, measured in-process: the app (`create_app`) is called through httpx's ASGI
transport, timed around each call, with a SQLAlchemy listener counting the SQL statements
each request sends. Two pages a teacher opens: the campaign list with a name filter among
the 5,000 campaigns of "Université Pix (GRAND VOLUME)" ("Toutes les campagnes", the name
"Tableur", page 1 of 10 rows), and the participants page of a campaign with 10,000
participants (page 1 of 10 rows). The same pages of the small demo organisation (16
campaigns, RENTRE123 with 20 participants) are the baseline.

CSV export: a real `pix-server serve` streams the crowded campaign's results
(GET /api/campaigns/{id}/csv-assessment-results) while the bench samples the server's RSS:
rows per second, and how much the RSS grew during the export.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import event, select

from bench.bench_data import crowded_campaign_filter
from bench.context import BenchContext
from bench.servers import Backend, ServerProcess, Unavailable
from bench.table import (
    INFO,
    Row,
    kib,
    median,
    mib,
    number,
    percentile,
    seconds,
    unavailable,
    verdict,
)

ORGA_HEADERS = {
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "orga.pix.fr",
    "Accept": "application/vnd.api+json",
    "Accept-Encoding": "gzip",
}
TEACHER = "prof@example.net"
PASSWORD = "Pix12345"
NAME_FILTER = "Tableur"
DEMO_ORGANIZATION = "Collège Pix (DEMO)"
DEMO_CAMPAIGN_CODE = "RENTRE123"
PARTICIPANTS_ROUTE = "/api/campaigns/{id}/participants-activity"
EXPORT_ROUTE = "/api/campaigns/{id}/csv-assessment-results"
FLAT_MEMORY_KIB = 16 * 1024
"""What "flat" allows the export's RSS to grow by: buffers, not the 10,000 rows."""


@dataclass
class Timings:
    seconds: list[float] = field(default_factory=list)
    statements: list[int] = field(default_factory=list)
    status: int = 0
    size: int = 0

    @property
    def p95(self) -> float:
        return percentile(self.seconds, 0.95)


@dataclass
class Targets:
    large_organization: int
    crowded_campaign: int
    demo_organization: int
    demo_campaign: int


async def _targets(app: Any) -> Targets:
    from server.models import Campaign, Organization
    from server.seed_large import LARGE_ORGANIZATION

    async with app.state.database.sessionmaker() as session:
        large = await session.scalar(
            select(Organization.id).where(Organization.name == LARGE_ORGANIZATION)
        )
        demo = await session.scalar(
            select(Organization.id).where(Organization.name == DEMO_ORGANIZATION)
        )
        crowded = await session.scalar(crowded_campaign_filter())
        rentree = await session.scalar(
            select(Campaign.id).where(Campaign.code == DEMO_CAMPAIGN_CODE)
        )
    if None in (large, demo, crowded, rentree):
        raise RuntimeError("the large database lacks the organisations or campaigns expected")
    return Targets(int(large), int(crowded.id), int(demo), int(rentree))


def _has_route(app: Any, template: str) -> bool:
    """Whether the app serves GET `template` (a route still being written is "non
    disponible", not a failure)."""
    return "get" in app.openapi().get("paths", {}).get(template, {})


async def _orga_token(http: httpx.AsyncClient) -> str:
    response = await http.post(
        "/api/token",
        data={
            "grant_type": "password",
            "username": TEACHER,
            "password": PASSWORD,
            "scope": "pix-orga",
        },
        headers=ORGA_HEADERS,
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


async def _time(
    http: httpx.AsyncClient,
    counter: list[int],
    path: str,
    params: dict[str, str],
    headers: dict[str, str],
    times: int,
) -> Timings:
    timings = Timings()
    await http.get(path, params=params, headers=headers)  # warm: first statements compiled
    for _ in range(times):
        counter[0] = 0
        started = time.perf_counter()
        response = await http.get(path, params=params, headers=headers)
        timings.seconds.append(time.perf_counter() - started)
        timings.statements.append(counter[0])
        timings.status = response.status_code
        timings.size = len(response.content)
    return timings


async def _analyze(database_url: str) -> None:
    """Fresh planner statistics, as autovacuum leaves them within a minute of a bulk load.

    The bench measures seconds after seeding 10,000 participants: with the statistics of the
    empty template, PostgreSQL expects ~40 rows and plans nested loops over all 10,000
    (measured: the participants page at ~45 ms instead of ~15). A school's server has
    been analysed long before a teacher opens the page."""
    from sqlalchemy import text

    from server.db import create_engine

    engine = create_engine(database_url, pooled=False)
    try:
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text("ANALYZE"))
    finally:
        await engine.dispose()


async def _server_times(database_url: str, times: int) -> dict[str, Timings | str]:
    from server.app import create_app

    app = create_app(database_url)
    counter = [0]

    def count(*_args: object, **_kwargs: object) -> None:
        counter[0] += 1

    event.listen(app.state.database.engine.sync_engine, "before_cursor_execute", count)
    results: dict[str, Timings | str] = {}
    try:
        targets = await _targets(app)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            headers = {**ORGA_HEADERS, "Authorization": f"Bearer {await _orga_token(http)}"}
            page = {"page[number]": "1", "page[size]": "10"}
            await http.get("/", headers=headers)  # warm: imports and first connection
            for key, organization in (
                ("list large", targets.large_organization),
                ("list demo", targets.demo_organization),
            ):
                results[key] = await _time(
                    http,
                    counter,
                    f"/api/organizations/{organization}/campaigns",
                    {**page, "filter[name]": NAME_FILTER},
                    headers,
                    times,
                )
            if _has_route(app, PARTICIPANTS_ROUTE):
                for key, campaign in (
                    ("participants large", targets.crowded_campaign),
                    ("participants demo", targets.demo_campaign),
                ):
                    results[key] = await _time(
                        http,
                        counter,
                        f"/api/campaigns/{campaign}/participants-activity",
                        page,
                        headers,
                        times,
                    )
            else:
                results["participants large"] = f"GET {PARTICIPANTS_ROUTE} absente du serveur"
    finally:
        await app.state.database.dispose()
    return results


@dataclass
class Export:
    rows: int
    seconds: float
    size: int
    rss_before: int
    rss_peak: int
    status: int


async def _export_target(database_url: str) -> Targets | None:
    """The campaigns to export, None when the server has no export route."""
    from server.app import create_app

    app = create_app(database_url)
    try:
        return await _targets(app) if _has_route(app, EXPORT_ROUTE) else None
    finally:
        await app.state.database.dispose()


def _export(server: ServerProcess) -> Export | str:
    targets = asyncio.run(_export_target(server.database_url))
    if targets is None:
        return f"GET {EXPORT_ROUTE} absente du serveur"
    with httpx.Client(base_url=server.base_url, timeout=120) as http:
        token = http.post(
            "/api/token",
            data={
                "grant_type": "password",
                "username": TEACHER,
                "password": PASSWORD,
                "scope": "pix-orga",
            },
            headers=ORGA_HEADERS,
        ).json()["access_token"]
        headers = {**ORGA_HEADERS, "Authorization": f"Bearer {token}"}
        http.get("/", headers=headers)
        rss_before = server.rss_kib()
        peak = [rss_before]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.02):
                peak[0] = max(peak[0], server.rss_kib())

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        lines = size = 0
        started = time.perf_counter()
        try:
            with http.stream(
                "GET",
                f"/api/campaigns/{targets.crowded_campaign}/csv-assessment-results",
                headers=headers,
            ) as response:
                status = response.status_code
                for chunk in response.iter_bytes():
                    lines += chunk.count(b"\n")
                    size += len(chunk)
            elapsed = time.perf_counter() - started
        finally:
            done.set()
            sampler.join(5)
        peak[0] = max(peak[0], server.rss_kib())
    return Export(max(0, lines - 1), elapsed, size, rss_before, peak[0], status)


def _page_row(label: str, large: Timings | str | None, demo: Timings | str | None) -> Row:
    if isinstance(large, str) or large is None:
        return unavailable(label, large or "non mesuré")
    if large.status != 200:
        return Row(label, f"HTTP {large.status}", verdict="RATÉ")
    baseline = INFO
    if isinstance(demo, Timings):
        baseline = f"p95 {seconds(demo.p95)}, {max(demo.statements)} requêtes SQL (démo)"
    return Row(
        label,
        f"p95 {seconds(large.p95)} (médiane {seconds(median(large.seconds))}), "
        f"{max(large.statements)} requêtes SQL, {kib(large.size)}",
        baseline,
    )


def rows(ctx: BenchContext) -> list[Row]:
    times = ctx.pick(8, 40)
    backends: list[Backend] = ["sqlite"] if ctx.quick else ["sqlite", "postgresql"]
    out: list[Row] = []
    for backend in backends:
        try:
            url = ctx.databases.fresh(backend, "large")
        except Unavailable as missing:
            out.append(unavailable(f"6 Grande organisation, {backend}", str(missing)))
            continue
        if backend == "postgresql":
            asyncio.run(_analyze(url))
        results = asyncio.run(_server_times(url, times))
        out.append(
            _page_row(
                f"6 {backend} : liste filtrée « {NAME_FILTER} », 5 000 campagnes ({times} appels)",
                results.get("list large"),
                results.get("list demo"),
            )
        )
        out.append(
            _page_row(
                f"6 {backend} : page de participants parmi 10 000 ({times} appels)",
                results.get("participants large"),
                results.get("participants demo"),
            )
        )
    export = _export(ctx.shared_server("large"))
    label = "6 Export CSV de 10 000 participants (sqlite, pix-server serve)"
    if isinstance(export, str):
        out.append(unavailable(label, export))
    elif export.status != 200:
        out.append(Row(label, f"HTTP {export.status}", verdict="RATÉ"))
    else:
        growth = export.rss_peak - export.rss_before
        out.append(
            Row(
                label,
                f"{number(export.rows / export.seconds)} lignes/s ({export.rows} lignes, "
                f"{kib(export.size)} en {seconds(export.seconds)}), RSS +{mib(growth)}",
                f"RSS avant : {mib(export.rss_before)}",
                f"mémoire plate (≤ +{mib(FLAT_MEMORY_KIB)})",
                verdict(growth <= FLAT_MEMORY_KIB),
            )
        )
    return out
