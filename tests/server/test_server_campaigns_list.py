"""GET /api/organizations/{id}/campaigns: filters, order, paging meta, tab counts, access.

The demo collège holds 30 campaigns (25 active, 5 archived); prof@ (Claire Moreau, ADMIN)
owns 16 of them, prof2@ (Julien Bernard, MEMBER) 14.
"""

from __future__ import annotations

from typing import Any

import pytest
from campaign_support import (
    COLLEGE,
    LYCEE,
    PROF,
    PROF2,
    QUIET_CAMPAIGN,
    STUDENT,
    add_participation,
    campaign_id,
    campaign_id_by_name,
    counting_statements,
    organization_id,
)
from server_support import E3_FORBIDDEN, E5_UNAUTHORIZED, load_fixture
from sqlalchemy import select

from server.db import Database
from server.models import Membership, Organization, User


@pytest.fixture
async def college(seeded_url: str) -> int:
    return await organization_id(seeded_url, COLLEGE)


@pytest.fixture
async def list_campaigns(api, auth_headers, college):  # type: ignore[no-untyped-def]
    async def do_list(
        params: dict[str, Any] | None = None, *, email: str = PROF, org: int | None = None
    ) -> dict[str, Any]:
        response = await api.get(
            f"/api/organizations/{org or college}/campaigns",
            params=params or {},
            headers=await auth_headers(email),
        )
        assert response.status_code == 200, response.text
        return response.json()

    return do_list


def names(body: dict[str, Any]) -> list[str]:
    return [item["attributes"]["name"] for item in body["data"]]


async def test_default_page_is_the_ten_newest_active_campaigns(list_campaigns) -> None:
    body = await list_campaigns()

    assert body["meta"] == {
        "page": 1,
        "pageSize": 10,
        "rowCount": 25,
        "pageCount": 3,
        "hasCampaigns": True,
        "ongoingCampaignsCount": 25,
        "archivedCampaignsCount": 5,
    }
    created = [item["attributes"]["created-at"] for item in body["data"]]
    assert created == sorted(created, reverse=True)
    assert names(body)[:3] == [
        "Collecte des profils 3e",
        "Parcours de rentrée 5e",
        "Évaluation de fin d'année 4e",
    ]
    assert all(item["attributes"]["is-archived"] is False for item in body["data"])


async def test_a_list_item_has_the_shape_of_the_pix_fixture(list_campaigns) -> None:
    fixture_item = load_fixture("orga-campaigns-list.response.json")["data"][0]
    body = await list_campaigns({"filter[name]": QUIET_CAMPAIGN, "page[size]": 1})
    item = body["data"][0]

    assert item["attributes"].keys() == fixture_item["attributes"].keys()
    assert item["relationships"].keys() == fixture_item["relationships"].keys()
    assert item["attributes"] | {"owner-id": None} == {
        "name": "Gérer ses fichiers 5e",
        "code": item["attributes"]["code"],
        "type": "ASSESSMENT",
        "created-at": "2025-01-20T08:00:00.000Z",
        "is-archived": False,
        "owner-id": None,
        "owner-first-name": "Claire",
        "owner-last-name": "Moreau",
        "target-profile-id": 3,
        "target-profile-name": "1.2 Gérer des données",
        "participations-count": 0,
        "shared-participations-count": 0,
    }
    assert isinstance(item["attributes"]["owner-id"], int)
    related = item["relationships"]["campaign-collective-result"]["links"]["related"]
    assert related == f"/api/campaigns/{item['id']}/collective-results"


async def test_name_filter_is_a_case_insensitive_substring(list_campaigns) -> None:
    body = await list_campaigns({"filter[name]": "SÉCURITÉ NUM"})
    assert sorted(names(body)) == [
        "Sécurité numérique 4e A",
        "Sécurité numérique 4e B",
        "Sécurité numérique 5e",
    ]
    assert body["meta"]["rowCount"] == 3
    # the archived "Brevet blanc" does not match the name; the other tab counts 0
    assert body["meta"]["archivedCampaignsCount"] == 0


@pytest.mark.parametrize("search", ["évaluation de fin", "ÉVALUATION DE FIN", "Évaluation"])
async def test_name_filter_ignores_the_case_of_accented_letters(list_campaigns, search) -> None:
    body = await list_campaigns({"filter[name]": search})
    assert names(body) == ["Évaluation de fin d'année 4e"]


