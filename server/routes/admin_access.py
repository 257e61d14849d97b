"""Who may do what in Pix Admin (DOMAIN §9), one dependency per kind of action.

Pix's guards for the routes it has; for the extensions, the closest Pix guard:
- read anything (campaigns, participations, organisations, feedbacks, audit log): all four
  roles, like Pix's campaign and organisation reads;
- edit campaign details, the external id of a participation, and (extension) the owner: like
  Pix's `PATCH /api/admin/campaigns/{id}`, SUPER_ADMIN, SUPPORT, METIER;
- delete a participation: SUPER_ADMIN, SUPPORT;
- archive (bulk CSV), and (extensions) archive or unarchive one campaign: like Pix's bulk
  archive, SUPER_ADMIN, METIER.
A refusal is the E3 403, decided before the target is even looked up (Pix's pre-handlers).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from server.deps import require_admin_role
from server.models import AdminMember, AdminRole

READ_ROLES = (AdminRole.SUPER_ADMIN, AdminRole.SUPPORT, AdminRole.METIER, AdminRole.CERTIF)
EDIT_ROLES = (AdminRole.SUPER_ADMIN, AdminRole.SUPPORT, AdminRole.METIER)
DELETE_PARTICIPATION_ROLES = (AdminRole.SUPER_ADMIN, AdminRole.SUPPORT)
ARCHIVE_ROLES = (AdminRole.SUPER_ADMIN, AdminRole.METIER)

ReaderDep = Annotated[AdminMember, Depends(require_admin_role(*READ_ROLES))]
EditorDep = Annotated[AdminMember, Depends(require_admin_role(*EDIT_ROLES))]
ParticipationRemoverDep = Annotated[
    AdminMember, Depends(require_admin_role(*DELETE_PARTICIPATION_ROLES))
]
ArchiverDep = Annotated[AdminMember, Depends(require_admin_role(*ARCHIVE_ROLES))]
