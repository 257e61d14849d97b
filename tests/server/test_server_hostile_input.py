"""Hostile input: huge bodies, NUL characters, broken Unicode, absurd numbers and shapes.

Each request gets a 4xx in one of the contract's error shapes (E1 413, E2 422 with the
field's pointer, E4 400) and leaves the server and the database as they were: never a 500,
whatever the database (SQLite refuses integers beyond 64 bits, PostgreSQL NUL characters).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from reliability_support import app_client
from sqlalchemy import select
from student_support import (
    RENTREE,
    STUDENT,
    Student,
    answer_body,
    assessment_id_of,
    campaign_id,
    db_scalar,
    join_body,
    user_id,
)

from server.config import DEFAULT_MAX_BODY_BYTES, Settings
from server.models import Answer, Campaign, Feedback

TEACHER = "prof@example.net"
BEYOND_64_BITS = "99999999999999999999999"


def e4(detail: str) -> dict[str, Any]:
    return {"errors": [{"status": "400", "title": "Bad Request", "detail": detail}]}


def too_large(limit: int) -> dict[str, Any]:
    detail = f"Payload content length greater than maximum allowed: {limit}"
    return {"errors": [{"status": "413", "title": "Payload too large", "detail": detail}]}


async def _organization_id(url: str) -> int:
    from server.models import Organization

    name = "Collège Pix (DEMO)"
    return int(await db_scalar(url, select(Organization.id).where(Organization.name == name)))


def _campaign_body(organization: int, name: Any, **attributes: Any) -> dict[str, Any]:
    return {
        "data": {
            "type": "campaigns",
            "attributes": {"name": name, "type": "PROFILES_COLLECTION", **attributes},
            "relationships": {
                "organization": {"data": {"type": "organizations", "id": str(organization)}}
            },
        }
    }


async def _started(api, auth_headers, seeded_url) -> tuple[Student, int, str]:
    me = Student(api, await auth_headers(STUDENT), await user_id(seeded_url, STUDENT))
    joined = await me.join(await campaign_id(seeded_url, RENTREE))
    assert joined.status_code == 201
    assessment = assessment_id_of(joined.json())
    asked = await me.next_challenge_id(assessment)
    assert asked is not None
    return me, assessment, asked


# --- body size ------------------------------------------------------------------------------


async def test_a_body_over_one_mebibyte_is_refused_before_it_is_read(api, auth_headers) -> None:
    headers = await auth_headers(TEACHER)
    body = json.dumps({"data": {"attributes": {"name": "x" * DEFAULT_MAX_BODY_BYTES}}})

    response = await api.post(
        "/api/campaigns", content=body, headers={**headers, "Content-Type": "application/json"}
    )

    assert response.status_code == 413
    assert response.json() == too_large(DEFAULT_MAX_BODY_BYTES)


async def test_a_streamed_body_without_length_is_cut_at_the_limit(api, auth_headers) -> None:
    chunks_sent = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal chunks_sent
        yield b'{"data": {"attributes": {"value": "'
        for _ in range(10_000):  # 640 MB if nobody stopped reading
            chunks_sent += 1
            yield b"a" * 65_536

    response = await api.post(
        "/api/answers",
        content=endless(),
        headers={**await auth_headers(STUDENT), "Content-Type": "application/json"},
    )

    assert "content-length" not in response.request.headers  # chunked, length unknown
    assert response.status_code == 413
    assert response.json() == too_large(DEFAULT_MAX_BODY_BYTES)
    assert chunks_sent <= DEFAULT_MAX_BODY_BYTES // 65_536 + 2


async def test_a_body_of_exactly_the_limit_is_accepted(seeded_url) -> None:
    organization = await _organization_id(seeded_url)
    body = json.dumps(_campaign_body(organization, "Campagne à la limite")).encode()
    padded = body[:-1] + b" " * (2048 - len(body)) + b"}"
    assert len(padded) == 2048
    async with app_client(Settings(database_url=seeded_url, max_body_bytes=2048)) as small:
        headers = {**await small.headers_for(TEACHER), "Content-Type": "application/json"}
        accepted = await small.client.post("/api/campaigns", content=padded, headers=headers)
        refused = await small.client.post("/api/campaigns", content=padded + b" ", headers=headers)

    assert accepted.status_code == 201, accepted.text
    assert refused.status_code == 413
    assert refused.json() == too_large(2048)


async def test_a_content_length_that_is_not_a_number_is_a_bad_request(api) -> None:
    response = await api.post(
        "/api/feedbacks",
        content=b"{}",
        headers={"Content-Type": "application/json", "Content-Length": "lots"},
    )
    assert response.status_code == 400
    assert response.json() == e4("Invalid Content-Length header")


# --- NUL characters and broken Unicode ------------------------------------------------------


async def test_nul_characters_are_stripped_from_answers(api, auth_headers, seeded_url) -> None:
    me, assessment, asked = await _started(api, auth_headers, seeded_url)

    response = await me.answer(assessment, asked, "ré\x00pon\x00se")

    assert response.status_code == 201, response.text
    assert response.json()["data"]["attributes"]["value"] == "réponse"
    answer = int(response.json()["data"]["id"])
    assert await db_scalar(seeded_url, select(Answer.value).where(Answer.id == answer)) == "réponse"


async def test_nul_characters_and_lone_surrogates_never_reach_the_database(
    api, auth_headers, seeded_url
) -> None:
    organization = await _organization_id(seeded_url)
    # Written by hand: json.dumps would not produce a lone surrogate escape for us to send.
    body = json.dumps(_campaign_body(organization, "PLACEHOLDER", title=None)).replace(
        "PLACEHOLDER", "Cam\\u0000pagne \\ud800 6e"
    )
    response = await api.post(
        "/api/campaigns",
        content=body.encode(),
        headers={**await auth_headers(TEACHER), "Content-Type": "application/vnd.api+json"},
    )

    assert response.status_code == 201, response.text
    assert response.json()["data"]["attributes"]["name"] == "Campagne \ufffd 6e"
    stored = await db_scalar(
        seeded_url, select(Campaign.name).where(Campaign.id == int(response.json()["data"]["id"]))
    )
    assert stored == "Campagne \ufffd 6e"


async def test_feedback_text_loses_its_nul_characters(api, auth_headers, seeded_url) -> None:
    me, assessment, asked = await _started(api, auth_headers, seeded_url)
    body = {
        "data": {
            "type": "feedbacks",
            "attributes": {"content": "Bug\x00", "category": "autre\x00", "answer": "\x00"},
            "relationships": {
                "assessment": {"data": {"type": "assessments", "id": str(assessment)}},
                "challenge": {"data": {"type": "challenges", "id": asked}},
            },
        }
    }
    response = await api.post("/api/feedbacks", json=body, headers=me.headers)

    assert response.status_code == 201, response.text
    stored = await db_scalar(
        seeded_url,
        select(Feedback.category).where(Feedback.id == int(response.json()["data"]["id"])),
    )
    assert stored == "autre"


NO_NUL = "must not contain a NUL character"


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("/api/campaigns?filter[code]=RENTRE%00123", f'"filter.code" {NO_NUL}'),
        ("/api/challenges/rec%00abc", f'"path" {NO_NUL}'),
        ("/api/organizations/1/campaigns?filter[name]=%00", f'"filter.name" {NO_NUL}'),
    ],
)
async def test_a_nul_in_the_url_is_refused(api, auth_headers, path: str, detail: str) -> None:
    response = await api.get(path, headers=await auth_headers(TEACHER))
    assert response.status_code == 400
    assert response.json() == e4(detail)


async def test_a_nul_in_a_login_form_is_refused_not_dropped(api) -> None:
    form = {"grant_type": "password", "username": "prof@example.net", "password": "Pix12345\x00"}
    response = await api.post("/api/token", data=form)
    assert response.status_code == 400
    assert response.json() == e4('"password" must not contain a NUL character')


# --- JSON that only Python would parse ------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        b'{"data": {"attributes": {"value": NaN}}}',
        b'{"data": {"attributes": {"timeout": -Infinity}}}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"data": "\xff\xfe"}',
    ],
    ids=["nan", "infinity", "deep-nesting", "not-utf-8"],
)
async def test_json_outside_the_standard_is_a_bad_request(api, auth_headers, raw: bytes) -> None:
    response = await api.post(
        "/api/answers",
        content=raw,
        headers={**await auth_headers(STUDENT), "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json() == e4("Invalid request payload JSON format")


# --- numbers ---------------------------------------------------------------------------------


AT_MOST_MAX_ID = "must be less than or equal to 2147483647"
AT_LEAST_ONE = "must be greater than or equal to 1"
CAMPAIGNS = "/api/organizations/1/campaigns"


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        (f"/api/campaigns/{BEYOND_64_BITS}", f'"id" {AT_MOST_MAX_ID}'),
        ("/api/campaigns/9223372036854775808", f'"id" {AT_MOST_MAX_ID}'),
        ("/api/campaigns/0", f'"id" {AT_LEAST_ONE}'),
        ("/api/campaigns/-1", f'"id" {AT_LEAST_ONE}'),
        ("/api/campaigns/12abc", '"id" must be a number'),
        ("/api/campaigns/1.5", '"id" must be a number'),
        (f"/api/users/{BEYOND_64_BITS}/profile", f'"userId" {AT_MOST_MAX_ID}'),
        (f"/api/answers?assessmentId={BEYOND_64_BITS}", f'"assessmentId" {AT_MOST_MAX_ID}'),
        (f"{CAMPAIGNS}?page[number]=99999999999", f'"page.number" {AT_MOST_MAX_ID}'),
        (f"{CAMPAIGNS}?page[size]=0", f'"page.size" {AT_LEAST_ONE}'),
        (f"{CAMPAIGNS}?page[size]=101", '"page.size" must be less than or equal to 100'),
        (f"{CAMPAIGNS}?page[number]=deux", '"page.number" must be a number'),
    ],
)
async def test_ids_and_pages_out_of_range_are_bad_requests(
    api, auth_headers, path: str, detail: str
) -> None:
    response = await api.get(path, headers=await auth_headers(TEACHER))
    assert response.status_code == 400
    assert response.json() == e4(detail)


async def test_the_last_page_there_can_be_is_empty_not_an_overflow(api, auth_headers) -> None:
    response = await api.get(
        "/api/organizations/1/campaigns?page[number]=2147483647&page[size]=100",
        headers=await auth_headers(TEACHER),
    )
    assert response.status_code == 200
    assert response.json()["data"] == []


async def test_relationship_ids_beyond_64_bits_are_bad_requests(
    api, auth_headers, seeded_url
) -> None:
    me = Student(api, await auth_headers(STUDENT), await user_id(seeded_url, STUDENT))
    body = join_body(1)
    body["data"]["relationships"]["campaign"]["data"]["id"] = BEYOND_64_BITS

    response = await api.post("/api/campaign-participations", json=body, headers=me.headers)

    assert response.status_code == 400
    assert response.json() == e4(f'"data.relationships.campaign.data.id" {AT_MOST_MAX_ID}')


async def test_an_absurd_answer_timeout_is_refused_and_nothing_is_stored(
    api, auth_headers, seeded_url
) -> None:
    me, assessment, asked = await _started(api, auth_headers, seeded_url)
    body = answer_body(assessment, asked, "1")
    body["data"]["attributes"]["timeout"] = int(BEYOND_64_BITS)

    response = await api.post("/api/answers", json=body, headers=me.headers)

    assert response.status_code == 400
    assert response.json() == e4(f'"data.attributes.timeout" {AT_MOST_MAX_ID}')
    assert (
        await db_scalar(seeded_url, select(Answer.id).where(Answer.assessment_id == assessment))
        is None
    )


async def test_an_owner_id_beyond_64_bits_is_an_invalid_owner(
    api, auth_headers, seeded_url
) -> None:
    organization = await _organization_id(seeded_url)
    body = _campaign_body(organization, "Campagne", **{"owner-id": int(BEYOND_64_BITS)})

    response = await api.post("/api/campaigns", json=body, headers=await auth_headers(TEACHER))

    assert response.status_code == 422
    assert response.json() == {
        "errors": [
            {
                "status": "422",
                "source": {"pointer": "/data/relationships/owner"},
                "title": 'Invalid relationship "owner"',
                "detail": "MISSING_OWNER",
            }
        ]
    }


# --- shapes ----------------------------------------------------------------------------------


NAME_POINTER, TYPE_POINTER = "/data/attributes/name", "/data/attributes/type"


@pytest.mark.parametrize(
    ("name", "type_", "pointers"),
    [
        ([], "ASSESSMENT", {NAME_POINTER, "/data/relationships/target-profile"}),
        ({"fr": "Campagne"}, ["PROFILES_COLLECTION"], {NAME_POINTER, TYPE_POINTER}),
        (12, None, {NAME_POINTER, TYPE_POINTER}),
    ],
    ids=["list-name", "object-name-list-type", "number-name"],
)
async def test_attributes_of_the_wrong_type_are_reported_on_their_field(
    api, auth_headers, seeded_url, name: Any, type_: Any, pointers: set[str]
) -> None:
    organization = await _organization_id(seeded_url)
    body = _campaign_body(organization, name)
    body["data"]["attributes"]["type"] = type_

    response = await api.post("/api/campaigns", json=body, headers=await auth_headers(TEACHER))

    assert response.status_code == 422
    assert {error["source"]["pointer"] for error in response.json()["errors"]} == pointers
    assert all(error["status"] == "422" for error in response.json()["errors"])


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"data": []}, '"data" must be of type object'),
        (
            {"data": {"relationships": {"campaign": {"data": "1"}}}},
            '"data.relationships.campaign.data" must be of type object',
        ),
        ({}, '"data" is required'),
        ([1, 2], '"value" must be of type object'),
    ],
)
async def test_a_document_of_the_wrong_shape_is_a_bad_request(
    api, auth_headers, body: Any, detail: str
) -> None:
    response = await api.post(
        "/api/campaign-participations", json=body, headers=await auth_headers(STUDENT)
    )
    assert response.status_code == 400
    assert response.json() == e4(detail)
