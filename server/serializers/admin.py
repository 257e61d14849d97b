"""`admin-members`."""

from __future__ import annotations

from typing import Any

from server.jsonapi import document, resource
from server.models import AdminRole
from server.usecases.admin import AdminMemberWithUser


def admin_member_document(item: AdminMemberWithUser) -> dict[str, Any]:
    role = item.admin.role
    return document(
        resource(
            "admin-members",
            item.admin.id,
            {
                "user_id": item.user.id,
                "first_name": item.user.first_name,
                "last_name": item.user.last_name,
                "email": item.user.email,
                "role": role,
                "is_super_admin": role == AdminRole.SUPER_ADMIN,
                "is_support": role == AdminRole.SUPPORT,
                "is_metier": role == AdminRole.METIER,
                "is_certif": role == AdminRole.CERTIF,
            },
        )
    )
