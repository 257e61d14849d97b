"""The "Activité" table (CONTRACT 5.1) and one learner's attempts (5.7), on a hand-made class:
Alice André and Tom Mercier shared (Tom twice), Eva Dupont finished without sending, Noah
Lambert is in the test."""

from __future__ import annotations

from follow_support import (
    CLASS_CAMPAIGN_ID,
    PROF,
    PROF2,
    Learner,
    add_learner,
    at,
    make_class_campaign,
)
from student_support import user_id

URL = f"/api/campaigns/{CLASS_CAMPAIGN_ID}/participants-activity"


async def _page(api, headers, **params):  # type: ignore[no-untyped-def]
    response = await api.get(URL, params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_everyone_taking_part_by_last_name(api, auth_headers, seeded_url) -> None:
    ids = await make_class_campaign(seeded_url)
    body = await _page(api, await auth_headers(PROF))

    rows = [
        (
            item["attributes"]["last-name"],
            item["attributes"]["status"],
            item["attributes"]["participation-count"],
        )
        for item in body["data"]
    ]
    assert rows == [
        ("André", "SHARED", 1),
        ("Dupont", "TO_SHARE", 1),
        ("Lambert", "STARTED", 1),
        ("Mercier", "SHARED", 2),  # a retry: his first attempt counts too
    ]
    tom = body["data"][3]
    assert tom["type"] == "campaign-participant-activities"
    # the learner is the user here: the row's id is his user id
    assert tom["id"] == str(await user_id(seeded_url, "eleve22@example.net"))
    assert tom["attributes"] == {
        "first-name": "Tom",
        "last-name": "Mercier",
        "participant-external-id": 'Élève "B"',
        "status": "SHARED",
        "last-campaign-participation-id": ids["tom"],  # a number, the current attempt
        "participation-count": 2,
    }
    assert body["meta"] == {"page": 1, "pageSize": 10, "rowCount": 4, "pageCount": 1}


async def test_filter_by_status(api, auth_headers, seeded_url) -> None:
    await make_class_campaign(seeded_url)
    headers = await auth_headers(PROF2)  # a MEMBER sees it too

    def names(body):  # type: ignore[no-untyped-def]
        return [item["attributes"]["first-name"] for item in body["data"]]

    assert names(await _page(api, headers, **{"filter[status]": "SHARED"})) == ["Alice", "Tom"]
    assert names(await _page(api, headers, **{"filter[status]": "TO_SHARE"})) == ["Eva"]
    started = await _page(api, headers, **{"filter[status]": "STARTED"})
    assert names(started) == ["Noah"]
    assert started["meta"]["rowCount"] == 1
    # empty means no filter, as Joi's .empty('')
    assert len((await _page(api, headers, **{"filter[status]": ""}))["data"]) == 4

    refused = await api.get(URL, params={"filter[status]": "FINISHED"}, headers=headers)
    assert refused.status_code == 400
    assert refused.json() == {
        "errors": [
            {
                "status": "400",
                "title": "Bad Request",
                "detail": '"filter.status" must be one of [STARTED, TO_SHARE, SHARED]',
            }
        ]
    }


async def test_search_on_the_full_name(api, auth_headers, seeded_url) -> None:
    await make_class_campaign(seeded_url)
    headers = await auth_headers(PROF)

    async def found(search: str) -> list[str]:
        body = await _page(api, headers, **{"filter[search]": search})
        return [
            f"{item['attributes']['first-name']} {item['attributes']['last-name']}"
            for item in body["data"]
        ]

    assert await found("mer") == ["Tom Mercier"]
    assert await found("  TOM   MER ") == ["Tom Mercier"]  # first name then last name
    assert await found("Lambert Noah") == ["Noah Lambert"]  # as a class list prints it
    assert await found("ANDRÉ") == ["Alice André"]  # accents, any case, on both databases
    assert await found("a") == ["Alice André", "Eva Dupont", "Noah Lambert"]  # by last name
    assert await found("%") == []  # a wildcard character is only a character
    assert await found("") == [
        "Alice André",
        "Eva Dupont",
        "Noah Lambert",
        "Tom Mercier",
    ]


async def test_pages_and_a_page_past_the_end(api, auth_headers, seeded_url) -> None:
    await make_class_campaign(seeded_url)
    headers = await auth_headers(PROF)

    first = await _page(api, headers, **{"page[size]": 3})
    second = await _page(api, headers, **{"page[size]": 3, "page[number]": 2})
    past = await _page(api, headers, **{"page[size]": 3, "page[number]": 3})

    assert [i["attributes"]["last-name"] for i in first["data"]] == ["André", "Dupont", "Lambert"]
    assert [i["attributes"]["last-name"] for i in second["data"]] == ["Mercier"]
    assert second["meta"] == {"page": 2, "pageSize": 3, "rowCount": 4, "pageCount": 2}
    assert past == {"data": [], "meta": {"page": 3, "pageSize": 3, "rowCount": 4, "pageCount": 2}}
    too_big = await api.get(URL, params={"page[size]": 101}, headers=headers)
    assert too_big.status_code == 400


async def test_deleted_participations_are_gone(api, auth_headers, seeded_url) -> None:
    await make_class_campaign(seeded_url)
    await add_learner(
        seeded_url,
        CLASS_CAMPAIGN_ID,
        Learner("eleve28@example.net", "STARTED", created_at=at(6), deleted=True),
    )
    body = await _page(api, await auth_headers(PROF))
    assert "Legrand" not in [item["attributes"]["last-name"] for item in body["data"]]
    assert body["meta"]["rowCount"] == 4


async def test_the_attempts_of_one_learner(api, auth_headers, seeded_url) -> None:
    ids = await make_class_campaign(seeded_url)
    tom = await user_id(seeded_url, "eleve22@example.net")
    headers = await auth_headers(PROF)

    response = await api.get(
        f"/api/campaigns/{CLASS_CAMPAIGN_ID}/organization-learners/{tom}/participations",
        headers=headers,
    )

    assert response.status_code == 200
    assert response.json() == {
        "data": [
            {
                "type": "available-campaign-participations",
                "id": str(ids["tom"]),
                "attributes": {
                    "status": "SHARED",
                    "shared-at": "2025-03-30T23:45:00.000Z",
                    "created-at": "2025-03-04T13:15:00.000Z",
                    "mastery-rate": 0.25,
                },
            },
            {
                "type": "available-campaign-participations",
                "id": str(ids["tom_first"]),
                "attributes": {
                    "status": "SHARED",
                    "shared-at": "2025-03-02T09:00:00.000Z",
                    "created-at": "2025-03-02T08:00:00.000Z",
                    "mastery-rate": 0.17,  # 2 of 12
                },
            },
        ]
    }
    # a learner who has not finished: no result to show
    noah = await user_id(seeded_url, "eleve24@example.net")
    started = await api.get(
        f"/api/campaigns/{CLASS_CAMPAIGN_ID}/organization-learners/{noah}/participations",
        headers=headers,
    )
    assert [item["attributes"]["mastery-rate"] for item in started.json()["data"]] == [None]
