"""A whole campaign test through HTTP, as the terminal client plays it (CONTRACT 7.1-7.9)."""

from __future__ import annotations

from typing import Any

from server_support import load_fixture
from sqlalchemy import select
from student_support import (
    RENTREE,
    STUDENT,
    Student,
    assessment_id_of,
    campaign_id,
    challenge,
    db_all,
    db_scalar,
    user_id,
)

from server.content import load_content
from server.models import CampaignParticipation, KnowledgeElement, KnowledgeElementSnapshot


def _keys(doc: dict[str, Any]) -> set[str]:
    return set(doc["data"]["attributes"])


async def _latest_knowledge(url: str, user: int) -> dict[str, str]:
    """skill id -> status of the learner's latest KE, read straight from the table."""
    rows = await db_all(
        url,
        select(KnowledgeElement.skill_id, KnowledgeElement.status)
        .where(KnowledgeElement.user_id == user)
        .order_by(KnowledgeElement.created_at, KnowledgeElement.id),
    )
    latest: dict[str, str] = {}
    for skill_id, status in rows:
        latest[skill_id] = status
    return latest


async def test_a_student_takes_a_whole_campaign_test(api, auth_headers, seeded_url) -> None:
    me = Student(api, await auth_headers(STUDENT), await user_id(seeded_url, STUDENT))
    rentree = await campaign_id(seeded_url, RENTREE)

    # The landing page: the campaign found by its code, typed carelessly.
    found = await api.get("/api/campaigns", params={"filter[code]": " rentre123 "})
    assert found.status_code == 200
    assert found.json()["data"]["id"] == str(rentree)
    assert _keys(found.json()) == _keys(load_fixture("app-campaign-by-code.response.json"))

    joined = await me.join(rentree)
    assert joined.status_code == 201, joined.text
    doc = joined.json()
    assert _keys(doc) == _keys(load_fixture("app-campaign-participation-create.response.json"))
    assert doc["included"] == [
        {
            "type": "campaigns",
            "id": str(rentree),
            "attributes": {"code": RENTREE, "title": "Bienvenue en 5e"},
        }
    ]
    assessment = assessment_id_of(doc)
    assert doc["data"]["relationships"]["assessment"]["links"]["related"] == (
        f"/api/assessments/{assessment}"
    )

    given = await me.play(assessment)  # right, wrong, right, wrong...
    assert len(given) >= 5
    results = [answer["attributes"]["result"] for _, answer in given]
    assert results == ["ok" if index % 2 == 0 else "ko" for index in range(len(given))]

    ended = await me.assessment(assessment)
    attributes = ended["data"]["attributes"]
    assert attributes["ordered-challenge-ids-answered"] == [cid for cid, _ in given]
    assert attributes["state"] == "started"
    assert ended["data"]["relationships"]["next-challenge"] == {"data": None}
    assert "included" not in ended or ended["included"] == []

    completed = await api.patch(
        f"/api/assessments/{assessment}/complete-assessment", headers=me.headers
    )
    assert completed.status_code == 204
    progression = await api.get(f"/api/progressions/progression-{assessment}", headers=me.headers)
    assert progression.json()["data"]["attributes"]["completion-rate"] == 1

    # The results page agrees with the answers given and with the knowledge elements stored.
    result = await api.get(
        f"/api/users/{me.id}/campaigns/{rentree}/assessment-result", headers=me.headers
    )
    assert result.status_code == 200
    values = result.json()["data"]["attributes"]
    assert _keys(result.json()) == _keys(
        load_fixture("app-campaign-participation-result.response.json")
    )
    target = set(load_content().target_profiles_by_id[1].skill_ids)
    latest = {
        skill: status
        for skill, status in (await _latest_knowledge(seeded_url, me.id)).items()
        if skill in target
    }
    validated = {skill for skill, status in latest.items() if status == "validated"}
    for challenge_id, answer in given:
        skill = challenge(challenge_id).skill_id
        expected = "validated" if answer["attributes"]["result"] == "ok" else "invalidated"
        assert latest[skill] == expected
    assert values["total-skills-count"] == len(target) == 28
    assert values["tested-skills-count"] == len(latest)
    assert values["validated-skills-count"] == len(validated)
    assert values["mastery-rate"] == float(f"{len(validated) / len(target):.2g}")
    assert values["is-completed"] is True
    assert values["is-shared"] is False
    assert values["can-retry"] is False  # RENTRE123 has no multiple sendings
    competences = [
        item for item in result.json()["included"] if item["type"] == "competenceResults"
    ]
    assert sum(item["attributes"]["validated-skills-count"] for item in competences) == len(
        validated
    )
    assert sum(item["attributes"]["total-skills-count"] for item in competences) == 28
    assert [item["attributes"]["index"] for item in competences] == sorted(
        item["attributes"]["index"] for item in competences
    )

    participation = doc["data"]["id"]
    shared = await api.patch(f"/api/campaign-participations/{participation}", headers=me.headers)
    assert shared.status_code == 204
    again = await api.patch(f"/api/campaign-participations/{participation}", headers=me.headers)
    assert again.status_code == 412
    assert again.json()["errors"][0]["detail"] == "Ces résultats de campagne ont déjà été partagés."

    after = (
        await api.get(
            f"/api/users/{me.id}/campaigns/{rentree}/assessment-result", headers=me.headers
        )
    ).json()["data"]["attributes"]
    assert after["is-shared"] is True
    assert after["shared-at"] is not None
    assert after["validated-skills-count"] == len(validated)
    frozen = await db_scalar(
        seeded_url,
        select(CampaignParticipation).where(CampaignParticipation.id == int(participation)),
    )
    assert frozen.status == "SHARED"
    assert frozen.validated_skills_count == len(validated)
    assert frozen.mastery_rate == len(validated) / 28
    assert sum(item["validated"] for item in frozen.competence_results) == len(validated)
    snapshot = await db_scalar(
        seeded_url,
        select(KnowledgeElementSnapshot.snapshot).where(
            KnowledgeElementSnapshot.campaign_participation_id == int(participation)
        ),
    )
    assert {item["skill_id"] for item in snapshot} == set(latest)


