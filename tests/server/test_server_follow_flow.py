"""A teacher follows RENTRE123 while the demo student takes it through the real Pix App
routes: what Orga sees at each step, and that results appear only once they are sent."""

from __future__ import annotations

from typing import Any

from follow_support import PROF
from student_support import (
    RENTREE,
    STUDENT,
    Student,
    assessment_id_of,
    campaign_id,
    challenge,
    right_value,
    user_id,
)

from server.engine.rounding import lodash_round


async def _get(api, headers, url, **extra: Any):  # type: ignore[no-untyped-def]
    return await api.get(url, headers={**headers, **extra})


async def test_the_teacher_sees_each_step_and_results_only_once_sent(
    api, auth_headers, seeded_url
) -> None:
    rentree = await campaign_id(seeded_url, RENTREE)
    teacher = await auth_headers(PROF)
    me = Student(api, await auth_headers(STUDENT), await user_id(seeded_url, STUDENT))
    activity = f"/api/campaigns/{rentree}/participants-activity"
    search = {"filter[search]": "Léa Petit"}

    async def my_row() -> dict[str, Any] | None:
        body = (await api.get(activity, params=search, headers=teacher)).json()
        return body["data"][0]["attributes"] if body["data"] else None

    # the demo class: 20 students, 3 in the test, 3 waiting to send, 14 sent
    by_status = (
        await _get(api, teacher, f"/api/campaigns/{rentree}/stats/participations-by-status")
    ).json()["data"]["attributes"]
    assert by_status == {"started": 3, "completed": 3, "shared": 14}
    before = await _get(api, teacher, activity)
    assert before.json()["meta"]["rowCount"] == 20
    assert await my_row() is None

    joined = await me.join(rentree)
    participation = int(joined.json()["data"]["id"])
    assessment = assessment_id_of(joined.json())
    changed = await _get(api, teacher, activity, **{"If-None-Match": before.headers["ETag"]})
    assert changed.status_code == 200 and changed.json()["meta"]["rowCount"] == 21
    row = await my_row()
    assert row is not None and row["status"] == "STARTED"
    assert row["last-campaign-participation-id"] == participation

    detail_url = f"/api/campaigns/{rentree}/assessment-participations/{participation}"
    for _ in range(3):  # a few answers, then the window is closed
        challenge_id = await me.next_challenge_id(assessment)
        assert challenge_id is not None
        answered = await me.answer(assessment, challenge_id, right_value(challenge(challenge_id)))
        assert answered.status_code == 201
    in_test = (await _get(api, teacher, detail_url)).json()["data"]["attributes"]
    assert 0 < in_test["progression"] < 1
    assert in_test["mastery-rate"] is None

    remaining = await me.play(assessment, right=True)
    assert remaining  # the test went on to its end
    completed = await api.patch(
        f"/api/assessments/{assessment}/complete-assessment", headers=me.headers
    )
    assert completed.status_code == 204
    row = await my_row()
    assert row is not None and row["status"] == "TO_SHARE"
    finished = (await _get(api, teacher, detail_url)).json()["data"]["attributes"]
    assert finished["progression"] == 1
    assert (finished["mastery-rate"], finished["validated-skills-count"]) == (None, None)
    hidden = (await _get(api, teacher, f"{detail_url}/results")).json()
    assert hidden["included"] == []
    results = (
        await api.get(
            f"/api/campaigns/{rentree}/assessment-results", params=search, headers=teacher
        )
    ).json()
    assert results["data"] == []

    shared = await api.patch(f"/api/campaign-participations/{participation}", headers=me.headers)
    assert shared.status_code == 204
    own = (
        await api.get(
            f"/api/users/{me.id}/campaigns/{rentree}/assessment-result", headers=me.headers
        )
    ).json()["data"]["attributes"]
    results = (
        await api.get(
            f"/api/campaigns/{rentree}/assessment-results", params=search, headers=teacher
        )
    ).json()
    [line] = results["data"]
    assert line["id"] == str(participation)
    validated, total = own["validated-skills-count"], own["total-skills-count"]
    assert line["attributes"]["mastery-rate"] == lodash_round(validated / total, 2)
    detail = (await _get(api, teacher, detail_url)).json()["data"]["attributes"]
    assert detail["validated-skills-count"] == validated
    assert detail["tested-skills-count"] == own["tested-skills-count"]
    per_competence = (await _get(api, teacher, f"{detail_url}/results")).json()["included"]
    assert sum(item["attributes"]["validated-skills-count"] for item in per_competence) == (
        validated
    )
    assert len(per_competence) == 6  # the 6 competences of "Parcours de rentrée 5e"
    by_status = (
        await _get(api, teacher, f"/api/campaigns/{rentree}/stats/participations-by-status")
    ).json()["data"]["attributes"]
    assert by_status == {"started": 3, "completed": 3, "shared": 15}

    export = await api.get(f"/api/campaigns/{rentree}/csv-assessment-results", headers=teacher)
    lines = export.content.decode("utf-8").splitlines()
    assert len(lines) == 1 + 15  # the header, then only the results that were sent
    assert sum(1 for line in lines if '"Petit";"Léa"' in line) == 1
