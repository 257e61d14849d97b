"""Trying again: retry after sharing, reset, improvement before sharing (CONTRACT 7.10;
DOMAIN §5.2-5.4). RENTRE123 gets multiple sendings switched on for these tests."""

from __future__ import annotations

from datetime import timedelta

from server_support import update_rows
from sqlalchemy import select
from student_support import (
    RENTREE,
    Student,
    age_knowledge_elements,
    assessment_id_of,
    campaign_id,
    challenge,
    db_all,
    db_scalar,
    user_id,
)

from server.models import (
    Assessment,
    Campaign,
    CampaignParticipation,
    KnowledgeElement,
    utcnow,
)

COULD_NOT_IMPROVE = "Vous ne pouvez pas repasser la campagne"


async def _learner(api, auth_headers, url, number: int) -> Student:
    email = f"eleve{number:02d}@example.net"
    return Student(api, await auth_headers(email), await user_id(url, email))


async def _allow_multiple_sendings(url: str) -> int:
    rentree = await campaign_id(url, RENTREE)
    await update_rows(url, Campaign, Campaign.id == rentree, multiple_sendings=True)
    return rentree


async def _share_days_ago(url: str, user: int, campaign: int, days: float) -> None:
    await update_rows(
        url,
        CampaignParticipation,
        (CampaignParticipation.user_id == user) & (CampaignParticipation.campaign_id == campaign),
        shared_at=utcnow() - timedelta(days=days),
    )


async def _latest_statuses(url: str, user: int) -> dict[str, str]:
    rows = await db_all(
        url,
        select(KnowledgeElement.skill_id, KnowledgeElement.status)
        .where(KnowledgeElement.user_id == user)
        .order_by(KnowledgeElement.created_at, KnowledgeElement.id),
    )
    return {skill: status for skill, status in rows}


async def _result(api, me: Student, campaign: int) -> dict:
    response = await api.get(
        f"/api/users/{me.id}/campaigns/{campaign}/assessment-result", headers=me.headers
    )
    assert response.status_code == 200
    return dict(response.json()["data"]["attributes"])


async def test_a_retry_asks_again_only_what_was_not_validated(
    api, auth_headers, seeded_url
) -> None:
    me = await _learner(api, auth_headers, seeded_url, 1)  # shared RENTRE123, not perfect
    rentree = await _allow_multiple_sendings(seeded_url)
    await _share_days_ago(seeded_url, me.id, rentree, 6)
    before = await _result(api, me, rentree)
    assert before["can-retry"] is True
    assert before["remaining-seconds-before-retrying"] is None
    assert 0 < before["mastery-rate"] < 1
    validated = {
        skill
        for skill, status in (await _latest_statuses(seeded_url, me.id)).items()
        if status == "validated"
    }
    # The failures are old enough to be asked again (DOMAIN §5.4).
    await age_knowledge_elements(seeded_url, me.id, 5)

    retried = await me.join(rentree, **{"is-retry": True})

    assert retried.status_code == 201, retried.text
    assessment = assessment_id_of(retried.json())
    is_improving = await db_scalar(
        seeded_url, select(Assessment.is_improving).where(Assessment.id == assessment)
    )
    assert is_improving is True
    improved = await db_all(
        seeded_url,
        select(CampaignParticipation.id, CampaignParticipation.is_improved).where(
            CampaignParticipation.user_id == me.id, CampaignParticipation.campaign_id == rentree
        ),
    )
    assert sorted(flag for _, flag in improved) == [False, True]
    given = await me.play(assessment, right=False)
    assert given, "a retry must ask the failed skills again"
    assert all(challenge(challenge_id).skill_id not in validated for challenge_id, _ in given)
    assert (
        await api.patch(f"/api/assessments/{assessment}/complete-assessment", headers=me.headers)
    ).status_code == 204
    participation = retried.json()["data"]["id"]
    assert (
        await api.patch(f"/api/campaign-participations/{participation}", headers=me.headers)
    ).status_code == 204
    shared = await _result(api, me, rentree)
    assert shared["is-shared"] is True
    # Only wrong answers this time: nothing newly validated.
    assert shared["validated-skills-count"] <= len(validated)


