"""Another learner cannot read or act on my test, answers or results (CONTRACT 7.3-7.12)."""

from __future__ import annotations

from server_support import E3_FORBIDDEN
from student_support import (
    OTHER_STUDENT,
    RENTREE,
    SKIP,
    STUDENT,
    Student,
    assessment_id_of,
    campaign_id,
    user_id,
)

ASSESSMENT_REFUSED = {
    "errors": [
        {
            "status": "400",
            "title": "Invalid Attribute",
            "detail": "Vous n’êtes pas autorisé à accéder à cette évaluation",
            "source": {"pointer": "/data/attributes/authorization"},
            "meta": {"field": "authorization"},
        }
    ]
}


async def test_another_student_cannot_touch_my_test(api, auth_headers, seeded_url) -> None:
    me = Student(api, await auth_headers(STUDENT), await user_id(seeded_url, STUDENT))
    intruder = Student(
        api, await auth_headers(OTHER_STUDENT), await user_id(seeded_url, OTHER_STUDENT)
    )
    rentree = await campaign_id(seeded_url, RENTREE)
    joined = (await me.join(rentree)).json()
    assessment = assessment_id_of(joined)
    participation = joined["data"]["id"]
    asked = await me.next_challenge_id(assessment)
    answer_id = (await me.answer(assessment, asked, SKIP)).json()["data"]["id"]

    # The assessment: Pix's assessment pre-handler answers 401, with or without a token.
    for headers in (intruder.headers, {}):
        for method, url in [
            ("GET", f"/api/assessments/{assessment}"),
            ("PATCH", f"/api/assessments/{assessment}/complete-assessment"),
            ("PATCH", f"/api/assessments/{assessment}/last-challenge-state/timeout"),
            ("GET", f"/api/progressions/progression-{assessment}"),
        ]:
            response = await api.request(method, url, headers=headers)
            assert response.status_code == 401, url
            assert response.json() == ASSESSMENT_REFUSED, url

    # Answers: the list is refused, a single answer and its correction "do not exist".
    listed = await api.get(
        "/api/answers", params={"assessmentId": assessment}, headers=intruder.headers
    )
    assert listed.status_code == 403
    for url in (f"/api/answers/{answer_id}", f"/api/answers/{answer_id}/correction"):
        response = await api.get(url, headers=intruder.headers)
        assert response.status_code == 404, url
    by_challenge = await api.get(
        "/api/answers",
        params={"assessmentId": assessment, "challengeId": asked},
        headers=intruder.headers,
    )
    assert by_challenge.json() == {"data": None}
    posted = await intruder.answer(assessment, asked, SKIP)
    assert posted.status_code == 403

    # My participation and results.
    for url in (
        f"/api/users/{me.id}/campaigns/{rentree}/assessment-result",
        f"/api/users/{me.id}/campaigns/{rentree}/campaign-participations",
        f"/api/users/{me.id}/campaigns/{rentree}/profile",
        f"/api/users/{me.id}/profile",
    ):
        response = await api.get(url, headers=intruder.headers)
        assert (response.status_code, response.json()) == (403, E3_FORBIDDEN), url
    for url in (
        f"/api/campaign-participations/{participation}",
        f"/api/campaign-participations/{participation}/begin-improvement",
    ):
        response = await api.patch(url, headers=intruder.headers)
        assert response.status_code == 403, url
    missing = await api.patch("/api/campaign-participations/999999", headers=intruder.headers)
    assert missing.status_code == 404

    # Nothing changed for me.
    assert await me.next_challenge_id(assessment) is not None


async def test_joining_needs_a_token_but_finding_a_campaign_does_not(api) -> None:
    assert (await api.get("/api/campaigns?filter[code]=RENTRE123")).status_code == 200
    response = await api.post(
        "/api/campaign-participations",
        json={"data": {"relationships": {"campaign": {"data": {"id": 1, "type": "campaigns"}}}}},
    )
    assert response.status_code == 401


async def test_a_bad_token_on_an_optional_auth_route_is_a_401(api) -> None:
    response = await api.get("/api/assessments/1", headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401
    assert response.json()["statusCode"] == 401
