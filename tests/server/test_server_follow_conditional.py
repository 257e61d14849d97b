"""Keeping a teacher's screen current cheaply: ETag and 304 on the pages a client polls."""

from __future__ import annotations

import pytest
from campaign_support import counting_statements
from follow_support import (
    CLASS_CAMPAIGN_ID,
    PROF,
    PROF2,
    Learner,
    add_learner,
    at,
    make_class_campaign,
)
from server_support import update_rows

from server.models import Campaign, CampaignParticipation

BASE = f"/api/campaigns/{CLASS_CAMPAIGN_ID}"
POLLED = [
    BASE,
    f"{BASE}/participants-activity",
    f"{BASE}/assessment-results",
    f"{BASE}/collective-results",
    f"{BASE}/stats/participations-by-status",
    f"{BASE}/stats/participations-by-day",
]


@pytest.mark.parametrize("url", POLLED)
async def test_a_current_copy_costs_a_304(api, auth_headers, seeded_url, url) -> None:
    await make_class_campaign(seeded_url)
    headers = await auth_headers(PROF)

    first = await api.get(url, headers=headers)
    etag = first.headers["ETag"]
    assert first.status_code == 200 and etag.startswith('W/"')
    assert first.headers["Cache-Control"] == "private, no-cache"

    again = await api.get(url, headers={**headers, "If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == etag
    # another member sees the same data: the same tag
    other = await api.get(url, headers=await auth_headers(PROF2))
    assert other.headers["ETag"] == etag


async def test_any_change_of_the_campaign_moves_the_tag(api, auth_headers, seeded_url) -> None:
    ids = await make_class_campaign(seeded_url)
    headers = await auth_headers(PROF)
    url = f"{BASE}/participants-activity"

    async def tag() -> str:
        response = await api.get(url, headers=headers)
        assert response.status_code == 200
        return response.headers["ETag"]

    seen = [await tag()]
    # a newcomer
    await add_learner(
        seeded_url, CLASS_CAMPAIGN_ID, Learner("eleve28@example.net", "STARTED", created_at=at(7))
    )
    seen.append(await tag())
    # Noah finishes his test: no new row, no new date, only a status (and `updated_at`)
    await update_rows(
        seeded_url,
        CampaignParticipation,
        CampaignParticipation.id == ids["noah"],
        status="TO_SHARE",
    )
    seen.append(await tag())
    # support corrects an external id
    await update_rows(
        seeded_url,
        CampaignParticipation,
        CampaignParticipation.id == ids["eva"],
        participant_external_id="12345-68",
    )
    seen.append(await tag())
    # the campaign itself is renamed
    await update_rows(seeded_url, Campaign, Campaign.id == CLASS_CAMPAIGN_ID, name="Renommée")
    seen.append(await tag())

    assert len(set(seen)) == len(seen)
    stale = await api.get(url, headers={**headers, "If-None-Match": seen[0]})
    assert stale.status_code == 200
    assert [item["attributes"]["status"] for item in stale.json()["data"]].count("STARTED") == 1


async def test_each_page_and_filter_has_its_own_tag(api, auth_headers, seeded_url) -> None:
    await make_class_campaign(seeded_url)
    headers = await auth_headers(PROF)
    url = f"{BASE}/participants-activity"

    tags = set()
    for params in (
        {},
        {"page[size]": 2},
        {"page[size]": 2, "page[number]": 2},
        {"filter[status]": "SHARED"},
        {"filter[search]": "tom"},
    ):
        tags.add((await api.get(url, params=params, headers=headers)).headers["ETag"])
    assert len(tags) == 5

    page_two = await api.get(url, params={"page[number]": 2, "page[size]": 2}, headers=headers)
    # page 1's tag does not make page 2 "not modified"
    first_tag = (await api.get(url, params={"page[size]": 2}, headers=headers)).headers["ETag"]
    crossed = await api.get(
        url,
        params={"page[number]": 2, "page[size]": 2},
        headers={**headers, "If-None-Match": first_tag},
    )
    assert crossed.status_code == 200
    assert crossed.json() == page_two.json()


async def test_a_304_is_checked_for_access_first_and_costs_two_statements(
    api, app, auth_headers, seeded_url
) -> None:
    await make_class_campaign(seeded_url)
    headers = await auth_headers(PROF)
    url = f"{BASE}/participants-activity"
    etag = (await api.get(url, headers=headers)).headers["ETag"]

    with counting_statements(app) as statements:
        again = await api.get(url, headers={**headers, "If-None-Match": etag})
    assert again.status_code == 304
    # the campaign with the caller's membership, then the version key
    assert len(statements) == 2

    stranger = await api.get(
        url, headers={**(await auth_headers("eleve@example.net")), "If-None-Match": etag}
    )
    assert stranger.status_code == 403
