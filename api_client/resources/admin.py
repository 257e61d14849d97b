"""`client.admin`: Pix Admin (support) — campaigns of any organisation, their participations,
organisations, and what support may change.

Pix's own routes work against any Pix server. Routes marked "extension" exist only on
pix-tui's reference server: against a server without them they raise
`ExtensionUnavailableError` (whose text is the French sentence to show), except where a
fallback through Pix's routes exists (`find_campaign`, `archive`).

    campaign = await client.admin.find_campaign("ARCHIV789")
    page = await client.admin.participations(campaign.id, status="STARTED")
    stuck = [p for p in page if p.is_stuck()]
"""

from __future__ import annotations

from collections.abc import Awaitable, Iterable
from typing import Any, TypeVar

from api_client.errors import (
    ErrorObject,
    ExtensionUnavailableError,
    NotFoundError,
    PixApiError,
    UnexpectedResponseError,
    ValidationError,
    is_missing_route,
)
from api_client.jsonapi import Document, Resource
from api_client.models.admin import (
    STARTED,
    AdminAuditEntry,
    AdminCampaign,
    AdminCampaignSummary,
    AdminCampaignUpdate,
    AdminFeedback,
    AdminMember,
    AdminOrganization,
    AdminParticipation,
    ParticipationStatus,
)
from api_client.models.orga import MemberIdentity
from api_client.pagination import Page, page_query
from api_client.resources._base import SpaceResource
from api_client.spaces import Space

ADMIN_PAGE_SIZE = 20
"""Default page size of the admin lists."""

BULK_ARCHIVE_PATH = "/api/admin/campaigns/archive-campaigns"
CAMPAIGN_BY_CODE_PATH = "/api/campaigns"
MAX_CODE_LENGTH = 50

T = TypeVar("T")
R = TypeVar("R", bound=Resource)


def normalize_code(code: str) -> str:
    """A campaign code as stored: upper case, without the spaces people type."""
    return "".join(code.split()).upper()


def _id_query(value: str | int | None) -> dict[str, str]:
    return {} if value is None or str(value).strip() == "" else {"filter[id]": str(value)}