async def test_name_filter_takes_wildcards_literally(list_campaigns) -> None:
    assert (await list_campaigns({"filter[name]": "%"}))["meta"]["rowCount"] == 0
    assert (await list_campaigns({"filter[name]": "_"}))["meta"]["rowCount"] == 0


async def test_an_empty_filter_is_no_filter(list_campaigns) -> None:
    body = await list_campaigns({"filter[name]": "", "filter[ownerName]": ""})
    assert body["meta"]["rowCount"] == 25


async def test_archived_status_lists_only_archived_campaigns(list_campaigns) -> None:
    body = await list_campaigns({"filter[status]": "archived"})

    assert sorted(names(body)) == [
        "Brevet blanc numérique 3e",
        "Parcours de rentrée 5e – rattrapage",
        "Profils Pix 4e",
        "Protection et sécurité 6e (ancienne version)",
        "Recherche documentaire au CDI 6e",
    ]
    assert all(item["attributes"]["is-archived"] for item in body["data"])
    assert body["meta"]["rowCount"] == 5
    assert (body["meta"]["ongoingCampaignsCount"], body["meta"]["archivedCampaignsCount"]) == (
        25,
        5,
    )


async def test_any_other_status_lists_the_ongoing_ones(list_campaigns) -> None:
    body = await list_campaigns({"filter[status]": "ongoing"})
    assert body["meta"]["rowCount"] == 25


async def test_owned_by_me_is_mes_campagnes(list_campaigns) -> None:
    mine = await list_campaigns({"filter[isOwnedByMe]": "true", "page[size]": 100}, email=PROF2)
    everyone = await list_campaigns({"filter[isOwnedByMe]": "false", "page[size]": 100})

    assert {i["attributes"]["owner-last-name"] for i in mine["data"]} == {"Bernard"}
    assert (mine["meta"]["ongoingCampaignsCount"], mine["meta"]["archivedCampaignsCount"]) == (
        11,
        3,
    )
    assert {i["attributes"]["owner-last-name"] for i in everyone["data"]} == {"Bernard", "Moreau"}
    assert everyone["meta"]["rowCount"] == 25


async def test_owned_by_me_refuses_a_non_boolean(api, auth_headers, college) -> None:
    response = await api.get(
        f"/api/organizations/{college}/campaigns",
        params={"filter[isOwnedByMe]": "maybe"},
        headers=await auth_headers(PROF),
    )
    assert response.status_code == 400


@pytest.mark.parametrize("search", ["Bernard", "bern", "JULIEN", "julien bernard"])
async def test_owner_name_searches_first_last_and_full_name(list_campaigns, search) -> None:
    body = await list_campaigns({"filter[ownerName]": search, "page[size]": 100})
    assert {i["attributes"]["owner-first-name"] for i in body["data"]} == {"Julien"}
    assert body["meta"]["rowCount"] == 11


async def test_filters_combine_and_the_tab_counts_follow_them(list_campaigns) -> None:
    body = await list_campaigns({"filter[ownerName]": "moreau", "filter[name]": "profils"})
    assert names(body) == ["Collecte des profils 3e", "Profils Pix 6e"]
    assert (body["meta"]["ongoingCampaignsCount"], body["meta"]["archivedCampaignsCount"]) == (
        2,
        0,
    )


async def test_no_match_keeps_has_campaigns_true(list_campaigns) -> None:
    body = await list_campaigns({"filter[name]": "zzz introuvable"})
    assert body["data"] == []
    assert body["meta"]["rowCount"] == 0
    assert body["meta"]["pageCount"] == 0
    assert body["meta"]["hasCampaigns"] is True


async def test_an_organization_without_campaigns_says_so(list_campaigns, seeded_url) -> None:
    database = Database.connect(seeded_url, pooled=False)
    try:
        async with database.sessionmaker.begin() as session:
            prof = await session.scalar(select(User).where(User.email == PROF))
            assert prof is not None
            empty = Organization(name="École vide", type="SCO", features={})
            session.add(empty)
            await session.flush()
            session.add(
                Membership(user_id=prof.id, organization_id=empty.id, organization_role="ADMIN")
            )
            empty_id = empty.id
    finally:
        await database.dispose()

    body = await list_campaigns(org=empty_id)
    assert body["data"] == []
    assert body["meta"]["hasCampaigns"] is False
    assert body["meta"]["ongoingCampaignsCount"] == 0


