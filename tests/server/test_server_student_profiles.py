"""Profiles collection and the user profile (CONTRACT 7.11, 7.12, 7.9; DOMAIN §4.1, §4.2)."""

from __future__ import annotations

from server_support import load_fixture
from sqlalchemy import select
from student_support import (
    OTHER_STUDENT,
    PROFILES,
    RENTREE,
    Student,
    campaign_id,
    db_scalar,
    user_id,
)

from server.models import CampaignParticipation, KnowledgeElementSnapshot

# eleve10 took and shared RENTRE123 in the demo data, and never joined PROFIL456.
LEARNER = "eleve10@example.net"


async def test_a_profile_is_joined_shown_and_sent(api, auth_headers, seeded_url) -> None:
    me = Student(api, await auth_headers(LEARNER), await user_id(seeded_url, LEARNER))
    profiles = await campaign_id(seeded_url, PROFILES)
    rentree_pix = await db_scalar(
        seeded_url,
        select(CampaignParticipation.pix_score).where(
            CampaignParticipation.user_id == me.id,
            CampaignParticipation.campaign_id == await campaign_id(seeded_url, RENTREE),
        ),
    )
    joined = await me.join(profiles, "1234567890A")
    assert joined.status_code == 201
    participation = int(joined.json()["data"]["id"])

    shown = await api.get(f"/api/users/{me.id}/campaigns/{profiles}/profile", headers=me.headers)

    assert shown.status_code == 200
    doc = shown.json()
    fixture = load_fixture("app-shared-profile-for-campaign.response.json")
    assert doc["data"]["type"] == "SharedProfileForCampaigns"
    assert doc["data"]["id"] == str(participation)
    assert set(doc["data"]["attributes"]) == set(fixture["data"]["attributes"])
    attributes = doc["data"]["attributes"]
    assert (attributes["max-reachable-level"], attributes["max-reachable-pix-score"]) == (8, 1024)
    assert attributes["shared-at"] is None
    cards = [item for item in doc["included"] if item["type"] == "scorecards"]
    areas = [item for item in doc["included"] if item["type"] == "areas"]
    assert len(cards) == 16
    assert len(areas) == 5
    card_fixture = next(item for item in fixture["included"] if item["type"] == "scorecards")
    assert set(cards[0]["attributes"]) == set(card_fixture["attributes"])
    # Everything this learner knows comes from RENTRE123: the same pix, competence by competence.
    assert attributes["pix-score"] == rentree_pix > 0
    assert sum(card["attributes"]["earned-pix"] for card in cards) == rentree_pix
    for card in cards:
        earned = card["attributes"]["earned-pix"]
        assert card["attributes"]["level"] == earned // 8
        assert card["attributes"]["pix-score-ahead-of-next-level"] == earned % 8
        if earned:
            assert card["attributes"]["status"] == "STARTED"

    shared = await api.patch(f"/api/campaign-participations/{participation}", headers=me.headers)
    assert shared.status_code == 204
    frozen = await db_scalar(
        seeded_url,
        select(CampaignParticipation).where(CampaignParticipation.id == participation),
    )
    assert frozen.status == "SHARED"
    assert frozen.pix_score == rentree_pix
    assert frozen.mastery_rate == rentree_pix / 1024
    levels = [item["level"] for item in frozen.competence_results]
    assert len(frozen.competence_results) == 16
    assert frozen.certifiable_competences_count == sum(1 for level in levels if level >= 1)
    assert frozen.is_certifiable is (frozen.certifiable_competences_count >= 5)
    assert (
        await db_scalar(
            seeded_url,
            select(KnowledgeElementSnapshot.snapped_at).where(
                KnowledgeElementSnapshot.campaign_participation_id == participation
            ),
        )
        is not None
    )
    after = (
        await api.get(f"/api/users/{me.id}/campaigns/{profiles}/profile", headers=me.headers)
    ).json()["data"]["attributes"]
    assert after["shared-at"] is not None
    assert after["pix-score"] == rentree_pix
    assert after["can-retry"] is False
    twice = await api.patch(f"/api/campaign-participations/{participation}", headers=me.headers)
    assert twice.status_code == 412


async def test_the_user_profile_scores_every_competence(api, auth_headers, seeded_url) -> None:
    me = Student(api, await auth_headers(LEARNER), await user_id(seeded_url, LEARNER))

    response = await api.get(f"/api/users/{me.id}/profile", headers=me.headers)

    assert response.status_code == 200
    doc = response.json()
    fixture = load_fixture("app-user-profile.response.json")
    assert doc["data"]["type"] == "Profiles"
    assert doc["data"]["id"] == str(me.id)
    cards = [item for item in doc["included"] if item["type"] == "scorecards"]
    card_fixture = next(item for item in fixture["included"] if item["type"] == "scorecards")
    assert set(cards[0]["attributes"]) == set(card_fixture["attributes"])
    assert [card["id"] for card in cards] == [
        f"{me.id}_{card['attributes']['competence-id']}" for card in cards
    ]
    assert doc["data"]["attributes"]["pix-score"] == sum(
        card["attributes"]["earned-pix"] for card in cards
    )
    started = [card for card in cards if card["attributes"]["is-started"]]
    assert started and all(card["attributes"]["status"] == "STARTED" for card in started)


async def test_a_newcomer_has_an_empty_profile(api, auth_headers, seeded_url) -> None:
    me = Student(api, await auth_headers(OTHER_STUDENT), await user_id(seeded_url, OTHER_STUDENT))

    doc = (await api.get(f"/api/users/{me.id}/profile", headers=me.headers)).json()

    assert doc["data"]["attributes"]["pix-score"] == 0
    statuses = {
        item["attributes"]["status"] for item in doc["included"] if item["type"] == "scorecards"
    }
    assert statuses == {"NOT_STARTED"}
