"""Following the 10,000-student cohort of `pix-server seed --large`: a page costs a few
statements whatever the page, a current copy two; the export comes in batches.

Timings are printed (run with -s), not asserted: machines differ.
"""

from __future__ import annotations

import time

import httpx
from campaign_support import counting_statements
from sqlalchemy import func, select

from server.app import create_app
from server.models import Campaign, CampaignParticipation, KnowledgeElementSnapshot
from server.seed_large import seed_large
from server.seed_large_cohort import COHORT_CODE, COHORT_SIZE
from server.usecases.campaign_follow.csv_export import EXPORT_BATCH_SIZE, export_chunks

PROF_LOGIN = {"grant_type": "password", "username": "prof@example.net", "password": "Pix12345"}


async def test_following_ten_thousand_students(database_url) -> None:
    started = time.perf_counter()
    await seed_large(database_url)
    seeding = time.perf_counter() - started
    app = create_app(database_url)
    transport = httpx.ASGITransport(app=app)
    try:
        async with app.state.database.sessionmaker() as session:
            campaign = await session.scalar(select(Campaign).where(Campaign.code == COHORT_CODE))
            assert campaign is not None
            participations = await session.scalar(
                select(func.count(CampaignParticipation.id)).where(
                    CampaignParticipation.campaign_id == campaign.id
                )
            )
            snapshots = await session.scalar(
                select(func.count(KnowledgeElementSnapshot.campaign_participation_id))
                .join(
                    CampaignParticipation,
                    CampaignParticipation.id == KnowledgeElementSnapshot.campaign_participation_id,
                )
                .where(CampaignParticipation.campaign_id == campaign.id)
            )
        assert participations == COHORT_SIZE
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as api:
            token = await api.post("/api/token", data=PROF_LOGIN)
            headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
            base = f"/api/campaigns/{campaign.id}"

            by_status = await api.get(f"{base}/stats/participations-by-status", headers=headers)
            counts = by_status.json()["data"]["attributes"]
            assert sum(counts.values()) == COHORT_SIZE
            assert counts["shared"] == snapshots  # every shared result has its snapshot
            assert counts["shared"] > 0.8 * COHORT_SIZE

            timings = []
            for number in (1, 500, 1000):
                url = f"{base}/participants-activity?page[number]={number}"
                with counting_statements(app) as statements:
                    begun = time.perf_counter()
                    page = await api.get(url, headers=headers)
                    timings.append(time.perf_counter() - begun)
                assert page.status_code == 200
                assert page.json()["meta"]["rowCount"] == COHORT_SIZE
                assert len(page.json()["data"]) == 10
                # access, version key, count, page, attempts of the page's learners
                assert len(statements) <= 5, statements
            with counting_statements(app) as statements:
                current = await api.get(
                    url, headers={**headers, "If-None-Match": page.headers["ETag"]}
                )
            assert current.status_code == 304 and len(statements) == 2
            last_names = [item["attributes"]["last-name"] for item in page.json()["data"]]
            assert last_names == sorted(last_names, key=str.lower)

            begun = time.perf_counter()
            collective = await api.get(f"{base}/collective-results", headers=headers)
            collective_time = time.perf_counter() - begun
            assert collective.status_code == 200
            detail = (await api.get(base, headers=headers)).json()["data"]["attributes"]
            # the average of the results matches Σ average validated / Σ targeted
            included = collective.json()["included"]
            averaged = sum(i["attributes"]["average-validated-skills"] for i in included) / sum(
                i["attributes"]["targeted-skills-count"] for i in included
            )
            assert abs(detail["average-result"] - averaged) < 1e-9

        chunks = 0
        lines = 0
        begun = time.perf_counter()
        async for chunk in export_chunks(app.state.database.sessionmaker, campaign.id):
            chunks += 1
            lines += chunk.count(b"\n")
            # a batch of rows at most: memory stays flat
            assert chunk.count(b"\n") <= EXPORT_BATCH_SIZE
        export_time = time.perf_counter() - begun
        assert lines == 1 + counts["shared"]
        assert chunks == 1 + -(-counts["shared"] // EXPORT_BATCH_SIZE)
    finally:
        await app.state.database.dispose()

    print(
        f"\nseed --large {seeding:.1f} s; participants pages 1/500/1000: "
        + ", ".join(f"{t * 1000:.0f} ms" for t in timings)
        + f"; collective results {collective_time * 1000:.0f} ms;"
        f" CSV of {lines - 1} rows in {chunks} chunks {export_time:.2f} s"
    )
