"""Access checks shared by routes (Pix's security pre-handlers): a refusal is an E3 403."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.errors import InsufficientPermissions
from server.models import AdminMember, AdminRole, Membership, OrganizationRole


async def active_membership(
    session: AsyncSession, user_id: int, organization_id: int
) -> Membership | None:
    return await session.scalar(
        select(Membership).where(
            Membership.user_id == user_id,
            Membership.organization_id == organization_id,
            Membership.disabled_at.is_(None),
        )
    )


async def ensure_organization_member(
    session: AsyncSession,
    user_id: int,
    organization_id: int,
    *,
    roles: Collection[OrganizationRole] | None = None,
) -> Membership:
    """The caller's active membership of the organization (optionally with one of `roles`)."""
    membership = await active_membership(session, user_id, organization_id)
    if membership is None or (roles is not None and membership.organization_role not in roles):
        raise InsufficientPermissions()
    return membership


async def active_admin_member(session: AsyncSession, user_id: int) -> AdminMember | None:
    return await session.scalar(
        select(AdminMember).where(AdminMember.user_id == user_id, AdminMember.disabled_at.is_(None))
    )


async def ensure_admin_role(
    session: AsyncSession, user_id: int, roles: Collection[AdminRole] | None = None
) -> AdminMember:
    """The caller's active Pix Admin role, which must be one of `roles` (any role if None)."""
    admin = await active_admin_member(session, user_id)
    if admin is None or (roles is not None and admin.role not in roles):
        raise InsufficientPermissions()
    return admin


def ensure_same_user(caller_user_id: int, user_id: int) -> None:
    """Routes under /users/{userId}: only the user themself."""
    if caller_user_id != user_id:
        raise InsufficientPermissions()
