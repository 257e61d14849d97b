"""`client.orga`: Pix Orga's bootstrap (prescriber, organisation switch, members)."""

from __future__ import annotations

from api_client.jsonapi import ResourceRef, encode_document
from api_client.models.orga import MemberIdentity, Prescriber
from api_client.resources._base import SpaceResource
from api_client.spaces import Space


class OrgaResource(SpaceResource):
    """Routes of the Orga space that are not about campaigns."""

    space = Space.ORGA

    async def prescriber(self) -> Prescriber:
        """`GET /api/prescription/prescribers/{userId}`: memberships and current organisation."""
        document = await self._get(f"/api/prescription/prescribers/{self._user_id}")
        return document.one(Prescriber)

    async def switch_organization(self, organization_id: str | int) -> Prescriber:
        """Make `organization_id` the current organisation, then reload the prescriber.

        `PUT /api/user-orga-settings/{userId}`; a `ValidationError` (422) means the user is
        not an active member of that organisation.
        """
        # The Orga front-end sends the id as a number; Pix accepts both.
        ref_id = int(organization_id) if str(organization_id).isdigit() else organization_id
        body = encode_document(relationships={"organization": ResourceRef("organizations", ref_id)})
        await self._put(f"/api/user-orga-settings/{self._user_id}", body)
        return await self.prescriber()

    async def member_identities(self, organization_id: str | int) -> list[MemberIdentity]:
        """`GET /api/organizations/{id}/member-identities`: members, for the owner picker."""
        document = await self._get(f"/api/organizations/{organization_id}/member-identities")
        return document.many(MemberIdentity)
