"""Pix Admin: who the admin member is."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from server.models import AdminMember, User
from server.usecases.users import get_authenticated_user


@dataclass(frozen=True)
class AdminMemberWithUser:
    admin: AdminMember
    user: User


async def get_admin_member_with_user(
    session: AsyncSession, admin: AdminMember
) -> AdminMemberWithUser:
    return AdminMemberWithUser(
        admin=admin, user=await get_authenticated_user(session, admin.user_id)
    )
