"""Results of the hand-made class (CONTRACT 5.2-5.5, 4.4), against numbers worked out by hand.

On the 12 skills (1.1 ×4, 1.2 ×4, 4.1 ×2, 4.2 ×2): Alice validated 8 (4, 2, 2, 0), Tom 3
(1, 1, 0, 1) after a first attempt of 2; Eva finished 12 of 12 but did not send them, Noah
is in the test with 3 skills tested.
"""

from __future__ import annotations

import math

import pytest
from follow_support import CLASS_CAMPAIGN_ID, PROF, attributes, make_class_campaign

BASE = f"/api/campaigns/{CLASS_CAMPAIGN_ID}"


async def _get(api, headers, url, **params):  # type: ignore[no-untyped-def]
    response = await api.get(url, params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_results_tab_lists_shared_results_only(api, auth_headers, seeded_url) -> None:
    ids = await make_class_campaign(seeded_url)
    body = await _get(api, await auth_headers(PROF), f"{BASE}/assessment-results")

    assert body["meta"] == {"page": 1, "pageSize": 10, "rowCount": 2, "pageCount": 1}
    assert body["data"] == [
        {
            "type": "campaign-assessment-result-minimals",
            "id": str(ids["alice"]),
            "attributes": {
                "first-name": "Alice",
                "last-name": "André",
                "participant-external-id": "=1+1",
                "mastery-rate": 0.67,  # 8/12, two decimals as Pix stores it
                "evolution": None,  # a single result sent
                "reached-stage": None,
                "total-stage": None,
                "prescriber-title": None,
                "prescriber-description": None,
                "shared-result-count": 1,
            },
        },
        {
            "type": "campaign-assessment-result-minimals",
            "id": str(ids["tom"]),
            "attributes": {
                "first-name": "Tom",
                "last-name": "Mercier",
                "participant-external-id": 'Élève "B"',
                "mastery-rate": 0.25,
                "evolution": "increase",  # 0.17 the first time
                "reached-stage": None,
                "total-stage": None,
                "prescriber-title": None,
                "prescriber-description": None,
                "shared-result-count": 2,
            },
        },
    ]
    searched = await _get(
        api, await auth_headers(PROF), f"{BASE}/assessment-results", **{"filter[search]": "eva"}
    )
    assert searched["data"] == []  # Eva has not sent her results


async def test_one_shared_participant(api, auth_headers, seeded_url) -> None:
    ids = await make_class_campaign(seeded_url)
    body = await _get(
        api, await auth_headers(PROF), f"{BASE}/assessment-participations/{ids['alice']}"
    )

    data = body["data"]
    assert data["type"] == "campaign-assessment-participations"
    assert data["id"] == str(ids["alice"])
    assert data["attributes"] == {
        "first-name": "Alice",
        "last-name": "André",
        "participant-external-id": "=1+1",
        "campaign-id": CLASS_CAMPAIGN_ID,
        "created-at": "2025-03-03T08:00:00.000Z",
        "is-shared": True,
        "shared-at": "2025-03-03T10:30:00.000Z",
        "organization-learner-id": data["attributes"]["organization-learner-id"],
        "mastery-rate": 0.67,
        "progression": 1,
        "reached-stage": None,
        "total-stage": None,
        "prescriber-title": None,
        "prescriber-description": None,
        "validated-skills-count": 8,
        "status": "SHARED",
        "targeted-skills-count": 12,
        "tested-skills-count": 12,
    }
    assert isinstance(data["attributes"]["organization-learner-id"], int)
    assert data["relationships"]["campaign-assessment-participation-result"] == {
        "links": {
            "related": f"/api/campaigns/{CLASS_CAMPAIGN_ID}/assessment-participations/"
            f"{ids['alice']}/results"
        }
    }


@pytest.mark.parametrize(("learner", "progression"), [("eva", 1), ("noah", 0.25)])
async def test_nothing_of_an_unshared_result_shows(
    api, auth_headers, seeded_url, learner, progression
) -> None:
    ids = await make_class_campaign(seeded_url)
    headers = await auth_headers(PROF)
    url = f"{BASE}/assessment-participations/{ids[learner]}"

    shown = attributes(await _get(api, headers, url))
    assert shown["is-shared"] is False and shown["shared-at"] is None
    assert shown["progression"] == progression  # Noah: 3 skills tested of 12
    assert (shown["mastery-rate"], shown["validated-skills-count"]) == (None, None)
    assert shown["tested-skills-count"] is None
    assert shown["targeted-skills-count"] == 12

    results = await _get(api, headers, f"{url}/results")
    assert results == {
        "data": {
            "type": "campaign-assessment-participation-results",
            "id": str(ids[learner]),
            "attributes": {"campaign-id": CLASS_CAMPAIGN_ID},
            "relationships": {
                "competence-results": {"data": []},
            },
        },
        "included": [],
    }


async def test_results_per_competence(api, auth_headers, seeded_url) -> None:
    ids = await make_class_campaign(seeded_url)
    body = await _get(
        api,
        await auth_headers(PROF),
        f"{BASE}/assessment-participations/{ids['alice']}/results",
    )

    linkage = body["data"]["relationships"]["competence-results"]["data"]
    assert [item["id"] for item in linkage] == [
        f"{ids['alice']}-recCompetence1_1",
        f"{ids['alice']}-recCompetence1_2",
        f"{ids['alice']}-recCompetence4_1",
        f"{ids['alice']}-recCompetence4_2",
    ]
    shown = [
        (
            item["attributes"]["index"],
            item["attributes"]["competence-mastery-rate"],
            item["attributes"]["validated-skills-count"],
            item["attributes"]["tested-skills-count"],
            item["attributes"]["targeted-skills-count"],
            item["attributes"]["area-color"],
        )
        for item in body["included"]
    ]
    assert shown == [
        ("1.1", 1, 4, 4, 4, "jaffa"),
        ("1.2", 0.5, 2, 4, 4, "jaffa"),
        ("4.1", 1, 2, 2, 2, "wild-strawberry"),
        ("4.2", 0, 0, 2, 2, "wild-strawberry"),
    ]
    assert body["included"][0]["type"] == "campaign-assessment-participation-competence-results"
    assert body["included"][0]["attributes"]["name"] == (
        "Mener une recherche et une veille d’information"
    )


async def test_a_participation_of_another_campaign_is_not_found(
    api, auth_headers, seeded_url
) -> None:
    ids = await make_class_campaign(seeded_url)
    headers = await auth_headers(PROF)
    for url in (
        # campaign 1 is a demo campaign of the collège, which prof@ may read
        f"/api/campaigns/1/assessment-participations/{ids['alice']}",
        f"{BASE}/assessment-participations/999999",
        f"{BASE}/assessment-participations/999999/results",
        f"{BASE}/profiles-collection-participations/999999",
    ):
        response = await api.get(url, headers=headers)
        assert response.status_code == 404, url
        assert response.json()["errors"][0]["status"] == "404"


async def test_collective_results_and_the_average(api, auth_headers, seeded_url) -> None:
    await make_class_campaign(seeded_url)
    headers = await auth_headers(PROF)
    body = await _get(api, headers, f"{BASE}/collective-results")

    assert body["data"]["type"] == "campaign-collective-results"
    assert body["data"]["attributes"] == {}
    shown = {
        item["attributes"]["competence-id"]: (
            item["id"],
            item["attributes"]["average-validated-skills"],
            item["attributes"]["targeted-skills-count"],
            item["attributes"]["area-code"],
        )
        for item in body["included"]
    }
    # Alice and Tom's latest results (Tom's first attempt and Eva's unsent ones do not count)
    assert shown == {
        "recCompetence1_1": (f"{CLASS_CAMPAIGN_ID}_recCompetence1_1", 2.5, 4, "1"),
        "recCompetence1_2": (f"{CLASS_CAMPAIGN_ID}_recCompetence1_2", 1.5, 4, "1"),
        "recCompetence4_1": (f"{CLASS_CAMPAIGN_ID}_recCompetence4_1", 1, 2, "4"),
        "recCompetence4_2": (f"{CLASS_CAMPAIGN_ID}_recCompetence4_2", 0.5, 2, "4"),
    }
    assert {item["type"] for item in body["included"]} == {"campaignCompetenceCollectiveResults"}
    # sorted by index
    assert [item["attributes"]["competence-id"] for item in body["included"]] == sorted(shown)
    assert body["included"][0]["attributes"]["competence-name"] == (
        "Mener une recherche et une veille d’information"
    )

    detail = attributes(await _get(api, headers, BASE))
    # (8/12 + 3/12) / 2, the same as Σ average validated / Σ targeted
    assert math.isclose(detail["average-result"], 11 / 24)
    assert math.isclose(detail["average-result"], (2.5 + 1.5 + 1 + 0.5) / 12)
    assert (detail["participations-count"], detail["shared-participations-count"]) == (4, 2)


async def test_no_shared_result_yet(api, auth_headers, seeded_url) -> None:
    from follow_support import EVA, add_learner, create_campaign

    await create_campaign(seeded_url, id_=900_010, name="Vide", code="VIDEVI123")
    await add_learner(seeded_url, 900_010, EVA)
    headers = await auth_headers(PROF)

    body = await _get(api, headers, "/api/campaigns/900010/collective-results")
    assert [item["attributes"]["average-validated-skills"] for item in body["included"]] == [
        0,
        0,
        0,
        0,
    ]
    assert attributes(await _get(api, headers, "/api/campaigns/900010"))["average-result"] is None
    results = await _get(api, headers, "/api/campaigns/900010/assessment-results")
    assert results["data"] == [] and results["meta"]["rowCount"] == 0
