"""Profiles received by a profiles collection (CONTRACT 6.1, 6.2).

Every skill used is worth 8/3 pix: Juliette Bonnet validated 4 skills of 1.1 (10 pix,
level 1) and 3 of 1.2 (8 pix, level 1), 18 pix in all, 2 competences at level 1 (not
certifiable: 5 are needed); Enzo François validated nothing; Clara Martinez has not sent
her profile.
"""

from __future__ import annotations

from follow_support import PROF, PROFILES_CAMPAIGN_ID, make_profiles_campaign

BASE = f"/api/campaigns/{PROFILES_CAMPAIGN_ID}"


async def test_profiles_received(api, auth_headers, seeded_url) -> None:
    ids = await make_profiles_campaign(seeded_url)
    response = await api.get(
        f"{BASE}/profiles-collection-participations", headers=await auth_headers(PROF)
    )

    assert response.status_code == 200
    assert response.json() == {
        "data": [
            {
                "type": "CampaignProfilesCollectionParticipationSummaries",
                "id": str(ids["juliette"]),
                "attributes": {
                    "first-name": "Juliette",
                    "last-name": "Bonnet",
                    "participant-external-id": None,
                    "shared-at": "2025-03-10T07:05:00.000Z",
                    "pix-score": 18,
                    "shared-profile-count": 1,
                    "evolution": None,
                    "certifiable": False,
                    "certifiable-competences-count": 2,
                },
            },
            {
                "type": "CampaignProfilesCollectionParticipationSummaries",
                "id": str(ids["enzo"]),
                "attributes": {
                    "first-name": "Enzo",
                    "last-name": "François",
                    "participant-external-id": None,
                    "shared-at": "2025-03-11T10:00:00.000Z",
                    "pix-score": 0,
                    "shared-profile-count": 1,
                    "evolution": None,
                    "certifiable": False,
                    "certifiable-competences-count": 0,
                },
            },
        ],
        "meta": {"page": 1, "pageSize": 10, "rowCount": 2, "pageCount": 1},
    }


async def test_one_profile_with_its_sixteen_competences(api, auth_headers, seeded_url) -> None:
    ids = await make_profiles_campaign(seeded_url)
    response = await api.get(
        f"{BASE}/profiles-collection-participations/{ids['juliette']}",
        headers=await auth_headers(PROF),
    )

    body = response.json()
    attributes = body["data"]["attributes"]
    assert body["data"]["type"] == "campaign-profiles"
    assert {key: attributes[key] for key in attributes if key != "organization-learner-id"} == {
        "first-name": "Juliette",
        "last-name": "Bonnet",
        "campaign-id": PROFILES_CAMPAIGN_ID,
        "external-id": None,
        "pix-score": 18,
        "created-at": "2025-03-10T07:00:00.000Z",
        "shared-at": "2025-03-10T07:05:00.000Z",
        "is-shared": True,
        "competences-count": 16,
        "certifiable-competences-count": 2,
        "is-certifiable": False,
    }
    competences = [
        (
            item["id"],
            item["attributes"]["index"],
            item["attributes"]["estimated-level"],
            item["attributes"]["pix-score"],
        )
        for item in body["included"]
    ]
    assert len(competences) == 16
    assert competences[:3] == [
        ("recCompetence1_1", "1.1", 1, 10),
        ("recCompetence1_2", "1.2", 1, 8),
        ("recCompetence1_3", "1.3", 0, 0),
    ]
    assert [index for _, index, _, _ in competences][-1] == "5.2"
    assert sum(pix for _, _, _, pix in competences) == attributes["pix-score"]
    assert [ref["id"] for ref in body["data"]["relationships"]["competences"]["data"]] == [
        item[0] for item in competences
    ]


async def test_an_unsent_profile_shows_nothing(api, auth_headers, seeded_url) -> None:
    ids = await make_profiles_campaign(seeded_url)
    response = await api.get(
        f"{BASE}/profiles-collection-participations/{ids['clara']}",
        headers=await auth_headers(PROF),
    )

    attributes = response.json()["data"]["attributes"]
    assert attributes["is-shared"] is False
    assert [
        attributes[key]
        for key in (
            "pix-score",
            "shared-at",
            "competences-count",
            "certifiable-competences-count",
            "is-certifiable",
        )
    ] == [None] * 5
    assert response.json()["included"] == []
