"""Answering: resume, idempotency, concurrency, time-outs, skips, corrections, caching
(CONTRACT 7.3-7.6, 7.13)."""

from __future__ import annotations

import asyncio

from server_support import load_fixture, update_rows
from sqlalchemy import func, select
from student_support import (
    RENTREE,
    SKIP,
    STUDENT,
    Student,
    assessment_id_of,
    campaign_id,
    challenge,
    db_all,
    db_scalar,
    right_value,
    user_id,
    wrong_value,
)

from server.content import load_content
from server.models import Answer, Assessment, Feedback, KnowledgeElement


async def _started(api, auth_headers, seeded_url) -> tuple[Student, int]:
    me = Student(api, await auth_headers(STUDENT), await user_id(seeded_url, STUDENT))
    joined = await me.join(await campaign_id(seeded_url, RENTREE))
    assert joined.status_code == 201
    return me, assessment_id_of(joined.json())


async def _answer_count(url: str, assessment: int) -> int:
    return int(
        await db_scalar(
            url, select(func.count()).select_from(Answer).where(Answer.assessment_id == assessment)
        )
    )


async def test_the_assessment_includes_its_next_challenge_without_the_solution(
    api, auth_headers, seeded_url
) -> None:
    me, assessment = await _started(api, auth_headers, seeded_url)

    doc = await me.assessment(assessment)

    fixture = load_fixture("app-assessment-with-next-challenge.response.json")
    assert set(doc["data"]["attributes"]) == set(fixture["data"]["attributes"])
    assert set(doc["data"]["relationships"]) == set(fixture["data"]["relationships"])
    assert doc["data"]["attributes"]["code-campaign"] == RENTREE
    linkage = doc["data"]["relationships"]["next-challenge"]["data"]
    [included] = doc["included"]
    assert (included["type"], included["id"]) == (linkage["type"], linkage["id"])
    item = challenge(linkage["id"])
    assert included["attributes"]["instruction"] == item.instruction
    assert included["attributes"]["type"] == item.type.value
    assert "solution" not in included["attributes"]
    # The first question is never a timed one (DOMAIN §3.2).
    assert "timer" not in included["attributes"]
    standalone = await api.get(f"/api/challenges/{linkage['id']}")
    assert standalone.json()["data"] == included


async def test_resuming_serves_the_same_challenge_even_from_another_session(
    api, auth_headers, seeded_url
) -> None:
    me, assessment = await _started(api, auth_headers, seeded_url)
    first = await me.next_challenge_id(assessment)
    response = await me.answer(assessment, first, right_value(challenge(first)))
    assert response.status_code == 201
    second = await me.next_challenge_id(assessment)
    assert second is not None and second != first

    # Another machine: a new token, and the participation looked up by campaign.
    elsewhere = Student(api, await auth_headers(STUDENT), me.id)
    rentree = await campaign_id(seeded_url, RENTREE)
    current = await api.get(
        f"/api/users/{me.id}/campaigns/{rentree}/campaign-participations",
        headers=elsewhere.headers,
    )
    assert current.status_code == 200
    assert assessment_id_of(current.json()) == assessment
    assert await elsewhere.next_challenge_id(assessment) == second
    assert await me.next_challenge_id(assessment) == second


async def test_only_the_challenge_asked_can_be_answered(api, auth_headers, seeded_url) -> None:
    me, assessment = await _started(api, auth_headers, seeded_url)
    asked = await me.next_challenge_id(assessment)
    other = next(item.id for item in load_content().challenges if item.id != asked)

    response = await me.answer(assessment, other, "1")

    assert response.status_code == 409
    assert response.json()["errors"][0] == {
        "status": "409",
        "title": "Conflict",
        "detail": "This challenge has not been asked to the user.",
    }
    assert await _answer_count(seeded_url, assessment) == 0


async def test_an_answer_resent_with_its_idempotency_key_is_recorded_once(
    api, auth_headers, seeded_url
) -> None:
    me, assessment = await _started(api, auth_headers, seeded_url)
    asked = await me.next_challenge_id(assessment)
    value = right_value(challenge(asked))

    first = await me.answer(assessment, asked, value, key="k-1")
    resent = await me.answer(assessment, asked, value, key="k-1")

    assert first.status_code == resent.status_code == 201
    assert resent.json() == first.json()
    assert resent.headers["Idempotent-Replayed"] == "true"
    assert await _answer_count(seeded_url, assessment) == 1
    # Still replayed once the next question was asked.
    following = await me.next_challenge_id(assessment)
    assert (await me.answer(assessment, asked, value, key="k-1")).json() == first.json()
    # A key is for one answer: reusing it for the next question is a client bug, refused.
    reused = await me.answer(assessment, following, SKIP, key="k-1")
    assert reused.status_code == 422
    assert reused.json()["errors"][0]["code"] == "IDEMPOTENCY_KEY_REUSED"
    # Without the key it is a second answer to the same question: refused.
    twin = await me.answer(assessment, asked, value)
    assert twin.status_code == 409
    assert twin.json()["errors"][0]["detail"] == "This challenge has already been answered."


