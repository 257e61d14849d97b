"""Who may do what in Pix Admin (DOMAIN §9 and server/routes/admin_access.py).

Every admin route is tried by each admin role, by a teacher (ADMIN of the collège in Pix
Orga, no admin role) and by a student. Allowed: the expected success. Refused: the E3 403,
the target rows re-read unchanged, and no audit entry.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from admin_support import (
    CERTIF,
    EVERYONE,
    METIER,
    SUPER_ADMIN,
    SUPPORT,
    audit_count,
    campaign_state,
    csv_body,
    details_body,
    external_id_body,
    load,
    owner_body,
    participation_of,
    participation_state,
)
from campaign_support import COLLEGE, PROF2, campaign_id, organization_id, user_id
from server_support import E3_FORBIDDEN, E5_UNAUTHORIZED

from server.models import Campaign, CampaignParticipation

ALL_ADMINS = frozenset({SUPER_ADMIN, SUPPORT, METIER, CERTIF})
EDITORS = frozenset({SUPER_ADMIN, SUPPORT, METIER})
REMOVERS = frozenset({SUPER_ADMIN, SUPPORT})
ARCHIVERS = frozenset({SUPER_ADMIN, METIER})

Request = dict[str, Any]
Snapshot = Callable[[str], Awaitable[Any]]


@dataclass(frozen=True)
class Action:
    name: str
    allowed: frozenset[str]
    success: int
    # (database url) → (method, path, request kwargs, snapshot of what it may change)
    build: Callable[[str], Awaitable[tuple[str, str, Request, Snapshot | None]]] = field(repr=False)


def _campaign_snapshot(id_: int) -> Snapshot:
    async def read(url: str) -> Any:
        return campaign_state(await load(url, Campaign, id_))

    return read


def _participation_snapshot(id_: int) -> Snapshot:
    async def read(url: str) -> Any:
        return participation_state(await load(url, CampaignParticipation, id_))

    return read


async def _get(path: str) -> tuple[str, str, Request, Snapshot | None]:
    return "GET", path, {}, None


async def _rentree(url: str) -> int:
    return await campaign_id(url, "RENTRE123")


async def build_detail(url: str) -> Any:
    return await _get(f"/api/admin/campaigns/{await _rentree(url)}")


async def build_search(url: str) -> Any:
    return await _get("/api/admin/campaigns?filter[code]=RENTRE")


async def build_organization_campaigns(url: str) -> Any:
    return await _get(f"/api/admin/organizations/{await organization_id(url, COLLEGE)}/campaigns")


async def build_organizations(url: str) -> Any:
    return await _get("/api/admin/organizations?filter[name]=Pix")


async def build_participations(url: str) -> Any:
    return await _get(f"/api/admin/campaigns/{await _rentree(url)}/participations")


async def build_organization_members(url: str) -> Any:
    return await _get(f"/api/admin/organizations/{await organization_id(url, COLLEGE)}/members")


async def build_feedbacks(url: str) -> Any:
    return await _get(f"/api/admin/campaigns/{await _rentree(url)}/feedbacks")


async def build_audit_log(url: str) -> Any:
    return await _get(f"/api/admin/campaigns/{await _rentree(url)}/audit-log")


async def build_update(url: str) -> Any:
    id_ = await _rentree(url)
    body = details_body(name="Renommée par le support")
    return "PATCH", f"/api/admin/campaigns/{id_}", {"json": body}, _campaign_snapshot(id_)


async def build_external_id(url: str) -> Any:
    participation = await participation_of(url, await _rentree(url), "eleve01@example.net")
    return (
        "PATCH",
        f"/api/admin/campaign-participations/{participation}",
        {"json": external_id_body("INE-42")},
        _participation_snapshot(participation),
    )


async def build_delete_participation(url: str) -> Any:
    rentree = await _rentree(url)
    participation = await participation_of(url, rentree, "eleve01@example.net")
    return (
        "DELETE",
        f"/api/admin/campaigns/{rentree}/campaign-participations/{participation}",
        {},
        _participation_snapshot(participation),
    )


async def build_bulk_archive(url: str) -> Any:
    id_ = await _rentree(url)
    return (
        "POST",
        "/api/admin/campaigns/archive-campaigns",
        {"content": csv_body(id_), "headers": {"Content-Type": "text/csv"}},
        _campaign_snapshot(id_),
    )


async def build_archive(url: str) -> Any:
    id_ = await _rentree(url)
    return "POST", f"/api/admin/campaigns/{id_}/archive", {}, _campaign_snapshot(id_)


async def build_unarchive(url: str) -> Any:
    id_ = await campaign_id(url, "ARCHIV789")
    return "POST", f"/api/admin/campaigns/{id_}/unarchive", {}, _campaign_snapshot(id_)


async def build_owner(url: str) -> Any:
    id_ = await _rentree(url)
    body = owner_body(await user_id(url, PROF2))
    return "PATCH", f"/api/admin/campaigns/{id_}/owner", {"json": body}, _campaign_snapshot(id_)


ACTIONS = [
    Action("detail", ALL_ADMINS, 200, build_detail),
    Action("search", ALL_ADMINS, 200, build_search),
    Action("organization campaigns", ALL_ADMINS, 200, build_organization_campaigns),
    Action("organizations", ALL_ADMINS, 200, build_organizations),
    Action("organization members", ALL_ADMINS, 200, build_organization_members),
    Action("participations", ALL_ADMINS, 200, build_participations),
    Action("feedbacks", ALL_ADMINS, 200, build_feedbacks),
    Action("audit log", ALL_ADMINS, 200, build_audit_log),
    Action("update campaign", EDITORS, 204, build_update),
    Action("update external id", EDITORS, 204, build_external_id),
    Action("change owner", EDITORS, 200, build_owner),
    Action("delete participation", REMOVERS, 204, build_delete_participation),
    Action("bulk archive", ARCHIVERS, 204, build_bulk_archive),
    Action("archive", ARCHIVERS, 200, build_archive),
    Action("unarchive", ARCHIVERS, 200, build_unarchive),
]


@pytest.mark.parametrize("email", EVERYONE)
@pytest.mark.parametrize("action", ACTIONS, ids=lambda action: action.name)
async def test_permission_matrix(api, auth_headers, seeded_url, action: Action, email: str) -> None:
    method, path, kwargs, snapshot = await action.build(seeded_url)
    before = await snapshot(seeded_url) if snapshot is not None else None
    headers = {**kwargs.pop("headers", {}), **await auth_headers(email, scope="pix-admin")}

    response = await api.request(method, path, headers=headers, **kwargs)

    after = await snapshot(seeded_url) if snapshot is not None else None
    if email in action.allowed:
        assert response.status_code == action.success, response.text
        if snapshot is not None:
            assert after != before, "an allowed change must change something"
            assert await audit_count(seeded_url) >= 1
    else:
        assert (response.status_code, response.json()) == (403, E3_FORBIDDEN)
        assert after == before
        assert await audit_count(seeded_url) == 0


@pytest.mark.parametrize("action", ACTIONS, ids=lambda action: action.name)
async def test_without_a_token_every_admin_route_is_a_401(api, seeded_url, action) -> None:
    method, path, kwargs, _ = await action.build(seeded_url)
    response = await api.request(method, path, **kwargs)
    assert (response.status_code, response.json()) == (401, E5_UNAUTHORIZED)


async def test_a_role_disabled_after_login_can_no_longer_act(api, auth_headers, seeded_url) -> None:
    from server_support import update_rows
    from sqlalchemy import select

    from server.models import AdminMember, User, utcnow

    method, path, kwargs, snapshot = await build_archive(seeded_url)
    assert snapshot is not None
    before = await snapshot(seeded_url)
    headers = await auth_headers(METIER, scope="pix-admin")
    metier = select(User.id).where(User.email == METIER).scalar_subquery()
    await update_rows(seeded_url, AdminMember, AdminMember.user_id == metier, disabled_at=utcnow())

    response = await api.request(method, path, headers=headers, **kwargs)

    assert (response.status_code, response.json()) == (403, E3_FORBIDDEN)
    assert await snapshot(seeded_url) == before
