"""Who may follow a campaign: the members of its organisation, and nobody else.

prof@ is ADMIN of the collège and MEMBER of the lycée, prof2@ MEMBER of the collège only,
eleve@ a student of no organisation.
"""

from __future__ import annotations

import pytest
from follow_support import (
    CLASS_CAMPAIGN_ID,
    LYCEE,
    LYCEE_CAMPAIGN_ID,
    PROF,
    PROF2,
    PROFILES_CAMPAIGN_ID,
    STUDENT,
    create_campaign,
    make_class_campaign,
    make_profiles_campaign,
)
from server_support import E3_FORBIDDEN, E5_UNAUTHORIZED

CLASS = f"/api/campaigns/{CLASS_CAMPAIGN_ID}"
PROFILES = f"/api/campaigns/{PROFILES_CAMPAIGN_ID}"


def _urls(ids: dict[str, int], profiles: dict[str, int]) -> list[str]:
    return [
        CLASS,
        f"{CLASS}/participants-activity",
        f"{CLASS}/assessment-results",
        f"{CLASS}/assessment-participations/{ids['alice']}",
        f"{CLASS}/assessment-participations/{ids['alice']}/results",
        f"{CLASS}/organization-learners/1/participations",
        f"{CLASS}/collective-results",
        f"{CLASS}/stats/participations-by-status",
        f"{CLASS}/stats/participations-by-day",
        f"{CLASS}/stats/participations-by-mastery-rate",
        f"{CLASS}/csv-assessment-results",
        f"{PROFILES}/profiles-collection-participations",
        f"{PROFILES}/profiles-collection-participations/{profiles['juliette']}",
        f"{PROFILES}/csv-profiles-collection-results",
    ]


@pytest.mark.parametrize(
    ("email", "status"),
    [(PROF, 200), (PROF2, 200), (STUDENT, 403), (None, 401)],
    ids=["organisation-admin", "organisation-member", "student", "anonymous"],
)
async def test_only_members_of_the_organisation(
    api, auth_headers, seeded_url, email, status
) -> None:
    ids = await make_class_campaign(seeded_url)
    profiles = await make_profiles_campaign(seeded_url)
    headers = await auth_headers(email) if email else {}

    for url in _urls(ids, profiles):
        response = await api.get(url, headers=headers)
        assert response.status_code == status, url
        if status == 403:
            assert response.json() == E3_FORBIDDEN, url
        if status == 401:
            assert response.json() == E5_UNAUTHORIZED, url


async def test_another_organisations_campaign(api, auth_headers, seeded_url) -> None:
    await create_campaign(
        seeded_url, id_=LYCEE_CAMPAIGN_ID, name="Lycée", code="LYCEEE123", organization=LYCEE
    )
    base = f"/api/campaigns/{LYCEE_CAMPAIGN_ID}"
    urls = [
        base,
        f"{base}/participants-activity",
        f"{base}/assessment-results",
        f"{base}/collective-results",
        f"{base}/stats/participations-by-day",
        f"{base}/csv-assessment-results",
        f"{base}/assessment-participations/1",
    ]
    for url in urls:
        # prof2@ works in the collège only
        refused = await api.get(url, headers=await auth_headers(PROF2))
        assert (refused.status_code, refused.json()) == (403, E3_FORBIDDEN), url
    # prof@ is a member of the lycée too
    allowed = await api.get(f"{base}/participants-activity", headers=await auth_headers(PROF))
    assert allowed.status_code == 200


async def test_a_campaign_that_does_not_exist_is_refused_like_pix(
    api, auth_headers, seeded_url
) -> None:
    response = await api.get(
        "/api/campaigns/999999/participants-activity", headers=await auth_headers(PROF)
    )
    assert (response.status_code, response.json()) == (403, E3_FORBIDDEN)