class AdminResource(SpaceResource):
    """Routes of the Admin space (CONTRACT 8). Roles are the server's business: a refused
    action raises `PermissionDeniedError` and changes nothing."""

    space = Space.ADMIN

    async def me(self) -> AdminMember:
        """`GET /api/admin/admin-members/me`: the user's Pix Admin role."""
        document = await self._get("/api/admin/admin-members/me")
        return document.one(AdminMember)

    # -- finding campaigns -------------------------------------------------------------------

    async def campaign(self, campaign_id: str | int) -> AdminCampaign:
        """`GET /api/admin/campaigns/{id}`: any campaign, of any organisation, deleted ones
        included. `NotFoundError` when there is no such campaign."""
        document = await self._get(f"/api/admin/campaigns/{campaign_id}")
        return document.one(AdminCampaign)

    async def search_campaigns(
        self,
        *,
        code: str | None = None,
        id: str | int | None = None,  # the API's filter name
        name: str | None = None,
        page: int = 1,
        page_size: int = ADMIN_PAGE_SIZE,
    ) -> Page[AdminCampaignSummary]:
        """Extension `GET /api/admin/campaigns`: campaigns of every organisation whose code
        or name contains the text (any case; spaces in a code are ignored), or of that id.
        Several filters all apply; none lists every campaign. An exact code comes first,
        then the newest. Items carry `organization_name` and `status`."""
        params: dict[str, Any] = page_query(page, page_size)
        if code and code.strip():
            params["filter[code]"] = normalize_code(code)[:MAX_CODE_LENGTH]
        params.update(_id_query(id))
        if name and name.strip():
            params["filter[name]"] = name.strip()
        path = "/api/admin/campaigns"
        document = await self._extension(path, self._get(path, params=params))
        return document.page(AdminCampaignSummary)

    async def find_campaign(self, code_or_id: str) -> AdminCampaign:
        """The campaign a support agent types: digits are an id, anything else a code.

        A code is looked up with the search extension; on a server without it (real Pix),
        the way Pix Admin users do: `GET /api/campaigns?filter[code]=` (Pix App's lookup),
        then `GET /api/admin/campaigns/{id}`. `NotFoundError` when nothing matches.
        """
        text = code_or_id.strip()
        if text.isdigit():
            return await self.campaign(int(text))
        code = normalize_code(text)
        if not code or len(code) > MAX_CODE_LENGTH:
            raise _not_found(f"Aucune campagne n'a le code « {text} ».")
        try:
            found = await self.search_campaigns(code=code, page_size=10)
        except (ExtensionUnavailableError, ValidationError) as error:
            if isinstance(error, ValidationError) and error.status != 400:
                raise
            return await self.campaign(await self._campaign_id_by_public_code(code))
        for summary in found:
            if summary.code == code:
                return await self.campaign(summary.id)
        raise _not_found(f"Aucune campagne n'a le code « {code} ».")

    async def _campaign_id_by_public_code(self, code: str) -> str:
        document = await self._get(
            CAMPAIGN_BY_CODE_PATH, params={"filter[code]": code}, authenticated=False
        )
        data = document.data
        if isinstance(data, list):  # some versions answer a one-item array
            if not data:
                raise _not_found(f"Aucune campagne n'a le code « {code} ».")
            data = data[0]
        if data is None or data.id is None:
            raise _not_found(f"Aucune campagne n'a le code « {code} ».")
        return data.id

    async def organization_campaigns(
        self,
        organization_id: str | int,
        *,
        name: str | None = None,
        page: int = 1,
        page_size: int = ADMIN_PAGE_SIZE,
    ) -> Page[AdminCampaignSummary]:
        """`GET /api/admin/organizations/{id}/campaigns` (CONTRACT 8.3), newest first,
        deleted ones included; `name` filters by a fragment of the name."""
        params: dict[str, Any] = page_query(page, page_size)
        if name and name.strip():
            params["filter[name]"] = name.strip()
        document = await self._get(
            f"/api/admin/organizations/{organization_id}/campaigns", params=params
        )
        return document.page(AdminCampaignSummary)

    async def search_organizations(
        self,
        *,
        name: str | None = None,
        id: str | int | None = None,  # the API's filter name
        type: str | None = None,  # the API's filter name
        external_id: str | None = None,
        page: int = 1,
        page_size: int = ADMIN_PAGE_SIZE,
    ) -> Page[AdminOrganization]:
        """`GET /api/admin/organizations` (Pix's search): name, type and external id (UAI)
        by fragment in any case, id exactly; by name."""
        params: dict[str, Any] = page_query(page, page_size)
        params.update(_id_query(id))
        for key, value in (("name", name), ("type", type), ("externalId", external_id)):
            if value and value.strip():
                params[f"filter[{key}]"] = value.strip()
        document = await self._get("/api/admin/organizations", params=params)
        return document.page(AdminOrganization)

    async def organization_members(self, organization_id: str | int) -> list[MemberIdentity]:
        """Extension `GET /api/admin/organizations/{id}/members`: the organisation's active
        members (type `member-identities`, id = user id), by first then last name — whom a
        campaign's owner may be changed to. Pix Orga's `client.orga.member_identities` needs
        a membership of the organisation, which support agents do not have."""
        path = f"/api/admin/organizations/{organization_id}/members"
        document = await self._extension(path, self._get(path))
        return document.many(MemberIdentity)

    # -- one campaign's data -----------------------------------------------------------------

    async def participations(
        self,
        campaign_id: str | int,
        *,
        status: ParticipationStatus | None = None,
        stuck_after_days: int | None = None,
        page: int = 1,
        page_size: int = ADMIN_PAGE_SIZE,
    ) -> Page[AdminParticipation]:
        """`GET /api/admin/campaigns/{id}/participations` (CONTRACT 8.4), by participant
        name, deleted ones included. Extensions: `status` keeps one status;
        `stuck_after_days` keeps the STARTED ones quiet for that many days; each item's
        `last_activity_at` (see `AdminParticipation.is_stuck`). Filtering on a server
        without the extensions raises `ExtensionUnavailableError` rather than returning
        an unfiltered list."""
        params: dict[str, Any] = page_query(page, page_size)
        if status is not None:
            params["filter[status]"] = status
        if stuck_after_days is not None:
            params["filter[stuckAfterDays]"] = stuck_after_days
        path = f"/api/admin/campaigns/{campaign_id}/participations"
        filtered = status is not None or stuck_after_days is not None
        try:
            result = (await self._get(path, params=params)).page(AdminParticipation)
        except ValidationError as error:
            # Pix validates its query strictly: an unknown filter is a 400.
            if filtered and error.status == 400:
                raise ExtensionUnavailableError(path) from error
            raise
        if filtered and not _honours_filters(result, status, stuck_after_days):
            raise ExtensionUnavailableError(path)
        return result

    async def feedbacks(
        self, campaign_id: str | int, *, page: int = 1, page_size: int = ADMIN_PAGE_SIZE
    ) -> Page[AdminFeedback]:
        """Extension `GET /api/admin/campaigns/{id}/feedbacks`: the problems participants
        reported ("Signaler un problème") during the campaign's tests, newest first."""
        return await self._extension_page(
            f"/api/admin/campaigns/{campaign_id}/feedbacks", AdminFeedback, page, page_size
        )

    async def audit_log(
        self, campaign_id: str | int, *, page: int = 1, page_size: int = ADMIN_PAGE_SIZE
    ) -> Page[AdminAuditEntry]:
        """Extension `GET /api/admin/campaigns/{id}/audit-log`: what admins changed on the
        campaign and its participations, newest first."""
        return await self._extension_page(
            f"/api/admin/campaigns/{campaign_id}/audit-log", AdminAuditEntry, page, page_size
        )

    # -- changes -----------------------------------------------------------------------------

    async def update_campaign(self, campaign_id: str | int, update: AdminCampaignUpdate) -> None:
        """`PATCH /api/admin/campaigns/{id}` (CONTRACT 8.5; SUPER_ADMIN, SUPPORT, METIER).

        `ValidationError` with `field_errors` ("name", "title", "multiple-sendings"…) and
        Pix's message keys when refused; nothing is changed then."""
        await self._patch(f"/api/admin/campaigns/{campaign_id}", update.to_document())

    async def archive(self, campaign_id: str | int) -> AdminCampaign:
        """Archive one campaign (SUPER_ADMIN, METIER): nobody can join it any more.

        Extension `POST /api/admin/campaigns/{id}/archive`; on a server without it, Pix's
        bulk CSV archive with this one id, then the campaign is read again.
        `PreconditionFailedError` when it already is archived (extension only: Pix's bulk
        archive skips it silently)."""
        path = f"/api/admin/campaigns/{campaign_id}/archive"
        try:
            document = await self._extension(path, self._post(path))
        except ExtensionUnavailableError:
            await self.archive_in_bulk([campaign_id])
            return await self.campaign(campaign_id)
        return _one(document, AdminCampaign, path)

    async def unarchive(self, campaign_id: str | int) -> AdminCampaign:
        """Extension `POST /api/admin/campaigns/{id}/unarchive` (SUPER_ADMIN, METIER).
        `PreconditionFailedError` when the campaign is not archived."""
        path = f"/api/admin/campaigns/{campaign_id}/unarchive"
        return _one(await self._extension(path, self._post(path)), AdminCampaign, path)

    async def archive_in_bulk(self, campaign_ids: Iterable[str | int]) -> None:
        """`POST /api/admin/campaigns/archive-campaigns` (CONTRACT 8.6; SUPER_ADMIN, METIER):
        a CSV of ids. Unknown ids and campaigns already archived are skipped silently."""
        lines = ["campaignId", *(str(campaign_id) for campaign_id in campaign_ids)]
        await self._core.send(
            "POST",
            BULK_ARCHIVE_PATH,
            space=self.space,
            content=("\n".join(lines) + "\n").encode(),
            headers={"Content-Type": "text/csv; charset=utf-8"},
        )

    async def change_owner(self, campaign_id: str | int, owner_id: str | int) -> AdminCampaign:
        """Extension `PATCH /api/admin/campaigns/{id}/owner` (SUPER_ADMIN, SUPPORT, METIER).

        The new owner must be an active member of the campaign's organisation, else
        `ValidationError` with `field_errors == {"owner": "OWNER_NOT_IN_ORGANIZATION"}`."""
        path = f"/api/admin/campaigns/{campaign_id}/owner"
        body = {"data": {"type": "campaigns", "attributes": {"owner-id": int(owner_id)}}}
        return _one(await self._extension(path, self._patch(path, body)), AdminCampaign, path)

    async def delete_participation(
        self, campaign_id: str | int, participation_id: str | int
    ) -> None:
        """`DELETE /api/admin/campaigns/{c}/campaign-participations/{p}` (SUPER_ADMIN,
        SUPPORT): every participation of that learner in the campaign is deleted (a retry
        leaves several). `PreconditionFailedError` when already deleted."""
        await self._delete(
            f"/api/admin/campaigns/{campaign_id}/campaign-participations/{participation_id}"
        )

    async def update_external_id(
        self, participation_id: str | int, external_id: str | None
    ) -> None:
        """`PATCH /api/admin/campaign-participations/{id}` (SUPER_ADMIN, SUPPORT, METIER):
        the participant's external id (e.g. "Numéro INE"); None or "" clears it."""
        body = {
            "data": {
                "type": "campaign-participations",
                "attributes": {"participant-external-id": external_id or None},
            }
        }
        await self._patch(f"/api/admin/campaign-participations/{participation_id}", body)

    # -- helpers -----------------------------------------------------------------------------

    async def _extension(self, path: str, call: Awaitable[T]) -> T:
        """Await an extension call; a missing route becomes `ExtensionUnavailableError`."""
        try:
            return await call
        except PixApiError as error:
            if is_missing_route(error):
                raise ExtensionUnavailableError(path) from error
            raise

    async def _extension_page(
        self, path: str, model: type[R], page: int, page_size: int
    ) -> Page[R]:
        document = await self._extension(path, self._get(path, params=page_query(page, page_size)))
        return document.page(model)


def _honours_filters(
    result: Page[AdminParticipation], status: str | None, stuck_after_days: int | None
) -> bool:
    """A server that ignores the filter extensions answers everyone: noticed as soon as an
    item cannot match (an empty page proves nothing either way)."""
    for item in result:
        if status is not None and item.status != status:
            return False
        if stuck_after_days is not None and (item.status != STARTED or item.is_deleted):
            return False
    return True


def _one(document: Document | None, model: type[R], what: str) -> R:
    if document is None:
        raise UnexpectedResponseError(f"{what} answered an empty body")
    return document.one(model)


def _not_found(detail: str) -> NotFoundError:
    return NotFoundError(404, [ErrorObject(status="404", title="Not Found", detail=detail)])
