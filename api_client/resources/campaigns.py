"""`client.campaigns`: Pix Orga's campaigns (list, create, detail, update, archive)."""

from __future__ import annotations

import builtins
import uuid
from dataclasses import dataclass
from typing import Any

from api_client.errors import UnexpectedResponseError
from api_client.jsonapi import Document
from api_client.models.campaigns import Campaign, CampaignDraft, CampaignUpdate, TargetProfile
from api_client.pagination import DEFAULT_PAGE_SIZE, AsyncPaginator, Page, page_query
from api_client.resources._base import SpaceResource
from api_client.spaces import Space

PAGE_SIZES = (10, 25, 50, 100)
"""The page sizes Pix Orga offers under its tables."""

ARCHIVED_STATUS = "archived"
# Extension meta keys of the reference server (not sent by Pix): the tab counts.
ONGOING_COUNT_META = "ongoingCampaignsCount"
ARCHIVED_COUNT_META = "archivedCampaignsCount"
HAS_CAMPAIGNS_META = "hasCampaigns"


@dataclass(frozen=True, slots=True)
class CampaignPage(Page[Campaign]):
    """One page of an organisation's campaigns, with what the tabs need."""

    @property
    def has_campaigns(self) -> bool:
        """Whether the organisation has any campaign at all, whatever the filters
        (Pix Orga shows its "no campaign yet" message when not)."""
        return bool(self.meta.extra(HAS_CAMPAIGNS_META, bool(self.items)))

    @property
    def ongoing_count(self) -> int | None:
        """Campaigns of the "Actives" tab under the same filters; None if the server
        does not say (Pix itself does not)."""
        return _count(self.meta.extra(ONGOING_COUNT_META))

    @property
    def archived_count(self) -> int | None:
        """Campaigns of the "Archivées" tab under the same filters; None if not sent."""
        return _count(self.meta.extra(ARCHIVED_COUNT_META))


class CampaignsResource(SpaceResource):
    """Campaign routes of the Orga space (CONTRACT §4)."""

    space = Space.ORGA

    async def list(
        self,
        organization_id: str | int,
        *,
        name: str | None = None,
        owner_name: str | None = None,
        owned_by_me: bool = False,
        archived: bool = False,
        page: int = 1,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> CampaignPage:
        """One page of the organisation's campaigns, newest first.

        `GET /api/organizations/{id}/campaigns`. `name` searches the campaign name,
        `owner_name` the owner's first or last name; `owned_by_me` is "Mes campagnes"
        (else "Toutes les campagnes"); `archived` picks the "Archivées" tab (else
        "Actives"). A page past the end comes back empty with the real `page_count`.
        """
        params: dict[str, Any] = page_query(page, page_size)
        if name:
            params["filter[name]"] = name
        if owner_name:
            params["filter[ownerName]"] = owner_name
        if owned_by_me:
            params["filter[isOwnedByMe]"] = "true"
        if archived:
            params["filter[status]"] = ARCHIVED_STATUS
        document = await self._get(f"/api/organizations/{organization_id}/campaigns", params=params)
        plain = document.page(Campaign)
        return CampaignPage(items=plain.items, meta=plain.meta)

    def iterate(
        self,
        organization_id: str | int,
        *,
        name: str | None = None,
        owner_name: str | None = None,
        owned_by_me: bool = False,
        archived: bool = False,
        page_size: int = 100,
    ) -> AsyncPaginator[Campaign]:
        """Every campaign matching the filters, fetched page by page when iterated
        (`async for campaign in client.campaigns.iterate(org_id): ...`)."""

        async def fetch(number: int, size: int) -> Page[Campaign]:
            return await self.list(
                organization_id,
                name=name,
                owner_name=owner_name,
                owned_by_me=owned_by_me,
                archived=archived,
                page=number,
                page_size=size,
            )

        return AsyncPaginator(fetch, page_size=page_size)

    async def get(self, campaign_id: str | int) -> Campaign:
        """`GET /api/campaigns/{id}`: settings, counts, stages and badges of one campaign.

        `PermissionDeniedError` when the campaign is not in one of the user's organisations.
        """
        document = await self._get(f"/api/campaigns/{campaign_id}")
        return document.one(Campaign)

    async def create(self, draft: CampaignDraft, *, idempotency_key: str | None = None) -> Campaign:
        """Create a campaign (`POST /api/campaigns`); the server generates its code.

        An idempotency key is generated when none is given, so a retry after a network
        failure never creates the campaign twice. A refused draft raises `ValidationError`
        whose `field_errors` are keyed by field ("name", "type", "target-profile", "owner",
        "title", "custom-landing-page-text", "external-id-label"…) with Pix's raw message
        keys (`CAMPAIGN_NAME_IS_REQUIRED`…); `PermissionDeniedError` when the organisation
        may not use that target profile or multiple sendings.
        """
        key = idempotency_key or str(uuid.uuid4())
        document = await self._post("/api/campaigns", draft.to_document(), idempotency_key=key)
        return _one(document, "POST /api/campaigns")

    async def update(self, campaign_id: str | int, update: CampaignUpdate) -> Campaign:
        """Change name, title, landing page text and owner (`PATCH /api/campaigns/{id}`).

        Allowed to the owner and the organisation's administrators (`PermissionDeniedError`
        otherwise); `ValidationError` for a title over 50 characters
        (`CAMPAIGN_TITLE_IS_TOO_LONG`) or an owner outside the organisation
        (`OWNER_NOT_IN_ORGANIZATION` on "owner").
        """
        document = await self._patch(f"/api/campaigns/{campaign_id}", update.to_document())
        return _one(document, "PATCH /api/campaigns/{id}")

    async def archive(self, campaign_id: str | int) -> Campaign:
        """Archive (`PUT /api/campaigns/{id}/archive`): nobody can join it any more.

        `PreconditionFailedError` when it already is; same permission as `update`.
        """
        document = await self._put(f"/api/campaigns/{campaign_id}/archive")
        return _one(document, "PUT /api/campaigns/{id}/archive")

    async def unarchive(self, campaign_id: str | int) -> Campaign:
        """Unarchive (`DELETE /api/campaigns/{id}/archive`); same permission as `update`."""
        document = await self._delete(f"/api/campaigns/{campaign_id}/archive")
        return _one(document, "DELETE /api/campaigns/{id}/archive")

    async def target_profiles(self, organization_id: str | int) -> builtins.list[TargetProfile]:
        """The target profiles the organisation may evaluate on ("Que souhaitez-vous
        tester ?"), for an assessment campaign."""
        document = await self._get(f"/api/organizations/{organization_id}/target-profiles")
        return document.many(TargetProfile)


def _one(document: Document | None, what: str) -> Campaign:
    if document is None:
        raise UnexpectedResponseError(f"{what} answered an empty body")
    return document.one(Campaign)


def _count(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None
