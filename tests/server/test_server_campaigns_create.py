"""POST /api/campaigns: every validation rule (E2 pointer and raw key), the organisation's
rights (403), the generated code, and the Idempotency-Key."""

from __future__ import annotations

import asyncio
import copy
import re
from typing import Any

import pytest
from campaign_support import (
    COLLEGE,
    GENERATED_CODE,
    LYCEE,
    PROF,
    PROF2,
    STUDENT,
    campaign_count,
    errors_by_pointer,
    load_campaign,
    organization_id,
    user_id,
)
from server_support import E5_UNAUTHORIZED, load_fixture

from server.db import Database
from server.usecases.campaigns import CampaignCreation, create_campaign

NAME = "/data/attributes/name"
TYPE = "/data/attributes/type"
TITLE = "/data/attributes/title"
LANDING_TEXT = "/data/attributes/custom-landing-page-text"
EXTERNAL_ID_LABEL = "/data/attributes/external-id-label"
EXTERNAL_ID_TYPE = "/data/attributes/external-id-type"
TARGET_PROFILE = "/data/relationships/target-profile"
OWNER = "/data/relationships/owner"
ORGANIZATION = "/data/relationships/organization"


@pytest.fixture
async def ids(seeded_url: str) -> dict[str, int]:
    return {
        "college": await organization_id(seeded_url, COLLEGE),
        "lycee": await organization_id(seeded_url, LYCEE),
        "prof": await user_id(seeded_url, PROF),
        "prof2": await user_id(seeded_url, PROF2),
        "student": await user_id(seeded_url, STUDENT),
    }


def draft(
    organization: int | None,
    *,
    attributes: dict[str, Any] | None = None,
    target_profile: int | None = 1,
) -> dict[str, Any]:
    """The body Pix Orga sends (fixture orga-campaign-create.request.json), adapted."""
    body = copy.deepcopy(load_fixture("orga-campaign-create.request.json"))
    body["data"]["attributes"].pop("owner-id")
    body["data"]["attributes"].update(attributes or {})
    relationships = body["data"]["relationships"]
    relationships["target-profile"]["data"] = (
        {"type": "target-profiles", "id": str(target_profile)} if target_profile else None
    )
    if organization is None:
        del relationships["organization"]
    else:
        relationships["organization"]["data"]["id"] = str(organization)
    return body


@pytest.fixture
def post(api, auth_headers):  # type: ignore[no-untyped-def]
    async def do_post(body: dict[str, Any], *, email: str = PROF, key: str | None = None) -> Any:
        headers = await auth_headers(email)
        if key is not None:
            headers["Idempotency-Key"] = key
        return await api.post("/api/campaigns", json=body, headers=headers)

    return do_post


# --- success -------------------------------------------------------------------------------


async def test_create_an_assessment_campaign(post, ids, seeded_url) -> None:
    response = await post(
        draft(
            ids["college"],
            attributes={
                "name": "Parcours de rentrée 5e B",
                "title": "Bienvenue",
                "multiple-sendings": True,
                "external-id-label": "Numéro d'élève",
                "external-id-type": "STRING",
                "custom-landing-page-text": "Bonjour à tous",
            },
        )
    )

    assert response.status_code == 201, response.text
    data = response.json()["data"]
    attributes = data["attributes"]
    assert re.match(GENERATED_CODE, attributes["code"])
    assert attributes["name"] == "Parcours de rentrée 5e B"
    assert attributes["type"] == "ASSESSMENT"
    assert attributes["owner-id"] == ids["prof"]  # the creator by default
    assert (attributes["owner-first-name"], attributes["owner-last-name"]) == ("Claire", "Moreau")
    assert attributes["target-profile-name"] == "[CLG] Parcours de rentrée 5e"
    assert attributes["target-profile-tubes-count"] == 10
    assert attributes["multiple-sendings"] is True
    assert (attributes["external-id-label"], attributes["external-id-type"]) == (
        "Numéro d'élève",
        "STRING",
    )
    assert attributes["is-archived"] is False
    stored = await load_campaign(seeded_url, int(data["id"]))
    assert (stored.creator_id, stored.owner_id, stored.organization_id) == (
        ids["prof"],
        ids["prof"],
        ids["college"],
    )
    assert stored.title == "Bienvenue"
    assert stored.custom_landing_page_text == "Bonjour à tous"