async def test_concurrent_identical_answers_make_one_answer(api, auth_headers, seeded_url) -> None:
    me, assessment = await _started(api, auth_headers, seeded_url)
    asked = await me.next_challenge_id(assessment)
    value = right_value(challenge(asked))

    responses = await asyncio.gather(
        *(me.answer(assessment, asked, value, key="same") for _ in range(3))
    )

    assert [response.status_code for response in responses] == [201, 201, 201]
    assert len({response.json()["data"]["id"] for response in responses}) == 1
    assert await _answer_count(seeded_url, assessment) == 1
    direct = await db_scalar(
        seeded_url,
        select(func.count())
        .select_from(KnowledgeElement)
        .where(KnowledgeElement.assessment_id == assessment, KnowledgeElement.source == "direct"),
    )
    assert direct == 1


async def test_concurrent_answers_without_key_are_one_answer_and_conflicts(
    api, auth_headers, seeded_url
) -> None:
    me, assessment = await _started(api, auth_headers, seeded_url)
    asked = await me.next_challenge_id(assessment)

    responses = await asyncio.gather(
        me.answer(assessment, asked, right_value(challenge(asked))),
        me.answer(assessment, asked, wrong_value(challenge(asked))),
    )

    assert sorted(response.status_code for response in responses) == [201, 409]
    assert await _answer_count(seeded_url, assessment) == 1


async def test_skips_empty_answers_and_time_outs(api, auth_headers, seeded_url) -> None:
    me, assessment = await _started(api, auth_headers, seeded_url)
    asked = await me.next_challenge_id(assessment)

    empty = await me.answer(assessment, asked, "")
    assert empty.status_code == 400
    assert empty.json()["errors"][0]["code"] == "ANSWER_CANNOT_BE_EMPTY"

    skipped = await me.answer(assessment, asked, SKIP)
    assert skipped.status_code == 201
    assert skipped.json()["data"]["attributes"]["result"] == "aband"
    skill = challenge(asked).skill_id
    statuses = await db_all(
        seeded_url,
        select(KnowledgeElement.skill_id, KnowledgeElement.status, KnowledgeElement.source).where(
            KnowledgeElement.assessment_id == assessment
        ),
    )
    assert (skill, "invalidated", "direct") in statuses

    # A timed challenge answered right after its timer ran out: "timedout", and a failure.
    timed = next(
        item
        for skill_id in load_content().target_profiles_by_id[1].skill_ids
        for item in load_content().challenges_by_skill[skill_id]
        if item.timer is not None and item.skill_id not in {s for s, _, _ in statuses}
    )
    await update_rows(
        seeded_url, Assessment, Assessment.id == assessment, last_challenge_id=timed.id
    )
    late = await me.answer(assessment, timed.id, right_value(timed), timeout=-2)
    assert late.status_code == 201
    assert late.json()["data"]["attributes"] == {
        "value": right_value(timed),
        "result": "timedout",
        "result-details": None,
        "timeout": -2,
    }
    status = await db_scalar(
        seeded_url,
        select(KnowledgeElement.status).where(
            KnowledgeElement.assessment_id == assessment,
            KnowledgeElement.skill_id == timed.skill_id,
        ),
    )
    assert status == "invalidated"


