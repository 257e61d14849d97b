"""Demo data: a collège and a lycée, two teachers, 31 students, three Pix Admin accounts.

Every account's password is `Pix12345`. Seeding is idempotent: it adds only what is missing
(found by natural keys: e-mail, organization name...) and never modifies or duplicates
existing rows, so a demo user's own changes survive a re-seed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db import Database
from server.models import (
    AdminMember,
    AdminRole,
    Membership,
    Organization,
    OrganizationRole,
    OrganizationType,
    ServerMeta,
    User,
)
from server.security import hash_password
from server.seed_admin import seed_admin_demo
from server.seed_campaigns import seed_campaigns
from server.seed_marker import DEMO_SEED_MARKER_KEY, DEMO_SEED_VERSION
from server.seed_participations import seed_participations

DEMO_PASSWORD = "Pix12345"
COLLEGE = "Collège Pix (DEMO)"
LYCEE = "Lycée Pix (DEMO)"
# Fixed dates keep the demo reproducible (and screenshots stable).
DEMO_CREATED_AT = datetime(2024, 9, 2, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class DemoUser:
    email: str
    first_name: str
    last_name: str
    pix_orga_terms_accepted: bool = False


@dataclass(frozen=True)
class DemoOrganization:
    name: str
    type: OrganizationType
    external_id: str
    is_managing_students: bool
    features: dict[str, Any]


TEACHER = DemoUser("prof@example.net", "Claire", "Moreau", pix_orga_terms_accepted=True)
SECOND_TEACHER = DemoUser("prof2@example.net", "Julien", "Bernard", pix_orga_terms_accepted=True)
STUDENT = DemoUser("eleve@example.net", "Léa", "Petit")
SUPPORT = DemoUser("support@example.net", "Sophie", "Laurent")
SUPER_ADMIN = DemoUser("superadmin@example.net", "Antoine", "Girard")
METIER = DemoUser("metier@example.net", "Nadia", "Benali")

_STUDENT_NAMES = [
    ("Emma", "Martin"), ("Lucas", "Bernard"), ("Chloé", "Dubois"), ("Hugo", "Thomas"),
    ("Inès", "Robert"), ("Louis", "Richard"), ("Jade", "Durand"), ("Gabriel", "Lefebvre"),
    ("Manon", "Moreau"), ("Arthur", "Simon"), ("Camille", "Laurent"), ("Nathan", "Michel"),
    ("Sarah", "Garcia"), ("Raphaël", "David"), ("Lina", "Bertrand"), ("Jules", "Roux"),
    ("Zoé", "Vincent"), ("Adam", "Fournier"), ("Louise", "Morel"), ("Théo", "Girard"),
    ("Alice", "André"), ("Tom", "Mercier"), ("Eva", "Dupont"), ("Noah", "Lambert"),
    ("Juliette", "Bonnet"), ("Enzo", "François"), ("Clara", "Martinez"), ("Maël", "Legrand"),
    ("Anna", "Garnier"), ("Yanis", "Faure"),
]  # fmt: skip
STUDENTS = [STUDENT] + [
    DemoUser(f"eleve{number:02d}@example.net", first, last)
    for number, (first, last) in enumerate(_STUDENT_NAMES, start=1)
]

ORGANIZATIONS = [
    DemoOrganization(
        COLLEGE, OrganizationType.SCO, "0751234A", True, {"MULTIPLE_SENDING_ASSESSMENT": True}
    ),
    DemoOrganization(LYCEE, OrganizationType.SCO, "0759876B", True, {}),
]
MEMBERSHIPS = [
    (TEACHER, COLLEGE, OrganizationRole.ADMIN),
    (TEACHER, LYCEE, OrganizationRole.MEMBER),
    (SECOND_TEACHER, COLLEGE, OrganizationRole.MEMBER),
]
ADMIN_ROLES = [
    (SUPPORT, AdminRole.SUPPORT),
    (SUPER_ADMIN, AdminRole.SUPER_ADMIN),
    (METIER, AdminRole.METIER),
]
ALL_USERS = [TEACHER, SECOND_TEACHER, *STUDENTS, SUPPORT, SUPER_ADMIN, METIER]


@dataclass
class SeedContext:
    """What the seed steps share: ids of what earlier steps created or found."""

    session: AsyncSession
    users: dict[str, User]  # by e-mail
    organizations: dict[str, Organization]  # by name


async def _seed_users(context: SeedContext) -> None:
    existing: dict[str, User] = {
        user.email: user
        for user in await context.session.scalars(
            select(User).where(User.email.in_([demo.email for demo in ALL_USERS]))
        )
        if user.email is not None
    }
    missing = [demo for demo in ALL_USERS if demo.email not in existing]
    # argon2 is slow on purpose: hash the shared demo password once, not 36 times.
    password_hash = hash_password(DEMO_PASSWORD) if missing else ""
    for demo in missing:
        user = User(
            email=demo.email,
            first_name=demo.first_name,
            last_name=demo.last_name,
            password_hash=password_hash,
            lang="fr",
            cgu=True,
            must_validate_terms_of_service=False,
            last_terms_of_service_validated_at=DEMO_CREATED_AT,
            pix_orga_terms_of_service_accepted=demo.pix_orga_terms_accepted,
            pix_certif_terms_of_service_accepted=False,
            email_confirmed_at=DEMO_CREATED_AT,
            last_data_protection_policy_seen_at=DEMO_CREATED_AT,
            created_at=DEMO_CREATED_AT,
        )
        context.session.add(user)
        existing[demo.email] = user
    await context.session.flush()
    context.users.update(existing)


async def _seed_organizations(context: SeedContext) -> None:
    names = [demo.name for demo in ORGANIZATIONS]
    existing = {
        organization.name: organization
        for organization in await context.session.scalars(
            select(Organization).where(Organization.name.in_(names))
        )
    }
    for demo in ORGANIZATIONS:
        if demo.name in existing:
            continue
        organization = Organization(
            name=demo.name,
            type=demo.type,
            external_id=demo.external_id,
            is_managing_students=demo.is_managing_students,
            credit=0,
            features=dict(demo.features),
            created_at=DEMO_CREATED_AT,
        )
        context.session.add(organization)
        existing[demo.name] = organization
    await context.session.flush()
    context.organizations.update(existing)


async def _seed_memberships(context: SeedContext) -> None:
    for demo_user, organization_name, role in MEMBERSHIPS:
        user = context.users[demo_user.email]
        organization = context.organizations[organization_name]
        found = await context.session.scalar(
            select(Membership.id).where(
                Membership.user_id == user.id, Membership.organization_id == organization.id
            )
        )
        if found is None:
            context.session.add(
                Membership(
                    user_id=user.id,
                    organization_id=organization.id,
                    organization_role=role,
                    created_at=DEMO_CREATED_AT,
                )
            )
    await context.session.flush()


async def _seed_admin_roles(context: SeedContext) -> None:
    for demo_user, role in ADMIN_ROLES:
        user = context.users[demo_user.email]
        found = await context.session.scalar(
            select(AdminMember.id).where(AdminMember.user_id == user.id)
        )
        if found is None:
            context.session.add(AdminMember(user_id=user.id, role=role, created_at=DEMO_CREATED_AT))
    await context.session.flush()


# The demo, step by step, in order. Later areas append their own steps here (campaigns,
# participations, answers...), each idempotent, and bump DEMO_SEED_VERSION in seed_marker.py.
SEED_STEPS: list[Callable[[SeedContext], Awaitable[None]]] = [
    _seed_users,
    _seed_organizations,
    _seed_memberships,
    _seed_admin_roles,
    seed_campaigns,
    seed_participations,
    seed_admin_demo,
]


async def _write_marker(session: AsyncSession) -> None:
    marker = await session.get(ServerMeta, DEMO_SEED_MARKER_KEY)
    if marker is None:
        session.add(ServerMeta(key=DEMO_SEED_MARKER_KEY, value=DEMO_SEED_VERSION))
    elif marker.value != DEMO_SEED_VERSION:
        marker.value = DEMO_SEED_VERSION


async def seed_demo_in_session(session: AsyncSession) -> None:
    """Seed within the caller's transaction (the caller commits)."""
    context = SeedContext(session=session, users={}, organizations={})
    for step in SEED_STEPS:
        await step(context)
    await _write_marker(session)


async def seed_demo(database_url: str) -> None:
    """Add the demo data to a migrated database, in one transaction; idempotent."""
    database = Database.connect(database_url, pooled=False)
    try:
        async with database.sessionmaker.begin() as session:
            await seed_demo_in_session(session)
    finally:
        await database.dispose()
