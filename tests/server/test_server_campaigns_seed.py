"""Demo campaigns (fixed codes, owners, archived ones; re-seeding adds nothing) and the
5,000-campaign organisation of `pix-server seed --large`."""

from __future__ import annotations

import re
import time

from campaign_support import COLLEGE, GENERATED_CODE, LYCEE, PROF, PROF2, organization_id
from server_support import scalar, update_rows
from sqlalchemy import func, select

from server.cli import main
from server.models import Campaign, Membership, Organization, User
from server.seed import seed_demo
from server.seed_large import LARGE_CAMPAIGN_COUNT, LARGE_ORGANIZATION

# The 5,000 generated campaigns and the 10,000-student cohort of seed_large_cohort.
ORGANIZATION_CAMPAIGNS = LARGE_CAMPAIGN_COUNT + 1


async def _campaigns(url: str, organization: str) -> list[Campaign]:
    from server.db import Database

    database = Database.connect(url, pooled=False)
    try:
        async with database.sessionmaker() as session:
            rows = await session.scalars(
                select(Campaign)
                .join(Organization, Organization.id == Campaign.organization_id)
                .where(Organization.name == organization)
            )
            return list(rows)
    finally:
        await database.dispose()


async def test_fixed_demo_codes(seeded_url) -> None:
    by_code = {c.code: c for c in await _campaigns(seeded_url, COLLEGE)}
    prof = await scalar(seeded_url, select(User.id).where(User.email == PROF))

    rentree = by_code["RENTRE123"]
    assert (rentree.name, rentree.type, rentree.target_profile_id) == (
        "Parcours de rentrée 5e",
        "ASSESSMENT",
        1,
    )
    assert rentree.archived_at is None and rentree.owner_id == prof
    profil = by_code["PROFIL456"]
    assert (profil.type, profil.target_profile_id, profil.archived_at) == (
        "PROFILES_COLLECTION",
        None,
        None,
    )
    assert by_code["ARCHIV789"].archived_at is not None


async def test_the_college_has_thirty_varied_campaigns(seeded_url) -> None:
    campaigns = await _campaigns(seeded_url, COLLEGE)
    owners = {
        email: await scalar(seeded_url, select(User.id).where(User.email == email))
        for email in (PROF, PROF2)
    }

    assert len(campaigns) == 30
    assert sum(c.archived_at is not None for c in campaigns) == 5
    assert {c.owner_id for c in campaigns} == set(owners.values())
    assert {c.type for c in campaigns} == {"ASSESSMENT", "PROFILES_COLLECTION"}
    assert len({c.created_at.date() for c in campaigns}) == 30  # spread over the year
    assert len({c.code for c in campaigns}) == 30
    drawn = [c.code for c in campaigns if c.code not in {"RENTRE123", "PROFIL456", "ARCHIV789"}]
    assert all(re.match(GENERATED_CODE, code) for code in drawn)
    lycee = await _campaigns(seeded_url, LYCEE)
    assert 3 <= len(lycee) <= 5
    assert any(c.archived_at is not None for c in lycee)


async def test_reseeding_adds_no_campaign_and_keeps_changes(seeded_url) -> None:
    before = await scalar(seeded_url, select(func.count(Campaign.id)))
    await update_rows(seeded_url, Campaign, Campaign.code == "RENTRE123", name="Renommée")

    await seed_demo(seeded_url)

    assert await scalar(seeded_url, select(func.count(Campaign.id))) == before
    renamed = await scalar(seeded_url, select(Campaign.name).where(Campaign.code == "RENTRE123"))
    assert renamed == "Renommée"


async def test_demo_codes_are_the_same_on_every_machine(database_url, seeded_url) -> None:
    await seed_demo(database_url)
    fresh = {c.name: c.code for c in await _campaigns(database_url, COLLEGE)}
    template = {c.name: c.code for c in await _campaigns(seeded_url, COLLEGE)}
    assert fresh == template


def test_seed_large_creates_5000_campaigns_once(database_url, capsys) -> None:
    import asyncio

    started = time.perf_counter()
    assert main(["seed", "--large", "--database-url", database_url]) == 0
    first_run = time.perf_counter() - started
    assert main(["seed", "--large", "--database-url", database_url]) == 0
    output = capsys.readouterr().out
    assert f"{ORGANIZATION_CAMPAIGNS} campagne(s) ajoutée(s)" in output
    assert "0 campagne(s) ajoutée(s)" in output

    async def check() -> None:
        organization = await organization_id(database_url, LARGE_ORGANIZATION)
        count = await scalar(
            database_url,
            select(func.count(Campaign.id)).where(Campaign.organization_id == organization),
        )
        assert count == ORGANIZATION_CAMPAIGNS
        role = await scalar(
            database_url,
            select(Membership.organization_role)
            .join(User, User.id == Membership.user_id)
            .where(User.email == PROF, Membership.organization_id == organization),
        )
        assert role == "ADMIN"
        codes = await scalar(
            database_url,
            select(func.count(func.distinct(Campaign.code))).where(
                Campaign.organization_id == organization
            ),
        )
        assert codes == ORGANIZATION_CAMPAIGNS

    asyncio.run(check())
    print(f"\nseed --large: {first_run:.2f} s, {ORGANIZATION_CAMPAIGNS} campaigns, one of 10,000")


async def test_a_filtered_page_of_the_large_organization(database_url) -> None:
    import httpx

    from server.app import create_app
    from server.seed_large import seed_large

    await seed_large(database_url)
    organization = await organization_id(database_url, LARGE_ORGANIZATION)
    app = create_app(database_url)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as api:
            token = await api.post(
                "/api/token",
                data={"grant_type": "password", "username": PROF2, "password": "Pix12345"},
            )
            headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
            url = f"/api/organizations/{organization}/campaigns"

            started = time.perf_counter()
            filtered = await api.get(
                url,
                params={"filter[name]": "texte", "filter[ownerName]": "bernard",
                        "page[number]": 3, "page[size]": 25},
                headers=headers,
            )  # fmt: skip
            elapsed = time.perf_counter() - started
            last = await api.get(url, params={"page[number]": 429}, headers=headers)
            past = await api.get(url, params={"page[number]": 430}, headers=headers)
    finally:
        await app.state.database.dispose()

    # "Traitement de texte" is one theme in ten, owned by prof2@; one in seven archived
    meta = filtered.json()["meta"]
    assert meta["ongoingCampaignsCount"] + meta["archivedCampaignsCount"] == 500
    assert meta["rowCount"] == meta["ongoingCampaignsCount"]
    assert len(filtered.json()["data"]) == 25
    names = [item["attributes"]["name"] for item in filtered.json()["data"]]
    assert all(name.startswith("Traitement de texte") for name in names)
    # 5,000 campaigns, 714 archived, and the cohort: 4,287 active, 429 pages of 10
    assert last.json()["meta"] == {
        "page": 429, "pageSize": 10, "rowCount": 4287, "pageCount": 429, "hasCampaigns": True,
        "ongoingCampaignsCount": 4287, "archivedCampaignsCount": 714,
    }  # fmt: skip
    assert len(last.json()["data"]) == 7
    assert past.json()["data"] == []
    print(f"\nfiltered page among {LARGE_CAMPAIGN_COUNT} campaigns: {elapsed * 1000:.0f} ms")
