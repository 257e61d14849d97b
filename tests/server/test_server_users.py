"""GET /api/users/me and the Pix Orga terms acceptance."""

from __future__ import annotations

from server_support import E3_FORBIDDEN, load_fixture, scalar
from sqlalchemy import select

from server.models import User


async def test_me_has_every_attribute_of_pix(api, auth_headers) -> None:
    headers = await auth_headers("eleve@example.net")

    response = await api.get("/api/users/me", headers=headers)

    assert response.status_code == 200
    data = response.json()["data"]
    fixture = load_fixture("users-me.response.json")["data"]
    assert data["type"] == "users"
    assert set(data["attributes"]) == set(fixture["attributes"])
    assert set(data["relationships"]) == set(fixture["relationships"])
    attributes = data["attributes"]
    assert (attributes["first-name"], attributes["last-name"]) == ("Léa", "Petit")
    assert attributes["email"] == "eleve@example.net"
    assert attributes["lang"] == "fr"
    assert attributes["cgu"] is True
    assert attributes["email-confirmed"] is True
    assert attributes["last-terms-of-service-validated-at"] == "2024-09-02T08:00:00.000Z"
    profile = data["relationships"]["profile"]["links"]["related"]
    assert profile == f"/api/users/{data['id']}/profile"
    # Every attribute has the JSON type Pix sends.
    for key, value in fixture["attributes"].items():
        if attributes[key] is not None and value is not None:
            assert type(attributes[key]) is type(value), key


async def test_accepting_pix_orga_terms(api, auth_headers, seeded_url) -> None:
    prof2 = await scalar(seeded_url, select(User).where(User.email == "prof2@example.net"))
    student_id = await scalar(seeded_url, select(User.id).where(User.email == "eleve@example.net"))
    headers = await auth_headers("eleve@example.net")

    other = await api.patch(
        f"/api/users/{prof2.id}/pix-orga-terms-of-service-acceptance", headers=headers
    )
    assert other.status_code == 403
    assert other.json() == E3_FORBIDDEN

    own = await api.patch(
        f"/api/users/{student_id}/pix-orga-terms-of-service-acceptance", headers=headers
    )
    assert own.status_code == 204
    me = (await api.get("/api/users/me", headers=headers)).json()
    assert me["data"]["attributes"]["pix-orga-terms-of-service-accepted"] is True
