"""GET/PATCH /api/campaigns/{id} and PUT/DELETE .../archive: shape, rules, who may do what.

In the collège, prof@ is ADMIN and prof2@ a MEMBER. RENTRE123 belongs to prof@, and
"Sécurité numérique 4e B" to prof2@; the lycée (prof@ MEMBER only) is another organisation
for prof2@.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from campaign_support import (
    PROF,
    PROF2,
    QUIET_CAMPAIGN,
    STUDENT,
    add_participation,
    campaign_id,
    campaign_id_by_name,
    errors_by_pointer,
    load_campaign,
    user_id,
)
from server_support import E3_FORBIDDEN, E5_UNAUTHORIZED, load_fixture

from server.models import Campaign


@pytest.fixture
def call(api, auth_headers):  # type: ignore[no-untyped-def]
    async def do_call(method: str, path: str, email: str | None = PROF, **kwargs: Any) -> Any:
        headers = await auth_headers(email) if email else {}
        return await api.request(method, path, headers=headers, **kwargs)

    return do_call


def update_body(**attributes: Any) -> dict[str, Any]:
    body = load_fixture("orga-campaign-update.request.json")
    body["data"]["attributes"].update(attributes)
    return body


# --- detail --------------------------------------------------------------------------------


async def test_detail_has_the_attributes_of_the_pix_fixture(call, seeded_url) -> None:
    rentree = await campaign_id(seeded_url, "RENTRE123")
    response = await call("GET", f"/api/campaigns/{rentree}")

    assert response.status_code == 200
    data = response.json()["data"]
    fixture = load_fixture("orga-campaign-detail.response.json")["data"]
    # combined courses do not exist here: Pix omits `combined-course` then too
    assert data["attributes"].keys() == fixture["attributes"].keys() - {"combined-course"}
    assert data["relationships"].keys() == fixture["relationships"].keys()
    attributes = data["attributes"]
    assert attributes["code"] == "RENTRE123"
    assert attributes["name"] == "Parcours de rentrée 5e"
    assert attributes["title"] == "Bienvenue en 5e"
    assert attributes["custom-landing-page-text"].startswith("Bonjour !")
    assert attributes["target-profile-name"] == "[CLG] Parcours de rentrée 5e"
    assert attributes["target-profile-tubes-count"] == 10
    assert attributes["target-profile-are-knowledge-elements-resettable"] is True
    assert data["relationships"]["stages"] == {"data": []}


async def test_profiles_collection_detail(call, seeded_url) -> None:
    profil = await campaign_id(seeded_url, "PROFIL456")
    attributes = (await call("GET", f"/api/campaigns/{profil}")).json()["data"]["attributes"]
    assert attributes["type"] == "PROFILES_COLLECTION"
    assert attributes["target-profile-name"] is None
    assert "target-profile-tubes-count" not in attributes
    assert (attributes["external-id-label"], attributes["external-id-type"]) == (
        "Numéro INE",
        "STRING",
    )


async def test_detail_without_participation(call, seeded_url) -> None:
    quiet = await campaign_id_by_name(seeded_url, QUIET_CAMPAIGN)
    attributes = (await call("GET", f"/api/campaigns/{quiet}")).json()["data"]["attributes"]
    assert (attributes["participations-count"], attributes["shared-participations-count"]) == (
        0,
        0,
    )
    assert attributes["average-result"] is None


async def test_detail_counts_and_average_of_latest_shared_results(call, seeded_url) -> None:
    rentree = await campaign_id_by_name(seeded_url, QUIET_CAMPAIGN)
    day = lambda d: datetime(2025, 1, d, tzinfo=UTC)  # noqa: E731
    # eleve01 shared twice (retry): only the latest result counts in the average
    await add_participation(
        seeded_url, rentree, "eleve01@example.net", status="SHARED", mastery_rate=0.2,
        shared_at=day(10), is_improved=True,
    )  # fmt: skip
    await add_participation(
        seeded_url, rentree, "eleve01@example.net", status="SHARED", mastery_rate=0.6,
        shared_at=day(20),
    )  # fmt: skip
    await add_participation(
        seeded_url, rentree, "eleve02@example.net", status="SHARED", mastery_rate=0.4
    )
    await add_participation(seeded_url, rentree, "eleve03@example.net", status="STARTED")
    await add_participation(
        seeded_url, rentree, "eleve04@example.net", status="SHARED", mastery_rate=1.0,
        deleted=True,
    )  # fmt: skip

    attributes = (await call("GET", f"/api/campaigns/{rentree}")).json()["data"]["attributes"]
    assert attributes["participations-count"] == 3
    assert attributes["shared-participations-count"] == 2
    assert attributes["average-result"] == pytest.approx(0.5)


async def test_detail_of_another_organization_is_refused(call, seeded_url) -> None:
    lycee_campaign = await campaign_id_by_name(seeded_url, "Profils Pix Terminale")
    response = await call("GET", f"/api/campaigns/{lycee_campaign}", email=PROF2)
    assert (response.status_code, response.json()) == (403, E3_FORBIDDEN)


async def test_detail_of_a_campaign_that_does_not_exist_is_refused(call) -> None:
    response = await call("GET", "/api/campaigns/999999")
    assert (response.status_code, response.json()) == (403, E3_FORBIDDEN)


# --- update --------------------------------------------------------------------------------


async def test_owner_updates_name_title_text_and_owner(call, seeded_url) -> None:
    rentree = await campaign_id(seeded_url, "RENTRE123")
    prof2 = await user_id(seeded_url, PROF2)
    response = await call(
        "PATCH",
        f"/api/campaigns/{rentree}",
        json=update_body(name="Rentrée 5e (v2)", title="Nouveau titre", **{"owner-id": prof2}),
    )

    assert response.status_code == 200, response.text
    attributes = response.json()["data"]["attributes"]
    assert attributes["name"] == "Rentrée 5e (v2)"
    assert attributes["title"] == "Nouveau titre"
    assert attributes["custom-landing-page-text"] == "toto"
    assert (attributes["owner-id"], attributes["owner-last-name"]) == (prof2, "Bernard")
    stored = await load_campaign(seeded_url, rentree)
    assert (stored.name, stored.owner_id, stored.code) == ("Rentrée 5e (v2)", prof2, "RENTRE123")
    # the new owner, a MEMBER, may now manage it
    archived = await call("PUT", f"/api/campaigns/{rentree}/archive", email=PROF2)
    assert archived.status_code == 200


UPDATE_RULES = [
    ("title too long", {"title": "t" * 51}, "/data/attributes/title", "CAMPAIGN_TITLE_IS_TOO_LONG"),
    ("name blank", {"name": "  "}, "/data/attributes/name", "CAMPAIGN_NAME_IS_REQUIRED"),
    (
        "landing text too long",
        {"custom-landing-page-text": "x" * 5001},
        "/data/attributes/custom-landing-page-text",
        "CUSTOM_LANDING_PAGE_TEXT_IS_TOO_LONG",
    ),
]


@pytest.mark.parametrize(
    ("attributes", "pointer", "key"), [pytest.param(*r[1:], id=r[0]) for r in UPDATE_RULES]
)
async def test_each_update_rule(call, seeded_url, attributes, pointer, key) -> None:
    rentree = await campaign_id(seeded_url, "RENTRE123")
    prof = await user_id(seeded_url, PROF)
    response = await call(
        "PATCH", f"/api/campaigns/{rentree}", json=update_body(**{"owner-id": prof, **attributes})
    )
    assert response.status_code == 422
    assert errors_by_pointer(response.json()) == {pointer: key}
    assert (await load_campaign(seeded_url, rentree)).name == "Parcours de rentrée 5e"


async def test_new_owner_must_be_a_member(call, seeded_url) -> None:
    rentree = await campaign_id(seeded_url, "RENTRE123")
    student = await user_id(seeded_url, STUDENT)
    response = await call(
        "PATCH", f"/api/campaigns/{rentree}", json=update_body(**{"owner-id": student})
    )
    assert response.status_code == 422
    assert errors_by_pointer(response.json()) == {
        "/data/relationships/owner": "OWNER_NOT_IN_ORGANIZATION"
    }


async def test_no_title_on_a_profiles_collection(call, seeded_url) -> None:
    profil = await campaign_id(seeded_url, "PROFIL456")
    prof = await user_id(seeded_url, PROF)
    response = await call(
        "PATCH", f"/api/campaigns/{profil}", json=update_body(title="Titre", **{"owner-id": prof})
    )
    assert errors_by_pointer(response.json()) == {
        "/data/attributes/title": (
            "TITLE_OF_PERSONALISED_TEST_IS_NOT_ALLOWED_FOR_PROFILES_COLLECTION_CAMPAIGN"
        )
    }


@pytest.mark.parametrize("missing", ["name", "title", "custom-landing-page-text", "owner-id"])
async def test_update_needs_all_four_attributes(call, seeded_url, missing) -> None:
    rentree = await campaign_id(seeded_url, "RENTRE123")
    body = update_body(**{"owner-id": await user_id(seeded_url, PROF)})
    del body["data"]["attributes"][missing]
    response = await call("PATCH", f"/api/campaigns/{rentree}", json=body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["detail"] == f'"data.attributes.{missing}" is required'


# --- archive -------------------------------------------------------------------------------


async def test_archive_then_unarchive(call, seeded_url) -> None:
    rentree = await campaign_id(seeded_url, "RENTRE123")
    archived = await call("PUT", f"/api/campaigns/{rentree}/archive")
    assert archived.status_code == 200
    assert archived.json()["data"]["attributes"]["is-archived"] is True
    stored = await load_campaign(seeded_url, rentree)
    assert stored.archived_at is not None
    assert stored.archived_by_id == await user_id(seeded_url, PROF)

    again = await call("PUT", f"/api/campaigns/{rentree}/archive")
    assert again.status_code == 412
    assert again.json() == {
        "errors": [
            {
                "status": "412",
                "title": "Precondition Failed",
                "detail": "Cette campagne est déjà archivée.",
            }
        ]
    }

    unarchived = await call("DELETE", f"/api/campaigns/{rentree}/archive")
    assert unarchived.status_code == 200
    assert unarchived.json()["data"]["attributes"]["is-archived"] is False
    stored = await load_campaign(seeded_url, rentree)
    assert (stored.archived_at, stored.archived_by_id) == (None, None)
    # unarchiving an active campaign changes nothing and is not an error
    assert (await call("DELETE", f"/api/campaigns/{rentree}/archive")).status_code == 200


# --- who may manage ------------------------------------------------------------------------

# (actor, campaign) → allowed. "own": prof2's campaign; "other": prof@'s RENTRE123;
# "lycee": a campaign of the lycée, where prof2@ is not a member.
MATRIX = [
    ("owner MEMBER", PROF2, "own", True),
    ("non-owner MEMBER", PROF2, "other", False),
    ("ADMIN non-owner", PROF, "own", True),
    ("other organisation", PROF2, "lycee", False),
    ("student", STUDENT, "own", False),
]
ACTIONS = ["update", "archive", "unarchive"]


async def _target(seeded_url: str, which: str) -> int:
    names = {
        "own": "Sécurité numérique 4e B",
        "other": "Parcours de rentrée 5e",
        "lycee": "Éducation aux médias 2nde 3",
    }
    return await campaign_id_by_name(seeded_url, names[which])


async def _act(call, seeded_url: str, action: str, campaign: int, email: str | None) -> Any:
    if action == "update":
        body = update_body(name="Renommée", **{"owner-id": await user_id(seeded_url, PROF2)})
        return await call("PATCH", f"/api/campaigns/{campaign}", email=email, json=body)
    if action == "archive":
        return await call("PUT", f"/api/campaigns/{campaign}/archive", email=email)
    return await call("DELETE", f"/api/campaigns/{campaign}/archive", email=email)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(
    ("email", "which", "allowed"), [pytest.param(*m[1:], id=m[0]) for m in MATRIX]
)
async def test_who_may_manage(call, seeded_url, action, email, which, allowed) -> None:
    campaign = await _target(seeded_url, which)
    if action == "unarchive":
        await _archive_behind_the_scenes(seeded_url, campaign)
    before = await load_campaign(seeded_url, campaign)

    response = await _act(call, seeded_url, action, campaign, email)

    after = await load_campaign(seeded_url, campaign)
    if allowed:
        assert response.status_code == 200, response.text
        assert _state(after) != _state(before)
    else:
        assert (response.status_code, response.json()) == (403, E3_FORBIDDEN)
        assert _state(after) == _state(before)


@pytest.mark.parametrize("action", ACTIONS)
async def test_anonymous_may_not_manage(call, seeded_url, action) -> None:
    campaign = await _target(seeded_url, "own")
    response = await _act(call, seeded_url, action, campaign, None)
    assert (response.status_code, response.json()) == (401, E5_UNAUTHORIZED)


def _state(campaign: Campaign) -> tuple[Any, ...]:
    return (campaign.name, campaign.owner_id, campaign.archived_at, campaign.title)


async def _archive_behind_the_scenes(url: str, campaign: int) -> None:
    from server_support import update_rows

    await update_rows(
        url, Campaign, Campaign.id == campaign, archived_at=datetime(2025, 2, 1, tzinfo=UTC)
    )
