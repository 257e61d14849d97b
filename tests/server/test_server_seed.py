"""The demo data: who is there, and seeding twice changes nothing."""

from __future__ import annotations

from server_support import scalar
from sqlalchemy import func, select

from server.models import AdminMember, Membership, Organization, ServerMeta, User
from server.seed import seed_demo
from server.seed_marker import DEMO_SEED_MARKER_KEY, DEMO_SEED_VERSION

MODELS = (User, Organization, Membership, AdminMember)


async def _counts(url: str) -> dict[str, int]:
    return {
        model.__tablename__: await scalar(url, select(func.count()).select_from(model))
        for model in MODELS
    }


async def test_seed_is_idempotent(database_url) -> None:
    await seed_demo(database_url)
    first = await _counts(database_url)
    # 2 teachers + 31 students + 4 admins; 2 organizations; 3 memberships; 4 admin roles
    assert first == {"users": 37, "organizations": 2, "memberships": 3, "admin_members": 4}

    await seed_demo(database_url)

    assert await _counts(database_url) == first
    marker = await scalar(
        database_url, select(ServerMeta.value).where(ServerMeta.key == DEMO_SEED_MARKER_KEY)
    )
    assert marker == DEMO_SEED_VERSION


async def test_reseeding_keeps_what_the_demo_user_changed(database_url) -> None:
    from server_support import update_rows

    await seed_demo(database_url)
    await update_rows(database_url, User, User.email == "prof@example.net", first_name="Clara")
    await seed_demo(database_url)
    name = await scalar(
        database_url, select(User.first_name).where(User.email == "prof@example.net")
    )
    assert name == "Clara"


async def test_every_demo_account_logs_in_with_the_demo_password(login) -> None:
    # (the other accounts log in throughout the token, prescription and admin tests)
    for email in ["eleve30@example.net", "metier@example.net"]:
        assert (await login(email)).status_code == 200, email


async def test_students_have_distinct_french_names(seeded_url) -> None:
    names = await scalar(
        seeded_url,
        select(func.count(func.distinct(User.first_name + " " + User.last_name))).where(
            User.email.like("eleve%")
        ),
    )
    assert names == 31
