"""Which Pix Admin role may do what (DOMAIN §9), and the sentence shown when it may not.

The server decides (a refused action is a 403 and changes nothing); the screen only avoids
offering what would be refused, and says why next to the disabled action:
- every role reads everything;
- changing the owner: SUPER_ADMIN, SUPPORT, METIER (like Pix's campaign edit);
- deleting a participation: SUPER_ADMIN, SUPPORT;
- archiving or unarchiving: SUPER_ADMIN, METIER (like Pix's bulk archive).
"""

from __future__ import annotations

from enum import StrEnum

from tui.labels import ADMIN_ROLES, label_for


class AdminAction(StrEnum):
    ARCHIVE = "archive"
    CHANGE_OWNER = "change-owner"
    DELETE_PARTICIPATION = "delete-participation"


ALLOWED_ROLES: dict[AdminAction, tuple[str, ...]] = {
    AdminAction.ARCHIVE: ("SUPER_ADMIN", "METIER"),
    AdminAction.CHANGE_OWNER: ("SUPER_ADMIN", "SUPPORT", "METIER"),
    AdminAction.DELETE_PARTICIPATION: ("SUPER_ADMIN", "SUPPORT"),
}
_WHAT = {
    AdminAction.ARCHIVE: "d'archiver ou de désarchiver une campagne",
    AdminAction.CHANGE_OWNER: "de changer le propriétaire d'une campagne",
    AdminAction.DELETE_PARTICIPATION: "de supprimer une participation",
}
REFUSED_BY_SERVER = "Le serveur a refusé cette action à votre rôle Pix Admin."


def allowed(action: AdminAction, role: str | None) -> bool:
    """Whether `role` may do `action` (an unknown role may not)."""
    return role is not None and role in ALLOWED_ROLES[action]


def refusal(action: AdminAction, role: str | None) -> str | None:
    """Why `role` may not do `action`, in French; None when it may.

    "Votre rôle Pix Admin (Support) ne permet pas d'archiver ou de désarchiver une campagne :
    réservé aux rôles Super administrateur et Métier."
    """
    if allowed(action, role):
        return None
    roles = [label_for(ADMIN_ROLES, code) for code in ALLOWED_ROLES[action]]
    who = " et ".join([", ".join(roles[:-1]), roles[-1]] if len(roles) > 1 else roles)
    if role is None:
        return f"Votre rôle Pix Admin n'est pas encore connu : réservé aux rôles {who}."
    return (
        f"Votre rôle Pix Admin ({label_for(ADMIN_ROLES, role)}) ne permet pas "
        f"{_WHAT[action]} : réservé aux rôles {who}."
    )