@pytest.mark.parametrize("size", [10, 25, 50, 100])
async def test_page_sizes_of_pix_orga(list_campaigns, size) -> None:
    body = await list_campaigns({"page[size]": size})
    assert len(body["data"]) == min(size, 25)
    assert body["meta"]["pageSize"] == size
    assert body["meta"]["pageCount"] == -(-25 // size)


async def test_pages_do_not_overlap_and_cover_the_list(list_campaigns) -> None:
    seen: list[str] = []
    for number in (1, 2, 3):
        body = await list_campaigns({"page[number]": number, "page[size]": 10})
        assert body["meta"]["page"] == number
        seen += [item["id"] for item in body["data"]]
    everything = await list_campaigns({"page[size]": 100})
    assert seen == [item["id"] for item in everything["data"]]
    assert len(set(seen)) == 25


async def test_a_page_past_the_end_is_empty_with_the_real_meta(list_campaigns) -> None:
    body = await list_campaigns({"page[number]": 5, "page[size]": 10})
    assert body["data"] == []
    assert body["meta"]["page"] == 5
    assert body["meta"]["pageCount"] == 3
    assert body["meta"]["rowCount"] == 25


@pytest.mark.parametrize(
    "params", [{"page[size]": 101}, {"page[size]": 0}, {"page[number]": 0}, {"page[size]": "x"}]
)
async def test_bad_paging_is_a_400(api, auth_headers, college, params) -> None:
    response = await api.get(
        f"/api/organizations/{college}/campaigns", params=params, headers=await auth_headers(PROF)
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["status"] == "400"


async def test_participation_counts(list_campaigns, seeded_url) -> None:
    rentree = await campaign_id_by_name(seeded_url, QUIET_CAMPAIGN)
    await add_participation(seeded_url, rentree, "eleve01@example.net", status="STARTED")
    await add_participation(seeded_url, rentree, "eleve02@example.net", status="TO_SHARE")
    await add_participation(seeded_url, rentree, "eleve03@example.net", status="SHARED")
    # A retry superseded an older shared participation: the person counts once.
    await add_participation(
        seeded_url, rentree, "eleve04@example.net", status="SHARED", is_improved=True
    )
    await add_participation(seeded_url, rentree, "eleve04@example.net", status="STARTED")
    await add_participation(seeded_url, rentree, "eleve05@example.net", deleted=True)

    body = await list_campaigns({"filter[name]": QUIET_CAMPAIGN, "page[size]": 1})
    attributes = body["data"][0]["attributes"]
    assert (attributes["participations-count"], attributes["shared-participations-count"]) == (
        4,
        1,
    )


async def test_statement_count_does_not_grow_with_the_page(app, list_campaigns, seeded_url) -> None:
    for code in ("RENTRE123", "PROFIL456"):
        await add_participation(seeded_url, await campaign_id(seeded_url, code), STUDENT)
    await list_campaigns()  # warm up: token secret, first connection

    with counting_statements(app) as small:
        await list_campaigns({"page[size]": 2})
    with counting_statements(app) as large:
        body = await list_campaigns({"page[size]": 25})

    assert len(body["data"]) == 25
    assert len(large) == len(small)
    assert len(large) <= 6


async def test_a_member_of_another_organization_is_refused(api, auth_headers, seeded_url) -> None:
    lycee = await organization_id(seeded_url, LYCEE)
    response = await api.get(
        f"/api/organizations/{lycee}/campaigns", headers=await auth_headers(PROF2)
    )
    assert (response.status_code, response.json()) == (403, E3_FORBIDDEN)


async def test_a_student_is_refused(api, auth_headers, college) -> None:
    response = await api.get(
        f"/api/organizations/{college}/campaigns", headers=await auth_headers(STUDENT)
    )
    assert (response.status_code, response.json()) == (403, E3_FORBIDDEN)


async def test_anonymous_is_refused(api, college) -> None:
    response = await api.get(f"/api/organizations/{college}/campaigns")
    assert (response.status_code, response.json()) == (401, E5_UNAUTHORIZED)


async def test_the_lycee_lists_its_own_campaigns(list_campaigns, seeded_url) -> None:
    lycee = await organization_id(seeded_url, LYCEE)
    body = await list_campaigns(org=lycee)
    assert names(body) == [
        "Profils Pix Terminale",
        "Éducation aux médias 2nde 3",
        "Parcours Seconde – rentrée",
    ]
    assert body["meta"]["archivedCampaignsCount"] == 1