async def test_create_a_profiles_collection_for_another_owner(post, ids, seeded_url) -> None:
    response = await post(
        draft(
            ids["college"],
            attributes={
                "name": "Profils 3e B",
                "type": "PROFILES_COLLECTION",
                "owner-id": ids["prof2"],
            },
            target_profile=None,
        )
    )

    assert response.status_code == 201, response.text
    attributes = response.json()["data"]["attributes"]
    assert attributes["type"] == "PROFILES_COLLECTION"
    assert attributes["owner-id"] == ids["prof2"]
    assert attributes["target-profile-name"] is None
    stored = await load_campaign(seeded_url, int(response.json()["data"]["id"]))
    assert (stored.creator_id, stored.owner_id, stored.target_profile_id) == (
        ids["prof"],
        ids["prof2"],
        None,
    )


async def test_a_member_creates_in_their_organization(post, ids) -> None:
    response = await post(draft(ids["college"], attributes={"name": "Ma campagne"}), email=PROF2)
    assert response.status_code == 201
    assert response.json()["data"]["attributes"]["owner-id"] == ids["prof2"]


async def test_empty_optional_texts_are_stored_as_nothing(post, ids, seeded_url) -> None:
    response = await post(
        draft(ids["college"], attributes={"title": "", "custom-landing-page-text": "  "})
    )
    stored = await load_campaign(seeded_url, int(response.json()["data"]["id"]))
    assert (stored.title, stored.custom_landing_page_text) == (None, None)


# --- one test per validation rule: pointer and raw key ---------------------------------------

RULES: list[tuple[str, dict[str, Any], int | None, str, str]] = [
    # (case, attributes, target profile, pointer, key)
    ("name missing", {"name": None}, 1, NAME, "CAMPAIGN_NAME_IS_REQUIRED"),
    ("name empty", {"name": ""}, 1, NAME, "CAMPAIGN_NAME_IS_REQUIRED"),
    ("name blank", {"name": "   "}, 1, NAME, "CAMPAIGN_NAME_IS_REQUIRED"),
    ("name not text", {"name": 12}, 1, NAME, "CAMPAIGN_NAME_IS_REQUIRED"),
    ("name too long", {"name": "n" * 256}, 1, NAME, "CAMPAIGN_NAME_IS_TOO_LONG"),
    ("type missing", {"type": None}, 1, TYPE, "CAMPAIGN_PURPOSE_IS_REQUIRED"),
    ("type unknown", {"type": "EXAM"}, 1, TYPE, "CAMPAIGN_PURPOSE_IS_REQUIRED"),
    ("assessment without profile", {}, None, TARGET_PROFILE, "TARGET_PROFILE_IS_REQUIRED"),
    (
        "profiles collection with a profile",
        {"type": "PROFILES_COLLECTION"},
        1,
        TARGET_PROFILE,
        "TARGET_PROFILE_NOT_ALLOWED_FOR_PROFILES_COLLECTION_CAMPAIGN",
    ),
    (
        "profiles collection with a title",
        {"type": "PROFILES_COLLECTION", "title": "Titre"},
        None,
        TITLE,
        "TITLE_OF_PERSONALISED_TEST_IS_NOT_ALLOWED_FOR_PROFILES_COLLECTION_CAMPAIGN",
    ),
    ("title too long", {"title": "t" * 51}, 1, TITLE, "CAMPAIGN_TITLE_IS_TOO_LONG"),
    (
        "landing page text too long",
        {"custom-landing-page-text": "x" * 5001},
        1,
        LANDING_TEXT,
        "CUSTOM_LANDING_PAGE_TEXT_IS_TOO_LONG",
    ),
    ("owner not an id", {"owner-id": "Claire"}, 1, OWNER, "MISSING_OWNER"),
    ("owner id out of range", {"owner-id": 10**12}, 1, OWNER, "MISSING_OWNER"),
    (
        "external id label too short",
        {"external-id-label": "ab", "external-id-type": "STRING"},
        1,
        EXTERNAL_ID_LABEL,
        "EXTERNAL_USER_ID_IS_REQUIRED",
    ),
    (
        "external id label too long",
        {"external-id-label": "l" * 256, "external-id-type": "STRING"},
        1,
        EXTERNAL_ID_LABEL,
        "EXTERNAL_ID_LABEL_IS_TOO_LONG",
    ),
    (
        "external id without its type",
        {"external-id-label": "Numéro INE", "external-id-type": None},
        1,
        EXTERNAL_ID_TYPE,
        "MISSING_ID_PIX_TYPE",
    ),
    (
        "external id of an unknown type",
        {"external-id-label": "Numéro INE", "external-id-type": "PHONE"},
        1,
        EXTERNAL_ID_TYPE,
        "MISSING_ID_PIX_TYPE",
    ),
    (
        "external id type without label",
        {"external-id-type": "EMAIL"},
        1,
        EXTERNAL_ID_TYPE,
        '"externalIdType" must be [null]',
    ),
]