async def test_the_answer_document_and_its_correction(api, auth_headers, seeded_url) -> None:
    me, assessment = await _started(api, auth_headers, seeded_url)
    asked = await me.next_challenge_id(assessment)
    item = challenge(asked)

    created = await me.answer(assessment, asked, wrong_value(item))

    doc = created.json()
    fixture = load_fixture("app-answer-create.response.json")
    assert set(doc["data"]["attributes"]) == set(fixture["data"]["attributes"])
    answer_id = doc["data"]["id"]
    assert doc["data"]["relationships"] == {
        "assessment": {"data": {"type": "assessments", "id": str(assessment)}},
        "challenge": {"data": {"type": "challenges", "id": asked}},
        "correction": {"links": {"related": f"/api/answers/{answer_id}/correction"}},
        "levelup": {"data": None},
    }
    assert (await api.get(f"/api/answers/{answer_id}", headers=me.headers)).json() == doc
    listed = await api.get("/api/answers", params={"assessmentId": assessment}, headers=me.headers)
    assert [item["id"] for item in listed.json()["data"]] == [answer_id]
    one = await api.get(
        "/api/answers",
        params={"assessmentId": assessment, "challengeId": asked},
        headers=me.headers,
    )
    assert one.json()["data"]["id"] == answer_id

    correction = await api.get(f"/api/answers/{answer_id}/correction", headers=me.headers)
    assert correction.status_code == 200
    body = correction.json()
    skill = load_content().skills_by_id[item.skill_id]
    assert body["data"]["type"] == "corrections"
    assert body["data"]["id"] == asked
    attributes = body["data"]["attributes"]
    assert attributes["solution"] == item.solution
    assert attributes["hint"] == skill.hint
    assert item.explanation.strip() in attributes["solution-to-display"]
    if item.type.value == "QCU":
        assert item.options[int(item.solution) - 1] in attributes["solution-to-display"]
    tutorials = [entry for entry in body["included"] if entry["type"] == "tutorials"]
    assert [entry["id"] for entry in tutorials] == list(skill.tutorial_ids)
    assert body["data"]["relationships"]["tutorials"]["data"] == [
        {"type": "tutorials", "id": tutorial_id} for tutorial_id in skill.tutorial_ids
    ]
    assert set(tutorials[0]["attributes"]) >= {"title", "format", "source", "link", "duration"}


async def test_assessment_and_challenge_support_conditional_requests(
    api, auth_headers, seeded_url
) -> None:
    me, assessment = await _started(api, auth_headers, seeded_url)
    first = await api.get(f"/api/assessments/{assessment}", headers=me.headers)
    etag = first.headers["ETag"]

    unchanged = await api.get(
        f"/api/assessments/{assessment}", headers={**me.headers, "If-None-Match": etag}
    )
    assert unchanged.status_code == 304
    assert unchanged.content == b""

    asked = first.json()["data"]["relationships"]["next-challenge"]["data"]["id"]
    await me.answer(assessment, asked, SKIP)
    changed = await api.get(
        f"/api/assessments/{assessment}", headers={**me.headers, "If-None-Match": etag}
    )
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag

    content = await api.get(f"/api/challenges/{asked}")
    assert "max-age" in content.headers["Cache-Control"]
    again = await api.get(
        f"/api/challenges/{asked}", headers={"If-None-Match": f"W/{content.headers['ETag']}"}
    )
    assert again.status_code == 304
    assert (await api.get("/api/challenges/recNoSuchChallenge")).status_code == 404


async def test_last_challenge_state_is_recorded(api, auth_headers, seeded_url) -> None:
    me, assessment = await _started(api, auth_headers, seeded_url)
    asked = await me.next_challenge_id(assessment)

    response = await api.patch(
        f"/api/assessments/{assessment}/last-challenge-state/timeout",
        json={"data": {"attributes": {"challenge-id": asked}}},
        headers=me.headers,
    )

    assert response.status_code == 204
    state = (await me.assessment(assessment))["data"]["attributes"]["last-question-state"]
    assert state == "timeout"
    bad = await api.patch(
        f"/api/assessments/{assessment}/last-challenge-state/asleep", headers=me.headers
    )
    assert bad.status_code == 400


async def test_a_feedback_is_stored_with_the_user_agent(api, auth_headers, seeded_url) -> None:
    me, assessment = await _started(api, auth_headers, seeded_url)
    asked = await me.next_challenge_id(assessment)
    body = load_fixture("app-feedback-create.request.json")
    body["data"]["relationships"]["assessment"]["data"]["id"] = assessment
    body["data"]["relationships"]["challenge"]["data"]["id"] = asked

    response = await api.post(
        "/api/feedbacks", json=body, headers={"User-Agent": "pix-tui/0.1 (xterm-256color)"}
    )

    assert response.status_code == 201
    data = response.json()["data"]
    assert data["attributes"]["content"] == "Dummy content"
    assert data["relationships"]["challenge"]["data"] == {"type": "challenges", "id": asked}
    stored = await db_scalar(seeded_url, select(Feedback).where(Feedback.id == int(data["id"])))
    assert (stored.user_agent, stored.category, stored.answer) == (
        "pix-tui/0.1 (xterm-256color)",
        "Dummy category",
        "Dummy answer",
    )
