"""Pix Orga bootstrap: prescriber, organization switch, member identities (CONTRACT 3.2-3.4)."""

from __future__ import annotations

from typing import Any

from server_support import E3_FORBIDDEN, load_fixture, scalar, update_rows
from sqlalchemy import select

from server.models import Membership, Organization, User, UserOrgaSettings, utcnow
from server.seed import COLLEGE, LYCEE


def _shape(value: Any) -> Any:
    """Keys and JSON types, recursively; lists by the shape of their items."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        shapes = []
        for item in value:
            shape = _shape(item)
            if shape not in shapes:
                shapes.append(shape)
        return shapes
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def _included_by_type(doc: dict[str, Any]) -> dict[str, Any]:
    by_type: dict[str, Any] = {}
    for item in doc["included"]:
        by_type.setdefault(item["type"], _shape(item))
    return by_type


async def _ids(seeded_url: str) -> dict[str, int]:
    users = {"prof": "prof@example.net", "prof2": "prof2@example.net"}
    organizations = {"college": COLLEGE, "lycee": LYCEE}
    ids = {
        key: await scalar(seeded_url, select(User.id).where(User.email == email))
        for key, email in users.items()
    }
    for key, name in organizations.items():
        ids[key] = await scalar(
            seeded_url, select(Organization.id).where(Organization.name == name)
        )
    return ids


def _switch_body(organization_id: int) -> dict[str, Any]:
    identifier = {"id": organization_id, "type": "organizations"}
    return {"data": {"relationships": {"organization": {"data": identifier}}}}


async def test_prescriber_has_the_shape_of_pix(api, auth_headers, seeded_url) -> None:
    ids = await _ids(seeded_url)
    headers = await auth_headers("prof@example.net", scope="pix-orga")

    response = await api.get(f"/api/prescription/prescribers/{ids['prof']}", headers=headers)

    assert response.status_code == 200
    doc = response.json()
    fixture = load_fixture("orga-prescriber.response.json")
    assert _shape(doc["data"]) == _shape(fixture["data"])
    assert _included_by_type(doc) == _included_by_type(fixture)
    data = doc["data"]
    assert data["id"] == str(ids["prof"])
    assert data["attributes"]["first-name"] == "Claire"
    # The collège has multiple sendings switched on, and it is the current organization.
    assert data["attributes"]["features"]["MULTIPLE_SENDING_ASSESSMENT"] is True
    organizations = {
        item["id"]: item["attributes"]
        for item in doc["included"]
        if item["type"] == "organizations"
    }
    assert {attrs["name"] for attrs in organizations.values()} == {COLLEGE, LYCEE}
    roles = {
        item["relationships"]["organization"]["data"]["id"]: item["attributes"]["organization-role"]
        for item in doc["included"]
        if item["type"] == "memberships"
    }
    assert roles == {str(ids["college"]): "ADMIN", str(ids["lycee"]): "MEMBER"}
    settings = next(item for item in doc["included"] if item["type"] == "userOrgaSettings")
    assert settings["relationships"]["organization"]["data"]["id"] == str(ids["college"])
    assert data["relationships"]["user-orga-settings"]["data"]["id"] == settings["id"]


async def test_first_visit_starts_in_the_first_organization_and_remembers_it(
    api, auth_headers, seeded_url
) -> None:
    ids = await _ids(seeded_url)
    assert await scalar(seeded_url, select(UserOrgaSettings.id)) is None
    headers = await auth_headers("prof@example.net", scope="pix-orga")

    await api.get(f"/api/prescription/prescribers/{ids['prof']}", headers=headers)

    current = await scalar(
        seeded_url,
        select(UserOrgaSettings.current_organization_id).where(
            UserOrgaSettings.user_id == ids["prof"]
        ),
    )
    assert current == ids["college"]


async def test_switching_organization_changes_the_prescriber(api, auth_headers, seeded_url) -> None:
    ids = await _ids(seeded_url)
    headers = await auth_headers("prof@example.net", scope="pix-orga")
    body = load_fixture("orga-user-orga-settings-switch.request.json")
    body["data"]["relationships"]["organization"]["data"]["id"] = ids["lycee"]

    switched = await api.put(f"/api/user-orga-settings/{ids['prof']}", json=body, headers=headers)

    assert switched.status_code == 200
    relationship = switched.json()["data"]["relationships"]["organization"]["data"]
    assert relationship == {"type": "organizations", "id": str(ids["lycee"])}
    prescriber = (
        await api.get(f"/api/prescription/prescribers/{ids['prof']}", headers=headers)
    ).json()
    settings = next(item for item in prescriber["included"] if item["type"] == "userOrgaSettings")
    assert settings["relationships"]["organization"]["data"]["id"] == str(ids["lycee"])
    # The lycée has no feature switched on.
    assert prescriber["data"]["attributes"]["features"]["MULTIPLE_SENDING_ASSESSMENT"] is False


async def test_switch_accepts_string_ids_and_json_api_media_type(
    api, auth_headers, seeded_url
) -> None:
    ids = await _ids(seeded_url)
    headers = await auth_headers("prof@example.net")
    body = '{"data":{"relationships":{"organization":{"data":{"id":"%d","type":"organizations"}}}}}'
    response = await api.put(
        f"/api/user-orga-settings/{ids['prof']}",
        content=body % ids["lycee"],
        headers={**headers, "Content-Type": "application/vnd.api+json"},
    )
    assert response.status_code == 200


async def test_switch_to_an_organization_one_is_not_member_of(
    api, auth_headers, seeded_url
) -> None:
    ids = await _ids(seeded_url)
    headers = await auth_headers("prof2@example.net")
    body = _switch_body(ids["lycee"])

    response = await api.put(f"/api/user-orga-settings/{ids['prof2']}", json=body, headers=headers)

    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["status"] == "422"
    assert error["title"] == "Unprocessable entity"

    # A disabled membership does not count either.
    await update_rows(
        seeded_url, Membership, Membership.user_id == ids["prof"], disabled_at=utcnow()
    )
    prof_headers = await auth_headers("prof@example.net")
    response = await api.put(
        f"/api/user-orga-settings/{ids['prof']}", json=body, headers=prof_headers
    )
    assert response.status_code == 422


async def test_switch_and_prescriber_of_someone_else_are_forbidden(
    api, auth_headers, seeded_url
) -> None:
    ids = await _ids(seeded_url)
    headers = await auth_headers("prof2@example.net")
    body = _switch_body(ids["college"])

    put = await api.put(f"/api/user-orga-settings/{ids['prof']}", json=body, headers=headers)
    get = await api.get(f"/api/prescription/prescribers/{ids['prof']}", headers=headers)

    assert put.status_code == get.status_code == 403
    assert put.json() == get.json() == E3_FORBIDDEN


async def test_malformed_switch_body_is_a_400(api, auth_headers, seeded_url) -> None:
    ids = await _ids(seeded_url)
    headers = await auth_headers("prof@example.net")
    url = f"/api/user-orga-settings/{ids['prof']}"
    cases = [
        ({"data": {}}, '"data.relationships" is required'),
        (
            {"data": {"relationships": {"organization": {"data": {"id": "abc", "type": "x"}}}}},
            '"data.relationships.organization.data.id" must be a number',
        ),
    ]
    for body, detail in cases:
        response = await api.put(url, json=body, headers=headers)
        assert response.status_code == 400
        assert response.json() == {
            "errors": [{"status": "400", "title": "Bad Request", "detail": detail}]
        }
    broken = await api.put(
        url, content=b"{not json", headers={**headers, "Content-Type": "application/json"}
    )
    assert broken.status_code == 400


async def test_student_without_organization_gets_a_422(api, auth_headers, seeded_url) -> None:
    student_id = await scalar(seeded_url, select(User.id).where(User.email == "eleve@example.net"))
    headers = await auth_headers("eleve@example.net")
    response = await api.get(f"/api/prescription/prescribers/{student_id}", headers=headers)
    assert response.status_code == 422


async def test_non_numeric_or_huge_user_id_is_a_400(api, auth_headers) -> None:
    headers = await auth_headers("prof@example.net")
    for user_id in ("abc", "99999999999999999999", "0"):
        response = await api.get(f"/api/prescription/prescribers/{user_id}", headers=headers)
        assert response.status_code == 400, user_id
        assert response.json()["errors"][0]["title"] == "Bad Request"


async def test_member_identities_list_active_members(api, auth_headers, seeded_url) -> None:
    ids = await _ids(seeded_url)
    headers = await auth_headers("prof2@example.net", scope="pix-orga")

    response = await api.get(
        f"/api/organizations/{ids['college']}/member-identities", headers=headers
    )

    assert response.status_code == 200
    doc = response.json()
    assert _shape(doc) == _shape(load_fixture("orga-member-identities.response.json"))
    names = [
        (item["attributes"]["first-name"], item["attributes"]["last-name"]) for item in doc["data"]
    ]
    assert names == [("Claire", "Moreau"), ("Julien", "Bernard")]
    assert doc["data"][0]["id"] == str(ids["prof"])

    await update_rows(
        seeded_url, Membership, Membership.user_id == ids["prof"], disabled_at=utcnow()
    )
    after = await api.get(f"/api/organizations/{ids['college']}/member-identities", headers=headers)
    assert [item["id"] for item in after.json()["data"]] == [str(ids["prof2"])]


async def test_member_identities_are_for_members_only(api, auth_headers, seeded_url) -> None:
    ids = await _ids(seeded_url)
    for email, organization in [
        ("prof2@example.net", ids["lycee"]),
        ("eleve@example.net", ids["college"]),
        ("superadmin@example.net", ids["college"]),
        ("prof@example.net", 999_999),
    ]:
        headers = await auth_headers(email)
        response = await api.get(
            f"/api/organizations/{organization}/member-identities", headers=headers
        )
        assert response.status_code == 403, email
        assert response.json() == E3_FORBIDDEN
