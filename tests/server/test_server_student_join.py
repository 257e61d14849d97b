"""Finding a campaign by code and joining it (CONTRACT 7.1, 7.2; DOMAIN §5.2)."""

from __future__ import annotations

from server_support import load_fixture, update_rows
from sqlalchemy import select
from student_support import (
    ARCHIVED,
    OTHER_STUDENT,
    PROFILES,
    RENTREE,
    STUDENT,
    Student,
    campaign_id,
    db_scalar,
    user_id,
)

from server.models import Assessment, Campaign, CampaignParticipation, utcnow


async def _student(api, auth_headers, url, email=STUDENT) -> Student:
    return Student(api, await auth_headers(email), await user_id(url, email))


async def test_campaign_by_code_has_the_pix_attributes(api, seeded_url) -> None:
    response = await api.get("/api/campaigns?filter[code]=RENTRE123")

    assert response.status_code == 200
    data = response.json()["data"]
    fixture = load_fixture("app-campaign-by-code.response.json")["data"]
    assert set(data["attributes"]) == set(fixture["attributes"])
    assert data["type"] == "campaigns"
    assert data["attributes"]["target-profile-name"] == "[CLG] Parcours de rentrée 5e"
    assert data["attributes"]["title"] == "Bienvenue en 5e"
    assert data["attributes"]["custom-landing-page-text"].startswith("Bonjour !")
    assert data["attributes"]["is-accessible"] is True
    assert data["attributes"]["multiple-sendings"] is False
    profiles = (await api.get("/api/campaigns?filter[code]=profil456")).json()["data"]
    assert profiles["attributes"]["external-id-label"] == "Numéro INE"
    assert profiles["attributes"]["type"] == "PROFILES_COLLECTION"
    assert profiles["attributes"]["target-profile-name"] is None


async def test_unknown_archived_and_missing_codes(api) -> None:
    unknown = await api.get("/api/campaigns?filter[code]=NOPE00000")
    assert unknown.status_code == 404
    assert unknown.json()["errors"][0]["detail"] == "Le code campagne n'existe pas."
    archived = await api.get(f"/api/campaigns?filter[code]={ARCHIVED}")
    assert archived.json()["data"]["attributes"]["is-accessible"] is False
    missing = await api.get("/api/campaigns")
    assert missing.status_code == 400


async def test_joining_an_archived_campaign_is_refused(api, auth_headers, seeded_url) -> None:
    me = await _student(api, auth_headers, seeded_url)

    response = await me.join(await campaign_id(seeded_url, ARCHIVED))

    assert response.status_code == 403
    assert response.json()["errors"][0]["detail"] == (
        "Vous n'êtes pas autorisé à rejoindre la campagne"
    )


async def test_joining_twice_without_multiple_sendings(api, auth_headers, seeded_url) -> None:
    # eleve01 took RENTRE123 in the demo data.
    them = await _student(api, auth_headers, seeded_url, "eleve01@example.net")
    rentree = await campaign_id(seeded_url, RENTREE)

    response = await them.join(rentree)

    assert response.status_code == 412
    assert response.json() == {
        "errors": [
            {
                "status": "412",
                "title": "Precondition Failed",
                "detail": f"User {them.id} has already a campaign participation with campaign "
                f"{rentree}",
            }
        ]
    }


async def test_a_double_submitted_join_starts_one_participation(
    api, auth_headers, seeded_url
) -> None:
    me = await _student(api, auth_headers, seeded_url)
    rentree = await campaign_id(seeded_url, RENTREE)
    body = {
        "data": {
            "type": "campaign-participations",
            "attributes": {"participant-external-id": None},
            "relationships": {"campaign": {"data": {"id": rentree, "type": "campaigns"}}},
        }
    }
    headers = {**me.headers, "Idempotency-Key": "join-1"}

    first = await api.post("/api/campaign-participations", json=body, headers=headers)
    second = await api.post("/api/campaign-participations", json=body, headers=headers)

    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    count = await db_scalar(
        seeded_url,
        select(CampaignParticipation.id).where(
            CampaignParticipation.user_id == me.id, CampaignParticipation.campaign_id == rentree
        ),
    )
    assert count == int(first.json()["data"]["id"])


async def test_an_external_id_is_required_when_the_campaign_asks_for_one(
    api, auth_headers, seeded_url
) -> None:
    me = await _student(api, auth_headers, seeded_url, OTHER_STUDENT)
    profiles = await campaign_id(seeded_url, PROFILES)

    refused = await me.join(profiles)

    assert refused.status_code == 422
    [error] = refused.json()["errors"]
    assert error["status"] == "422"
    assert error["detail"] == "Un identifiant externe est requis pour accéder à la campagne."

    accepted = await me.join(profiles, "1234567890Z")
    assert accepted.status_code == 201
    data = accepted.json()["data"]
    assert data["attributes"]["participant-external-id"] == "1234567890Z"
    # A profiles collection has nothing to answer: no assessment, ready to be sent.
    assert data["relationships"]["assessment"] == {"data": None}
    participation = await db_scalar(
        seeded_url, select(CampaignParticipation).where(CampaignParticipation.id == int(data["id"]))
    )
    assert participation.status == "TO_SHARE"
    assert (
        await db_scalar(
            seeded_url,
            select(Assessment.id).where(Assessment.campaign_participation_id == participation.id),
        )
        is None
    )


async def test_joining_an_assessment_campaign_starts_a_smart_random_assessment(
    api, auth_headers, seeded_url
) -> None:
    me = await _student(api, auth_headers, seeded_url)

    response = await me.join(await campaign_id(seeded_url, RENTREE))

    data = response.json()["data"]
    assessment_id = int(data["relationships"]["assessment"]["data"]["id"])
    assessment = await db_scalar(
        seeded_url, select(Assessment).where(Assessment.id == assessment_id)
    )
    assert (assessment.type, assessment.state, assessment.method, assessment.is_improving) == (
        "CAMPAIGN",
        "started",
        "SMART_RANDOM",
        False,
    )
    participation = await db_scalar(
        seeded_url, select(CampaignParticipation).where(CampaignParticipation.id == int(data["id"]))
    )
    assert participation.status == "STARTED"


async def test_an_archived_campaign_refuses_sharing(api, auth_headers, seeded_url) -> None:
    me = await _student(api, auth_headers, seeded_url, OTHER_STUDENT)
    profiles = await campaign_id(seeded_url, PROFILES)
    joined = await me.join(profiles, "1234567890Z")
    await update_rows(seeded_url, Campaign, Campaign.id == profiles, archived_at=utcnow())

    response = await api.patch(
        f"/api/campaign-participations/{joined.json()['data']['id']}", headers=me.headers
    )

    assert response.status_code == 412
    assert response.json()["errors"][0]["detail"] == "Cannot share results on an archived campaign."