async def test_a_retry_is_refused_before_sharing_and_after_a_perfect_score(
    api, auth_headers, seeded_url
) -> None:
    rentree = await _allow_multiple_sendings(seeded_url)
    unfinished = await _learner(api, auth_headers, seeded_url, 6)  # finished, not shared
    perfect = await _learner(api, auth_headers, seeded_url, 14)  # shared with 100 %
    assert (await _result(api, perfect, rentree))["mastery-rate"] == 1

    for learner in (unfinished, perfect):
        response = await learner.join(rentree, **{"is-retry": True})
        assert response.status_code == 403
        assert response.json()["errors"][0]["detail"] == COULD_NOT_IMPROVE
    assert (await _result(api, perfect, rentree))["can-retry"] is False


async def test_the_wait_before_retrying_is_exposed(api, auth_headers, seeded_url) -> None:
    me = await _learner(api, auth_headers, seeded_url, 1)
    rentree = await _allow_multiple_sendings(seeded_url)
    await _share_days_ago(seeded_url, me.id, rentree, 1)

    result = await _result(api, me, rentree)

    assert result["can-retry"] is True
    assert 3 * 86400 - 60 <= result["remaining-seconds-before-retrying"] <= 3 * 86400
    assert result["can-reset"] is False
    too_early = await me.join(rentree, **{"is-reset": True})
    assert too_early.status_code == 412


async def test_a_reset_forgets_the_campaign_skills(api, auth_headers, seeded_url) -> None:
    me = await _learner(api, auth_headers, seeded_url, 1)
    rentree = await _allow_multiple_sendings(seeded_url)
    await _share_days_ago(seeded_url, me.id, rentree, 6)
    assert (await _result(api, me, rentree))["can-reset"] is True

    response = await me.join(rentree, **{"is-reset": True})

    assert response.status_code == 201
    after = await _result(api, me, rentree)
    assert (after["tested-skills-count"], after["validated-skills-count"]) == (0, 0)
    assert set((await _latest_statuses(seeded_url, me.id)).values()) == {"reset"}
    profile = (await api.get(f"/api/users/{me.id}/profile", headers=me.headers)).json()
    assert profile["data"]["attributes"]["pix-score"] == 0


async def test_improving_before_sharing_starts_a_new_assessment(
    api, auth_headers, seeded_url
) -> None:
    me = await _learner(api, auth_headers, seeded_url, 6)  # finished, not shared
    rentree = await campaign_id(seeded_url, RENTREE)
    current = await api.get(
        f"/api/users/{me.id}/campaigns/{rentree}/campaign-participations", headers=me.headers
    )
    participation = current.json()["data"]["id"]
    first_assessment = assessment_id_of(current.json())

    response = await api.patch(
        f"/api/campaign-participations/{participation}/begin-improvement", headers=me.headers
    )

    assert response.status_code == 204
    resumed = await api.get(
        f"/api/users/{me.id}/campaigns/{rentree}/campaign-participations", headers=me.headers
    )
    improving = assessment_id_of(resumed.json())
    assert improving != first_assessment
    assert (
        await db_scalar(
            seeded_url, select(Assessment.is_improving).where(Assessment.id == improving)
        )
        is True
    )
    status = await db_scalar(
        seeded_url,
        select(CampaignParticipation.status).where(CampaignParticipation.id == int(participation)),
    )
    assert status == "STARTED"
    # Asking again while the improvement is under way changes nothing.
    again = await api.patch(
        f"/api/campaign-participations/{participation}/begin-improvement", headers=me.headers
    )
    assert again.status_code == 204
    latest = await api.get(
        f"/api/users/{me.id}/campaigns/{rentree}/campaign-participations", headers=me.headers
    )
    assert assessment_id_of(latest.json()) == improving


async def test_improving_is_refused_once_shared(api, auth_headers, seeded_url) -> None:
    me = await _learner(api, auth_headers, seeded_url, 1)
    rentree = await campaign_id(seeded_url, RENTREE)
    current = await api.get(
        f"/api/users/{me.id}/campaigns/{rentree}/campaign-participations", headers=me.headers
    )

    response = await api.patch(
        f"/api/campaign-participations/{current.json()['data']['id']}/begin-improvement",
        headers=me.headers,
    )

    assert response.status_code == 412
