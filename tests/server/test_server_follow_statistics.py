"""The charts of Pix Orga's "Activité" and "Résultats" tabs (Pix's `/stats/...` routes)."""

from __future__ import annotations

from follow_support import (
    CLASS_CAMPAIGN_ID,
    PROF,
    PROFILES_CAMPAIGN_ID,
    make_class_campaign,
    make_profiles_campaign,
)


async def _get(api, headers, url):  # type: ignore[no-untyped-def]
    response = await api.get(url, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_participations_by_status(api, auth_headers, seeded_url) -> None:
    await make_class_campaign(seeded_url)
    await make_profiles_campaign(seeded_url)
    headers = await auth_headers(PROF)

    assessment = await _get(
        api, headers, f"/api/campaigns/{CLASS_CAMPAIGN_ID}/stats/participations-by-status"
    )
    # current attempts: Noah in the test, Eva finished, Alice and Tom sent theirs
    assert assessment == {
        "data": {
            "type": "campaign-participations-counts-by-statuses",
            "id": str(CLASS_CAMPAIGN_ID),
            "attributes": {"started": 1, "completed": 1, "shared": 2},
        }
    }
    profiles = await _get(
        api, headers, f"/api/campaigns/{PROFILES_CAMPAIGN_ID}/stats/participations-by-status"
    )
    # nobody is "in the test" of a profiles collection
    assert profiles["data"]["attributes"] == {"completed": 1, "shared": 2}


async def test_participations_by_day_are_cumulative(api, auth_headers, seeded_url) -> None:
    await make_class_campaign(seeded_url)
    body = await _get(
        api,
        await auth_headers(PROF),
        f"/api/campaigns/{CLASS_CAMPAIGN_ID}/stats/participations-by-day",
    )

    assert body == {
        "data": {
            "type": "campaign-participations-counts-by-days",
            "id": str(CLASS_CAMPAIGN_ID),
            "attributes": {
                # Alice on the 3rd, Tom's retry on the 4th, Eva and Noah on the 5th (Tom's
                # first attempt is superseded by his retry)
                "started-participations": [
                    {"day": "2025-03-03", "count": 1},
                    {"day": "2025-03-04", "count": 2},
                    {"day": "2025-03-05", "count": 4},
                ],
                # Tom sent his at 23:45 UTC on the 30th (UTC days, as Pix)
                "shared-participations": [
                    {"day": "2025-03-03", "count": 1},
                    {"day": "2025-03-30", "count": 2},
                ],
            },
        }
    }


async def test_results_distribution(api, auth_headers, seeded_url) -> None:
    await make_class_campaign(seeded_url)
    body = await _get(
        api,
        await auth_headers(PROF),
        f"/api/campaigns/{CLASS_CAMPAIGN_ID}/stats/participations-by-mastery-rate",
    )
    assert body["data"]["attributes"] == {
        "result-distribution": [
            {"count": 1, "masteryRate": "0.25"},
            {"count": 1, "masteryRate": "0.67"},
        ]
    }
