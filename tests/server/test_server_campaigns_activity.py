"""What campaigns feed elsewhere: the prescriber's participant count (Pix Orga) and the
student's activity in /api/users/me (Pix App dashboard)."""

from __future__ import annotations

from datetime import UTC, datetime

from campaign_support import (
    PROF,
    QUIET_CAMPAIGN,
    STUDENT,
    add_participation,
    campaign_id,
    campaign_id_by_name,
    user_id,
)
from server_support import update_rows

from server.models import Campaign


async def _participant_count(api, auth_headers, seeded_url) -> int:  # type: ignore[no-untyped-def]
    prof = await user_id(seeded_url, PROF)
    response = await api.get(
        f"/api/prescription/prescribers/{prof}", headers=await auth_headers(PROF)
    )
    assert response.status_code == 200
    return int(response.json()["data"]["attributes"]["participant-count"])


async def test_participant_count_counts_people_once(api, auth_headers, seeded_url) -> None:
    quiet = await campaign_id_by_name(seeded_url, QUIET_CAMPAIGN)
    before = await _participant_count(api, auth_headers, seeded_url)

    await add_participation(seeded_url, quiet, "eleve30@example.net")
    assert await _participant_count(api, auth_headers, seeded_url) == before + 1
    # the same person again, or a deleted participation: nobody new
    await add_participation(seeded_url, quiet, "eleve30@example.net", is_improved=True)
    await add_participation(seeded_url, quiet, "eleve29@example.net", deleted=True)
    assert await _participant_count(api, auth_headers, seeded_url) == before + 1


async def _me(api, auth_headers) -> dict:  # type: ignore[no-untyped-def,type-arg]
    response = await api.get("/api/users/me", headers=await auth_headers(STUDENT))
    assert response.status_code == 200
    return response.json()["data"]["attributes"]


async def test_student_activity(api, auth_headers, seeded_url) -> None:
    assert (await _me(api, auth_headers))["has-assessment-participations"] is False
    assert (await _me(api, auth_headers))["code-for-last-profile-to-share"] is None

    profil = await campaign_id(seeded_url, "PROFIL456")
    await add_participation(seeded_url, profil, STUDENT, status="TO_SHARE")
    me = await _me(api, auth_headers)
    assert me["code-for-last-profile-to-share"] == "PROFIL456"
    assert me["has-assessment-participations"] is False  # a profiles collection

    await add_participation(
        seeded_url, await campaign_id_by_name(seeded_url, QUIET_CAMPAIGN), STUDENT
    )
    assert (await _me(api, auth_headers))["has-assessment-participations"] is True

    # an archived campaign can no longer receive the profile: no reminder
    await update_rows(
        seeded_url, Campaign, Campaign.id == profil, archived_at=datetime(2025, 3, 1, tzinfo=UTC)
    )
    assert (await _me(api, auth_headers))["code-for-last-profile-to-share"] is None
