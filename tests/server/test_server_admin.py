"""GET /api/admin/admin-members/me for each Pix Admin role (CONTRACT 8)."""

from __future__ import annotations

import pytest
from server_support import E3_FORBIDDEN, update_rows
from sqlalchemy import select

from server.models import AdminMember, User, utcnow


@pytest.mark.parametrize(
    ("email", "role", "flag"),
    [
        ("superadmin@example.net", "SUPER_ADMIN", "is-super-admin"),
        ("support@example.net", "SUPPORT", "is-support"),
        ("metier@example.net", "METIER", "is-metier"),
    ],
)
async def test_admin_member_me_per_role(api, auth_headers, email, role, flag) -> None:
    headers = await auth_headers(email, scope="pix-admin")

    response = await api.get("/api/admin/admin-members/me", headers=headers)

    assert response.status_code == 200
    data = response.json()["data"]
    assert data["type"] == "admin-members"
    attributes = data["attributes"]
    assert attributes["role"] == role
    assert attributes["email"] == email
    assert isinstance(attributes["user-id"], int)
    flags = {
        key: attributes[key] for key in ("is-super-admin", "is-support", "is-metier", "is-certif")
    }
    assert flags == {key: key == flag for key in flags}
    assert set(attributes) == {
        "user-id", "first-name", "last-name", "email", "role",
        "is-super-admin", "is-support", "is-metier", "is-certif",
    }  # fmt: skip


async def test_certif_role_and_admin_member_id(api, auth_headers, seeded_url) -> None:
    from server.db import Database

    database = Database.connect(seeded_url, pooled=False)
    try:
        async with database.sessionmaker.begin() as session:
            user_id = await session.scalar(select(User.id).where(User.email == "prof2@example.net"))
            admin = AdminMember(user_id=user_id, role="CERTIF")
            session.add(admin)
            await session.flush()
            admin_id = admin.id
    finally:
        await database.dispose()
    headers = await auth_headers("prof2@example.net", scope="pix-admin")
    data = (await api.get("/api/admin/admin-members/me", headers=headers)).json()["data"]
    assert data["id"] == str(admin_id)
    assert data["attributes"]["user-id"] == user_id
    assert data["attributes"]["is-certif"] is True


async def test_non_admins_and_disabled_admins_are_refused(api, auth_headers, seeded_url) -> None:
    for email in ("prof@example.net", "eleve@example.net"):
        response = await api.get("/api/admin/admin-members/me", headers=await auth_headers(email))
        assert response.status_code == 403
        assert response.json() == E3_FORBIDDEN

    headers = await auth_headers("support@example.net", scope="pix-admin")
    user_id = select(User.id).where(User.email == "support@example.net").scalar_subquery()
    await update_rows(seeded_url, AdminMember, AdminMember.user_id == user_id, disabled_at=utcnow())
    # The token is still valid, but the role is gone.
    response = await api.get("/api/admin/admin-members/me", headers=headers)
    assert response.status_code == 403
    assert response.json() == E3_FORBIDDEN