async def test_a_test_cannot_be_completed_while_questions_remain(
    api, auth_headers, seeded_url
) -> None:
    me = Student(api, await auth_headers(STUDENT), await user_id(seeded_url, STUDENT))
    joined = await me.join(await campaign_id(seeded_url, RENTREE))
    assessment = assessment_id_of(joined.json())
    assert await me.next_challenge_id(assessment) is not None

    response = await api.patch(
        f"/api/assessments/{assessment}/complete-assessment", headers=me.headers
    )

    assert response.status_code == 409
    participation = joined.json()["data"]["id"]
    share = await api.patch(f"/api/campaign-participations/{participation}", headers=me.headers)
    assert share.status_code == 409
    assert share.json()["errors"][0]["detail"] == "Cette évaluation n'est pas terminée."


async def test_progression_counts_the_skills_already_assessed(
    api, auth_headers, seeded_url
) -> None:
    me = Student(api, await auth_headers(STUDENT), await user_id(seeded_url, STUDENT))
    assessment = assessment_id_of((await me.join(await campaign_id(seeded_url, RENTREE))).json())
    url = f"/api/progressions/progression-{assessment}"
    assert (await api.get(url, headers=me.headers)).json()["data"] == {
        "type": "progressions",
        "id": f"progression-{assessment}",
        "attributes": {"completion-rate": 0},
    }

    challenge_id = await me.next_challenge_id(assessment)
    assert challenge_id is not None
    await me.answer(assessment, challenge_id, SKIP_VALUE)

    assessed = len(await _latest_knowledge(seeded_url, me.id))
    rate = (await api.get(url, headers=me.headers)).json()["data"]["attributes"]["completion-rate"]
    assert assessed >= 1
    assert rate == assessed / 28


SKIP_VALUE = "#ABAND#"
