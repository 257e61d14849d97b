"""Extension `GET /api/admin/organizations/{id}/members`: whom support may make a campaign's
owner, for an agent who is no member of the organisation.

Demo: the collège has prof@ (Claire Moreau, ADMIN) and prof2@ (Julien Bernard, MEMBER); the
lycée has prof@ only. Who may call it is in test_server_admin_permissions.py.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from admin_support import SUPPORT
from campaign_support import COLLEGE, LYCEE, PROF2, organization_id, user_id
from server_support import update_rows

from server.models import Membership


@pytest.fixture
def call(api, auth_headers):
    async def do(url: str, *, email: str = SUPPORT):
        headers = await auth_headers(email, scope="pix-admin")
        return await api.get(url, headers=headers)

    return do


def _names(response) -> list[tuple[str, str, str]]:
    return [
        (item["type"], item["attributes"]["first-name"], item["attributes"]["last-name"])
        for item in response.json()["data"]
    ]


async def test_support_lists_the_active_members_by_name(call, seeded_url) -> None:
    college = await organization_id(seeded_url, COLLEGE)

    response = await call(f"/api/admin/organizations/{college}/members")

    assert response.status_code == 200
    assert _names(response) == [
        ("member-identities", "Claire", "Moreau"),
        ("member-identities", "Julien", "Bernard"),
    ]
    # The id is the user's: what PATCH /api/admin/campaigns/{id}/owner takes.
    ids = [item["id"] for item in response.json()["data"]]
    assert ids[1] == str(await user_id(seeded_url, PROF2))


async def test_a_disabled_membership_is_not_offered(call, seeded_url) -> None:
    college = await organization_id(seeded_url, COLLEGE)
    prof2 = await user_id(seeded_url, PROF2)
    await update_rows(
        seeded_url,
        Membership,
        (Membership.user_id == prof2) & (Membership.organization_id == college),
        disabled_at=datetime(2025, 1, 6, tzinfo=UTC),
    )

    response = await call(f"/api/admin/organizations/{college}/members")

    assert [last for _, _, last in _names(response)] == ["Moreau"]


async def test_each_organisation_has_its_own_members(call, seeded_url) -> None:
    lycee = await organization_id(seeded_url, LYCEE)

    response = await call(f"/api/admin/organizations/{lycee}/members")

    assert [last for _, _, last in _names(response)] == ["Moreau"]


async def test_an_unknown_organisation_is_a_404(call) -> None:
    response = await call("/api/admin/organizations/999999/members")

    assert response.status_code == 404
    assert "999999" in response.json()["errors"][0]["detail"]
