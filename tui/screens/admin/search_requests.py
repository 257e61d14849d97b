"""What a Pix Admin search asks the server, and how a typed text becomes a request.

"Rechercher une campagne (code, id ou nom)": digits are an id, a word of letters and digits
may be a code; either, when it exists, opens the campaign at once. Otherwise the text is a
fragment of names, of every organisation; a code-like text that no name contains is looked
for among codes ("RENTRE" finds RENTRE123). Paging repeats the resolved request, never the
guess. "Rechercher une organisation (nom ou id)" works the same way, without the opening.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from api_client.errors import NotFoundError

if TYPE_CHECKING:
    from api_client import Page, PixClient
    from api_client.models import AdminCampaign, AdminCampaignSummary, AdminOrganization

DEFAULT_PAGE_SIZE = 10
_CODE_LIKE = re.compile(r"[A-Za-z0-9]{3,50}")

CampaignField = Literal["auto", "name", "code"]


@dataclass(frozen=True, slots=True)
class CampaignSearch:
    """Campaigns of every organisation whose name (or code) contains `text`."""

    text: str
    by: CampaignField = "auto"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE


@dataclass(frozen=True, slots=True)
class OrganizationSearch:
    """Organisations by a fragment of their name, or by id when `text` is digits."""

    text: str
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE


@dataclass(frozen=True, slots=True)
class OrganizationCampaigns:
    """One organisation's campaigns, opened from `back` (the organisations found)."""

    organization_id: str
    organization_name: str
    back: OrganizationSearch | None = None
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE


SearchRequest = CampaignSearch | OrganizationSearch | OrganizationCampaigns


@dataclass(frozen=True, slots=True)
class CampaignOpened:
    """An exact code or id: the campaign itself, to open."""

    campaign: AdminCampaign


@dataclass(frozen=True, slots=True)
class CampaignsFound:
    """A page of campaigns for `request` (resolved: `by` is never "auto")."""

    request: CampaignSearch | OrganizationCampaigns
    page: Page[AdminCampaignSummary]


@dataclass(frozen=True, slots=True)
class OrganizationsFound:
    request: OrganizationSearch
    page: Page[AdminOrganization]


SearchAnswer = CampaignOpened | CampaignsFound | OrganizationsFound


def looks_like_code(text: str) -> bool:
    """Letters and digits only (spaces ignored), like a campaign code or a piece of one."""
    return bool(_CODE_LIKE.fullmatch("".join(text.split())))


def with_page(request: SearchRequest, page: int, page_size: int) -> SearchRequest:
    return replace(request, page=page, page_size=page_size)


async def run_search(client: PixClient, request: SearchRequest) -> SearchAnswer:
    """Ask the server for `request`; an "auto" campaign search is resolved on the way."""
    admin = client.admin
    if isinstance(request, OrganizationSearch):
        text = request.text.strip()
        by_id = text.isdigit()
        organizations = await admin.search_organizations(
            id=text if by_id else None,
            name=None if by_id else text,
            page=request.page,
            page_size=request.page_size,
        )
        return OrganizationsFound(request, organizations)
    if isinstance(request, OrganizationCampaigns):
        campaigns = await admin.organization_campaigns(
            request.organization_id, page=request.page, page_size=request.page_size
        )
        return CampaignsFound(request, campaigns)
    if request.by == "auto":
        return await _resolve(client, request)
    return await _campaigns(client, request)


async def _campaigns(client: PixClient, request: CampaignSearch) -> CampaignsFound:
    found = await client.admin.search_campaigns(
        code=request.text if request.by == "code" else None,
        name=request.text if request.by == "name" else None,
        page=request.page,
        page_size=request.page_size,
    )
    return CampaignsFound(request, found)


async def _resolve(client: PixClient, request: CampaignSearch) -> SearchAnswer:
    text = request.text.strip()
    if text.isdigit() or looks_like_code(text):
        try:
            return CampaignOpened(await client.admin.find_campaign(text))
        except NotFoundError:
            pass  # no such id or code: the text may still be part of names
    by_name = await _campaigns(client, replace(request, text=text, by="name"))
    if by_name.page.items or not looks_like_code(text):
        return by_name
    by_code = await _campaigns(client, replace(request, text=text, by="code"))
    return by_code if by_code.page.items else by_name
