"""The JSON:API codec on the dialect's corner cases (CONTRACT 1.3, 1.4, 1.6)."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest

from api_client import Organization, Prescriber, UnexpectedResponseError
from api_client.jsonapi import Document, RequestModel, ResourceRef, encode_document
from api_client.models.orga import Membership

from .support import load_fixture


def test_missing_attribute_reads_as_none_and_numeric_id_as_string() -> None:
    doc = Document.parse(
        {"data": {"type": "organizations", "id": 7, "attributes": {"name": "Lycée"}}}
    )
    organization = doc.one(Organization)
    assert organization.id == "7"
    assert organization.name == "Lycée"
    assert organization.external_id is None
    assert organization.credit is None


def test_newer_server_attributes_are_kept_not_rejected() -> None:
    doc = Document.parse(
        {
            "data": {
                "type": "organizations",
                "id": "1",
                "attributes": {"name": "A", "brand-new-flag": True},
            }
        }
    )
    organization = doc.one(Organization)
    assert organization.model_extra == {"brand-new-flag": True}


def test_null_to_one_and_unincluded_linkage() -> None:
    doc = Document.parse(
        {
            "data": {
                "type": "prescribers",
                "id": "1",
                "attributes": {},
                "relationships": {
                    "user-orga-settings": {"data": None},
                    "memberships": {"data": [{"type": "memberships", "id": "9"}]},
                },
            }
        }
    )
    prescriber = doc.one(Prescriber)
    assert prescriber.current_organization is None
    # Not in `included`: the membership is still known by its id.
    assert [m.id for m in prescriber.memberships] == ["9"]
    assert prescriber.memberships[0].organization is None


def test_relationship_cycle_stops_at_a_stub() -> None:
    body: dict[str, Any] = {
        "data": {
            "type": "memberships",
            "id": "1",
            "attributes": {"organization-role": "MEMBER"},
            "relationships": {"organization": {"data": {"type": "organizations", "id": "5"}}},
        },
        "included": [
            {
                "type": "organizations",
                "id": "5",
                "attributes": {"name": "Lycée"},
                "relationships": {"memberships": {"data": [{"type": "memberships", "id": "1"}]}},
            }
        ],
    }
    membership = Document.parse(body).one(Membership)
    assert membership.organization is not None
    assert membership.organization.name == "Lycée"
    assert membership.organization.model_extra == {
        "memberships": [{"id": "1", "@type": "memberships", "@links": {}}]
    }


def test_page_meta_is_camel_case_and_keeps_extra_keys() -> None:
    body = {
        "data": [{"type": "organizations", "id": "1", "attributes": {"name": "A"}}],
        "meta": {"page": 2, "pageSize": 1, "rowCount": 3, "pageCount": 3, "hasCampaigns": True},
    }
    page = Document.parse(body).page(Organization)
    assert [o.name for o in page] == ["A"]
    assert (page.meta.page, page.meta.page_size, page.meta.row_count, page.meta.page_count) == (
        2,
        1,
        3,
        3,
    )
    assert page.meta.extra("hasCampaigns") is True
    assert page.has_next and page.has_previous


def test_list_without_meta_is_one_complete_page() -> None:
    page = Document.parse(load_fixture("orga-member-identities.response.json")).page(Organization)
    assert len(page) == 2
    assert (page.meta.page, page.meta.page_count, page.meta.row_count) == (1, 1, 2)
    assert not page.has_next


@pytest.mark.parametrize(
    "body",
    [
        {"errors": []},
        {"data": {"id": "1"}},
        {"data": [{"type": "x", "id": "1", "attributes": []}]},
        "<html>",
    ],
)
def test_documents_that_are_not_json_api_are_refused(body: Any) -> None:
    with pytest.raises(UnexpectedResponseError):
        Document.parse(body)


def test_one_refuses_an_array_and_many_refuses_one() -> None:
    many = Document.parse(load_fixture("orga-member-identities.response.json"))
    with pytest.raises(UnexpectedResponseError, match="expected one resource"):
        many.one(Organization)
    one = Document.parse(load_fixture("users-me.response.json"))
    with pytest.raises(UnexpectedResponseError, match="expected a list"):
        one.many(Organization)
    assert Document.parse({"data": None}).optional(Organization) is None


class CampaignAttributes(RequestModel):
    name: str
    owner_id: int
    title: str | None = None


def test_request_models_are_strict_and_kebab_cased() -> None:
    attributes = CampaignAttributes(name="Rentrée", owner_id=12)
    body = encode_document(
        type_="campaigns",
        attributes=attributes,
        relationships={"target-profile": ResourceRef("target-profiles", "3")},
    )
    assert body == {
        "data": {
            "type": "campaigns",
            "attributes": {"name": "Rentrée", "owner-id": 12, "title": None},
            "relationships": {"target-profile": {"data": {"type": "target-profiles", "id": "3"}}},
        }
    }
    partial = encode_document(type_="campaigns", id_=5, attributes=attributes, partial=True)
    assert partial["data"]["attributes"] == {"name": "Rentrée", "owner-id": 12}
    assert partial["data"]["id"] == "5"
    with pytest.raises(pydantic.ValidationError):
        CampaignAttributes(name="x", owner_id="12")  # type: ignore[arg-type]
    with pytest.raises(pydantic.ValidationError):
        CampaignAttributes(name="x", owner_id=1, typo_field=2)  # type: ignore[call-arg]
