"""The one JSON:API codec of the server (dialect of Pix's `jsonapi-serializer`, CONTRACT 1.3).

Responses: `resource()` builds resource objects (string ids, kebab-case attribute keys),
`to_one` / `to_many` / `related` build relationships, `document()` the top level.
Requests: `ToOneIn` / `ResourceIdentifierIn` parse relationship linkage (ids as strings or
numbers), `KebabModel` parses kebab-case attributes into snake_case fields.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

JSONAPI_MEDIA_TYPE = "application/vnd.api+json"
# Pix ids are PostgreSQL integers; bounding them keeps a huge id a 400, not a driver overflow.
MAX_ID = 2_147_483_647
DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 100

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def kebab_case(name: str) -> str:
    """`first_name` and `firstName` → `first-name`."""
    return _CAMEL_BOUNDARY.sub("-", name).replace("_", "-").lower()


def camel_case(name: str) -> str:
    """`first_name` and `first-name` → `firstName` (Pix's attribute names in error titles)."""
    head, *rest = re.split(r"[_-]", name)
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def attributes(values: Mapping[str, Any]) -> dict[str, Any]:
    """Kebab-case the keys of an attribute mapping; nested values are left untouched
    (Pix keeps e.g. `features: {"MULTIPLE_SENDING_ASSESSMENT": true}` as is)."""
    return {kebab_case(key): value for key, value in values.items()}


def iso_datetime(value: datetime | None) -> str | None:
    """`2020-01-02T00:00:00.000Z`: UTC with milliseconds, like JavaScript's toISOString()."""
    if value is None:
        return None
    utc = value.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def identifier(type_: str, id_: int | str) -> dict[str, str]:
    return {"type": type_, "id": str(id_)}


def to_one(type_: str, id_: int | str | None) -> dict[str, Any]:
    return {"data": None if id_ is None else identifier(type_, id_)}


def to_many(type_: str, ids: Iterable[int | str]) -> dict[str, Any]:
    return {"data": [identifier(type_, id_) for id_ in ids]}


def related(url: str) -> dict[str, Any]:
    """A lazy relationship: the client GETs `url` to load it."""
    return {"links": {"related": url}}


def resource(
    type_: str,
    id_: int | str,
    attrs: Mapping[str, Any] | None = None,
    relationships: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A resource object. `attrs` keys may be snake_case: they are kebab-cased here.
    Relationship names are kebab-cased too; their values come from to_one/to_many/related."""
    obj: dict[str, Any] = {
        "type": type_,
        "id": str(id_),
        "attributes": attributes(attrs or {}),
    }
    if relationships:
        obj["relationships"] = {kebab_case(name): value for name, value in relationships.items()}
    return obj


class Included:
    """Collects `included` resources once each, in first-seen order."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str], dict[str, Any]] = {}

    def add(self, obj: dict[str, Any]) -> None:
        self._by_key.setdefault((obj["type"], obj["id"]), obj)

    def as_list(self) -> list[dict[str, Any]]:
        return list(self._by_key.values())


def document(
    data: dict[str, Any] | list[dict[str, Any]] | None,
    *,
    included: Iterable[dict[str, Any]] | Included | None = None,
    meta: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    doc: dict[str, Any] = {"data": data}
    if included is not None:
        doc["included"] = included.as_list() if isinstance(included, Included) else list(included)
    if meta is not None:
        doc["meta"] = dict(meta)
    return doc


def respond(
    doc: Mapping[str, Any], status_code: int = 200, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    # Pix answers JSON:API documents as application/json (Hapi's default), so do we.
    return JSONResponse(dict(doc), status_code=status_code, headers=dict(headers or {}))


# --- pagination ----------------------------------------------------------------------------


class Page(BaseModel):
    number: int
    size: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


def page_params(
    number: Annotated[int, Query(alias="page[number]", ge=1, le=MAX_ID)] = 1,
    size: Annotated[int, Query(alias="page[size]", ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
) -> Page:
    """Dependency for `page[number]` / `page[size]`; out-of-range values are a 400 (E4)."""
    return Page(number=number, size=size)


def pagination_meta(page: Page, row_count: int) -> dict[str, int]:
    """Pagination `meta` is camelCase, unlike attributes (CONTRACT 1.6)."""
    return {
        "page": page.number,
        "pageSize": page.size,
        "rowCount": row_count,
        "pageCount": math.ceil(row_count / page.size),
    }


# --- request bodies ------------------------------------------------------------------------

EntityId = Annotated[int, Field(ge=1, le=MAX_ID)]


class ResourceIdentifierIn(BaseModel):
    """`{"id": "4002" | 4002, "type": "organizations"}`; the id is parsed to an int."""

    id: EntityId
    type: str


class ToOneIn(BaseModel):
    """A to-one relationship that may be emptied (`{"data": null}`)."""

    data: ResourceIdentifierIn | None


class RequiredToOneIn(BaseModel):
    """A to-one relationship that must point somewhere."""

    data: ResourceIdentifierIn


class ToManyIn(BaseModel):
    data: list[ResourceIdentifierIn]


class KebabModel(BaseModel):
    """Base for request attributes: fields in snake_case, JSON keys in kebab-case."""

    model_config = ConfigDict(alias_generator=kebab_case, populate_by_name=True)
