"""Pix Admin reads: campaign detail (CONTRACT 8.2), lists and searches, participations with
triage data (8.4), feedbacks — on the demo data, as the support account.

Demo: RENTRE123 (collège) has 20 participants: 14 SHARED, 3 TO_SHARE, 3 STARTED who
answered a few questions in the last days; eleve04 and eleve06 reported a problem.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from admin_support import SUPPORT, participation_of
from campaign_support import COLLEGE, LYCEE, add_participation, campaign_id, organization_id
from server_support import load_fixture, update_rows
from sqlalchemy import select

from server.models import Answer, Assessment, CampaignParticipation

CONTRACT_ATTRIBUTES = {
    "name", "code", "type", "title", "created-at", "archived-at", "deleted-at", "creator-id",
    "creator-first-name", "creator-last-name", "owner-id", "owner-first-name",
    "owner-last-name", "organization-id", "organization-name", "target-profile-id",
    "target-profile-name", "custom-landing-page-text", "custom-result-page-text",
    "custom-result-page-button-text", "custom-result-page-button-url", "external-id-label",
    "is-for-absolute-novice", "is-profiles-collection", "is-type-assessment",
    "multiple-sendings", "shared-participations-count", "total-participations-count",
}  # fmt: skip
EXTENSION_ATTRIBUTES = {
    "started-participations-count", "to-share-participations-count",
    "deleted-participations-count", "stuck-participations-count", "stuck-after-days",
}  # fmt: skip


@pytest.fixture
def call(api, auth_headers):
    async def do(method: str, url: str, *, email: str = SUPPORT, **kwargs):
        headers = await auth_headers(email, scope="pix-admin")
        return await api.request(method, url, headers=headers, **kwargs)

    return do


# --- detail --------------------------------------------------------------------------------


async def test_detail_has_the_contract_attributes_and_the_triage_counts(call, seeded_url) -> None:
    rentree = await campaign_id(seeded_url, "RENTRE123")
    college = await organization_id(seeded_url, COLLEGE)

    response = await call("GET", f"/api/admin/campaigns/{rentree}")

    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["type"], data["id"]) == ("campaigns", str(rentree))
    attributes = data["attributes"]
    assert set(attributes) == CONTRACT_ATTRIBUTES | EXTENSION_ATTRIBUTES
    # The fixture of Pix's serializer names exactly the contract attributes.
    fixture = load_fixture("admin-campaign-detail.response.json")["data"]["attributes"]
    assert set(fixture) == CONTRACT_ATTRIBUTES
    assert attributes["code"] == "RENTRE123"
    assert attributes["organization-id"] == college
    assert attributes["organization-name"] == COLLEGE
    assert (attributes["owner-first-name"], attributes["owner-last-name"]) == ("Claire", "Moreau")
    assert attributes["creator-id"] == attributes["owner-id"]
    assert attributes["target-profile-name"] == "[CLG] Parcours de rentrée 5e"
    assert attributes["is-type-assessment"] is True
    assert attributes["is-profiles-collection"] is False
    assert attributes["archived-at"] is None and attributes["deleted-at"] is None
    assert attributes["created-at"] == "2025-09-04T08:00:00.000Z"
    counts = {key: attributes[key] for key in attributes if key.endswith("-count")}
    assert counts == {
        "total-participations-count": 20,
        "shared-participations-count": 14,
        "started-participations-count": 3,
        "to-share-participations-count": 3,
        "deleted-participations-count": 0,
        "stuck-participations-count": 0,  # the 3 in progress answered in the last 3 days
    }
    assert attributes["stuck-after-days"] == 7


async def test_detail_of_an_archived_profiles_collection(call, seeded_url) -> None:
    archived = await campaign_id(seeded_url, "ARCHIV789")
    attributes = (await call("GET", f"/api/admin/campaigns/{archived}")).json()["data"][
        "attributes"
    ]
    assert attributes["archived-at"] == "2024-10-03T08:00:00.000Z"
    assert (attributes["owner-first-name"], attributes["owner-last-name"]) == ("Julien", "Bernard")

    profil = await campaign_id(seeded_url, "PROFIL456")
    attributes = (await call("GET", f"/api/admin/campaigns/{profil}")).json()["data"]["attributes"]
    assert attributes["is-profiles-collection"] is True
    assert attributes["target-profile-id"] is None and attributes["target-profile-name"] is None
    assert attributes["external-id-label"] == "Numéro INE"


async def test_unknown_campaign_is_a_404(call) -> None:
    response = await call("GET", "/api/admin/campaigns/987654")
    assert response.status_code == 404
    assert response.json()["errors"][0]["detail"] == "La campagne d'id 987654 n'existe pas."


# --- search across organisations -----------------------------------------------------------


async def _search(call, **filters: str) -> dict:
    params = {f"filter[{key}]": value for key, value in filters.items()}
    response = await call("GET", "/api/admin/campaigns", params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def test_search_by_code_fragment_in_any_case(call, seeded_url) -> None:
    body = await _search(call, code="archiv")
    codes = [item["attributes"]["code"] for item in body["data"]]
    assert codes == ["ARCHIV789"]
    attributes = body["data"][0]["attributes"]
    assert attributes["organization-name"] == COLLEGE
    assert attributes["archived-at"] == "2024-10-03T08:00:00.000Z"
    assert attributes["type"] == "ASSESSMENT"
    assert (attributes["owner-first-name"], attributes["owner-last-name"]) == ("Julien", "Bernard")
    assert body["meta"] == {"page": 1, "pageSize": 10, "rowCount": 1, "pageCount": 1}

    typed = await _search(call, code=" rentre 123 ")
    assert [item["attributes"]["code"] for item in typed["data"]] == ["RENTRE123"]


async def test_search_by_name_finds_campaigns_of_every_organisation(call) -> None:
    body = await _search(call, name="RENTRÉE")
    found = {
        (item["attributes"]["name"], item["attributes"]["organization-name"])
        for item in body["data"]
    }
    assert ("Parcours de rentrée 5e", COLLEGE) in found
    assert ("Parcours Seconde – rentrée", LYCEE) in found
    assert all("rentrée" in name.lower() for name, _ in found)


async def test_search_by_id_and_combined_filters(call, seeded_url) -> None:
    profil = await campaign_id(seeded_url, "PROFIL456")
    body = await _search(call, id=str(profil))
    assert [item["id"] for item in body["data"]] == [str(profil)]
    assert (await _search(call, id=str(profil), name="rentrée"))["data"] == []


async def test_search_pages_and_invalid_id(call) -> None:
    first = await call("GET", "/api/admin/campaigns", params={"page[size]": 25})
    meta = first.json()["meta"]
    assert meta["rowCount"] == 34 and meta["pageCount"] == 2  # 30 collège + 4 lycée
    second = await call("GET", "/api/admin/campaigns", params={"page[size]": 25, "page[number]": 2})
    ids = [item["id"] for item in first.json()["data"] + second.json()["data"]]
    assert len(ids) == len(set(ids)) == 34

    response = await call("GET", "/api/admin/campaigns", params={"filter[id]": "abc"})
    assert response.status_code == 400
    assert (
        response.json()["errors"][0]["detail"] == "Un des champs de recherche saisis est invalide."
    )


async def test_organization_campaigns_newest_first(call, seeded_url) -> None:
    lycee = await organization_id(seeded_url, LYCEE)
    body = (await call("GET", f"/api/admin/organizations/{lycee}/campaigns")).json()
    names = [item["attributes"]["name"] for item in body["data"]]
    assert names == [
        "Profils Pix Terminale",
        "Éducation aux médias 1re (2023)",
        "Éducation aux médias 2nde 3",
        "Parcours Seconde – rentrée",
    ]
    assert body["meta"]["rowCount"] == 4
    assert {"created-at", "archived-at", "deleted-at", "owner-id", "creator-id"} <= set(
        body["data"][0]["attributes"]
    )


async def test_organization_search_like_pix(call, seeded_url) -> None:
    response = await call("GET", "/api/admin/organizations", params={"filter[name]": "lycée"})
    body = response.json()
    assert [item["attributes"]["name"] for item in body["data"]] == [LYCEE]
    attributes = body["data"][0]["attributes"]
    assert attributes["type"] == "SCO"
    assert attributes["external-id"] == "0759876B"
    assert attributes["campaigns-count"] == 4
    assert body["data"][0]["relationships"]["target-profiles"]["links"]["related"].endswith(
        "/target-profiles"
    )
    college = await organization_id(seeded_url, COLLEGE)
    by_id = (
        await call("GET", "/api/admin/organizations", params={"filter[id]": str(college)})
    ).json()
    assert [item["id"] for item in by_id["data"]] == [str(college)]
    every = (await call("GET", "/api/admin/organizations")).json()
    assert [item["attributes"]["name"] for item in every["data"]] == [COLLEGE, LYCEE]


# --- participations ------------------------------------------------------------------------


async def test_participations_like_pix_with_last_activity(call, seeded_url) -> None:
    rentree = await campaign_id(seeded_url, "RENTRE123")
    response = await call(
        "GET", f"/api/admin/campaigns/{rentree}/participations", params={"page[size]": 50}
    )
    body = response.json()
    assert body["meta"] == {"page": 1, "pageSize": 50, "rowCount": 20, "pageCount": 1}
    fixture = load_fixture("admin-campaign-participations.response.json")["data"][0]
    first = body["data"][0]
    assert first["type"] == fixture["type"] == "campaign-participations"
    assert set(first["attributes"]) == set(fixture["attributes"]) | {"last-activity-at"}
    names = [(p["attributes"]["last-name"], p["attributes"]["first-name"]) for p in body["data"]]
    assert names == sorted(names)
    for item in body["data"]:
        attributes = item["attributes"]
        assert attributes["user-full-name"] == (
            f"{attributes['first-name']} {attributes['last-name']}"
        )
        # Every demo participant answered at least one question.
        assert attributes["last-activity-at"] is not None
        assert attributes["deleted-at"] is None and attributes["deleted-by"] is None


async def test_participations_filtered_by_status(call, seeded_url) -> None:
    rentree = await campaign_id(seeded_url, "RENTRE123")
    url = f"/api/admin/campaigns/{rentree}/participations"
    started = (await call("GET", url, params={"filter[status]": "STARTED"})).json()
    assert started["meta"]["rowCount"] == 3
    assert {item["attributes"]["status"] for item in started["data"]} == {"STARTED"}
    assert (await call("GET", url, params={"filter[status]": "DONE"})).status_code == 400


async def test_stuck_participations_are_found_and_counted(call, seeded_url) -> None:
    rentree = await campaign_id(seeded_url, "RENTRE123")
    stuck = await participation_of(seeded_url, rentree, "eleve04@example.net")
    # eleve04 stopped answering ten days ago.
    assessments = select(Assessment.id).where(Assessment.campaign_participation_id == stuck)
    ten_days_ago = datetime.now(UTC) - timedelta(days=10)
    await update_rows(
        seeded_url, Answer, Answer.assessment_id.in_(assessments), created_at=ten_days_ago
    )
    await update_rows(
        seeded_url, CampaignParticipation, CampaignParticipation.id == stuck,
        created_at=ten_days_ago - timedelta(hours=1),
    )  # fmt: skip

    url = f"/api/admin/campaigns/{rentree}/participations"
    body = (await call("GET", url, params={"filter[stuckAfterDays]": "7"})).json()
    assert [item["id"] for item in body["data"]] == [str(stuck)]
    last = datetime.fromisoformat(body["data"][0]["attributes"]["last-activity-at"])
    assert abs(last - ten_days_ago) < timedelta(seconds=1)
    # With a shorter patience, the two others in progress (1 to 3 days) are stuck too.
    assert (await call("GET", url, params={"filter[stuckAfterDays]": "0"})).json()["meta"][
        "rowCount"
    ] == 3
    detail = (await call("GET", f"/api/admin/campaigns/{rentree}")).json()["data"]["attributes"]
    assert detail["stuck-participations-count"] == 1


async def test_a_started_participation_without_any_answer_is_stuck_after_its_start(
    call, seeded_url
) -> None:
    quiet = await campaign_id(seeded_url, "ARCHIV789")
    await add_participation(seeded_url, quiet, "eleve21@example.net", status="STARTED")
    body = (
        await call(
            "GET",
            f"/api/admin/campaigns/{quiet}/participations",
            params={"filter[stuckAfterDays]": "7"},
        )
    ).json()
    assert [item["attributes"]["last-activity-at"] for item in body["data"]] == [None]


# --- feedbacks -----------------------------------------------------------------------------


async def test_feedbacks_reported_during_the_campaign(call, seeded_url) -> None:
    rentree = await campaign_id(seeded_url, "RENTRE123")
    body = (await call("GET", f"/api/admin/campaigns/{rentree}/feedbacks")).json()
    assert body["meta"]["rowCount"] == 2
    reports = {item["attributes"]["user-full-name"]: item["attributes"] for item in body["data"]}
    assert set(reports) == {"Hugo Thomas", "Louis Richard"}  # eleve04, eleve06
    picture = reports["Hugo Thomas"]
    assert picture["content"].startswith("L'image ne s'affiche pas")
    assert picture["category"] == "picture"
    assert picture["challenge-id"].startswith("rec")
    assert picture["campaign-participation-id"] == await participation_of(
        seeded_url, rentree, "eleve04@example.net"
    )
    dates = [item["attributes"]["created-at"] for item in body["data"]]
    assert dates == sorted(dates, reverse=True)

    profil = await campaign_id(seeded_url, "PROFIL456")
    assert (await call("GET", f"/api/admin/campaigns/{profil}/feedbacks")).json()["data"] == []
