"""Typed resource namespaces, one module per area, each bound to one space."""

from api_client.resources._base import SpaceResource
from api_client.resources.admin import AdminResource
from api_client.resources.app import AppResource
from api_client.resources.campaign_follow import CampaignFollowResource, FollowPage
from api_client.resources.campaigns import CampaignPage, CampaignsResource
from api_client.resources.orga import OrgaResource
from api_client.resources.users import UsersResource

__all__ = [
    "AdminResource",
    "AppResource",
    "CampaignFollowResource",
    "CampaignPage",
    "CampaignsResource",
    "FollowPage",
    "OrgaResource",
    "SpaceResource",
    "UsersResource",
]
