"""POST /api/token and /api/revoke as a Pix front-end uses them (CONTRACT 2)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

import httpx
import jwt
from server_support import WRONG_CREDENTIALS, load_fixture, scalar, update_rows
from sqlalchemy import select

from server.models import AdminMember, Membership, RefreshToken, User, utcnow
from server.usecases.authentication import NOT_AN_ADMIN, NOT_AN_ORGA_MEMBER

ORGA_HOST = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "orga.pix.fr"}
ADMIN_HOST = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "admin.pix.fr"}


def _claims(token: str) -> dict[str, object]:
    return jwt.decode(token, options={"verify_signature": False})


async def test_password_grant_answers_the_documented_shape(login, api) -> None:
    response = await login("prof@example.net")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == set(load_fixture("auth-token.response.json"))
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 1200
    assert isinstance(body["user_id"], int)
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["pragma"] == "no-cache"
    claims = _claims(body["access_token"])
    assert claims["user_id"] == body["user_id"]
    assert claims["exp"] - claims["iat"] == 1200
    me = await api.get("/api/users/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["data"]["id"] == str(body["user_id"])


async def test_email_is_case_insensitive(login) -> None:
    response = await login("  Prof@Example.NET ")
    assert response.status_code == 200


async def test_username_login(login, seeded_url) -> None:
    await update_rows(
        seeded_url, User, User.email == "eleve01@example.net", username="emma.martin0101"
    )
    assert (await login("emma.martin0101")).status_code == 200


async def test_each_scope_accepts_its_users(login) -> None:
    for email, scope in [
        ("prof@example.net", "pix-orga"),
        ("prof2@example.net", "pix-orga"),
        ("support@example.net", "pix-admin"),
        ("superadmin@example.net", "pix-admin"),
        ("eleve@example.net", "mon-pix"),
    ]:
        response = await login(email, scope=scope)
        assert response.status_code == 200, (email, scope, response.text)
        assert _claims(response.json()["access_token"])["scope"] == scope


async def test_orga_scope_refuses_a_student(login) -> None:
    response = await login("eleve@example.net", scope="pix-orga")
    assert response.status_code == 403
    assert response.json() == {
        "errors": [{"status": "403", "title": "Forbidden", "detail": NOT_AN_ORGA_MEMBER}]
    }


async def test_orga_scope_refuses_a_teacher_whose_memberships_are_disabled(
    login, seeded_url
) -> None:
    teacher_id = await scalar(seeded_url, select(User.id).where(User.email == "prof2@example.net"))
    await update_rows(
        seeded_url, Membership, Membership.user_id == teacher_id, disabled_at=utcnow()
    )
    response = await login("prof2@example.net", scope="pix-orga")
    assert response.status_code == 403


async def test_admin_scope_refuses_teachers_and_disabled_admins(login, seeded_url) -> None:
    refused = await login("prof@example.net", scope="pix-admin")
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["detail"] == NOT_AN_ADMIN

    support_id = await scalar(
        seeded_url, select(User.id).where(User.email == "support@example.net")
    )
    await update_rows(
        seeded_url, AdminMember, AdminMember.user_id == support_id, disabled_at=utcnow()
    )
    assert (await login("support@example.net", scope="pix-admin")).status_code == 403
    # The same account can still use Pix App.
    assert (await login("support@example.net")).status_code == 200


async def test_a_scope_refusal_is_not_a_login_failure(login, seeded_url) -> None:
    for _ in range(3):
        assert (await login("eleve@example.net", scope="pix-orga")).status_code == 403
    failures = await scalar(
        seeded_url, select(User.failure_count).where(User.email == "eleve@example.net")
    )
    assert failures == 0
    assert (await login("eleve@example.net")).status_code == 200


async def test_unknown_email_and_wrong_password_get_the_same_answer(login) -> None:
    unknown = await login("personne@example.net")
    wrong = await login("prof@example.net", password="pas-le-bon")

    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json() == WRONG_CREDENTIALS
    assert unknown.json() == load_fixture("auth-token-wrong-password.response.json")


async def test_ten_failures_block_the_account_for_two_minutes(login, seeded_url) -> None:
    for attempt in range(10):
        response = await login("prof@example.net", password=f"mauvais-{attempt}")
        assert response.status_code == 401

    blocked = await login("prof@example.net")  # the right password does not help
    assert blocked.status_code == 403
    error = blocked.json()["errors"][0]
    fixture_error = load_fixture("auth-token-user-temporary-blocked.response.json")["errors"][0]
    assert {key: error[key] for key in fixture_error} == fixture_error
    duration = error["meta"]["blockingDurationMs"]
    assert 110_000 < duration <= 120_000

    # Two minutes later the right password works and the counter starts again from zero.
    await update_rows(
        seeded_url,
        User,
        User.email == "prof@example.net",
        temporary_blocked_until=utcnow() - timedelta(seconds=1),
    )
    assert (await login("prof@example.net")).status_code == 200
    assert (
        await scalar(seeded_url, select(User.failure_count).where(User.email == "prof@example.net"))
        == 0
    )


async def test_a_second_block_lasts_twice_as_long_and_thirty_failures_block_for_good(
    login, seeded_url
) -> None:
    email = "eleve02@example.net"
    await update_rows(seeded_url, User, User.email == email, failure_count=19)
    assert (await login(email, password="non")).status_code == 401  # 20th failure
    second_block = await login(email)
    assert second_block.json()["errors"][0]["code"] == "USER_IS_TEMPORARY_BLOCKED"
    assert 230_000 < second_block.json()["errors"][0]["meta"]["blockingDurationMs"] <= 240_000

    await update_rows(seeded_url, User, User.email == email, failure_count=29,
                      temporary_blocked_until=None)  # fmt: skip
    assert (await login(email, password="non")).status_code == 401  # 30th failure
    for password in ("Pix12345", "non"):
        response = await login(email, password=password)
        assert response.status_code == 403
        assert response.json() == {
            "errors": [
                {
                    "status": "403",
                    "title": "Forbidden",
                    "detail": "User has been blocked.",
                    "code": "USER_IS_BLOCKED",
                }
            ]
        }


async def test_refresh_grant_gives_a_new_access_token_for_the_same_session(login, api) -> None:
    first = (await login("prof@example.net", scope="pix-orga")).json()

    response = await api.post(
        "/api/token",
        data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]},
    )

    assert response.status_code == 200
    body = response.json()
    assert body["refresh_token"] == first["refresh_token"]
    assert body["user_id"] == first["user_id"]
    assert _claims(body["access_token"])["scope"] == "pix-orga"
    me = await api.get("/api/users/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200


async def test_unknown_or_expired_refresh_token_is_refused(login, api, seeded_url) -> None:
    unknown = await api.post(
        "/api/token", data={"grant_type": "refresh_token", "refresh_token": "inconnu"}
    )
    assert unknown.status_code == 401
    assert unknown.json()["errors"][0]["code"] == "INVALID_REFRESH_TOKEN"

    refresh_token = (await login("prof@example.net")).json()["refresh_token"]
    await update_rows(
        seeded_url, RefreshToken, RefreshToken.id > 0, expires_at=utcnow() - timedelta(seconds=1)
    )
    expired = await api.post(
        "/api/token", data={"grant_type": "refresh_token", "refresh_token": refresh_token}
    )
    assert expired.status_code == 401


async def test_revoked_refresh_token_cannot_be_used_again(login, api, seeded_url) -> None:
    refresh_token = (await login("prof@example.net")).json()["refresh_token"]

    revoke = await api.post(
        "/api/revoke", data={"token": refresh_token, "token_type_hint": "refresh_token"}
    )
    assert revoke.status_code == 204
    assert revoke.content == b""

    refused = await api.post(
        "/api/token", data={"grant_type": "refresh_token", "refresh_token": refresh_token}
    )
    assert refused.status_code == 401
    stored = await scalar(seeded_url, select(RefreshToken.token_hash))
    assert refresh_token not in stored  # only its hash is kept


async def test_revoke_without_hint_revokes_and_bad_requests_are_400(login, api) -> None:
    refresh_token = (await login("prof@example.net")).json()["refresh_token"]
    assert (await api.post("/api/revoke", data={"token": refresh_token})).status_code == 204
    refused = await api.post(
        "/api/token", data={"grant_type": "refresh_token", "refresh_token": refresh_token}
    )
    assert refused.status_code == 401

    expected = {
        "errors": [
            {
                "status": "400",
                "title": "Bad Request",
                "detail": "The server could not understand the request due to invalid token.",
            }
        ]
    }
    missing_token = await api.post("/api/revoke", data={"token_type_hint": "refresh_token"})
    bad_hint = await api.post("/api/revoke", data={"token": "x", "token_type_hint": "cookie"})
    assert missing_token.status_code == bad_hint.status_code == 400
    assert missing_token.json() == bad_hint.json() == expected
    not_a_form = await api.post("/api/revoke", json=load_fixture("auth-revoke.request.json"))
    assert not_a_form.status_code == 415


async def test_token_endpoint_takes_only_forms(api) -> None:
    response = await api.post("/api/token", json=load_fixture("auth-token.request.json"))
    assert response.status_code == 415
    assert response.json()["statusCode"] == 415


async def test_missing_fields_and_unknown_grants_are_400(api) -> None:
    cases = {
        (("grant_type", "password"), ("password", "x")): '"username" is required',
        (("grant_type", "password"), ("username", "a@b.c")): '"password" is required',
        (("grant_type", "client_credentials"),): (
            '"grant_type" must be one of [password, refresh_token]'
        ),
        (): '"grant_type" must be one of [password, refresh_token]',
        (("grant_type", "refresh_token"),): '"refresh_token" is required',
        (("grant_type", "password"), ("username", "prof@example.net"), ("password", "Pix12345"),
         ("scope", "pix-certif")): '"scope" must be one of [mon-pix, pix-orga, pix-admin]',
    }  # fmt: skip
    for fields, detail in cases.items():
        response = await api.post(
            "/api/token",
            content=urlencode(fields),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert response.status_code == 400, fields
        assert response.json() == {
            "errors": [{"status": "400", "title": "Bad Request", "detail": detail}]
        }


async def test_token_audience_follows_the_forwarded_host(login, api) -> None:
    orga_token = (await login("prof@example.net", headers=ORGA_HOST)).json()["access_token"]
    assert _claims(orga_token)["aud"] == "https://orga.pix.fr"
    bearer = {"Authorization": f"Bearer {orga_token}"}

    assert (await api.get("/api/users/me", headers={**bearer, **ORGA_HOST})).status_code == 200
    on_admin_host = await api.get("/api/users/me", headers={**bearer, **ADMIN_HOST})
    assert on_admin_host.status_code == 401
    assert on_admin_host.json()["statusCode"] == 401
    # Without proxy headers (local use) the audience is not checked.
    assert (await api.get("/api/users/me", headers=bearer)).status_code == 200


async def test_refresh_token_only_works_on_its_host(login, api) -> None:
    refresh_token = (await login("prof@example.net", headers=ORGA_HOST)).json()["refresh_token"]
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    assert (await api.post("/api/token", data=form, headers=ADMIN_HOST)).status_code == 401
    refreshed = await api.post("/api/token", data=form, headers=ORGA_HOST)
    assert refreshed.status_code == 200
    assert _claims(refreshed.json()["access_token"])["aud"] == "https://orga.pix.fr"


async def test_two_apps_on_one_database_accept_each_other_tokens(seeded_url) -> None:
    """Workers share the signing secret through the database."""
    from server.app import create_app

    first, second = create_app(seeded_url), create_app(seeded_url)
    try:
        async with (
            httpx.AsyncClient(transport=httpx.ASGITransport(app=first), base_url="http://a") as a,
            httpx.AsyncClient(transport=httpx.ASGITransport(app=second), base_url="http://b") as b,
        ):
            token = (
                await a.post(
                    "/api/token",
                    data={
                        "grant_type": "password",
                        "username": "prof@example.net",
                        "password": "Pix12345",
                    },
                )
            ).json()["access_token"]
            me = await b.get("/api/users/me", headers={"Authorization": f"Bearer {token}"})
            assert me.status_code == 200
    finally:
        await first.state.database.dispose()
        await second.state.database.dispose()