@pytest.mark.parametrize(
    ("attributes", "target_profile", "pointer", "key"),
    [pytest.param(*rule[1:], id=rule[0]) for rule in RULES],
)
async def test_each_creation_rule(
    post, ids, seeded_url, attributes, target_profile, pointer, key
) -> None:
    before = await campaign_count(seeded_url)
    response = await post(
        draft(ids["college"], attributes=attributes, target_profile=target_profile)
    )

    assert response.status_code == 422, response.text
    assert errors_by_pointer(response.json()) == {pointer: key}
    error = response.json()["errors"][0]
    assert error["status"] == "422"
    assert await campaign_count(seeded_url) == before


async def test_landing_page_text_of_exactly_5000_is_accepted(post, ids) -> None:
    response = await post(
        draft(ids["college"], attributes={"custom-landing-page-text": "x" * 5000})
    )
    assert response.status_code == 201


async def test_owner_must_be_a_member_of_the_organization(post, ids, seeded_url) -> None:
    before = await campaign_count(seeded_url)
    response = await post(draft(ids["college"], attributes={"owner-id": ids["student"]}))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "status": "422",
            "source": {"pointer": OWNER},
            "title": 'Invalid relationship "owner"',
            "detail": "OWNER_NOT_IN_ORGANIZATION",
        }
    ]
    assert await campaign_count(seeded_url) == before


async def test_organization_is_required(post) -> None:
    response = await post(draft(None))
    assert response.status_code == 422
    assert errors_by_pointer(response.json()) == {ORGANIZATION: "MISSING_ORGANIZATION"}


async def test_all_problems_come_back_at_once_like_the_pix_fixture(post, ids) -> None:
    response = await post(draft(ids["college"], attributes={"name": ""}, target_profile=None))
    assert response.status_code == 422
    assert response.json() == load_fixture("orga-campaign-create-422.response.json")


# --- what the organisation may do (403 E1) ---------------------------------------------------


async def test_only_members_create_in_an_organization(post, ids, seeded_url) -> None:
    before = await campaign_count(seeded_url)
    response = await post(draft(ids["lycee"]), email=PROF2)
    assert response.status_code == 403
    assert response.json()["errors"][0] == {
        "status": "403",
        "title": "Forbidden",
        "detail": "Cet utilisateur n'est pas autorisé à créer une campagne.",
    }
    assert (await post(draft(ids["college"]), email=STUDENT)).status_code == 403
    assert await campaign_count(seeded_url) == before


async def test_unknown_target_profile_is_not_available(post, ids, seeded_url) -> None:
    before = await campaign_count(seeded_url)
    response = await post(draft(ids["college"], target_profile=999))
    assert response.status_code == 403
    assert response.json()["errors"][0]["detail"] == (
        "Organization does not have an access to the profile 999"
    )
    assert await campaign_count(seeded_url) == before


