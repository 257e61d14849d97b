"""Protected routes answer 401 E5 to a missing, invalid, forged or expired bearer token."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest
from server_support import E5_UNAUTHORIZED

from server.models import utcnow
from server.security import create_access_token

PROTECTED = [
    ("GET", "/api/users/me"),
    ("GET", "/api/prescription/prescribers/1"),
    ("PUT", "/api/user-orga-settings/1"),
    ("GET", "/api/organizations/1/member-identities"),
    ("GET", "/api/admin/admin-members/me"),
    ("PATCH", "/api/users/1/pix-orga-terms-of-service-acceptance"),
]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
async def test_without_token(api, method: str, path: str) -> None:
    response = await api.request(method, path)
    assert response.status_code == 401
    assert response.json() == E5_UNAUTHORIZED
    assert response.headers["www-authenticate"] == "Bearer"


async def test_invalid_forged_and_expired_tokens(api, app, login) -> None:
    secret = await app.state.jwt_secret.get()
    now = utcnow()
    user_id = (await login("prof@example.net")).json()["user_id"]
    expired = create_access_token(
        secret=secret, user_id=user_id, scope=None, audience=None,
        now=now - timedelta(hours=1), ttl=timedelta(seconds=1200),
    )  # fmt: skip
    forged = create_access_token(
        secret="not-the-secret-of-this-server-at-all", user_id=user_id, scope=None, audience=None,
        now=now, ttl=timedelta(seconds=1200),
    )  # fmt: skip
    unsigned = jwt.encode({"user_id": user_id}, key="", algorithm="none")
    for authorization in [
        "Bearer",
        "Bearer pas-un-jwt",
        f"Basic {forged}",
        f"Bearer {expired}",
        f"Bearer {forged}",
        f"Bearer {unsigned}",
    ]:
        response = await api.get("/api/users/me", headers={"Authorization": authorization})
        assert response.status_code == 401, authorization
        assert response.json() == E5_UNAUTHORIZED


async def test_token_of_a_deleted_account(api, app) -> None:
    token = create_access_token(
        secret=await app.state.jwt_secret.get(), user_id=999_999, scope=None, audience=None,
        now=utcnow(), ttl=timedelta(seconds=60),
    )  # fmt: skip
    response = await api.get("/api/users/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json() == E5_UNAUTHORIZED