async def test_multiple_sendings_assessment_needs_the_organization_feature(post, ids) -> None:
    # The lycée does not have MULTIPLE_SENDING_ASSESSMENT; the collège does.
    refused = await post(draft(ids["lycee"], attributes={"multiple-sendings": True}))
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["detail"] == (
        f"L'organisation {ids['lycee']}, n'est pas autorisée à créer une campagne "
        "d'évaluation à envoi multiple."
    )
    accepted = await post(draft(ids["college"], attributes={"multiple-sendings": True}))
    assert accepted.status_code == 201
    profiles = await post(
        draft(
            ids["lycee"],
            attributes={"type": "PROFILES_COLLECTION", "multiple-sendings": True},
            target_profile=None,
        )
    )
    assert profiles.status_code == 201
    assert profiles.json()["data"]["attributes"]["multiple-sendings"] is True


async def test_anonymous_cannot_create(api, ids) -> None:
    response = await api.post("/api/campaigns", json=draft(ids["college"]))
    assert (response.status_code, response.json()) == (401, E5_UNAUTHORIZED)


async def test_a_body_that_is_not_a_campaign_document_is_a_400(post) -> None:
    assert (await post({"name": "oops"})).status_code == 400
    assert (
        await post({"data": {"attributes": {"multiple-sendings": "peut-être"}}})
    ).status_code == 400


# --- code ----------------------------------------------------------------------------------


async def test_codes_are_well_formed_and_unique_over_many_creations(post, ids) -> None:
    codes = []
    for number in range(40):
        response = await post(draft(ids["college"], attributes={"name": f"Campagne {number}"}))
        assert response.status_code == 201
        codes.append(response.json()["data"]["attributes"]["code"])
    assert len(set(codes)) == 40
    assert all(re.match(GENERATED_CODE, code) for code in codes)


async def test_a_drawn_code_already_taken_is_drawn_again(seeded_url, ids) -> None:
    drawn = iter(["RENTRE123", "RENTRE123", "BCDFGH234"])
    database = Database.connect(seeded_url, pooled=False)
    try:
        async with database.sessionmaker.begin() as session:
            report = await create_campaign(
                session,
                ids["prof"],
                CampaignCreation(
                    organization_id=ids["college"],
                    name="Essai",
                    type="ASSESSMENT",
                    target_profile_id=1,
                ),
                code_generator=lambda: next(drawn),
            )
    finally:
        await database.dispose()
    assert report.campaign.code == "BCDFGH234"


# --- Idempotency-Key -----------------------------------------------------------------------


async def test_the_same_key_twice_creates_one_campaign(post, ids, seeded_url) -> None:
    before = await campaign_count(seeded_url)
    body = draft(ids["college"], attributes={"name": "Une seule fois"})

    first = await post(body, key="4b1d7e0a-retry")
    second = await post(body, key="4b1d7e0a-retry")

    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json() == first.json()
    assert second.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert await campaign_count(seeded_url) == before + 1


async def test_different_keys_or_users_create_again(post, ids, seeded_url) -> None:
    before = await campaign_count(seeded_url)
    body = draft(ids["college"], attributes={"name": "Deux fois"})
    await post(body, key="key-a")
    await post(body, key="key-b")
    await post(body, key="key-a", email=PROF2)  # a key belongs to its user
    await post(body)  # and no key at all
    assert await campaign_count(seeded_url) == before + 4


async def test_a_refused_create_is_judged_again_on_retry(post, ids, seeded_url) -> None:
    refused = await post(draft(ids["college"], attributes={"name": ""}), key="key-c")
    assert refused.status_code == 422
    accepted = await post(draft(ids["college"], attributes={"name": "Corrigée"}), key="key-c")
    assert accepted.status_code == 201


async def test_racing_retries_with_one_key_create_one_campaign(post, ids, seeded_url) -> None:
    before = await campaign_count(seeded_url)
    body = draft(ids["college"], attributes={"name": "Course"})
    responses = await asyncio.gather(*(post(body, key="same-race-key") for _ in range(4)))
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["data"]["id"] for r in responses}) == 1
    assert await campaign_count(seeded_url) == before + 1


async def test_an_overlong_key_is_a_400(post, ids) -> None:
    response = await post(draft(ids["college"]), key="k" * 65)
    assert response.status_code == 400
